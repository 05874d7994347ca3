"""Grounding: map the model's draft onto the public schema, keeping only what the article says.

Every name and number the model proposed is located in the article (:mod:`extractor.align`);
each kept value gets an :class:`~schemas.Evidence` span with exact offsets. A value that does
not occur, occurs only as an approximation ("more than 20,000"), or only as a figure of an
earlier election ("a majority of 7,361 in 2015") is dropped and listed with the reason.
Numbers must sit near the fact they belong to (its candidate name or area), so a figure from
another paragraph is not attributed to the wrong contest.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import TypeVar

from extractor.candidates import (
    MAJORITY_CUE,
    ground_candidate,
    is_a_vote_count,
    one_candidate_per_party,
    one_owner_per_vote_figure,
    people_only,
    stated_candidates,
    winner_as_party,
    without_names_as_parties,
    without_titled_references,
    without_votes_at,
)
from extractor.checks import SINGLE_WINNER_KINDS
from extractor.councils import (
    ground_council,
    without_council_tallies,
)
from extractor.draft import (
    DraftContest,
    DraftSeatTotal,
    ElectionFacts,
)
from extractor.grounder import (
    CANDIDATE_WINDOW,
    CONTEST_WINDOW,
    GAINED_FROM_ITSELF,
    NO_AREA_NO_FIGURE,
    NO_MAJORITY_WORDS,
    NO_TURNOUT_WORDS,
    PERCENT,
    SEATS,
    UNKNOWN_WINNER,
    VOTES_AS_MAJORITY,
    Grounder,
    Near,
    rule,
)
from extractor.numbers import parse_number
from extractor.places import (
    NOT_A_CONSTITUENCY,
    REGION_AS_AREA,
    named_as_constituency,
    not_one_contest,
    place_keys,
)
from extractor.referendums import ground_referendum
from schemas import (
    ArticleExtraction,
    Contest,
    DroppedFact,
    Election,
    Evidence,
    PartyRegistry,
    SeatTally,
    SeatTotal,
    default_registry,
)

_AREA_TYPE = re.compile(r"^the\s+|(?:\s+(?:ward|division|constituency|by-?election|seat))+$", re.I)
# No constituency's winner has had fewer votes since 2010 (Na h-Eileanan an Iar's 6,692 in 2024
# was the fewest); a council ward's counts are smaller.
WARD_VOTES = 6_000


def _ward_sized(draft: DraftContest) -> bool:
    votes = [v for c in draft.candidates if (v := parse_number(c.votes)) is not None]
    return len(votes) >= 2 and max(votes) < WARD_VOTES


def _contest(
    g: Grounder, draft: DraftContest, path: str, places: AbstractSet[str] = frozenset()
) -> Contest | None:
    draft = winner_as_party(without_names_as_parties(g, draft, path), g.registry)
    evidence: list[Evidence] = []
    year = g.year(f"{path}.election.year", draft.year)
    if draft.area and _AREA_TYPE.search(draft.area):
        # "Inverness West ward", "the Claines ward by-election": the place is the name.
        draft = draft.model_copy(update={"area": _AREA_TYPE.sub("", draft.area).strip()})
    reason = not_one_contest(draft.area, draft.kind, year)
    if reason == REGION_AS_AREA and not any(
        c.name and not g.registry.is_known(c.name) and (c.votes is not None or c.share is not None)
        for c in draft.candidates
    ):
        # "Scotland: SNP 48" is a tally; a named candidate's result is one contest whose
        # area the model took from a council or region around it (the area alone goes).
        g.drop(path, draft.area, reason)
        return None
    if reason == NOT_A_CONSTITUENCY and draft.area and named_as_constituency(g.article, draft.area):
        reason = None  # the article calls it a constituency: its name, as written, stands
    if reason == NOT_A_CONSTITUENCY and _ward_sized(draft):
        # A list under a heading that is no constituency, with counts of a ward's size, in an
        # article about a general election: the council wards counted the same night.
        draft = draft.model_copy(update={"kind": "local"})
        reason = None
    if reason:
        # "the constituency", "Sunderland": the result may stand, the area does not.
        g.drop(f"{path}.area", draft.area, reason)
        draft = draft.model_copy(update={"area": None})
    area, _ = g.text(f"{path}.area", draft.area, evidence)
    anchors = g.place_mentions(area) if area else []
    candidates = [
        c
        for i, d in enumerate(draft.candidates)
        if (c := ground_candidate(g, d, f"{path}.candidates[{i}]", contest=anchors, year=year))
    ]
    candidates = people_only(g, one_owner_per_vote_figure(g, candidates, path), path, places)
    candidates = stated_candidates(g, candidates, path)
    if draft.kind in SINGLE_WINNER_KINDS:
        candidates = one_candidate_per_party(g, candidates, path)
    anchors = sorted(set(anchors) | {e.start for c in candidates for e in c.evidence})
    outcome = g.outcome(f"{path}.outcome", draft.outcome, evidence, anchors)
    winner, winner_written, _ = g.party(
        f"{path}.winner_party",
        # "Jo Johnson" as Orpington's winner is a person the model could not tie to a party.
        g.known_or_own_party(
            f"{path}.winner_party",
            draft.winner,
            [c.party for c in draft.candidates],
            UNKNOWN_WINNER,
        ),
        evidence,
        near=anchors,
    )
    loser, loser_written, _ = g.party(
        f"{path}.gained_from", draft.gained_from, evidence, near=anchors
    )
    if loser is not None and loser == winner:
        # One of the two is wrong and nothing says which: neither is reported.
        g.drop(f"{path}.gained_from", draft.gained_from, GAINED_FROM_ITSELF)
        g.drop(f"{path}.winner_party", draft.winner, GAINED_FROM_ITSELF)
        evidence = [e for e in evidence if e.field not in ("gained_from", "winner_party")]
        loser = loser_written = winner = winner_written = None
    near = Near(anchors, CONTEST_WINDOW)
    majority = g.count(f"{path}.majority", draft.majority, evidence, near, year=year)
    if majority is not None and is_a_vote_count(evidence[-1], candidates):
        # One printed figure cannot be both: the words before it say which it is.
        if MAJORITY_CUE.search(g.article[max(0, evidence[-1].start - 40) : evidence[-1].start]):
            candidates = without_votes_at(g, evidence[-1], candidates, path)
        else:
            g.drop(f"{path}.majority", draft.majority, VOTES_AS_MAJORITY)
            evidence.pop()
            majority = None
    majority = _with_words(g, f"{path}.majority", majority, draft.majority, evidence, MAJORITY)
    turnout = g.number(
        f"{path}.turnout_pct", draft.turnout, evidence, near, year=year, bounds=PERCENT
    )
    # "16,948 votes, (48.9 per cent)" is the winner's share, not the turnout.
    turnout = _with_words(g, f"{path}.turnout_pct", turnout, draft.turnout, evidence, TURNOUT)
    if area is None and not candidates:
        if winner or majority or turnout:
            g.drop(path, draft.area or "", "contest with neither an area nor candidates")
        return None
    return Contest(
        election=Election(kind=draft.kind, year=year),
        area=area,
        winner_party=winner,
        winner_party_as_written=winner_written,
        outcome=outcome,
        gained_from=loser if outcome == "gain" else None,
        gained_from_as_written=loser_written if outcome == "gain" else None,
        majority=majority,
        turnout_pct=turnout,
        candidates=candidates,
        evidence=evidence,
    )


# The words a turnout or a majority is written with, and how far from its figure they stand
# ("Turnout 35,807 (44.67%)", "a majority of 4,161", "won by 56 votes", "Lab maj 810").
TURNOUT_WORDS = re.compile(
    r"turn[\s-]?out|turned out|\bpoll\b|percentage poll|\bvoted\b|voting|electorate", re.I
)
MAJORITY_WORDS = re.compile(r"majorit|\bmaj\b|margin|\bby\b|ahead|lead\b|more than", re.I)
CUE_REACH = 60
MAJORITY = (MAJORITY_WORDS, NO_MAJORITY_WORDS)
TURNOUT = (TURNOUT_WORDS, NO_TURNOUT_WORDS)

_N = TypeVar("_N", int, float)


def _with_words(
    g: Grounder,
    path: str,
    value: _N | None,
    written: str | None,
    evidence: list[Evidence],
    words: tuple[re.Pattern[str], str],
) -> _N | None:
    """A grounded figure kept only where its words stand beside it (its evidence is the last
    one added); else dropped with the reason that names them."""
    cue, reason = words
    if value is None or _cue_beside(g.article, evidence[-1], cue):
        return value
    g.drop(path, written, reason)
    evidence.pop()
    return None


def _cue_beside(article: str, found: Evidence, cue: re.Pattern[str]) -> bool:
    """True when ``cue`` is written within CUE_REACH characters of the figure (on its line or
    as the label on the line above: "Majority\n5,025"), or heads its table's column: a line
    without figures above it that names the column ("... Turnout Votes Vote share Majority")."""
    lines_before = article[: found.start].split("\n")
    before = "\n".join(lines_before[-2:])[-CUE_REACH:]
    after = article[found.end : found.end + CUE_REACH].split("\n", 1)[0]
    if cue.search(before) or cue.search(after):
        return True
    header = [line for line in lines_before[-HEADER_REACH:-1] if not re.search(r"\d", line)]
    return any(cue.search(line) for line in header)


HEADER_REACH = 8


def _seat_total(g: Grounder, draft: DraftSeatTotal, path: str) -> SeatTotal | None:
    evidence: list[Evidence] = []
    year = g.year(f"{path}.election.year", draft.year)
    scope, _ = g.text(f"{path}.scope", draft.scope, evidence)
    tallies: list[SeatTally] = []
    for i, d in enumerate(draft.parties):
        t_path = f"{path}.parties[{i}]"
        t_evidence: list[Evidence] = []
        party, written, _ = g.party(f"{t_path}.party", d.party, t_evidence, near=[])
        if party is None:
            continue
        near = Near(g.party_mentions(party), CANDIDATE_WINDOW)
        seats = g.count(f"{t_path}.seats", d.seats, t_evidence, near, year=year, bounds=SEATS)
        if seats is None:
            continue
        tallies.append(
            SeatTally(party=party, party_as_written=written, seats=seats, evidence=t_evidence)
        )
    if not tallies:
        return None
    return SeatTotal(
        election=Election(kind="general", year=year),
        scope=scope,
        status=draft.status,
        parties=tallies,
        evidence=evidence,
    )


@rule(
    "anchored_contests",
    "a contest with neither an area nor a figure is a person named in passing",
)
def anchored_contests(g: Grounder, contests: list[Contest | None]) -> list[Contest | None]:
    """Contests with neither an area nor a vote figure are people named in passing ("Jeremy
    Corbyn", a reporter "Joe Barlow writes"), not results: dropped, even with a gain or hold
    near them (real-dev: 4 texts up, none down, against keeping those; dev replay +0.002)."""
    kept: list[Contest | None] = []
    for i, contest in enumerate(contests):
        figures = contest is not None and any(
            c.votes is not None or c.share_pct is not None for c in contest.candidates
        )
        if contest is not None and contest.area is None and not figures:
            g.drop(f"contests[{i}]", _who(contest), NO_AREA_NO_FIGURE)
            kept.append(None)
        else:
            kept.append(contest)
    return kept


def _who(contest: Contest) -> str:
    return ", ".join(c.name or c.party or "?" for c in contest.candidates) or "(empty)"


def ground_facts(
    article: str,
    facts: ElectionFacts,
    registry: PartyRegistry | None = None,
    *,
    disabled: frozenset[str] = frozenset(),
) -> tuple[ArticleExtraction, list[DroppedFact]]:
    """The grounded public extraction of ``facts``, and every value dropped on the way
    (``disabled``: names of grounding rules, :data:`extractor.grounder.RULES`, to skip)."""
    g = Grounder(article=article, registry=registry or default_registry(), disabled=disabled)
    places = place_keys(facts)
    contests = [_contest(g, d, f"contests[{i}]", places) for i, d in enumerate(facts.contests)]
    contests = anchored_contests(g, without_titled_references(g, contests))
    areas = [c.area for c in contests if c is not None and c.area]
    names = [d.council for d in facts.councils]
    councils = [
        ground_council(g, d, f"councils[{i}]", areas, names) for i, d in enumerate(facts.councils)
    ]
    totals = [_seat_total(g, d, f"seat_totals[{i}]") for i, d in enumerate(facts.seat_totals)]
    totals = without_council_tallies(g, totals, [c for c in councils if c is not None])
    referendums = [
        ground_referendum(g, d, f"referendums[{i}]") for i, d in enumerate(facts.referendums)
    ]
    extraction = ArticleExtraction(
        contests=[c for c in contests if c is not None],
        councils=[c for c in councils if c is not None],
        seat_totals=[t for t in totals if t is not None],
        referendums=[r for r in referendums if r is not None],
    )
    return extraction, g.dropped
