"""Field-level scoring of an extraction against gold, on atomic facts.

Both sides are aligned (contests by area, or by candidate names when area-less; candidates by
name with party as the fallback for nameless rows; councils by name; tallies by status; parties
by canonical name), then each field value is one fact: a value only in gold is missed (fn), a
value only in the extraction is extra (fp), different values are wrong (fp and fn), equal
values are correct (tp). Votes, seats and majorities must be exact; percentages within ±0.05.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from evals.match import align, name_similarity
from schemas import (
    ArticleExtraction,
    Candidate,
    Contest,
    Council,
    CouncilParty,
    Referendum,
    ReferendumOption,
    SeatTally,
    SeatTotal,
    canonical_party,
)

PERCENT_TOLERANCE = 0.05
Status = Literal["tp", "fp", "fn", "wrong"]
Value = str | int | float | bool | None

# Which comparison each field uses: a table, not an if-chain.
PERCENT_FIELDS = frozenset(
    {
        "candidate.share_pct",
        "candidate.share_change_pts",
        "contest.turnout_pct",
        "referendum.share_pct",
    }
)
PARTY_FIELDS = frozenset(
    {"contest.winner_party", "contest.gained_from", "candidate.party", "council.control"}
)


@dataclass(frozen=True)
class FactOutcome:
    """The verdict on one atomic fact."""

    field: str
    key: str
    gold: Value
    predicted: Value
    status: Status

    @property
    def label(self) -> str:
        """Human-readable name of the fact, e.g. ``Kensington / Emma Dent Coad: candidate.votes``."""
        return f"{self.key}: {self.field}"


def _party(value: str | None) -> str | None:
    canonical = canonical_party(value)
    return canonical.casefold() if canonical else None


def values_equal(field_name: str, gold: Value, predicted: Value) -> bool:
    """Field-aware equality: tolerant percentages, canonical parties, case-folded text."""
    if (
        field_name in PERCENT_FIELDS
        and isinstance(gold, int | float)
        and isinstance(predicted, int | float)
    ):
        return abs(float(gold) - float(predicted)) <= PERCENT_TOLERANCE + 1e-9
    if field_name in PARTY_FIELDS:
        return _party(str(gold)) == _party(str(predicted))
    if isinstance(gold, str) and isinstance(predicted, str):
        return gold.casefold().strip() == predicted.casefold().strip()
    return gold == predicted and type(gold) is type(predicted)


def compare(field_name: str, key: str, gold: Value, predicted: Value) -> FactOutcome | None:
    """One fact's verdict, or None when neither side states it."""
    if gold is None and predicted is None:
        return None
    if gold is None:
        status: Status = "fp"
    elif predicted is None:
        status = "fn"
    else:
        status = "tp" if values_equal(field_name, gold, predicted) else "wrong"
    return FactOutcome(field_name, key, gold, predicted, status)


def _fields(prefix: str, key: str, pairs: dict[str, tuple[Value, Value]]) -> Iterator[FactOutcome]:
    for name, (gold, predicted) in pairs.items():
        outcome = compare(f"{prefix}.{name}", key, gold, predicted)
        if outcome is not None:
            yield outcome


def _found(prefix: str, key: str, in_gold: bool, in_pred: bool) -> FactOutcome:
    status: Status = "tp" if in_gold and in_pred else ("fn" if in_gold else "fp")
    return FactOutcome(f"{prefix}.found", key, in_gold or None, in_pred or None, status)


# ---- candidates and contests -------------------------------------------------------------


def _candidate_similarity(g: Candidate, p: Candidate) -> float:
    if g.name and p.name:
        return name_similarity(g.name, p.name)
    if not g.name and not p.name and g.party and p.party:
        return 0.9 if _party(g.party) == _party(p.party) else 0.0
    if g.party and p.party and _party(g.party) == _party(p.party):
        return 0.55  # one side nameless: same party is weak evidence
    return 0.0


def _candidate_key(contest_key: str, c: Candidate) -> str:
    return f"{contest_key} / {c.name or '(' + (c.party or 'unnamed') + ')'}"


def _candidate_facts(
    contest_key: str, g: Candidate | None, p: Candidate | None
) -> Iterator[FactOutcome]:
    either = g or p
    assert either is not None
    key = _candidate_key(contest_key, either)
    yield _found("candidate", key, g is not None, p is not None)
    empty = Candidate()
    gold, pred = g or empty, p or empty
    yield from _fields(
        "candidate",
        key,
        {
            "party": (gold.party, pred.party),
            "votes": (gold.votes, pred.votes),
            "share_pct": (gold.share_pct, pred.share_pct),
            "share_change_pts": (gold.share_change_pts, pred.share_change_pts),
            "elected": (gold.elected, pred.elected),
        },
    )


def _contest_similarity(g: Contest, p: Contest) -> float:
    if g.area and p.area:
        return name_similarity(g.area, p.area, drop_noise=True)
    names_g = {c.name.casefold() for c in g.candidates if c.name}
    names_p = {c.name.casefold() for c in p.candidates if c.name}
    if not names_g or not names_p:
        return 0.0
    return 0.9 * len(names_g & names_p) / len(names_g | names_p)


def _contest_key(c: Contest) -> str:
    named = next((x.name for x in c.candidates if x.name), None)
    return c.area or f"(no area: {named or 'unnamed'})"


def _contest_facts(g: Contest | None, p: Contest | None) -> Iterator[FactOutcome]:
    either = g or p
    assert either is not None
    key = _contest_key(either)
    yield _found("contest", key, g is not None, p is not None)
    empty = Contest()
    gold, pred = g or empty, p or empty
    yield from _fields(
        "contest",
        key,
        {
            "year": (gold.election.year, pred.election.year),
            "winner_party": (gold.winner_party, pred.winner_party),
            "outcome": (gold.outcome, pred.outcome),
            "gained_from": (gold.gained_from, pred.gained_from),
            "majority": (gold.majority, pred.majority),
            "turnout_pct": (gold.turnout_pct, pred.turnout_pct),
        },
    )
    pairs, missed, extra = align(gold.candidates, pred.candidates, _candidate_similarity)
    for gc, pc in pairs:
        yield from _candidate_facts(key, gc, pc)
    for gc in missed:
        yield from _candidate_facts(key, gc, None)
    for pc in extra:
        yield from _candidate_facts(key, None, pc)


# ---- councils, seat totals, referendums ----------------------------------------------------


def _party_rows(
    prefix: str,
    key: str,
    gold: list[CouncilParty] | list[SeatTally],
    pred: list[CouncilParty] | list[SeatTally],
) -> Iterator[FactOutcome]:
    by_gold = {_party(r.party): r for r in gold}
    by_pred = {_party(r.party): r for r in pred}
    for party in sorted(set(by_gold) | set(by_pred), key=str):
        g, p = by_gold.get(party), by_pred.get(party)
        row_key = f"{key} / {(g or p).party}"  # type: ignore[union-attr]
        yield from _fields(
            prefix, row_key, {"seats": (g.seats if g else None, p.seats if p else None)}
        )
        if isinstance(g, CouncilParty | None) and isinstance(p, CouncilParty | None):
            yield from _fields(
                prefix,
                row_key,
                {"seats_change": (g.seats_change if g else None, p.seats_change if p else None)},
            )


def _council_facts(g: Council | None, p: Council | None) -> Iterator[FactOutcome]:
    either = g or p
    assert either is not None
    key = either.council
    yield _found("council", key, g is not None, p is not None)
    yield from _fields(
        "council",
        key,
        {
            "control": (g.control if g else None, p.control if p else None),
            "control_outcome": (g.control_outcome if g else None, p.control_outcome if p else None),
        },
    )
    yield from _party_rows("council", key, g.parties if g else [], p.parties if p else [])


def _total_facts(g: SeatTotal | None, p: SeatTotal | None) -> Iterator[FactOutcome]:
    either = g or p
    assert either is not None
    key = f"seat total ({either.status})"
    yield from _party_rows("seat_total", key, g.parties if g else [], p.parties if p else [])


def _referendum_facts(g: Referendum | None, p: Referendum | None) -> Iterator[FactOutcome]:
    either = g or p
    assert either is not None
    key = f"referendum {either.area or ''}".strip()
    yield _found("referendum", key, g is not None, p is not None)

    def option_similarity(a: ReferendumOption, b: ReferendumOption) -> float:
        return name_similarity(a.option, b.option)

    pairs, missed, extra = align(g.options if g else [], p.options if p else [], option_similarity)
    rows = [*pairs, *((o, None) for o in missed), *((None, o) for o in extra)]
    for go, po in rows:
        option_key = f"{key} / {(go or po).option}"  # type: ignore[union-attr]
        yield from _fields(
            "referendum",
            option_key,
            {
                "share_pct": (go.share_pct if go else None, po.share_pct if po else None),
                "votes": (go.votes if go else None, po.votes if po else None),
            },
        )


def score_article(gold: ArticleExtraction, predicted: ArticleExtraction) -> list[FactOutcome]:
    """Every atomic fact of ``gold`` and ``predicted`` with its verdict."""
    outcomes: list[FactOutcome] = []
    pairs, missed, extra = align(gold.contests, predicted.contests, _contest_similarity)
    for gc, pc in [*pairs, *((c, None) for c in missed), *((None, c) for c in extra)]:
        outcomes += _contest_facts(gc, pc)

    def council_similarity(a: Council, b: Council) -> float:
        return name_similarity(a.council, b.council, drop_noise=True)

    pairs_c, missed_c, extra_c = align(gold.councils, predicted.councils, council_similarity)
    for gk, pk in [*pairs_c, *((c, None) for c in missed_c), *((None, c) for c in extra_c)]:
        outcomes += _council_facts(gk, pk)

    def total_similarity(a: SeatTotal, b: SeatTotal) -> float:
        return 1.0 if a.status == b.status else 0.0

    pairs_t, missed_t, extra_t = align(gold.seat_totals, predicted.seat_totals, total_similarity)
    for gt, pt in [*pairs_t, *((t, None) for t in missed_t), *((None, t) for t in extra_t)]:
        outcomes += _total_facts(gt, pt)

    def referendum_similarity(a: Referendum, b: Referendum) -> float:
        # A national result may be written with no area on one side ("UK" and none); two
        # named areas pair only by their names (a floor for them paired Glasgow with
        # South Lanarkshire and credited duplicate referendums with areas never read).
        if not a.area or not b.area:
            return 0.6
        return name_similarity(a.area, b.area, drop_noise=True)

    pairs_r, missed_r, extra_r = align(
        gold.referendums, predicted.referendums, referendum_similarity
    )
    for gr, pr in [*pairs_r, *((r, None) for r in missed_r), *((None, r) for r in extra_r)]:
        outcomes += _referendum_facts(gr, pr)
    return outcomes


@dataclass
class Counts:
    """True positives, false positives and false negatives, and the metrics from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, outcome: FactOutcome) -> None:
        """Count one verdict (a wrong value is both a false positive and a false negative)."""
        self.tp += outcome.status == "tp"
        self.fp += outcome.status in ("fp", "wrong")
        self.fn += outcome.status in ("fn", "wrong")

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when gold is empty."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Counts and rounded metrics."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Tally:
    """Counts overall and per field."""

    overall: Counts = field(default_factory=Counts)
    by_field: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))

    def add_all(self, outcomes: list[FactOutcome]) -> Tally:
        """Count every verdict; return self."""
        for outcome in outcomes:
            self.overall.add(outcome)
            self.by_field[outcome.field].add(outcome)
        return self


def fact_id(article_id: str, outcome: FactOutcome) -> str:
    """A stable name of a correct fact, used by the regression gate."""
    return f"{article_id} | {outcome.key} | {outcome.field} = {outcome.gold}"
