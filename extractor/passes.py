"""The post-processing pipeline: one ordered list of named passes, from the model's answers to
the grounded extraction (the way spaCy lists a pipeline's components).

Every pass has one contract: it takes the :class:`PassState` and returns it. The runner, not
the pass, records what a pass removed or changed, so nothing is dropped silently: a value a
pass takes away is a :class:`~schemas.DroppedFact` and a value it rewrites a
:class:`~schemas.ChangedFact`, each with the pass's name and a stable reason code.

``PIPELINE`` shows the order. A pass marked ``required`` cannot be switched off (merging the
sources, and grounding, which is what guarantees that no number outside the article is
reported); any other can be, by name, with ``Settings(disabled=...)``, ``EXTRACTOR_DISABLE``
or ``extractor eval --disable NAME`` (``extractor eval --ablate`` measures each one). The
grounding pass has named rules of its own (:data:`extractor.grounder.RULES`), switched off the
same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from extractor import grounder, places, scope
from extractor.checks import (
    CONTEST_CHECKS,
    COUNCIL_CHECKS,
    elected_from_winner,
    others_not_elected,
    reconcile_elected,
    winner_from_elected,
)
from extractor.context import with_election_kind, with_election_year, without_past_results
from extractor.declared import declared_lines, with_declared_elected
from extractor.draft import DraftKind, ElectionFacts
from extractor.ground import ground_facts
from extractor.grounder import RULES
from extractor.merge import (
    councils_from_outcome_contests,
    merge_facts,
    referendums_from_contests,
    without_council_contests,
    without_tally_contests,
)
from extractor.scope import scope_to_passage
from extractor.shares import with_shares_beside_votes
from extractor.verify import verify_extraction
from extractor.whole_reading import as_supplement
from schemas import ArticleExtraction, ChangedFact, Contest, DroppedFact

Stage = Literal["answers", "draft", "facts"]


@dataclass
class PassState:
    """What flows through the pipeline: the answers, then the merged draft, then the facts."""

    article: str
    kind: DraftKind
    year: int | None
    pieces: list[str]  # the text each model answer came from (empty: whole-article chunks)
    parsed: ElectionFacts  # what the parsers read without the model
    answers: list[ElectionFacts]  # the model's answers, one per call
    draft: ElectionFacts | None = None
    extraction: ArticleExtraction | None = None
    disabled: frozenset[str] = frozenset()
    single_seat: bool = False  # the article reports by-elections: its local contests are one seat
    stv: bool = False  # the article tells of a single transferable vote: several seats a contest
    whole_reading: bool = False  # the last answer is the whole-text reading (a supplement)
    dropped: list[DroppedFact] = field(default_factory=list)
    changed: list[ChangedFact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Pass:
    """One named step of the post-processing."""

    name: str
    stage: Stage  # what it works on: each answer, the merged draft, or the grounded facts
    code: str  # the stable reason code of what it removes or changes
    doc: str
    run: Callable[[PassState], PassState]
    required: bool = False
    annotates: bool = False  # adds to the facts (codes, verification) and changes none of them


def _scope(state: PassState) -> PassState:
    if not state.pieces:
        return state  # whole-article chunks may name any area of the article
    scoped = [
        scope_to_passage(answer, piece, index)
        for index, (answer, piece) in enumerate(zip(state.answers, state.pieces, strict=True))
    ]
    state.dropped += [drop for _, drops in scoped for drop in drops]
    state.answers = [answer for answer, _ in scoped]
    return state


def _past_results(state: PassState) -> PassState:
    state.parsed = without_past_results(state.parsed, state.year)
    state.answers = [without_past_results(a, state.year) for a in state.answers]
    return state


def _each_answer(
    state: PassState, transform: Callable[[ElectionFacts, str], ElectionFacts]
) -> PassState:
    state.answers = [transform(answer, state.article) for answer in state.answers]
    return state


def _whole_reading(state: PassState) -> PassState:
    if state.whole_reading and state.answers:
        *found, whole = state.answers
        state.answers = [*found, as_supplement(whole, [state.parsed, *found])]
    return state


def _merge(state: PassState) -> PassState:
    state.draft = merge_facts([state.parsed, *state.answers])
    return state


def _on_draft(
    transform: Callable[[ElectionFacts, PassState], ElectionFacts],
) -> Callable[[PassState], PassState]:
    def run(state: PassState) -> PassState:
        assert state.draft is not None
        state.draft = transform(state.draft, state)
        return state

    return run


def _ground(state: PassState) -> PassState:
    assert state.draft is not None
    state.extraction, dropped = ground_facts(state.article, state.draft, disabled=state.disabled)
    state.dropped += dropped
    return state


def _per_contest(
    repair: Callable[[Contest, bool, bool], tuple[Contest, list[str]]],
) -> Callable[[PassState], PassState]:
    def run(state: PassState) -> PassState:
        assert state.extraction is not None
        contests = []
        for contest in state.extraction.contests:
            contest, warnings = repair(contest, state.single_seat, state.stv)
            state.warnings += warnings
            contests.append(contest)
        state.extraction = state.extraction.model_copy(update={"contests": contests})
        return state

    return run


def _shares_beside_votes(state: PassState) -> PassState:
    assert state.extraction is not None
    contests = [with_shares_beside_votes(c, state.article) for c in state.extraction.contests]
    state.extraction = state.extraction.model_copy(update={"contests": contests})
    return state


def _declared_elected(state: PassState) -> PassState:
    assert state.extraction is not None
    lines = declared_lines(state.article)
    if lines:
        contests = [with_declared_elected(c, lines) for c in state.extraction.contests]
        state.extraction = state.extraction.model_copy(update={"contests": contests})
    return state


def _consistency(state: PassState) -> PassState:
    assert state.extraction is not None
    for contest in state.extraction.contests:
        for check in CONTEST_CHECKS:
            state.warnings += check(contest)
    for council in state.extraction.councils:
        for council_check in COUNCIL_CHECKS:
            state.warnings += council_check(council)
    return state


def _verify(state: PassState) -> PassState:
    assert state.extraction is not None
    state.extraction = verify_extraction(state.extraction, state.article)
    return state


PIPELINE: tuple[Pass, ...] = (
    Pass(
        "scope_to_passage",
        "answers",
        "not_in_passage",
        "each answer keeps only numbers, areas and councils of the passage its model call read",
        _scope,
    ),
    Pass(
        "past_results",
        "answers",
        "earlier_election",
        "contests dated before the article's election (by the model or a list's heading) are earlier results",
        _past_results,
    ),
    Pass(
        "roundup_wards",
        "answers",
        "roundup_ward",
        "a contest named as a by-election round-up's heading names it ('Ashford, Beaver') is "
        "its ward's ('Beaver')",
        lambda s: _each_answer(s, places.with_roundup_wards),
    ),
    Pass(
        "whole_reading_as_supplement",
        "answers",
        "not_a_supplement",
        "the whole-text reading adds figures to the results found and results of a kind not found, nothing else",
        _whole_reading,
    ),
    Pass(
        "merge",
        "answers",
        "duplicate",
        "parsed lists and model answers merged, duplicates folded (earlier sources win)",
        _merge,
        required=True,
    ),
    Pass(
        "referendums_from_contests",
        "draft",
        "referendum_as_contest",
        "contests whose candidates are all referendum answers become referendums",
        _on_draft(lambda d, s: referendums_from_contests(d)),
    ),
    Pass(
        "council_contests",
        "draft",
        "council_as_contest",
        "a contest named like a council of the answer, with no votes, repeats the council",
        _on_draft(lambda d, s: without_council_contests(d, s.article)),
    ),
    Pass(
        "outcome_contests_as_councils",
        "draft",
        "contest_as_council_control",
        "in a local-elections round-up, a contest with no candidates that only says who won a place is that council's control",
        _on_draft(
            lambda d, s: councils_from_outcome_contests(d, s.article) if s.kind == "local" else d
        ),
    ),
    Pass(
        "tally_contests",
        "draft",
        "tally_as_contest",
        "a contest of unnamed parties whose votes are a seat tally's counts repeats the tally",
        _on_draft(lambda d, s: without_tally_contests(d)),
    ),
    Pass(
        "election_year",
        "draft",
        "article_year",
        "every fact takes the year of the article's election",
        _on_draft(lambda d, s: with_election_year(d, s.year)),
    ),
    Pass(
        "election_kind",
        "draft",
        "article_kind",
        "contests of a generic kind take the article's kind (mayoralties are mayoral)",
        _on_draft(lambda d, s: with_election_kind(d, s.kind)),
    ),
    Pass(
        "ground",
        "draft",
        "not_grounded",
        "every value located in the article, with evidence, or dropped with its reason",
        _ground,
        required=True,
    ),
    Pass(
        "shares_beside_votes",
        "facts",
        "share_beside_votes",
        "a percentage printed right after a candidate's votes ('81,930 votes – 53.64%', "
        "'63,141 votes (41.34%)') is its share, read from the article where the model left it out",
        _shares_beside_votes,
    ),
    Pass(
        "declared_elected",
        "facts",
        "declared_elected",
        "candidates the article declares elected ('have been duly elected') are; the others not",
        _declared_elected,
    ),
    Pass(
        "elected_from_votes",
        "facts",
        "votes_decide",
        "in a one-seat contest with two or more vote counts, the top count is elected",
        _per_contest(reconcile_elected),
    ),
    Pass(
        "elected_from_winner",
        "facts",
        "winner_elected",
        "in a one-seat contest whose winning party is stated, with nobody called elected, the "
        "one named candidate of that party is",
        _per_contest(elected_from_winner),
    ),
    Pass(
        "others_not_elected",
        "facts",
        "one_winner",
        "in a one-seat contest with one candidate elected, the other named candidates were not",
        _per_contest(others_not_elected),
    ),
    Pass(
        "winner_from_elected",
        "facts",
        "winner_is_elected",
        "in a one-seat contest the winning party is the elected candidate's",
        _per_contest(winner_from_elected),
    ),
    Pass(
        "consistency",
        "facts",
        "inconsistent",
        "warnings (no changes) where the figures contradict each other",
        _consistency,
    ),
    Pass(
        "verify_official",
        "facts",
        "official_count",
        "general-election contests get their constituency code, and each figure the official count's beside it",
        _verify,
        annotates=True,
    ),
)
PASSES: dict[str, Pass] = {p.name: p for p in PIPELINE}


def switchable() -> list[str]:
    """Every reader, pass and grounding rule that may be switched off, in pipeline order."""
    from extractor.readers import READER_NAMES  # readers run before the model, passes after

    names: list[str] = list(READER_NAMES)
    for step in PIPELINE:
        if not step.required:
            names.append(step.name)
        if step.name == "ground":
            names += list(RULES)
    return names


def check_disabled(names: frozenset[str]) -> frozenset[str]:
    """``names`` when each is a pass or rule that may be switched off; else ValueError."""
    unknown = sorted(n for n in names if n not in switchable())
    if unknown:
        raise ValueError(
            f"cannot disable {', '.join(unknown)}: not a pass or rule that may be switched off "
            f"(choose from {', '.join(switchable())})"
        )
    return names


# ---- the runner: what each pass removed or changed -------------------------------------------


def _label(item: Any) -> str:
    for attribute in ("area", "council", "scope", "name", "party", "option"):
        value = getattr(item, attribute, None)
        if value:
            return str(value)
    return "(unnamed)"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass
class _Diff:
    """What one pass did to one fact tree, found by comparing it before and after."""

    step: Pass
    own_drops: set[str]  # values the pass already recorded as dropped, with its own reasons
    dropped: list[DroppedFact] = field(default_factory=list)
    changed: list[ChangedFact] = field(default_factory=list)

    def drop(self, path: str, value: Any) -> None:
        if str(value) not in self.own_drops:
            self.dropped.append(
                DroppedFact(
                    path=path,
                    value=str(value),
                    reason=self.step.doc,
                    by=self.step.name,
                    code=self.step.code,
                )
            )

    def compare(self, old: Any, new: Any, path: str) -> None:
        """Same-length lists were rewritten in place (compared item by item); shorter ones
        were filtered (an item equal to none kept was removed). Evidence follows the values."""
        if old is new:
            return  # untouched by the pass: nothing to walk
        if isinstance(old, BaseModel) and isinstance(new, BaseModel):
            for name in type(old).model_fields:
                if name != "evidence":
                    self.compare(getattr(old, name), getattr(new, name), f"{path}.{name}")
        elif isinstance(old, list) and isinstance(new, list):
            if len(old) == len(new):
                for index, (o, n) in enumerate(zip(old, new, strict=True)):
                    if o is not n and o != n:
                        self.compare(o, n, f"{path}[{index}]")
            else:
                for index, item in enumerate(old):
                    if not any(item is n or item == n for n in new):
                        self.drop(f"{path}[{index}]", _label(item))
        elif old != new:
            if new is None:
                self.drop(path, old)
            elif old is not None or not isinstance(new, list | BaseModel):
                self.changed.append(
                    ChangedFact(
                        path=path,
                        before=_text(old),
                        after=_text(new),
                        by=self.step.name,
                        code=self.step.code,
                    )
                )


def _reason_codes() -> dict[str, str]:
    """Reason text -> stable code: the name of the constant that holds it, in lower case
    (``NOT_IN_ARTICLE = "not in article"`` has code ``not_in_article``)."""
    codes: dict[str, str] = {}
    for module in (grounder, places, scope):
        for name, value in vars(module).items():
            if name.isupper() and not name.startswith("_") and isinstance(value, str):
                codes.setdefault(value, name.lower())
    return codes


REASON_CODES = _reason_codes()


def _snapshot(step: Pass, state: PassState) -> list[tuple[str, Any]]:
    if step.stage == "answers":
        return [
            ("parsed", state.parsed),
            *((f"answer[{i}]", a) for i, a in enumerate(state.answers)),
        ]
    if step.stage == "draft":
        return [("draft", state.draft)] if state.draft is not None else []
    return [("facts", state.extraction)] if state.extraction is not None else []


def run_pipeline(state: PassState) -> PassState:
    """Run every pass in order (skipping the disabled ones), recording what each one did."""
    for step in PIPELINE:
        if step.name in state.disabled and not step.required:
            continue
        before = _snapshot(step, state)
        dropped_before = len(state.dropped)
        state = step.run(state)
        for index in range(dropped_before, len(state.dropped)):
            drop = state.dropped[index]
            state.dropped[index] = drop.model_copy(
                update={
                    "by": drop.by or step.name,
                    "code": drop.code or REASON_CODES.get(drop.reason, step.code),
                }
            )
        if step.name in ("merge", "ground") or step.annotates:
            continue  # merging folds duplicates; grounding records its own drops with reasons
        diff = _Diff(step, {d.value for d in state.dropped[dropped_before:]})
        for (where, old), (_, new) in zip(before, _snapshot(step, state), strict=True):
            diff.compare(old, new, where)
        state.dropped += diff.dropped
        state.changed += diff.changed
    return state


def run_fact_passes(
    extraction: ArticleExtraction, disabled: frozenset[str] = frozenset()
) -> tuple[ArticleExtraction, list[str]]:
    """Only the passes on grounded facts (repairs of judgements, consistency warnings)."""
    state = PassState(
        article="",
        kind="other",
        year=None,
        pieces=[],
        parsed=ElectionFacts(contests=[], councils=[], seat_totals=[], referendums=[]),
        answers=[],
        extraction=extraction,
        disabled=disabled,
    )
    for step in PIPELINE:
        if step.stage == "facts" and step.name not in disabled:
            state = step.run(state)
    assert state.extraction is not None
    return state.extraction, state.warnings
