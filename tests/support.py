"""Helpers shared by tests."""

from __future__ import annotations

from evals.textcheck import numbers_not_in_text
from extractor.draft import DraftCandidate, DraftContest, ElectionFacts
from schemas import ArticleExtraction


def assert_grounded(extraction: ArticleExtraction, article: str) -> None:
    """Every evidence span matches the article and every number occurs in it."""
    for span in extraction.all_evidence():
        assert article[span.start : span.end] == span.quote, span
    missing = numbers_not_in_text(extraction, article)
    assert not missing, f"numbers not in the article: {missing}"


def cand(
    name: str | None, party: str | None, votes: int | str | None = None, **kw: object
) -> DraftCandidate:
    """A model-draft candidate with every other field null unless given."""
    fields: dict[str, object] = {"share": None, "change": None, "elected": None} | kw
    return DraftCandidate(name=name, party=party, votes=votes, **fields)  # type: ignore[arg-type]


def contest(area: str | None, *candidates: DraftCandidate, **kw: object) -> DraftContest:
    """A model-draft general-election contest with every other field null unless given."""
    fields: dict[str, object] = {
        "kind": "general",
        "year": None,
        "winner": None,
        "outcome": None,
        "gained_from": None,
        "majority": None,
        "turnout": None,
    } | kw
    return DraftContest(area=area, candidates=list(candidates), **fields)  # type: ignore[arg-type]


def facts(*contests: DraftContest, **kw: object) -> ElectionFacts:
    """A model draft with the given contests and empty lists unless given."""
    fields: dict[str, object] = {"councils": [], "seat_totals": [], "referendums": []} | kw
    return ElectionFacts(contests=list(contests), **fields)  # type: ignore[arg-type]
