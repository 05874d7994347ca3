"""Merging drafts from several sources (parsed lists, model calls, article chunks) without duplicates.

Contests are the same when their areas match (case and punctuation aside, or closely by fuzzy
ratio), or, for area-less contests, when they share a candidate name. Earlier sources win a
conflict: callers put the most trustworthy first (parsed lists before model output).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from pydantic import BaseModel
from rapidfuzz import fuzz

from extractor.draft import (
    DraftCandidate,
    DraftContest,
    DraftCouncil,
    DraftOption,
    DraftReferendum,
    DraftSeatTotal,
    ElectionFacts,
)
from extractor.numbers import parse_number
from schemas import canonical_party, default_registry

SAME_NAME = 90.0
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


def name_key(text: str | None) -> str:
    """A name folded for comparison: lower case, words of letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()


def _person_key(name: str | None) -> tuple[str, ...]:
    """A name's words in any order: a list's "HYSLOP, Fiona" is the prose's Fiona Hyslop."""
    return tuple(sorted(name_key(name).split()))


def fold(
    items: Iterable[T],
    same: Callable[[T, T], bool],
    merge: Callable[[T, T], T],
    held: Iterable[T] = (),
) -> list[T]:
    """``held`` then ``items``, each item that is ``same(kept, item)`` as one kept already
    folded into it as ``merge(kept, item)`` (so the earlier one wins a conflict), in order."""
    kept = list(held)
    for item in items:
        index = next((i for i, k in enumerate(kept) if same(k, item)), None)
        if index is None:
            kept.append(item)
        else:
            kept[index] = merge(kept[index], item)
    return kept


def _filled(held: M, extra: M, fields: tuple[str, ...]) -> M:
    """``held`` with each of ``fields`` it leaves empty (None) taken from ``extra``."""
    return held.model_copy(
        update={
            name: getattr(extra, name)
            for name in fields
            if getattr(held, name) is None and getattr(extra, name) is not None
        }
    )


# Words that tell two places apart however alike the rest is: "North West England" is not
# "North East England", nor "West Midlands" "East Midlands" (fuzzy ratios 94 and 92).
DISTINGUISHING_WORDS = frozenset(
    {"north", "south", "east", "west", "central", "mid", "upper", "lower", "inner", "outer"}
    | {"northern", "southern", "eastern", "western", "greater", "new", "old"}
)


def same_name(a: str | None, b: str | None) -> bool:
    """True when two names denote the same thing (exact after folding, or fuzzy ≥ 90 where no
    word of direction, number or letter tells them apart)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if len(ka.split()) > 1 and _person_key(a) == _person_key(b):
        return True  # "HYSLOP, Fiona" is Fiona Hyslop: a list's surname-first order
    apart = set(ka.split()) ^ set(kb.split())
    # "Ward 3" is not "Ward 4", nor "North Ward A" "North Ward B".
    if apart & DISTINGUISHING_WORDS or (apart and all(w.isdigit() or len(w) == 1 for w in apart)):
        return False
    return fuzz.ratio(ka, kb) >= SAME_NAME


def _same_optional(a: str | None, b: str | None) -> bool:
    return (not a and not b) or same_name(a, b)


def _shortened(a: DraftContest, b: DraftContest) -> bool:
    """One source names the seat in full, the other shortens it ("Tunbridge Wells East" and
    "Tunbridge Wells"): the same contest when one of them is only an outcome (no candidates)
    and both give the same winning party, or one gives none and lists the other's winner."""
    words_a, words_b = name_key(a.area).split(), name_key(b.area).split()
    short, long = sorted((words_a, words_b), key=len)
    # "Brighton & Hove, East Brighton" is "East Brighton" with its council before it.
    shortened = long[: len(short)] == short or long[-len(short) :] == short
    if not short or not shortened or (a.candidates and b.candidates):
        return False
    if a.winner and b.winner:
        return canonical_party(a.winner) == canonical_party(b.winner)
    # One names the winner, the other (a result list, which names none) lists candidates: the
    # winner's party must stand in it.
    winner = a.winner or b.winner
    listed = {canonical_party(c.party) for c in (*a.candidates, *b.candidates) if c.party}
    return winner is not None and canonical_party(winner) in listed


def _outcome_of_list(a: DraftContest, b: DraftContest) -> bool:
    """A result list with no area ("Christine Grahame, SNP - 16,031 / ...") and an outcome told
    apart ("SNP hold Midlothian South"): one contest when the outcome's winning party is the
    party of the list's top vote count."""
    listed, told = sorted((a, b), key=lambda c: bool(c.area))
    if listed.area or not told.area or told.candidates or not told.winner:
        return False
    counts = [(parse_number(c.votes), c.party) for c in listed.candidates]
    ranked = sorted(((n, p) for n, p in counts if n is not None and p), reverse=True)
    return bool(ranked) and canonical_party(ranked[0][1]) == canonical_party(told.winner)


def _same_contest(a: DraftContest, b: DraftContest) -> bool:
    if a.area and b.area:
        return same_name(a.area, b.area) or _shortened(a, b) or _same_list(a, b)
    if _outcome_of_list(a, b):
        return True
    names_a = {_person_key(c.name) for c in a.candidates if c.name}
    return any(_person_key(c.name) in names_a for c in b.candidates if c.name) or _same_figures(
        a, b
    )


def _same_list(a: DraftContest, b: DraftContest) -> bool:
    """One printed list under two names (a parsed list under its ward, the model's copy under
    the county it read in a sentence): three or more people with the same vote counts."""

    def people(contest: DraftContest) -> set[tuple[tuple[str, ...], float]]:
        return {
            (_person_key(c.name), float(v))
            for c in contest.candidates
            if c.name and (v := parse_number(c.votes)) is not None
        }

    return len(people(a) & people(b)) >= SAME_LIST


SAME_LIST = 3


def _same_figures(a: DraftContest, b: DraftContest) -> bool:
    """Two printings of one result: a table of the parties' shares and one of the candidates
    ("| Con | 50.1% |" and "| James Heappey | Con | 30,488 | 50.1 |") share two or more
    (party, figure) pairs."""

    def pairs(contest: DraftContest) -> set[tuple[str | None, str, float]]:
        found = set()
        for c in contest.candidates:
            for kind, value in (("votes", c.votes), ("share", c.share)):
                number = parse_number(value)
                if number is not None and c.party:
                    found.add((canonical_party(c.party), kind, float(number)))
        return found

    return len(pairs(a) & pairs(b)) >= 2


def _same_candidate(a: DraftCandidate, b: DraftCandidate) -> bool:
    if a.name and b.name:
        return (
            same_name(a.name, b.name)
            or name_key(a.name).split()[-1:] == name_key(b.name).split()[-1:]
        )
    return not a.name and not b.name and same_name(a.party, b.party)


def _merge_candidate(first: DraftCandidate, second: DraftCandidate) -> DraftCandidate:
    return DraftCandidate(
        name=first.name or second.name,
        party=first.party or second.party,
        votes=first.votes if first.votes is not None else second.votes,
        share=first.share if first.share is not None else second.share,
        change=first.change if first.change is not None else second.change,
        elected=first.elected if first.elected is not None else second.elected,
    )


def _merge_contest(first: DraftContest, second: DraftContest) -> DraftContest:
    candidates = fold(second.candidates, _same_candidate, _merge_candidate, first.candidates)
    return DraftContest(
        area=first.area or second.area,
        kind=first.kind if first.kind != "other" else second.kind,
        year=first.year if first.year is not None else second.year,
        winner=first.winner or second.winner,
        outcome=first.outcome or second.outcome,
        gained_from=first.gained_from or second.gained_from,
        majority=first.majority if first.majority is not None else second.majority,
        turnout=first.turnout if first.turnout is not None else second.turnout,
        candidates=candidates,
    )


def merge_contests(contests: Iterable[DraftContest]) -> list[DraftContest]:
    """Contests with duplicates folded together, first occurrence winning conflicts."""
    return fold(contests, _same_contest, _merge_contest)


def _council_key(name: str | None) -> str:
    """A council's name without "Council"/"City Council" ("Medway Council" is "medway")."""
    return re.sub(
        r"\b(city|county|borough|district|metropolitan)?\s*council\b", "", name_key(name)
    ).strip()


def _same_council(a: str, b: str) -> bool:
    return same_name(_council_key(a), _council_key(b))


def _merge_council(first: DraftCouncil, second: DraftCouncil) -> DraftCouncil:
    parties = fold(
        second.parties,
        lambda a, b: same_name(a.party, b.party),
        lambda held, extra: _filled(held, extra, ("seats", "change")),
        first.parties,
    )
    return first.model_copy(
        update={
            "year": first.year if first.year is not None else second.year,
            "control": first.control or second.control,
            "outcome": first.outcome or second.outcome,
            "parties": parties,
        }
    )


def merge_councils(councils: Iterable[DraftCouncil]) -> list[DraftCouncil]:
    """Councils with the same name folded together (parties merged, first value winning)."""
    return fold(councils, lambda a, b: _same_council(a.council, b.council), _merge_council)


def _figures(total: DraftSeatTotal) -> set[tuple[str | None, str | None]]:
    return {(canonical_party(p.party), p.seats) for p in total.parties}


def _same_tally(a: DraftSeatTotal, b: DraftSeatTotal) -> bool:
    """One tally: the same status and scope (a missing scope matches any), or two parties'
    seats the same (the model calls an exit poll's projection "declared")."""
    scopes_agree = not a.scope or not b.scope or same_name(a.scope, b.scope)
    return (a.status == b.status and scopes_agree) or len(_figures(a) & _figures(b)) >= 2


def _merge_tally(first: DraftSeatTotal, second: DraftSeatTotal) -> DraftSeatTotal:
    """``first`` with the parties only ``second`` lists."""
    known = {canonical_party(p.party) for p in first.parties}
    extra = [p for p in second.parties if canonical_party(p.party) not in known]
    return first.model_copy(
        update={"scope": first.scope or second.scope, "parties": [*first.parties, *extra]}
    )


def _same_referendum(a: DraftReferendum, b: DraftReferendum) -> bool:
    return _same_optional(a.area, b.area)


def _merge_referendum(first: DraftReferendum, second: DraftReferendum) -> DraftReferendum:
    """``first`` with the figures only ``second`` gives ("Orkney voted No", then "In Orkney,
    No won 10,004 votes compared with 4,883 for Yes"), and the answers only it lists."""
    options = fold(
        second.options,
        lambda a, b: name_key(a.option) == name_key(b.option),
        lambda held, extra: _filled(held, extra, ("votes", "share")),
        first.options,
    )
    return first.model_copy(
        update={"question": first.question or second.question, "options": options}
    )


def merge_facts(parts: Iterable[ElectionFacts]) -> ElectionFacts:
    """One draft from several, most trustworthy first."""
    parts = list(parts)
    return ElectionFacts.of(
        contests=merge_contests(c for p in parts for c in p.contests),
        councils=merge_councils(c for p in parts for c in p.councils),
        seat_totals=fold((t for p in parts for t in p.seat_totals), _same_tally, _merge_tally),
        referendums=fold(
            (r for p in parts for r in p.referendums), _same_referendum, _merge_referendum
        ),
    )


REFERENDUM_OPTIONS = frozenset({"yes", "no", "leave", "remain"})


def _option_of(candidate: DraftCandidate) -> str | None:
    for text in (candidate.name, candidate.party):
        if text and name_key(text) in REFERENDUM_OPTIONS:
            return text
    return None


def referendums_from_contests(facts: ElectionFacts) -> ElectionFacts:
    """Contests whose "candidates" are all referendum answers (Leave/Remain, Yes/No) are
    referendum results: small models file them as contests with the answers as parties."""
    contests: list[DraftContest] = []
    found: list[DraftReferendum] = []
    for contest in facts.contests:
        options = [_option_of(c) for c in contest.candidates]
        if not contest.candidates or None in options:
            contests.append(contest)
            continue
        found.append(
            DraftReferendum(
                area=contest.area,
                year=contest.year,
                question=None,
                options=[
                    DraftOption(option=option or "", share=c.share, votes=c.votes)
                    for option, c in zip(options, contest.candidates, strict=True)
                ],
            )
        )
    # The area's referendum read already (a verdict in prose) keeps its figures first.
    referendums = fold(found, _same_referendum, _merge_referendum, facts.referendums)
    return facts.model_copy(update={"contests": contests, "referendums": referendums})


def without_council_contests(facts: ElectionFacts, article: str) -> ElectionFacts:
    """Contests that are a council's control ("Labour took Medway") rather than a seat's result.

    A contest named like a council of the same answer, with no candidate's votes, repeats the
    council as a contest with parties for candidates; it is removed, but not where the article
    calls that place a ward: a model that files a ward's by-election under both keeps its
    contest (the council is then dropped in grounding as a contest told as a council). So is a
    contest named after the council of a round-up's heading whose ward has its own contest.
    """
    from extractor.places import ROUNDUP_HEADING, named_as_ward  # places imports this module

    councils = {_council_key(c.council) for c in facts.councils}
    areas = {_council_key(c.area) for c in facts.contests if c.area}
    # "Ashford, Beaver - UKIP gain": a contest at "Ashford" is the heading's ward result read
    # at its council's name, where the ward's own contest is there.
    headed = {
        _council_key(m.group("council"))
        for m in ROUNDUP_HEADING.finditer(article)
        if _council_key(m.group("ward")) in areas
    }
    contests = [
        c
        for c in facts.contests
        if not (
            _council_key(c.area) in councils
            and all(parse_number(candidate.votes) is None for candidate in c.candidates)
            and not (c.area and named_as_ward(article, c.area))
        )
        and _council_key(c.area) not in headed
    ]
    return facts.model_copy(update={"contests": contests})


def without_tally_contests(facts: ElectionFacts) -> ElectionFacts:
    """Contests that are a seat tally read as a result ("Con 318, Lab 262" as votes).

    A contest whose candidates are parties with no names, at least two of them, each with the
    very count a seat tally of the same answer gives that party, is the tally again; it is
    removed. A real result's votes are not a tally's seat counts, party for party.
    """
    seats = {
        (canonical_party(p.party), parse_number(p.seats))
        for total in facts.seat_totals
        for p in total.parties
    }

    registry = default_registry()

    def party_only(candidate: DraftCandidate) -> str | None:
        # The model often writes the party in the name's place ("Con", no party).
        if not candidate.name:
            return candidate.party
        return candidate.name if not candidate.party and registry.is_known(candidate.name) else None

    def repeats_a_tally(contest: DraftContest) -> bool:
        parties = [party_only(c) for c in contest.candidates]
        rows = [
            (canonical_party(p), parse_number(c.votes))
            for p, c in zip(parties, contest.candidates, strict=True)
        ]
        return len(rows) >= 2 and all(
            party and row in seats and row[1] is not None
            for party, row in zip(parties, rows, strict=True)
        )

    contests = [c for c in facts.contests if not repeats_a_tally(c)]
    return facts.model_copy(update={"contests": contests})


def councils_from_outcome_contests(facts: ElectionFacts, article: str) -> ElectionFacts:
    """In a local-elections round-up, a "contest" with no candidates that only says who won a
    place ("Labour gained Thurrock") is a council changing hands: it becomes that council's
    control (merged into a council of the same name). A place the article calls a ward or a
    division stays a contest.
    """
    from extractor.places import named_as_ward  # places imports this module

    registry = default_registry()
    told: list[DraftCouncil] = []
    contests = []
    for contest in facts.contests:
        # Party rows with no figure ("Labour" beside "Labour gained Thurrock") are no candidates.
        stood = any(
            (c.name and not registry.is_known(c.name))
            or parse_number(c.votes) is not None
            or parse_number(c.share) is not None
            for c in contest.candidates
        )
        if stood or not contest.area or not contest.winner or named_as_ward(article, contest.area):
            contests.append(contest)
            continue
        told.append(
            DraftCouncil(
                council=contest.area,
                year=contest.year,
                control=contest.winner,
                outcome=contest.outcome,
                parties=[],
            )
        )
    councils = fold(
        told,
        lambda a, b: _council_key(a.council) == _council_key(b.council),
        _merge_council,
        facts.councils,
    )
    return facts.model_copy(update={"contests": contests, "councils": councils})
