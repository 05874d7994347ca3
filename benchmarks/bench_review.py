"""Benchmark the review index in headless Chromium: seconds to open with N articles.

Writes a review of N records (copies of the verification test articles' records) and times
opening ``index.html`` until its table is rendered, then sorting and filtering it; writes
``benchmarks/results/review-<timestamp>.json``. Needs playwright and a Chromium.

    python benchmarks/bench_review.py            # 1,000 and 10,000 articles
"""

from __future__ import annotations

import json
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.review import write_review  # noqa: E402
from tests.test_review import records  # noqa: E402


def main() -> None:
    """Run the benchmark."""
    from playwright.sync_api import sync_playwright

    base = records()
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "chromium", args=["--no-sandbox"]
        )
        for count in (1000, 10000):
            directory = Path(tempfile.mkdtemp(prefix="review-"))
            started = time.perf_counter()
            write_review(
                [{**base[n % len(base)], "id": f"a{n:05d}"} for n in range(count)], directory
            )
            written = time.perf_counter() - started
            page = browser.new_page()
            started = time.perf_counter()
            page.goto((directory / "index.html").as_uri())
            page.wait_for_selector("body[data-ready='1']")
            opened = time.perf_counter() - started
            started = time.perf_counter()
            page.click("th[data-key='differs']")
            page.select_option("#status", "differs")
            sorted_filtered = time.perf_counter() - started
            size = (directory / "index-data.js").stat().st_size
            rows.append(
                {
                    "articles": count,
                    "write_s": round(written, 2),
                    "open_s": round(opened, 3),
                    "sort_and_filter_s": round(sorted_filtered, 3),
                    "index_data_bytes": size,
                }
            )
            print(rows[-1])
            page.close()
            shutil.rmtree(directory)
        browser.close()
    out = ROOT / "benchmarks" / "results" / f"review-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": platform.platform(), "rows": rows}, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
