"""Benchmark verification against the official count: milliseconds per article.

Extracts the seeds and dev set from their replay recordings once with ``verify=False`` (no
model, no network), then times :func:`extractor.verify.verify_extraction` on each extraction:
the first call in a fresh process (loading and indexing the official results it needs) and
the warm calls after it (``--repeat`` times each). Writes
``benchmarks/results/verify-<timestamp>.json``.

    python benchmarks/bench_verify.py
    python benchmarks/bench_verify.py --repeat 50
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

from extractor import extract_article
from extractor.official import official_election
from extractor.replay import replay_client
from extractor.verify import count_verifications, verify_extraction
from schemas import ArticleExtraction

ROOT = Path(__file__).resolve().parent.parent


def _extractions() -> list[tuple[str, ArticleExtraction]]:
    found = []
    for cassette in sorted((ROOT / "evals" / "replay").glob("*.json")):
        text_path = ROOT / "seeds" / f"{cassette.stem}.txt"
        if not text_path.exists():
            text_path = ROOT / "evals" / "articles" / f"{cassette.stem}.txt"
        result = extract_article(
            text_path.read_text(encoding="utf-8"),
            client=replay_client(cassette),
            model="embedded",
            verify=False,
        )
        found.append((cassette.stem, result))
    return found


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20, help="warm runs per article")
    parser.add_argument("--out", type=Path, default=None, help="results file")
    args = parser.parse_args()

    extractions = _extractions()
    assert official_election.cache_info().currsize == 0, "official data loaded before timing"
    started = time.perf_counter()
    verify_extraction(extractions[0][1])
    first_ms = (time.perf_counter() - started) * 1000
    cold_start = time.perf_counter()
    for year in (2010, 2015, 2017, 2019, 2024):
        official_election(year)
    load_all_ms = (time.perf_counter() - cold_start) * 1000
    rows = []
    for article_id, extraction in extractions:
        verify_extraction(extraction)  # every index this article needs is built
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            verified = verify_extraction(extraction)
            times.append((time.perf_counter() - started) * 1000)
        counts = count_verifications(verified.contests)
        rows.append(
            {
                "article": article_id,
                "contests_checked": counts.contests,
                "figures_checked": counts.figures_checked,
                "figures_differ": counts.figures_differ,
                "ms_median": round(statistics.median(times), 3),
                "ms_max": round(max(times), 3),
            }
        )
    checked = [r for r in rows if r["contests_checked"]]
    summary = {
        "articles": len(rows),
        "articles_with_checked_contests": len(checked),
        "first_call_ms_cold": round(first_ms, 1),
        "load_remaining_years_ms": round(load_all_ms, 1),
        "warm_ms_per_article_mean": round(statistics.mean(r["ms_median"] for r in rows), 3),
        "warm_ms_per_checked_article_max": round(max(r["ms_max"] for r in checked), 3),
    }
    result = {
        "benchmark": "verify",
        "machine": platform.platform(),
        "python": platform.python_version(),
        "repeat": args.repeat,
        "summary": summary,
        "articles": rows,
    }
    out = (
        args.out
        or ROOT / "benchmarks" / "results" / f"verify-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for key, value in summary.items():
        print(f"{key:36} {value}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
