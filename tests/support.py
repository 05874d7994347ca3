"""Helpers shared by tests."""

from __future__ import annotations

from evals.textcheck import numbers_not_in_text
from schemas import ArticleExtraction


def assert_grounded(extraction: ArticleExtraction, article: str) -> None:
    """Every evidence span matches the article and every number occurs in it."""
    for span in extraction.all_evidence():
        assert article[span.start : span.end] == span.quote, span
    missing = numbers_not_in_text(extraction, article)
    assert not missing, f"numbers not in the article: {missing}"
