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
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from extractor.align import find_all_text
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
from extractor.draft import (
    DraftContest,
    DraftCouncil,
    DraftReferendum,
    DraftSeatTotal,
    ElectionFacts,
)
from extractor.grounder import (
    ANOTHER_COUNCILS_FIGURE,
    CANDIDATE_WINDOW,
    CONTEST_AS_COUNCIL,
    CONTEST_WINDOW,
    COUNCIL_AS_TALLY,
    COUNCIL_SEAT_CHANGE,
    COUNCIL_SEATS,
    EMPTY_FACT,
    GAINED_FROM_ITSELF,
    PERCENT,
    SEATS,
    VOTES_AS_MAJORITY,
    Grounder,
    Near,
    first_start,
)
from extractor.merge import same_name
from extractor.places import (
    REGION_AS_AREA,
    named_as_council,
    named_as_ward,
    not_one_contest,
    part_of,
    place_keys,
)
from schemas import (
    ArticleExtraction,
    Contest,
    Council,
    CouncilParty,
    DroppedFact,
    Election,
    Evidence,
    PartyRegistry,
    Referendum,
    ReferendumOption,
    SeatTally,
    SeatTotal,
    default_registry,
)


def _contest(
    g: Grounder, draft: DraftContest, path: str, places: AbstractSet[str] = frozenset()
) -> Contest | None:
    draft = winner_as_party(without_names_as_parties(g, draft, path), g.registry)
    evidence: list[Evidence] = []
    year = g.year(f"{path}.election.year", draft.year)
    reason = not_one_contest(draft.area, draft.kind, year)
    if reason == REGION_AS_AREA:
        g.drop(path, draft.area, reason)
        return None
    if reason:
        # "the constituency", "Sunderland": the result may stand, the area does not.
        g.drop(f"{path}.area", draft.area, reason)
        draft = draft.model_copy(update={"area": None})
    area, _ = g.text(f"{path}.area", draft.area, evidence)
    anchors = g.mentions(area) if area else []
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
        f"{path}.winner_party", draft.winner, evidence, near=anchors
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
    turnout = g.number(
        f"{path}.turnout_pct", draft.turnout, evidence, near, year=year, bounds=PERCENT
    )
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


_COUNCIL_AFFIXES = re.compile(
    r"^(the|isle of|city of|royal borough of|london borough of)\s+|"
    r"\s+((county|borough|district|city|metropolitan)\s+)*council$",
    re.I,
)


def council_core(name: str) -> str:
    """A council's name as prose writes it: "Isle of Anglesey County Council" → "Anglesey"."""
    previous = None
    while previous != name:
        previous, name = name, _COUNCIL_AFFIXES.sub("", name.strip())
    return name


def _council_zones(g: Grounder, name: str, councils: Sequence[str]) -> list[tuple[int, int]]:
    """Stretches of the article about council ``name``: from each mention of it to the next
    mention of another council ("MEDWAY (59 seats) ... DOVER (32 seats)")."""
    mentions = sorted(
        (span.start, council_core(council))
        for council in {council_core(c) for c in [name, *councils]}
        for span in find_all_text(g.article, council)
    )
    own = council_core(name)
    zones = []
    for i, (start, council) in enumerate(mentions):
        if same_name(council, own):
            following = [m for m, c in mentions[i + 1 :] if not same_name(c, own)]
            # From the start of the sentence: "The Tories kept control of Medway, gaining two".
            sentence = max(g.article.rfind(". ", 0, start), g.article.rfind("\n", 0, start)) + 1
            earlier = [m for m, c in mentions[:i] if not same_name(c, own)]
            begin = max(sentence, earlier[-1] + 1 if earlier else 0)
            zones.append((begin, following[0] if following else len(g.article)))
    return zones


def _in_zones(position: int, zones: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in zones)


def _figures_in_zones(
    g: Grounder,
    zones: list[tuple[int, int]],
    figures: tuple[int | None, int | None],
    evidence: list[Evidence],
    path: str,
) -> tuple[int | None, int | None, list[Evidence]]:
    """Seats and changes printed outside the council's stretches belong to another council
    (where the council is named at all)."""
    kept = list(figures)
    for slot, field in enumerate(("seats", "seats_change")):
        span = next((e for e in evidence if e.field == field), None)
        if span is not None and zones and not _in_zones(span.start, zones):
            g.drop(f"{path}.{field}", kept[slot], ANOTHER_COUNCILS_FIGURE)
            evidence = [e for e in evidence if e is not span]
            kept[slot] = None
    return kept[0], kept[1], evidence


def _council(
    g: Grounder,
    draft: DraftCouncil,
    path: str,
    areas: Sequence[str] = (),
    others: Sequence[str] = (),
) -> Council | None:
    """The grounded council of ``draft``; ``areas`` are the article's contests, ``others``
    the names of every council the draft reports on."""
    evidence: list[Evidence] = []
    year = g.year(f"{path}.election.year", draft.year)
    name, _ = g.text(f"{path}.council", draft.council, evidence)
    if name is None:
        return None
    contest_like = any(part_of(name, a) for a in areas) or named_as_ward(g.article, name)
    if contest_like and not named_as_council(g.article, name):
        # A ward, division or constituency the article also reports as a contest.
        g.drop(path, draft.council, CONTEST_AS_COUNCIL)
        return None
    council_mentions = g.mentions(name)
    zones = _council_zones(g, name, others)
    control, control_written, _ = g.party(
        f"{path}.control", draft.control, evidence, near=council_mentions
    )
    parties: list[CouncilParty] = []
    for i, d in enumerate(draft.parties):
        p_path = f"{path}.parties[{i}]"
        p_evidence: list[Evidence] = []
        party, written, _ = g.party(f"{p_path}.party", d.party, p_evidence, near=council_mentions)
        if party is None:
            continue
        # The party's figures are read where the article is about this council.
        mentions = g.party_mentions(party)
        near = Near([m for m in mentions if _in_zones(m, zones)] or mentions, CANDIDATE_WINDOW)
        seats = g.count(
            f"{p_path}.seats", d.seats, p_evidence, near, year=year, bounds=COUNCIL_SEATS
        )
        change = g.count(
            f"{p_path}.seats_change",
            d.change,
            p_evidence,
            near,
            year=None,
            bounds=COUNCIL_SEAT_CHANGE,
        )
        seats, change, p_evidence = _figures_in_zones(g, zones, (seats, change), p_evidence, p_path)
        if seats is None and change is None:
            g.drop(p_path, d.party, EMPTY_FACT)
            continue
        parties.append(
            CouncilParty(
                party=party,
                party_as_written=written,
                seats=seats,
                seats_change=change,
                evidence=p_evidence,
            )
        )
    if control is None and not parties:
        g.drop(path, draft.council, EMPTY_FACT)
        return None
    return Council(
        election=Election(kind="local", year=year),
        council=name,
        control=control,
        control_as_written=control_written,
        control_outcome=draft.outcome,
        parties=parties,
        evidence=evidence,
    )


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


def _referendum(g: Grounder, draft: DraftReferendum, path: str) -> Referendum | None:
    evidence: list[Evidence] = []
    year = g.year(f"{path}.election.year", draft.year)
    area, area_span = g.text(f"{path}.area", draft.area, evidence)
    options: list[ReferendumOption] = []
    for i, d in enumerate(draft.options):
        o_path = f"{path}.options[{i}]"
        o_evidence: list[Evidence] = []
        option, _ = g.text(f"{o_path}.option", d.option, o_evidence, near=first_start([area_span]))
        if option is None:
            continue
        near = Near(g.mentions(option), CONTEST_WINDOW)
        share = g.number(
            f"{o_path}.share_pct", d.share, o_evidence, near, year=year, bounds=PERCENT
        )
        votes = g.count(f"{o_path}.votes", d.votes, o_evidence, near, year=year)
        options.append(
            ReferendumOption(option=option, share_pct=share, votes=votes, evidence=o_evidence)
        )
    if area is None and not options:
        return None
    return Referendum(
        election=Election(kind="other", year=year),
        area=area,
        question=draft.question,
        options=options,
        evidence=evidence,
    )


def _without_council_tallies(
    g: Grounder, totals: list[SeatTotal | None], councils: list[Council]
) -> list[SeatTotal | None]:
    """Seat totals that repeat a council's seats ("Plaid Cymru 44, independents 19" on
    Gwynedd) are that council's composition, not a national tally."""
    kept: list[SeatTotal | None] = []
    for i, total in enumerate(totals):
        figures = {(p.party, p.seats) for p in total.parties} if total else set()
        repeated = any(
            2 * len(figures & {(p.party, p.seats) for p in council.parties}) >= len(figures)
            for council in councils
        )
        if total is not None and figures and repeated:
            g.drop(f"seat_totals[{i}]", total.scope, COUNCIL_AS_TALLY)
            total = None
        kept.append(total)
    return kept


def _wards_reported_as_councils(
    g: Grounder, councils: list[DraftCouncil], areas: list[str]
) -> list[tuple[int, DraftContest]]:
    """Wards and divisions the model reported as councils ("Reform UK won Dartford North
    East, one of several divisions"), as contests: the party "in control" won the seat. Only
    where the article calls the place a ward or division and reports no contest there."""
    wards = []
    for i, council in enumerate(councils):
        name = council.council
        if (
            council.control
            and named_as_ward(g.article, name)
            and not named_as_council(g.article, name)
            and not any(same_name(name, a) for a in areas)
        ):
            ward = DraftContest(
                area=name,
                kind="local",
                year=council.year,
                winner=council.control,
                outcome=council.outcome,
                gained_from=None,
                majority=None,
                turnout=None,
                candidates=[],
            )
            wards.append((i, ward))
    return wards


def ground_facts(
    article: str, facts: ElectionFacts, registry: PartyRegistry | None = None
) -> tuple[ArticleExtraction, list[DroppedFact]]:
    """The grounded public extraction of ``facts``, and every value dropped on the way."""
    g = Grounder(article=article, registry=registry or default_registry())
    places = place_keys(facts)
    contests = [_contest(g, d, f"contests[{i}]", places) for i, d in enumerate(facts.contests)]
    contests = without_titled_references(g, contests)
    areas = [c.area for c in contests if c is not None and c.area]
    names = [d.council for d in facts.councils]
    wards = _wards_reported_as_councils(g, facts.councils, areas)
    contests += [_contest(g, d, f"councils[{i}]", places) for i, d in wards]
    councils = [
        _council(g, d, f"councils[{i}]", areas, names) for i, d in enumerate(facts.councils)
    ]
    totals = [_seat_total(g, d, f"seat_totals[{i}]") for i, d in enumerate(facts.seat_totals)]
    totals = _without_council_tallies(g, totals, [c for c in councils if c is not None])
    referendums = [_referendum(g, d, f"referendums[{i}]") for i, d in enumerate(facts.referendums)]
    extraction = ArticleExtraction(
        contests=[c for c in contests if c is not None],
        councils=[c for c in councils if c is not None],
        seat_totals=[t for t in totals if t is not None],
        referendums=[r for r in referendums if r is not None],
    )
    return extraction, g.dropped
