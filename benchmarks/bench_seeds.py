"""Benchmark extraction on the seed articles: seconds, prompt and output tokens per article.

Runs against the configured server, or the embedded model when none is configured, and writes
``benchmarks/results/seeds-<timestamp>.json`` (compare files across runs). Every call is live
(no cache): the first article also pays for the server's prompt-prefix cache warming up.
To refresh the replay recordings use ``extractor eval --live --record`` instead.

    python benchmarks/bench_seeds.py
    python benchmarks/bench_seeds.py seeds/004_36c3a55acffc1229.txt
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extractor import ExtractorError, Settings, extract_article
from extractor.core import make_client, resolve_endpoint

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = (
    "article",
    "seconds",
    "prompt_tokens",
    "output_tokens",
    "requests",
    "contests",
    "candidates",
    "dropped",
)


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "files", nargs="*", type=Path, default=sorted((ROOT / "seeds").glob("*.txt"))
    )
    parser.add_argument("--out", type=Path, default=None, help="results file")
    args = parser.parse_args()

    settings = Settings.from_env().with_overrides(response_cache=False)  # every call live
    endpoint = resolve_endpoint(settings)
    settings = settings.with_overrides(model=endpoint.model, provider=endpoint.profile.name)
    rows = []
    for path in args.files:
        article_id = path.stem
        client = make_client(settings, endpoint)
        started = time.perf_counter()
        try:
            result = extract_article(
                path.read_text(encoding="utf-8"), client=client, settings=settings
            )
        except ExtractorError as error:
            rows.append(
                {
                    "article": article_id,
                    "error": f"{type(error).__name__}: {error}",
                    "seconds": round(time.perf_counter() - started, 2),
                }
            )
            continue
        assert result.meta is not None
        rows.append(
            {
                "article": article_id,
                "seconds": result.meta.seconds,
                "prompt_tokens": result.meta.usage.prompt_tokens,
                "output_tokens": result.meta.usage.completion_tokens,
                "requests": result.meta.usage.requests,
                "contests": len(result.contests),
                "candidates": sum(len(c.candidates) for c in result.contests),
                "councils": len(result.councils),
                "dropped": len(result.meta.dropped),
            }
        )
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "model": endpoint.model,
        "base_url": endpoint.base_url,
        "machine": f"{platform.machine()} {platform.processor()} cpus={__import__('os').cpu_count()}",
        "articles": rows,
    }
    ok = [r for r in rows if "error" not in r]
    if ok:
        report["mean"] = {
            key: round(sum(float(r[key]) for r in ok) / len(ok), 2)
            for key in ("seconds", "prompt_tokens", "output_tokens")
        }
    out = (
        args.out or ROOT / "benchmarks" / "results" / f"seeds-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    table = Table(title=f"seeds on {endpoint.model}")
    for column in COLUMNS:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(row.get(c, row.get("error", ""))) for c in COLUMNS))
    Console().print(table)
    Console().print(f"wrote {out}")


if __name__ == "__main__":
    main()
