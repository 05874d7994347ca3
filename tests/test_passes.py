"""The post-processing pipeline: one ordered list of named passes that records what it does."""

from __future__ import annotations

import pytest

from extractor.config import Settings
from extractor.draft import DraftCandidate, DraftContest, ElectionFacts
from extractor.grounder import RULES
from extractor.passes import PASSES, PIPELINE, PassState, check_disabled, run_pipeline, switchable

ARTICLE = (
    "Kensington result\n\n"
    "Labour's Emma Dent Coad won Kensington with 16,333 votes, beating the Conservative "
    "Victoria Borwick on 16,313."
)


def empty() -> ElectionFacts:
    return ElectionFacts(contests=[], councils=[], seat_totals=[], referendums=[])


def answer(*contests: DraftContest) -> ElectionFacts:
    return ElectionFacts(contests=list(contests), councils=[], seat_totals=[], referendums=[])


def kensington(**fields: object) -> DraftContest:
    values: dict[str, object] = {
        "area": "Kensington",
        "kind": "general",
        "year": None,
        "winner": "Labour",
        "outcome": None,
        "gained_from": None,
        "majority": None,
        "turnout": None,
        "candidates": [
            DraftCandidate(
                name="Emma Dent Coad",
                party="Labour",
                votes="16,333",
                share=None,
                change=None,
                elected=False,
            ),
            DraftCandidate(
                name="Victoria Borwick",
                party="Conservative",
                votes="16,313",
                share=None,
                change=None,
                elected=True,
            ),
        ],
    }
    values.update(fields)
    return DraftContest(**values)  # type: ignore[arg-type]


def run(
    *answers: ElectionFacts, disabled: frozenset[str] = frozenset(), year: int | None = None
) -> PassState:
    return run_pipeline(
        PassState(
            article=ARTICLE,
            kind="general",
            year=year,
            pieces=[],
            parsed=empty(),
            answers=list(answers),
            disabled=disabled,
        )
    )


def test_the_pipeline_is_one_ordered_list_with_unique_names() -> None:
    names = [p.name for p in PIPELINE]
    assert len(names) == len(set(names))
    assert names.index("scope_to_passage") < names.index("merge") < names.index("ground")
    assert names.index("ground") < names.index("elected_from_votes")
    assert {p.name for p in PIPELINE if p.required} == {"merge", "ground"}
    assert set(RULES) <= set(switchable())
    assert "ground" not in switchable() and "merge" not in switchable()


def test_every_change_is_recorded_with_its_pass_and_code() -> None:
    state = run(answer(kensington()))
    assert state.extraction is not None
    elected = {c.name: c.elected for c in state.extraction.contests[0].candidates}
    assert elected == {"Emma Dent Coad": True, "Victoria Borwick": False}
    assert {(c.by, c.code) for c in state.changed} >= {("elected_from_votes", "votes_decide")}
    flipped = [c for c in state.changed if c.path.endswith("elected")]
    assert sorted((c.before, c.after) for c in flipped) == [("False", "True"), ("True", "False")]


def test_a_disabled_pass_does_not_run() -> None:
    state = run(answer(kensington()), disabled=frozenset({"elected_from_votes"}))
    assert state.extraction is not None
    elected = {c.name: c.elected for c in state.extraction.contests[0].candidates}
    assert elected == {"Emma Dent Coad": False, "Victoria Borwick": True}
    assert not [c for c in state.changed if c.by == "elected_from_votes"]


def test_a_contest_a_pass_removes_is_a_recorded_drop_not_a_silent_one() -> None:
    # The model dated the contest 2015 in an article about 2017: an earlier result.
    state = run(answer(kensington(year=2015)), year=2017)
    assert state.extraction is not None and state.extraction.contests == []
    drops = [d for d in state.dropped if d.by == "past_results"]
    assert [(d.path, d.value, d.code) for d in drops] == [
        ("answer[0].contests[0]", "Kensington", "earlier_election")
    ]


def test_a_parsed_list_of_an_earlier_election_is_a_recorded_drop() -> None:
    state = run_pipeline(
        PassState(
            article=ARTICLE,
            kind="general",
            year=2017,
            pieces=[],
            parsed=answer(kensington(year=2015)),
            answers=[],
        )
    )
    assert [(d.path, d.by, d.code) for d in state.dropped if d.by == "past_results"] == [
        ("parsed.contests[0]", "past_results", "earlier_election")
    ]


def test_grounding_drops_name_their_rule_and_a_stable_code() -> None:
    invented = kensington(majority="7,361")
    state = run(answer(invented))
    assert [(d.path, d.by, d.code) for d in state.dropped if d.path.endswith("majority")] == [
        ("contests[0].majority", "ground", "not_in_article")
    ]
    assert all(d.by and d.code for d in state.dropped)


def test_unknown_or_required_names_cannot_be_disabled() -> None:
    with pytest.raises(ValueError, match="cannot disable ground"):
        check_disabled(frozenset({"ground"}))
    with pytest.raises(ValueError, match="no_such_pass"):
        Settings(disabled=frozenset({"no_such_pass"}))
    assert Settings(disabled=frozenset({"people_only"})).disabled == {"people_only"}


def test_env_names_passes_to_switch_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXTRACTOR_DISABLE", "people_only, elected_from_votes")
    assert Settings.from_env().disabled == {"people_only", "elected_from_votes"}
    assert PASSES["elected_from_votes"].stage == "facts"


def test_the_readme_lists_every_step_in_order() -> None:
    from pathlib import Path

    from extractor.readers import READER_NAMES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    names = [*READER_NAMES, *(p.name for p in PIPELINE), *RULES]
    positions = [
        min(
            (i for i in (readme.find(f"| `{name}`"), readme.find(f"| ↳ `{name}`")) if i >= 0),
            default=-1,
        )
        for name in names
    ]
    assert -1 not in positions, [n for n, p in zip(names, positions, strict=True) if p == -1]
    steps = [readme.find(f"| `{p.name}`") for p in PIPELINE]
    assert steps == sorted(steps)
