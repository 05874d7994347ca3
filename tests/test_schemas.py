import json

import pytest
from pydantic import ValidationError

from schemas import (
    ArticleExtraction,
    Candidate,
    Contest,
    Evidence,
    article_extraction_json_schema,
)


def test_evidence_span_must_match_quote_length() -> None:
    with pytest.raises(ValidationError):
        Evidence(quote="16,333", start=10, end=12)


def test_evidence_matches_article() -> None:
    article = "Dent Coad's 16,333 votes"
    evidence = Evidence(quote="16,333", start=12, end=18)
    assert evidence.matches(article)
    assert not Evidence(quote="16,333", start=11, end=17).matches(article)


def test_shares_are_bounded() -> None:
    with pytest.raises(ValidationError):
        Candidate(name="X", share_pct=120.0)
    with pytest.raises(ValidationError):
        Contest(area="X", turnout_pct=-1.0)


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Contest.model_validate({"area": "X", "winner": "Labour"})


def test_round_trip_json() -> None:
    extraction = ArticleExtraction(
        contests=[
            Contest(
                area="Kensington",
                winner_party="Labour",
                outcome="gain",
                majority=20,
                candidates=[Candidate(name="Emma Dent Coad", party="Labour", votes=16333)],
            )
        ]
    )
    again = ArticleExtraction.model_validate_json(extraction.model_dump_json())
    assert again == extraction
    assert not again.is_empty()
    assert ArticleExtraction().is_empty()


def test_json_schema_export_names_the_contract() -> None:
    schema = article_extraction_json_schema()
    assert set(schema["properties"]) >= {"contests", "councils", "seat_totals", "referendums"}
    candidate = schema["$defs"]["Candidate"]["properties"]
    assert set(candidate) >= {"name", "party", "votes", "share_pct", "share_change_pts", "elected"}
    json.dumps(schema)


def test_all_evidence_collects_nested_spans() -> None:
    span = Evidence(quote="a", start=0, end=1)
    extraction = ArticleExtraction(
        contests=[
            Contest(area="A", evidence=[span], candidates=[Candidate(name="B", evidence=[span])])
        ]
    )
    assert len(extraction.all_evidence()) == 2
