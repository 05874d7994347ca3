"""The whole-text reading as a supplement to the passage reading, not a second opinion.

``EXTRACTOR_WHOLE_READING`` adds one call that reads the whole text with every topic. Merged as
one more answer, it cost precision on real text (83 real-dev texts, 'always': P 0.799 -> 0.716
for R 0.762 -> 0.783, F1 0.780 -> 0.748): a small model reading a whole page names a ward's
list after a candidate or the county, makes contests of prose about leaders, and reads a
result's votes as a seat tally. What it adds that is right is mostly figures the passages
missed *within* the results they found (a candidate's count, a majority). So, where the
passages or parsers found anything, its answer is cut down to that before the merge:

* a contest that is one the passages found (same area, or a person or a vote count in common)
  takes that contest's area, so the merge folds it in and fills only what is missing (earlier
  sources win a conflict); of its candidates only people, or the found contest's own, stay;
* a council, seat tally or referendum stays where it is one found;
* nothing else stays. (Keeping new printed results, or kinds the passages found none of, lost
  on real-dev: 0.774 against 0.778.)

When the passages and parsers found nothing at all, the whole reading is kept as it is (the
'fallback' setting asks for it only then).
"""

from __future__ import annotations

from collections.abc import Iterable

from extractor.draft import DraftContest, ElectionFacts
from extractor.merge import (
    _person_key,
    _same_candidate,
    _same_contest,
    _same_council,
    _same_optional,
    _same_tally,
)
from extractor.numbers import parse_number

__all__ = ["as_supplement"]

MIN_SHARED_COUNT = 20  # a vote count this large in common is the same result, not chance


def _people(contest: DraftContest) -> set[tuple[str, ...]]:
    return {_person_key(c.name) for c in contest.candidates if c.name and len(c.name.split()) > 1}


def _counts(contest: DraftContest) -> set[float]:
    return {
        float(n)
        for c in contest.candidates
        if (n := parse_number(c.votes)) is not None and n >= MIN_SHARED_COUNT
    }


def _found_as(contest: DraftContest, found: list[DraftContest]) -> DraftContest | None:
    """The passages' contest that ``contest`` is another reading of, if any (one with an area:
    the area is what folds the two together in the merge)."""
    for other in found:
        if other.area and (
            _same_contest(other, contest)
            or _people(other) & _people(contest)
            or _counts(other) & _counts(contest)
        ):
            return other
    return None


def _contests(whole: list[DraftContest], found: list[DraftContest]) -> list[DraftContest]:
    kept = []
    for contest in whole:
        match = _found_as(contest, found)
        if match is not None:
            # Only people fill in a found result: a party-only row the whole reading adds is
            # as often a seat count read as votes.
            candidates = [
                c
                for c in contest.candidates
                if (c.name and len(c.name.split()) > 1)
                or any(_same_candidate(c, m) for m in match.candidates)
            ]
            kept.append(contest.model_copy(update={"area": match.area, "candidates": candidates}))
    return kept


def as_supplement(whole: ElectionFacts, found: Iterable[ElectionFacts]) -> ElectionFacts:
    """``whole`` (the whole-text reading) cut down to what it adds to the ``found`` facts."""
    found = list(found)
    contests = [c for f in found for c in f.contests]
    councils = [c for f in found for c in f.councils]
    totals = [t for f in found for t in f.seat_totals]
    referendums = [r for f in found for r in f.referendums]
    if not (contests or councils or totals or referendums):
        return whole
    return ElectionFacts.of(
        contests=_contests(whole.contests, contests),
        councils=[
            c for c in whole.councils if any(_same_council(o.council, c.council) for o in councils)
        ],
        seat_totals=[t for t in whole.seat_totals if any(_same_tally(o, t) for o in totals)],
        referendums=[
            r for r in whole.referendums if any(_same_optional(o.area, r.area) for o in referendums)
        ],
    )
