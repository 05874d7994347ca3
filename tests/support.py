"""Helpers shared by tests: an independent check that numbers occur in an article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from schemas import ArticleExtraction

NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
NUMERIC_FIELDS = {
    "votes",
    "share_pct",
    "share_change_pts",
    "majority",
    "turnout_pct",
    "seats",
    "seats_change",
    "year",
}


def number_in_text(value: float, text: str) -> bool:
    """True when ``value`` (sign ignored) is written in ``text`` as digits or a small number word."""
    value = abs(value)
    if float(value).is_integer():
        whole = int(value)
        forms = {str(whole), f"{whole:,}", f"{whole}.0"}
        if whole < len(NUMBER_WORDS) and re.search(rf"\b{NUMBER_WORDS[whole]}\b", text, re.I):
            return True
    else:
        forms = {repr(float(value)), f"{value:g}"}
    return any(re.search(rf"(?<![\d.,]){re.escape(f)}(?!\d|[.,]\d)", text) for f in forms)


def numbers_of(extraction: ArticleExtraction) -> Iterator[tuple[str, float]]:
    """Every numeric value in an extraction (metadata excluded), with its path."""

    def walk(node: Any, path: str) -> Iterator[tuple[str, float]]:
        if isinstance(node, dict):
            for key, child in node.items():
                if key in ("evidence", "meta"):
                    continue
                if (
                    key in NUMERIC_FIELDS
                    and isinstance(child, int | float)
                    and not isinstance(child, bool)
                ):
                    yield f"{path}.{key}", float(child)
                else:
                    yield from walk(child, f"{path}.{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                yield from walk(child, f"{path}[{index}]")

    yield from walk(extraction.model_dump(), "")


def assert_grounded(extraction: ArticleExtraction, article: str) -> None:
    """Every evidence span matches the article and every number occurs in it."""
    for span in extraction.all_evidence():
        assert article[span.start : span.end] == span.quote, span
    for path, value in numbers_of(extraction):
        assert number_in_text(value, article), f"{path} = {value} does not occur in the article"
