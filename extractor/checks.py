"""Consistency checks on a grounded extraction.

Articles contain real errors, so a check never changes a number: it keeps what the article says
and flags the contradiction as a warning. The two repairs are to the model's judgements, not to
figures of the article: in a single-winner contest whose candidates all have grounded vote
counts, the candidate with the most votes is elected; and in a single-winner contest the
winning party is the elected candidate's party.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from schemas import Candidate, Contest, Council

SINGLE_WINNER_KINDS = frozenset({"general", "by-election", "mayoral"})
SHARE_SLACK = 0.5  # rounding: shares printed to one decimal can sum to a little over 100


def _label(contest: Contest) -> str:
    return contest.area or "(contest without area)"


def _top_two(contest: Contest) -> tuple[int, int] | None:
    votes = sorted((c.votes for c in contest.candidates if c.votes is not None), reverse=True)
    return (votes[0], votes[1]) if len(votes) >= 2 else None


def check_majority(contest: Contest) -> Iterator[str]:
    """The majority equals first minus second where every candidate's votes are known."""
    top = _top_two(contest)
    complete = all(c.votes is not None for c in contest.candidates)
    if contest.majority is not None and top and complete and top[0] - top[1] != contest.majority:
        yield (
            f"{_label(contest)}: the stated majority {contest.majority:,} is not first minus second "
            f"({top[0]:,} − {top[1]:,} = {top[0] - top[1]:,}); kept as the article states it"
        )


def check_shares(contest: Contest) -> Iterator[str]:
    """Vote shares sum to at most 100 (with rounding slack)."""
    total = sum(c.share_pct for c in contest.candidates if c.share_pct is not None)
    if total > 100 + SHARE_SLACK:
        yield f"{_label(contest)}: vote shares sum to {total:g}%, more than 100%"


def check_winner(contest: Contest) -> Iterator[str]:
    """The winning party is the party of the candidate with the most votes."""
    voted = [c for c in contest.candidates if c.votes is not None]
    if contest.winner_party is None or len(voted) < 2 or len(voted) != len(contest.candidates):
        return
    leader = max(voted, key=lambda c: c.votes or 0)
    if leader.party is not None and leader.party != contest.winner_party:
        yield (
            f"{_label(contest)}: winner given as {contest.winner_party} but {leader.name or leader.party} "
            f"({leader.party}) has the most votes"
        )


def check_council(council: Council) -> Iterator[str]:
    """A party cannot have gained more seats than it now holds."""
    for row in council.parties:
        if row.seats is not None and row.seats_change is not None and row.seats_change > row.seats:
            yield f"{council.council}: {row.party} gained {row.seats_change} seats but holds only {row.seats}"


CONTEST_CHECKS: tuple[Callable[[Contest], Iterator[str]], ...] = (
    check_majority,
    check_shares,
    check_winner,
)
COUNCIL_CHECKS: tuple[Callable[[Council], Iterator[str]], ...] = (check_council,)


def names_only_its_top_candidate(contest: Contest) -> bool:
    """A list that names one person, the one with the most votes, beside party rows ("Berechurch:
    Labour (Dave Harris) 1,958, Conservative 858, UKIP 521"): the seat it reports is one."""
    named = [c for c in contest.candidates if c.name]
    voted = [c.votes for c in contest.candidates if c.votes is not None]
    return (
        len(named) == 1
        and len(voted) >= 2
        and named[0].votes is not None
        and named[0].votes == max(voted)
        and voted.count(max(voted)) == 1
    )


def is_single_winner(contest: Contest, single_seat: bool = False, stv: bool = False) -> bool:
    """A contest for one seat: by its kind, a council ward's by-election (``single_seat``), a
    devolved constituency in an article with no single transferable vote (``stv``: Holyrood's
    and the Senedd's constituencies elect one member, Stormont's five), or a list naming only
    its top candidate."""
    kind = contest.election.kind
    return (
        kind in SINGLE_WINNER_KINDS
        or (single_seat and kind == "local")
        or (not stv and kind == "devolved")
        or names_only_its_top_candidate(contest)
    )


# Words of an election by the single transferable vote (Northern Ireland's Assembly, Scottish
# council wards): its constituencies elect several members.
STV_CUES = re.compile(
    r"\b(STV|single transferable vote|first[- ]preferences?|quota|transfers?|MLAs?|Stormont)\b",
    re.I,
)


def uses_stv(article: str) -> bool:
    """True when the article tells of an election by the single transferable vote."""
    return STV_CUES.search(article) is not None


def others_not_elected(
    contest: Contest, single_seat: bool = False, stv: bool = False
) -> tuple[Contest, list[str]]:
    """In a single-winner contest with one candidate elected, the other named candidates were
    not: their unknown flags become False. A party's row with no name stays unknown (it is a
    count, not a person)."""
    if not is_single_winner(contest, single_seat, stv):
        return contest, []
    if sum(1 for c in contest.candidates if c.elected) != 1:
        return contest, []
    counted = any(c.votes is not None for c in contest.candidates)

    def lost(c: Candidate) -> bool:
        # Beside vote counts, a name with no figure of its own may be another contest's
        # person the model filed here (left unknown by ``reconcile_elected``): not inferred.
        figure = c.votes is not None or c.share_pct is not None
        return c.elected is None and bool(c.name) and (figure or not counted)

    candidates = [
        c.model_copy(update={"elected": False}) if lost(c) else c for c in contest.candidates
    ]
    return contest.model_copy(update={"candidates": candidates}), []


def reconcile_elected(
    contest: Contest, single_seat: bool = False, stv: bool = False
) -> tuple[Contest, list[str]]:
    """In a single-winner contest with two or more vote counts grounded, the top vote wins.

    A candidate with no votes called elected beside one with votes also called elected
    contradicts the counts (a 1.5B model files other seats' winners under the contest it is
    reading): that flag becomes unknown. When only candidates without votes are called
    elected ("X won; Y had 5,000 and Z 3,000"), the winner's count is not given: left as read.
    A row with a party and no name ("LD 575, C 564") that lost is left unknown: it is a party's
    count, not a person who was not elected.
    """
    voted = [c.votes for c in contest.candidates if c.votes is not None]
    claimed = {c.votes is not None for c in contest.candidates if c.elected}
    if (
        not is_single_winner(contest, single_seat, stv)
        or len(voted) < 2
        or voted.count(max(voted)) > 1
        or claimed == {False}
    ):
        return contest, []
    best = max(voted)
    candidates = []
    changed = []
    unknown = []
    for candidate in contest.candidates:
        elected: bool | None = candidate.elected
        if candidate.votes is not None:
            elected = candidate.votes == best
            if not elected and candidate.name is None and candidate.elected is None:
                elected = None
            if candidate.elected is not None and candidate.elected != elected:
                changed.append(candidate.name or candidate.party or "?")
        elif candidate.elected:
            elected = None
            unknown.append(candidate.name or candidate.party or "?")
        candidates.append(candidate.model_copy(update={"elected": elected}))
    warnings = []
    if changed:
        warnings.append(
            f"{_label(contest)}: elected flags of {', '.join(changed)} set from the vote counts"
        )
    if unknown:
        warnings.append(
            f"{_label(contest)}: {', '.join(unknown)} called elected with no votes, against "
            "the vote counts: left unknown"
        )
    return contest.model_copy(update={"candidates": candidates}), warnings


def elected_from_winner(
    contest: Contest, single_seat: bool = False, stv: bool = False
) -> tuple[Contest, list[str]]:
    """In a single-winner contest whose winning party is stated and where nobody is called
    elected, the one named candidate of that party won: "Labour hold Wish; Bella Sankey
    (Labour) ..." elects Bella Sankey. Two candidates of the winning party, or a candidate
    called not elected, leave it unknown."""
    if not is_single_winner(contest, single_seat, stv) or contest.winner_party is None:
        return contest, []
    if any(c.elected for c in contest.candidates):
        return contest, []
    ours = [c for c in contest.candidates if c.party == contest.winner_party]
    if len(ours) != 1 or ours[0].elected is False or not ours[0].name:
        return contest, []
    winner = ours[0]
    candidates = [
        c.model_copy(update={"elected": True}) if c is winner else c for c in contest.candidates
    ]
    return contest.model_copy(update={"candidates": candidates}), []


def winner_from_elected(
    contest: Contest, single_seat: bool = False, stv: bool = False
) -> tuple[Contest, list[str]]:
    """In a single-winner contest the winning party is the elected candidate's party."""
    elected = [c for c in contest.candidates if c.elected]
    if not is_single_winner(contest, single_seat, stv) or len(elected) != 1:
        return contest, []
    party = elected[0].party
    if party is None or party == contest.winner_party:
        return contest, []
    warning = (
        f"{_label(contest)}: winner set to {party}, the party of the elected "
        f"{elected[0].name or 'candidate'} (the model said {contest.winner_party or 'nothing'})"
    )
    return contest.model_copy(
        update={"winner_party": party, "winner_party_as_written": elected[0].party_as_written}
    ), [warning]
