"""Councils: ground a council's control and seats, and keep wards and tallies apart from it.

A council's figures are read where the article is about that council (from its name to the
next council's); a ward the model calls a council becomes that ward's contest; a seat tally
that repeats a council's seats is that council, not a national tally.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.align import find_all_text
from extractor.draft import (
    DraftCouncil,
)
from extractor.grounder import (
    ANOTHER_COUNCILS_FIGURE,
    CANDIDATE_WINDOW,
    CONTEST_AS_COUNCIL,
    CONTROL_NOT_STATED,
    CONTROL_OF_WARD,
    COUNCIL_AS_TALLY,
    COUNCIL_SEAT_CHANGE,
    COUNCIL_SEATS,
    EMPTY_FACT,
    HYPOTHETICAL_CONTROL,
    LARGEST_NOT_CONTROL,
    NOT_A_CHANGE,
    NOT_A_PARTY,
    SEATS_AS_CHANGE,
    Grounder,
    Near,
    rule,
)
from extractor.merge import same_name
from extractor.places import (
    ROUNDUP_HEADING,
    council_place,
    named_as_council,
    named_as_ward,
    part_of,
    sentence_at,
    sentence_start,
)
from schemas import (
    Council,
    CouncilParty,
    Election,
    Evidence,
    SeatTotal,
)

_COUNCIL_AFFIXES = re.compile(
    r"^(the|isle of|city of|royal borough of|london borough of)\s+|"
    r"\s+((county|borough|district|city|metropolitan)\s+)*council$",
    re.I,
)


# A seat change is written as one: "(+7)", "-4", "gained three", "lost four seats", "up two",
# "a net gain of 12". "one Conservative councillor in Frome" is no change of one seat.
_CHANGE_CUES = re.compile(
    r"[+\u2212]|(?<![\w,.])-\s*\d|\b(gain\w*|won|wins?|lost|los(e|es|ing)|up|down|net|more|"
    r"fewer|extra|additional|change[sd]?)\b",
    re.I,
)
_CHANGE_CUE_BEFORE, _CHANGE_CUE_AFTER = 40, 25
# "Labour gained seven seats", "the Conservatives lost 11 seats", "made ten gains": a figure
# written as seats changing hands (the sign from the verb), never the party's seats.
_GAINED_BEFORE = re.compile(
    r"\b(?P<verb>gained|gaining|picked\s+up|lost|losing)\s+(?:a\s+(?:hefty|further|net)\s+|"
    r"another\s+|a\s+net\s+)?$",
    re.I,
)
_GAINS_AFTER = re.compile(r"^\s+(?:net\s+)?(?P<noun>gains|losses)\b", re.I)
_LOSS_WORDS = ("lost", "losing", "losses")


def _seats_as_change(article: str, evidence: list[Evidence]) -> int | None:
    """+1 or -1 when the party's "seats" figure is written as seats gained or lost, else None."""
    for e in (e for e in evidence if e.field == "seats"):
        before = _GAINED_BEFORE.search(article[max(0, e.start - 30) : e.start])
        after = _GAINS_AFTER.match(article[e.end : e.end + 20])
        found = before.group("verb") if before else after.group("noun") if after else None
        if found is not None:
            return -1 if found.lower().split()[0] in _LOSS_WORDS else 1
    return None


def _written_as_change(article: str, evidence: list[Evidence]) -> bool:
    """True when the article's figure for a seat change has a sign or a change word beside it."""
    spans = [e for e in evidence if e.field == "seats_change"]
    return any(
        _CHANGE_CUES.search(
            article[max(0, e.start - _CHANGE_CUE_BEFORE) : e.end + _CHANGE_CUE_AFTER]
        )
        for e in spans
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
            sentence = sentence_start(g.article, start)
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


# Words that say who runs a council ("won control", "stays hung", "kept its majority").
_CONTROL_CUES = re.compile(
    r"\b(control(s|led|ling)?|overall|majority|hung|runs?|running|largest|biggest|hold|held|"
    r"kept|keeps|retain(s|ed)?|lose|lost|loses|gain(s|ed)?|took|takes|taken|seized|victory|victorious|"
    r"no change)\b",
    re.I,
)


# Words that say it of the council whatever else the sentence is about.
_STRONG_CONTROL_CUES = re.compile(
    r"\b(control(s|led|ling)?|overall|hung|runs?|running|largest|biggest|administration)\b", re.I
)
# A sentence about one seat ("took to the polls to vote for a new councillor to represent the
# ward at Wychavon District Council"): its gain or victory is the seat's, not the council's.
_ONE_SEAT = re.compile(
    r"\b(by-?elections?|ward|division|councillor|took\s+to\s+the\s+polls)\b", re.I
)


def _control_stated(article: str, mentions: Sequence[int]) -> bool:
    """True when a sentence naming the council has words about who runs it, or a council's
    name standing alone on its line has them on the next ("Bridgend" / "LAB LOSE TO NOC");
    in a sentence about one seat only words of control itself count."""
    for m in mentions:
        sentence = sentence_at(article, m)
        cues = _STRONG_CONTROL_CUES if _ONE_SEAT.search(sentence) else _CONTROL_CUES
        if cues.search(sentence):
            return True
        line_end = article.find("\n", m)
        if line_end != -1 and len(sentence.strip()) <= HEADING_CHARS:
            following = article[line_end + 1 :].lstrip("\n").split("\n", 1)[0]
            if _CONTROL_CUES.search(following):
                return True
    return False


HEADING_CHARS = 60
_HYPOTHETICAL = re.compile(
    r"\b(?:might|could|would|may)\s+(?:have\s+)?(?:seen|been|lost|lose|won|win|take|taken)\b"
    r"|\b(?:hop(?:e|es|ed|ing)|expect(?:s|ed|ing)?|aim(?:s|ed|ing)?|target(?:s|ed|ing)?)\s+to\b",
    re.I,
)
_LARGEST = re.compile(r"\b(?:largest|biggest)\s+(?:single\s+)?(?:group|party)\b", re.I)
_RUNS = re.compile(
    r"\b(?:control(?:s|led|ling)?|overall|majority|runs?|running|administration|no\s+overall)\b",
    re.I,
)


def _only_largest(article: str, mentions: Sequence[int]) -> bool:
    """True when the sentences naming the council call a party its largest and none says
    who runs it, nor the sentence after ("... fell five short of taking overall control")."""
    sentences = {sentence_at(article, m) for m in mentions}
    if not any(_LARGEST.search(s) for s in sentences):
        return False
    told = set(sentences)
    for m in mentions:
        end = sentence_start(article, m) + len(sentence_at(article, m))
        told.add(sentence_at(article, min(len(article) - 1, end + 2)))
    return not any(_RUNS.search(s) for s in told)


def _council_mentions(g: Grounder, name: str) -> list[int]:
    """Where the council is named: in full, or by its place without "District Council"
    ("Wychavon"); never by the word "Council" alone, which names any council."""
    place = council_place(name)
    names = {name, place} if place and place != name else {name}
    return sorted({s.start for n in names for s in find_all_text(g.article, n)}) or g.mentions(
        place or name
    )


# A council's own name, a country or an empty seat, read as one of its parties.
_NO_COUNCIL_PARTY = re.compile(
    r"\bcouncil\b|^(?:vacan(?:t|cy|cies)|united kingdom|uk|great britain|britain|england|"
    r"scotland|wales|northern ireland)$",
    re.I,
)
ROW_REACH = 40  # characters from a tabled seats figure to its change in the same row


def _heads_roundup(article: str, position: int) -> bool:
    """True when ``position`` is in the council of a round-up heading ("Ashford, Beaver -")."""
    line = article.rfind("\n", 0, position) + 1
    found = ROUNDUP_HEADING.match(article, line)
    return found is not None and found.start("council") <= position < found.end("council")


def _without_control(
    g: Grounder, path: str, value: str | None, evidence: list[Evidence], reason: str
) -> list[Evidence]:
    """Drop the council's control for ``reason``: the evidence left without it."""
    g.drop(f"{path}.control", value, reason)
    return [e for e in evidence if e.field != "control"]


def ground_council(
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
    council_mentions = _council_mentions(g, name)
    zones = _council_zones(g, name, others)
    control, control_written, control_span = g.party(
        f"{path}.control",
        # "National polls" (a 1.5B model's answer for an article with no result) runs no council.
        g.known_or_own_party(
            f"{path}.control", draft.control, [p.party for p in draft.parties], NOT_A_PARTY
        ),
        evidence,
        near=council_mentions,
    )
    if control_span is not None and _HYPOTHETICAL.search(
        g.article[sentence_start(g.article, control_span.start) : control_span.start]
    ):
        # "A poor performance might have seen the party lose overall control at Sunderland":
        # what might have happened, not what did.
        evidence = _without_control(g, path, draft.control, evidence, HYPOTHETICAL_CONTROL)
        control, control_written = None, None
    parties: list[CouncilParty] = []
    for i, d in enumerate(draft.parties):
        p_path = f"{path}.parties[{i}]"
        p_evidence: list[Evidence] = []
        if not g.registry.is_known(d.party) and _NO_COUNCIL_PARTY.search(d.party):
            # "Colchester Borough Council 20", "United Kingdom 31", "Vacancy 1": no group.
            g.drop(f"{p_path}.party", d.party, NOT_A_PARTY)
            continue
        party, written, _ = g.party(f"{p_path}.party", d.party, p_evidence, near=council_mentions)
        if party is None:
            continue
        # The party's figures are read where the article is about this council.
        mentions = g.party_mentions(party)
        near = Near([m for m in mentions if _in_zones(m, zones)] or mentions, CANDIDATE_WINDOW)
        if d.at is not None:
            # A reader in code knows the figure's own cell (a table's party is in its header);
            # its change stands in the same row.
            near = Near([d.at], ROW_REACH)
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
        if seats is not None and (sign := _seats_as_change(g.article, p_evidence)) is not None:
            g.drop(f"{p_path}.seats", d.seats, SEATS_AS_CHANGE)
            if change is None:
                change = sign * seats
                p_evidence = [
                    e.model_copy(update={"field": "seats_change"}) if e.field == "seats" else e
                    for e in p_evidence
                ]
            else:
                p_evidence = [e for e in p_evidence if e.field != "seats"]
            seats = None
        if change is not None and not _written_as_change(g.article, p_evidence):
            g.drop(f"{p_path}.seats_change", d.change, NOT_A_CHANGE)
            change = None
            p_evidence = [e for e in p_evidence if e.field != "seats_change"]
        if d.at is None:  # a tabled figure's place is its row, whatever the zones
            seats, change, p_evidence = _figures_in_zones(
                g, zones, (seats, change), p_evidence, p_path
            )
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
    # "Ashford, Beaver - UKIP gain": a round-up heading's outcome is its ward's, not the
    # council's, so its mentions there say nothing of who runs the council.
    told = [m for m in council_mentions if not _heads_roundup(g.article, m)]
    if control is not None and told != council_mentions and not _control_stated(g.article, told):
        reason: str | None = CONTROL_OF_WARD
    elif control is not None and _only_largest(g.article, council_mentions):
        # "remain the largest group on North Lanarkshire Council": the most seats, no majority.
        reason = LARGEST_NOT_CONTROL
    elif control is not None and not parties and not _control_stated(g.article, council_mentions):
        # "The Lib Dems are hoping to take several of the county's seats" runs no council.
        reason = CONTROL_NOT_STATED
    else:
        reason = None
    if reason is not None:
        evidence = _without_control(g, path, draft.control, evidence, reason)
        control, control_written = None, None
    if control is None and not parties:
        g.drop(path, draft.council, EMPTY_FACT)
        return None
    return Council(
        election=Election(kind="local", year=year),
        council=name,
        control=control,
        control_as_written=control_written,
        control_outcome=draft.outcome if control is not None else None,
        parties=parties,
        evidence=evidence,
    )


@rule("council_tallies", "a seat total repeating a council's seats is that council's, not a tally")
def without_council_tallies(
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
