"""The HTML review, in a real headless Chromium: highlights exact, facts linked both ways, and a
1,000-article index that opens fast.

Needs playwright (dev extra) and a Chromium (Debian's `chromium` package; `EXTRACTOR_CHROMIUM`
names another). Skipped when either is missing, unless EXTRACTOR_REQUIRE_BROWSER=1 (CI sets it
when it could install Chromium), where a missing browser is a failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.review import write_review
from extractor.text import prepare_article
from tests.test_verify import extract_offline

DATA = Path(__file__).parent / "data" / "verify"


def records() -> list[dict[str, Any]]:
    """Records of the verification test articles, as `extract -o` writes them."""
    made = []
    for path in sorted(DATA.glob("*.txt")):
        result = extract_offline(path.name)
        assert result.meta is not None
        text = prepare_article(path.read_text(encoding="utf-8"))
        made.append(
            {
                "id": path.name,
                "source": str(path),
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "status": "ok",
                "extraction": result.model_dump(mode="json", exclude={"meta"}),
                "warnings": result.meta.warnings,
                "dropped": [d.model_dump(mode="json") for d in result.meta.dropped],
            }
        )
    made.append(
        {
            "id": "broken.txt",
            "source": "gone.txt",
            "sha256": "0",
            "status": "error",
            "error": {"type": "binary_article", "message": "not text"},
        }
    )
    return made


def test_the_review_pages_are_written_without_a_browser(tmp_path: Path) -> None:
    made = write_review(records(), tmp_path)
    assert made.articles == 7 and made.with_text == 6
    index_data = (tmp_path / "index-data.js").read_text(encoding="utf-8")
    assert "Victoria Borwick" not in index_data  # the index carries no article text or facts
    page = (tmp_path / "articles" / "00004.html").read_text(encoding="utf-8")
    assert "kensington_2017_transposed.txt" in page and "differs" in page
    missing = (tmp_path / "articles" / "00006.html").read_text(encoding="utf-8")
    assert "text is not available" in missing and "binary_article" in missing


def test_review_command(tmp_path: Path) -> None:
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(path), "-o", str(tmp_path / "review")])
    assert result.exit_code == 0, result.output
    assert "7 article(s) (6 with their text)" in result.output
    assert (tmp_path / "review" / "index.html").is_file()


# ---- in the browser -----------------------------------------------------------------------------


def _chromium() -> str | None:
    return (
        os.environ.get("EXTRACTOR_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        executable, reason = None, f"playwright not installed: {error}"
    else:
        reason = "no Chromium found (apt-get install chromium, or set EXTRACTOR_CHROMIUM)"
    if executable is None:
        if os.environ.get("EXTRACTOR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"a browser is required here: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


def test_every_evidence_span_is_highlighted_exactly_and_linked_both_ways(
    tmp_path: Path, browser: Any
) -> None:
    write_review(records(), tmp_path)
    page = browser.new_page()
    checked = 0
    for article in sorted((tmp_path / "articles").glob("*.html"))[:6]:
        page.goto(article.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        links = page.locator("a.span-link")
        for number in range(links.count()):
            link = links.nth(number)
            link.click()
            found = page.evaluate(
                """(link) => {
                    const id = link.getAttribute('data-span');
                    const marks = [...document.querySelectorAll('mark.ev.active')];
                    const text = Array.from(window.reviewText());  // code points, as Python counts
                    const start = +link.dataset.start, end = +link.dataset.end;
                    return {
                        quote: link.dataset.quote,
                        marked: marks.map(m => m.textContent).join(''),
                        sliced: text.slice(start, end).join(''),
                        ids: marks.every(m => m.dataset.spans.split(' ').includes(id)),
                        row: document.querySelector('tr.fact.active') !== null,
                    };
                }""",
                link.element_handle(),
            )
            assert found["sliced"] == found["quote"], (article.name, found)
            assert found["marked"] == found["quote"], (article.name, found)
            assert found["ids"] and found["row"]
            checked += 1
    assert checked > 40
    # And back: a click on the words shows their fact.
    page.goto((tmp_path / "articles" / "00004.html").as_uri())
    page.locator("mark.ev.differs").first.click()
    active = page.locator("tr.fact.active")
    assert active.count() == 1 and "Victoria Borwick" in active.inner_text()
    if os.environ.get("EXTRACTOR_REVIEW_SCREENSHOT"):
        page.set_viewport_size({"width": 1400, "height": 760})
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=os.environ["EXTRACTOR_REVIEW_SCREENSHOT"])
    page.close()


def test_a_1000_article_index_opens_in_under_two_seconds(tmp_path: Path, browser: Any) -> None:
    base = records()
    many = [{**base[n % len(base)], "id": f"article-{n:04d}"} for n in range(1000)]
    write_review(many, tmp_path)
    page = browser.new_page()
    started = time.perf_counter()
    page.goto((tmp_path / "index.html").as_uri())
    page.wait_for_selector("body[data-ready='1']")
    opened = time.perf_counter() - started
    assert page.locator("#rows tr").count() == 1000
    assert opened < 2.0, f"the index took {opened:.2f} s"
    page.select_option("#status", "differs")
    differing = page.locator("#rows tr").count()
    assert 0 < differing < 1000
    page.fill("#filter", "article-000")
    assert page.locator("#rows tr").count() <= 10
    page.fill("#filter", "")
    page.select_option("#status", "")
    page.click("th[data-key='differs']")
    page.click("th[data-key='differs']")  # descending: the most differences first
    first = page.locator("#rows tr").first.locator("td.differs").inner_text()
    assert first and int(first) >= 1
    page.close()
