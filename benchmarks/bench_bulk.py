"""Benchmark bulk runs: articles per minute at -j 1, 2, 4, and the toolkit's own overhead.

Runs :func:`extractor.bulk.run_bulk` over N articles (default: the dev-set articles in
``seeds/`` and ``evals/articles/``, cycled to N) against the configured server, or the embedded
model when none is configured, once per concurrency level. Every model HTTP call is timed by a
transport wrapper, so the report separates the model's time from ours:

- ``articles_per_minute``: throughput of the whole run;
- ``http_busy_s``: wall time during which at least one model call was in flight;
- ``overhead_per_article_s``: (wall time - ``http_busy_s``) / articles, the time the toolkit
  adds per article (preparing, parsing, grounding, writing) that no model call hides;
- ``cpu_per_article_s``: process CPU time per article (what it costs even when hidden).

Writes ``benchmarks/results/bulk-<timestamp>.json``.

    python benchmarks/bench_bulk.py                          # configured or embedded server
    python benchmarks/bench_bulk.py --base-url http://127.0.0.1:8080/v1 --model m -n 50
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

import httpx2
import openai
from rich.console import Console
from rich.table import Table

from extractor.bulk import run_bulk
from extractor.config import Settings
from extractor.core import Endpoint
from extractor.inputs import ArticleInput
from extractor.progress import QuietReporter, RunStats
from extractor.transport import AsyncRetryingTransport, NetworkRetryPolicy

ROOT = Path(__file__).resolve().parent.parent


class TimingTransport(httpx2.AsyncBaseTransport):
    """Records the (start, end) of every request passed to the wrapped transport."""

    def __init__(self, inner: httpx2.AsyncBaseTransport) -> None:
        self.inner = inner
        self.intervals: list[tuple[float, float]] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Forward ``request`` and time it (body included)."""
        started = time.perf_counter()
        try:
            response = await self.inner.handle_async_request(request)
            await response.aread()
            return response
        finally:
            self.intervals.append((started, time.perf_counter()))

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self.inner.aclose()


def busy_seconds(intervals: list[tuple[float, float]]) -> float:
    """Length of the union of ``intervals``."""
    total, end = 0.0, float("-inf")
    for start, stop in sorted(intervals):
        if start > end:
            total += stop - start
            end = stop
        elif stop > end:
            total += stop - end
            end = stop
    return total


def timed_factory(timer: list[TimingTransport]) -> Any:
    """A client factory for :func:`run_bulk` whose HTTP calls are timed into ``timer``."""

    def make(settings: Settings, endpoint: Endpoint) -> openai.AsyncOpenAI:
        policy = NetworkRetryPolicy(attempts=settings.network_retries + 1)
        transport = TimingTransport(AsyncRetryingTransport(policy=policy))
        timer.append(transport)
        return openai.AsyncOpenAI(
            api_key=endpoint.api_key,
            base_url=endpoint.base_url,
            max_retries=0,
            timeout=settings.timeout_s,
            http_client=httpx2.AsyncClient(transport=transport, timeout=settings.timeout_s),
        )

    return make


def dev_articles() -> list[Path]:
    """The dev-set articles: the seeds and the eval articles."""
    return sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "evals" / "articles").glob("*.txt")
    )


def articles_for(files: list[Path], count: int | None) -> list[ArticleInput]:
    """``count`` articles cycling through ``files`` (all of them once by default)."""
    texts = [(path, path.read_bytes()) for path in files]
    count = count or len(texts)
    return [
        ArticleInput(
            f"{texts[i % len(texts)][0].stem}#{i}",
            str(texts[i % len(texts)][0]),
            texts[i % len(texts)][1],
        )
        for i in range(count)
    ]


def measure(articles: list[ArticleInput], settings: Settings, jobs: int) -> dict[str, Any]:
    """One bulk run at ``jobs`` concurrency, with its timings."""
    timer: list[TimingTransport] = []
    reporter = QuietReporter(RunStats(), sys.stderr)
    cpu_started = time.process_time()
    started = time.perf_counter()
    result = run_bulk(
        articles,
        settings=settings,
        reporter=reporter,
        jobs=jobs,
        total=len(articles),
        make_client=timed_factory(timer),
    )
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    intervals = [interval for transport in timer for interval in transport.intervals]
    busy = busy_seconds(intervals)
    stats = reporter.stats
    return {
        "jobs": jobs,
        "articles": len(articles),
        "ok": stats.ok,
        "errors": dict(stats.errors),
        "wall_s": round(wall, 3),
        "articles_per_minute": round(len(articles) / wall * 60, 2),
        "requests": len(intervals),
        "http_total_s": round(sum(end - start for start, end in intervals), 3),
        "http_busy_s": round(busy, 3),
        "overhead_per_article_s": round((wall - busy) / len(articles), 4),
        "cpu_per_article_s": round(cpu / len(articles), 4),
        "prompt_tokens": stats.prompt_tokens,
        "completion_tokens": stats.completion_tokens,
        "interrupted": result.interrupted,
    }


def main(argv: list[str] | None = None) -> Path:
    """Run the benchmark; returns the results file."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", type=Path, help="articles (default: the dev set)")
    parser.add_argument("-n", "--articles", type=int, default=None, help="articles per run")
    parser.add_argument("--jobs", default="1,2,4", help="concurrency levels (default 1,2,4)")
    parser.add_argument("--model", default=None, help="model name (default: EXTRACTOR_MODEL)")
    parser.add_argument("--base-url", default=None, help="server (default: OPENAI_BASE_URL)")
    parser.add_argument("--out", type=Path, default=None, help="results file")
    args = parser.parse_args(argv)

    settings = Settings.from_env().with_overrides(
        model=args.model,
        base_url=args.base_url,
        response_cache=False,  # every answer live
    )
    articles = articles_for(args.files or dev_articles(), args.articles)
    runs = [measure(articles, settings, int(jobs)) for jobs in args.jobs.split(",")]
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "model": settings.model or "embedded",
        "base_url": settings.base_url,
        "machine": f"{platform.machine()} {platform.processor()} cpus={os.cpu_count()}",
        "runs": runs,
    }
    out = (
        args.out or ROOT / "benchmarks" / "results" / f"bulk-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    columns = ("jobs", "articles_per_minute", "ok", "wall_s", "http_busy_s")
    table = Table(title=f"bulk runs on {report['model']}")
    for column in (*columns, "overhead_per_article_s", "cpu_per_article_s"):
        table.add_column(column, justify="right")
    for run in runs:
        table.add_row(
            *(str(run[c]) for c in (*columns, "overhead_per_article_s", "cpu_per_article_s"))
        )
    Console().print(table)
    Console().print(f"wrote {out}")
    return out


if __name__ == "__main__":
    main()
