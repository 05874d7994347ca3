"""Benchmark grammar-constrained greedy decoding: llama-cpp-python's sampler vs grammar-first.

Replays the first model requests recorded in ``evals/replay/`` as the embedded server runs them
(its ChatML formatter, the tool's JSON schema as grammar, temperature 0, and the server's
default repeat penalty of 1.1, since the extractor sends none) through the embedded model in
this process, once with llama-cpp-python's stock sampler chain and once with
:class:`extractor.embedded_server.GrammarFirstGreedySampler`. Each prompt is evaluated afresh
beforehand for each sampler, so the timed calls measure decoding from the same state. Reports
output tokens per second for each, the speed-up, how often the best token was refused (a full
grammar pass), and whether both samplers wrote the same text (they must: the greedy pick is the
same token).

Writes ``benchmarks/results/sampler-<timestamp>.json``:

    python benchmarks/bench_sampler.py -n 8
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import llama_cpp  # noqa: E402
from llama_cpp.llama_chat_format import format_chatml  # noqa: E402

from extractor import Settings, embedded_server  # noqa: E402
from extractor.local_server import embedded_model_path  # noqa: E402
from extractor.replay import load_cassette  # noqa: E402


def recorded_requests(limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` recorded requests, one or two per cassette for variety."""
    requests: list[dict[str, Any]] = []
    for cassette in sorted((ROOT / "evals" / "replay").glob("*.json")):
        for interaction in load_cassette(cassette)[:2]:
            requests.append(interaction["request"])
    return requests[:limit]


def main() -> None:
    """Run the benchmark and write its JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=8, help="recorded requests to replay")
    parser.add_argument("--max-tokens", type=int, default=200)
    # llama-cpp-python's server default: the extractor's requests do not set it.
    parser.add_argument("--repeat-penalty", type=float, default=1.1)
    args = parser.parse_args()

    threads = os.cpu_count() or 2
    model = llama_cpp.Llama(
        str(embedded_model_path(Settings())),
        n_ctx=4096,
        n_threads=threads,
        n_threads_batch=threads,
        verbose=False,
    )
    stock_init = llama_cpp.Llama._init_sampler
    rows = []
    for request in recorded_requests(args.n):
        prompt = format_chatml(request["messages"]).prompt
        schema = json.dumps(request["tools"][0]["function"]["parameters"])
        row: dict[str, Any] = {"prompt_chars": len(prompt)}
        for name, init in (("stock", stock_init), ("grammar_first", embedded_server._init_sampler)):
            llama_cpp.Llama._init_sampler = init  # type: ignore[method-assign]
            # Evaluate the whole prompt afresh for both samplers: logits computed in a batch and
            # one token at a time differ in the last bits, enough to flip a near tie.
            model.reset()
            model.create_completion(prompt, max_tokens=1, temperature=0.0)
            grammar = llama_cpp.LlamaGrammar.from_json_schema(schema, verbose=False)
            started = time.perf_counter()
            completion = model.create_completion(
                prompt,
                max_tokens=args.max_tokens,
                temperature=0.0,
                repeat_penalty=args.repeat_penalty,
                grammar=grammar,
            )
            seconds = time.perf_counter() - started
            tokens = completion["usage"]["completion_tokens"]
            row[name] = {
                "seconds": round(seconds, 3),
                "tokens": tokens,
                "text": completion["choices"][0]["text"],
            }
            if name == "grammar_first":
                row["full_grammar_passes"] = model._sampler.full_passes  # type: ignore[union-attr]
        llama_cpp.Llama._init_sampler = stock_init  # type: ignore[method-assign]
        row["same_text"] = row["stock"]["text"] == row["grammar_first"]["text"]
        print(
            f"{row['stock']['tokens']:4d} tokens  stock {row['stock']['seconds']:6.2f} s  "
            f"grammar-first {row['grammar_first']['seconds']:6.2f} s  "
            f"full passes {row['full_grammar_passes']:3d}  same text {row['same_text']}",
            flush=True,
        )
        rows.append(row)

    def total(name: str, key: str) -> float:
        return float(sum(row[name][key] for row in rows))

    summary = {
        "requests": len(rows),
        "output_tokens": total("stock", "tokens"),
        "stock_tokens_per_s": round(total("stock", "tokens") / total("stock", "seconds"), 2),
        "grammar_first_tokens_per_s": round(
            total("grammar_first", "tokens") / total("grammar_first", "seconds"), 2
        ),
        "speedup": round(total("stock", "seconds") / total("grammar_first", "seconds"), 3),
        "full_grammar_passes": sum(row["full_grammar_passes"] for row in rows),
        "all_same_text": all(row["same_text"] for row in rows),
    }
    report = {
        "benchmark": "sampler",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": threads, "platform": platform.platform()},
        "llama_cpp_python": llama_cpp.__version__,
        "repeat_penalty": args.repeat_penalty,
        "summary": summary,
        "rows": [
            {k: v for k, v in row.items() if k not in ("stock", "grammar_first")}
            | {
                name: {k: v for k, v in row[name].items() if k != "text"}
                for name in ("stock", "grammar_first")
            }
            for row in rows
        ],
    }
    out = ROOT / "benchmarks" / "results" / f"sampler-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
