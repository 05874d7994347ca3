"""The whole-text reading beside the passage calls (EXTRACTOR_WHOLE_READING)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from extractor.config import Settings
from extractor.core import _build_request, resolve_endpoint
from extractor.draft import DraftSeatTotal
from extractor.passes import PASSES, PassState
from extractor.whole_reading import as_supplement
from tests.support import cand, contest, facts

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "seeds" / "004_36c3a55acffc1229.txt").read_text(encoding="utf-8")


def settings(**kw: object) -> Settings:
    return Settings(base_url="http://x.invalid/v1", api_key="k", model="m", **kw)  # type: ignore[arg-type]


def test_the_whole_reading_is_the_call_of_a_reading_with_no_readers() -> None:
    hybrid = settings(whole_reading="always")
    bare = settings(passages=False, parse_lists=False, chunk_chars=100_000)
    with_second = _build_request(ARTICLE, hybrid, resolve_endpoint(hybrid))
    alone = _build_request(ARTICLE, bare, resolve_endpoint(bare))
    assert with_second.second is not None
    (only,) = alone.calls
    for key in ("messages", "max_tokens", "temperature", "model", "response_model"):
        assert with_second.second[key] == only[key], key
    # The passage calls are those of the default reading.
    default = _build_request(ARTICLE, settings(), resolve_endpoint(settings()))
    assert [c["messages"] for c in with_second.calls] == [c["messages"] for c in default.calls]
    assert default.second is None


def test_fallback_reads_the_whole_text_only_when_the_passages_find_nothing() -> None:
    fallback = settings(whole_reading="fallback")
    request = replace(_build_request(ARTICLE, fallback, resolve_endpoint(fallback)), parsed=facts())
    found = facts(contest("Kensington", cand("Emma Dent Coad", "Labour", "16,333")))
    nothing = facts()
    assert request.wants_second([nothing for _ in request.calls])
    assert not request.wants_second([found, *[nothing for _ in request.calls[1:]]])
    parsed_something = replace(request, parsed=found)
    assert not parsed_something.wants_second([nothing for _ in request.calls])


def test_an_unknown_whole_reading_is_refused() -> None:
    with pytest.raises(ValueError, match="whole_reading"):
        settings(whole_reading="sometimes")


def test_the_whole_reading_fills_in_a_found_result_under_its_found_name() -> None:
    found = facts(contest("Brunswick and Adelaide", cand("Ollie Sykes", "Green", "2,193")))
    # The whole reading names the list after a candidate and has a rival the passage missed.
    whole = facts(
        contest(
            "Burton",
            cand("Ollie Sykes", "Green", "2,193"),
            cand("Alice Burton", "Labour", "1,873"),
            cand(None, "Independent", "12"),
            majority="320",
        )
    )
    [kept] = as_supplement(whole, [found]).contests
    assert kept.area == "Brunswick and Adelaide"
    assert kept.majority == "320"
    # People fill in; a party-only row (as often seats read as votes) does not.
    assert [c.name for c in kept.candidates] == ["Ollie Sykes", "Alice Burton"]


def test_the_whole_reading_adds_no_result_of_its_own_beside_found_ones() -> None:
    found = facts(contest("Thirsk and Malton", cand("Kevin Hollinrake", "Conservative", "9,001")))
    whole = facts(
        contest("Witney", cand("David Cameron", "Conservative", "33,973")),
        seat_totals=[DraftSeatTotal(scope=None, status="projected", parties=[])],
    )
    supplement = as_supplement(whole, [found])
    assert supplement.contests == [] and supplement.seat_totals == []
    # With nothing found, the whole reading is kept as it is.
    assert as_supplement(whole, [facts()]) == whole


def test_the_whole_reading_pass_runs_only_on_a_whole_reading() -> None:
    found = facts(contest("Wick", cand("Neil Macdonald", "Labour", "236")))
    whole = facts(contest("Caithness", cand("Laurel Bush", "Conservative", "75")))
    state = PassState(
        article="", kind="local", year=None, pieces=[], parsed=facts(), answers=[found, whole]
    )
    assert PASSES["whole_reading_as_supplement"].run(state).answers == [found, whole]
    state.whole_reading = True
    assert PASSES["whole_reading_as_supplement"].run(state).answers[-1].contests == []
