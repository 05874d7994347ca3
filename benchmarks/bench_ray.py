"""Benchmark the Ray path's overhead per article against the fake server (no model time).

Runs the same N articles through a local run (``run_bulk``) and through ``run_ray`` on a local
Ray cluster, both against the test suite's fake OpenAI-compatible server answering at once,
and reports seconds per article for each and the difference (Ray's overhead), with and without
the cluster's start-up; writes ``benchmarks/results/ray-<timestamp>.json``.

    python benchmarks/bench_ray.py -n 400 --workers 2 -j 4
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ray  # noqa: E402

from extractor.bulk import run_bulk  # noqa: E402
from extractor.config import Settings  # noqa: E402
from extractor.inputs import iter_inputs  # noqa: E402
from extractor.progress import QuietReporter, RunStats  # noqa: E402
from extractor.ray import run_ray  # noqa: E402
from tests.test_bulk import FakeOpenAI, make_articles  # noqa: E402


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("-j", "--jobs", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-ray-"))
    ids = make_articles(work / "in", args.n)
    with FakeOpenAI() as server:
        settings = Settings(
            base_url=server.base_url,
            api_key="k",
            model="embedded",
            provider="llama-cpp",
            passages=False,
            network_retries=0,
            response_cache=False,
        )
        quiet = QuietReporter(RunStats(), io.StringIO())
        started = time.perf_counter()
        run_bulk(
            iter_inputs(ids),
            settings=settings,
            reporter=quiet,
            output=work / "local.jsonl",
            jobs=args.jobs,
        )
        local_s = time.perf_counter() - started
        started = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        init_s = time.perf_counter() - started
        started = time.perf_counter()
        run_ray(
            iter_inputs(ids),
            settings=settings,
            reporter=QuietReporter(RunStats(), io.StringIO()),
            output=work / "ray.jsonl",
            base_urls=[server.base_url],
            workers=args.workers,
            jobs=args.jobs,
        )
        ray_s = time.perf_counter() - started
        ray.shutdown()
    result = {
        "machine": platform.platform(),
        "articles": args.n,
        "workers": args.workers,
        "jobs": args.jobs,
        "local_s_per_article": round(local_s / args.n, 4),
        "ray_s_per_article": round(ray_s / args.n, 4),
        "ray_overhead_ms_per_article": round((ray_s - local_s) / args.n * 1000, 1),
        "ray_init_s": round(init_s, 2),
        "ray_overhead_ms_per_article_with_init": round(
            (ray_s + init_s - local_s) / args.n * 1000, 1
        ),
    }
    out = ROOT / "benchmarks" / "results" / f"ray-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for key, value in result.items():
        print(f"{key:42} {value}")


if __name__ == "__main__":
    main()
