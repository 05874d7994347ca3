"""Benchmark the embedded runtime: an article's time budget, side by side with another server.

Measures, in one run on one machine (ratios carry between machines, seconds do not):

1. **per article**, each text in turn on every server (interleaved, so drift hits both):
   seconds, model calls, prompt and output tokens; for a llama-server (``/metrics``) also
   the prompt tokens it evaluated (not served from its cache), its prefill and decode rates
   and the time in the toolkit (wall time no model call covers);
2. **bulk throughput** on the embedded server at ``-j 1, 2, 4`` (articles per minute);
3. **decode throughput with 1, 2, 4 and 8 sequences at once**, grammar on, as the extractor
   asks (one article's contest call, its prompt cached first): output tokens per second of
   all sequences together, and the raw decode rate of one sequence with no grammar (the floor).

The baseline is any OpenAI-compatible server, e.g. the previous runtime (llama-cpp-python's
server, ``provider llama-cpp`` = forced tool calls, one call at a time):

    python benchmarks/bench_runtime.py --texts evals/real/texts --limit 8 \
        --baseline http://127.0.0.1:18081/v1 --baseline-provider llama-cpp

Writes ``benchmarks/results/runtime-<timestamp>.json``. The response cache is off throughout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx2

from extractor import Settings, extract_article
from extractor.bulk import run_bulk
from extractor.core import request_bodies, resolve_endpoint
from extractor.inputs import ArticleInput
from extractor.local_server import ensure_server
from extractor.progress import QuietReporter, RunStats

ROOT = Path(__file__).resolve().parent.parent
METRICS = (
    "prompt_tokens_total",
    "prompt_seconds_total",
    "tokens_predicted_total",
    "tokens_predicted_seconds_total",
)


def server_metrics(base_url: str) -> dict[str, float] | None:
    """llama-server's cumulative counters (``--metrics``), or None for other servers."""
    try:
        reply = httpx2.get(f"{base_url.removesuffix('/v1')}/metrics", timeout=10)
    except httpx2.HTTPError:
        return None
    if reply.status_code != 200:
        return None
    values = {}
    for line in reply.text.splitlines():
        name, _, value = line.rpartition(" ")
        short = name.removeprefix("llamacpp:")
        if short in METRICS:
            values[short] = float(value)
    return values or None


def settings_for(url: str, provider: str, in_flight: int) -> Settings:
    return Settings(
        base_url=url,
        api_key="bench",
        model="embedded",
        provider=provider,
        response_cache=False,
        verify=False,
        calls_in_flight=in_flight,
    )


def one_article(text: str, settings: Settings) -> dict[str, Any]:
    """Extract ``text`` once; what it cost, from the record and the server's counters."""
    assert settings.base_url is not None
    before = server_metrics(settings.base_url)
    started = time.perf_counter()
    result = extract_article(text, settings=settings)
    seconds = time.perf_counter() - started
    assert result.meta is not None
    row: dict[str, Any] = {
        "seconds": round(seconds, 2),
        "calls": result.meta.usage.requests,
        "prompt_tokens": result.meta.usage.prompt_tokens,
        "output_tokens": result.meta.usage.completion_tokens,
    }
    after = server_metrics(settings.base_url)
    if before and after:
        delta = {k: after[k] - before.get(k, 0.0) for k in after}
        row["prompt_tokens_evaluated"] = int(delta["prompt_tokens_total"])
        row["prefill_s"] = round(delta["prompt_seconds_total"], 2)
        row["decode_s"] = round(delta["tokens_predicted_seconds_total"], 2)
        row["prefill_tokens_per_s"] = round(
            delta["prompt_tokens_total"] / max(delta["prompt_seconds_total"], 1e-9), 1
        )
    return row


def throughput(texts: list[str], settings: Settings, jobs: int) -> float:
    """Articles per minute of a bulk run over ``texts`` with ``jobs`` at a time."""
    out = Path(f"/tmp/bench-runtime-{os.getpid()}-{jobs}.jsonl")
    out.unlink(missing_ok=True)
    items = [ArticleInput(id=f"t{i}", source=f"t{i}", raw=t) for i, t in enumerate(texts)]
    started = time.perf_counter()
    run_bulk(
        items,
        output=out,
        settings=settings,
        reporter=QuietReporter(RunStats(), sys.stderr),
        jobs=jobs,
    )
    minutes = (time.perf_counter() - started) / 60
    out.unlink(missing_ok=True)
    return round(len(texts) / minutes, 2)


def decode_rates(url: str, body: dict[str, Any], counts: list[int]) -> dict[str, Any]:
    """Output tokens per second of ``n`` copies of ``body`` decoded at once, for each n."""

    def post(payload: dict[str, Any]) -> dict[str, Any]:
        reply = httpx2.post(f"{url}/chat/completions", json=payload, timeout=900)
        reply.raise_for_status()
        return dict(reply.json())

    post(body)  # the prompt is in the cache from here on: what remains is decoding
    rates: dict[str, Any] = {}
    for n in counts:
        # Distinct seeds keep the copies distinct requests; greedy decoding ignores them.
        payloads = [{**body, "seed": i} for i in range(n)]
        started = time.perf_counter()
        with ThreadPoolExecutor(n) as pool:
            replies = list(pool.map(post, payloads))
        wall = time.perf_counter() - started
        tokens = sum(int(r["usage"]["completion_tokens"]) for r in replies)
        row = {"output_tokens": tokens, "seconds": round(wall, 2)}
        row["tokens_per_s"] = round(tokens / wall, 1)
        prefill = [r["timings"]["prompt_ms"] / 1000 for r in replies if "timings" in r]
        if prefill:  # llama-server: leave out the copies' prompt evaluation, done first
            row["decode_tokens_per_s"] = round(tokens / max(wall - max(prefill), 1e-9), 1)
        rates[str(n)] = row
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=ROOT / "seeds")
    parser.add_argument("--limit", type=int, default=8)
    parser.add_argument("--min-chars", type=int, default=1500)
    parser.add_argument("--max-chars", type=int, default=2600)
    parser.add_argument("--baseline", help="base URL of the server to compare with")
    parser.add_argument("--baseline-provider", default="llama-cpp")
    parser.add_argument("--jobs", default="1,2,4")
    parser.add_argument("--sequences", default="1,2,4,8")
    parser.add_argument("--skip-bulk", action="store_true")
    parser.add_argument("--skip-per-article", action="store_true")
    args = parser.parse_args()

    paths = sorted(args.texts.glob("*.txt"))
    texts = [t for p in paths if args.min_chars <= len(t := p.read_text("utf-8")) <= args.max_chars]
    texts = texts[: args.limit]
    embedded = Settings.from_env()
    info = ensure_server(embedded)
    runtimes = {"embedded": settings_for(info.base_url, "embedded", embedded.calls_in_flight)}
    if args.baseline:
        runtimes["baseline"] = settings_for(args.baseline, args.baseline_provider, 1)
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "texts": len(texts),
        "chars": [len(t) for t in texts],
        "embedded": {"slots": embedded.slots, "calls_in_flight": embedded.calls_in_flight},
        "baseline": args.baseline,
        "per_article": {name: [] for name in runtimes},
    }
    for i, text in enumerate([] if args.skip_per_article else texts):
        for name, settings in runtimes.items():
            row = one_article(text, settings)
            report["per_article"][name].append(row)
            print(f"article {i + 1}/{len(texts)} {name}: {row}", file=sys.stderr)
    report["summary"] = {}
    for name, rows in report["per_article"].items():
        if not rows:
            continue
        seconds = [r["seconds"] for r in rows]
        summary = {
            "median_s": round(statistics.median(seconds), 2),
            "mean_s": round(statistics.mean(seconds), 2),
            "articles_per_minute_one_at_a_time": round(60 * len(rows) / sum(seconds), 2),
        }
        for key in ("calls", "prompt_tokens", "output_tokens", "prompt_tokens_evaluated"):
            if all(key in r for r in rows):
                summary[f"mean_{key}"] = round(statistics.mean(r[key] for r in rows), 1)
        report["summary"][name] = summary
    if args.baseline and not args.skip_per_article:
        report["summary"]["median_ratio"] = round(
            report["summary"]["embedded"]["median_s"] / report["summary"]["baseline"]["median_s"],
            3,
        )
    if not args.skip_bulk:
        report["bulk_articles_per_minute"] = {
            j: throughput(texts, runtimes["embedded"], int(j)) for j in args.jobs.split(",")
        }
    endpoint = resolve_endpoint(runtimes["embedded"])
    body = request_bodies(texts[0], runtimes["embedded"], endpoint)[0]
    counts = [int(n) for n in args.sequences.split(",")]
    report["decode_grammar"] = decode_rates(info.base_url, body, counts)
    bare = {k: v for k, v in body.items() if k != "response_format"}
    report["decode_no_grammar_one_sequence"] = decode_rates(info.base_url, bare, [1])["1"]
    if args.baseline:
        old_body = request_bodies(
            texts[0], runtimes["baseline"], resolve_endpoint(runtimes["baseline"])
        )[0]
        report["baseline_decode_grammar"] = decode_rates(args.baseline, old_body, [1])
    out = ROOT / "benchmarks" / "results" / f"runtime-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report["summary"], indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
