"""An independent check that the numbers of an extraction occur in its article.

Deliberately separate from the extractor's aligner (plain regular expressions, no context
rules), so a bug there cannot hide a number that is not in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from schemas import ArticleExtraction

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
NUMERIC_FIELDS = frozenset(
    {
        "votes",
        "share_pct",
        "share_change_pts",
        "majority",
        "turnout_pct",
        "seats",
        "seats_change",
        "year",
    }
)


def number_in_text(value: float, text: str) -> bool:
    """True when ``value`` (sign ignored) is written in ``text`` as digits or a small number word."""
    value = abs(value)
    if float(value).is_integer():
        whole = int(value)
        forms = {str(whole), f"{whole:,}", f"{whole}.0", f"{whole}.00"}
        if whole < len(NUMBER_WORDS) and re.search(rf"\b{NUMBER_WORDS[whole]}\b", text, re.I):
            return True
    else:
        # "32.10%" is 32.1 written to two places.
        forms = {repr(float(value)), f"{value:g}", f"{value:.2f}"}
    return any(re.search(rf"(?<![\d.,]){re.escape(f)}(?!\d|[.,]\d)", text) for f in forms)


def numbers_of(extraction: ArticleExtraction) -> Iterator[tuple[str, float]]:
    """Every numeric fact value of an extraction, with its path. Evidence, metadata and the
    verification are left out: the verification holds the official count's figures, which are
    not the article's and never replace them."""

    def walk(node: Any, path: str) -> Iterator[tuple[str, float]]:
        if isinstance(node, dict):
            for key, child in node.items():
                if key in ("evidence", "meta", "verification"):
                    continue
                if (
                    key in NUMERIC_FIELDS
                    and isinstance(child, int | float)
                    and not isinstance(child, bool)
                ):
                    yield f"{path}.{key}".lstrip("."), float(child)
                else:
                    yield from walk(child, f"{path}.{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                yield from walk(child, f"{path}[{index}]")

    yield from walk(extraction.model_dump(), "")


def numbers_not_in_text(extraction: ArticleExtraction, article: str) -> list[tuple[str, float]]:
    """The numbers of ``extraction`` that ``article`` does not contain (should be none)."""
    return [
        (path, value)
        for path, value in numbers_of(extraction)
        if not number_in_text(value, article)
    ]
