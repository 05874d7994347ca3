"""Keep each model answer to the passage it was read from.

A passage is one result paragraph (with the headline above it). A small model often fills
``area`` with a place from elsewhere in the prompt (the worked example, the headline, an
earlier contest) while the candidates it lists come from the passage. The area of a contest
must therefore be named in its own passage; where it is not, the area is replaced by the known
constituency the passage names nearest to the contest's candidates, or left empty (a
contest without an area is still matched to others by its candidates).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from extractor.align import find_all_text, find_number
from extractor.draft import NUMBER_FIELDS, DraftContest, DraftCouncil, ElectionFacts, number_occurs
from extractor.gazetteer import find_constituencies
from extractor.numbers import parse_number
from extractor.spans import Span
from extractor.text import passage_body_start
from schemas import DroppedFact
from schemas.parties import default_registry

NOT_IN_PASSAGE = "not in the passage the model read"
COUNCIL_SIZE = "the council's size, not a party's seats"
SEATS_AS_VOTES = "a number of seats, not votes"
COUNCIL_NOT_IN_PASSAGE = (
    "council not named in the passage the model read (or its figures belong to another)"
)


def _anchors(passage: str, contest: DraftContest) -> list[int]:
    """Offsets in the passage of the contest's candidate names (where its result is told)."""
    return [
        span.start
        for candidate in contest.candidates
        if candidate.name
        for span in find_all_text(passage, candidate.name)
    ]


def _nearest(places: list[Span], anchors: list[int]) -> Span:
    if not anchors:
        return places[0]
    return min(places, key=lambda p: (min(abs(p.start - a) for a in anchors), p.start))


def area_in_passage(passage: str, contest: DraftContest) -> str | None:
    """Where the passage body (below the headline) tells the contest's result.

    The contest's area if the body names it; else the constituency the body names nearest the
    contest's candidates; only then the headline's (its area, else its constituency); else
    None. The headline heads every passage, so a body naming a seat outranks it.
    """
    body = passage_body_start(passage)
    known = find_constituencies(passage)
    mentions = find_all_text(passage, contest.area) if contest.area else []
    anchors = _anchors(passage, contest)
    for low, high in ((body, len(passage)), (0, body)):
        named = [m for m in mentions if low <= m.start < high]
        places = [k for k in known if low <= k.start < high]
        # "Gillingham" inside "Gillingham and Rainham" is not the area: a known place is.
        whole = [
            m
            for m in named
            if not any(
                k.start <= m.start and m.end <= k.end and (k.start, k.end) != (m.start, m.end)
                for k in places
            )
        ]
        if whole:
            return contest.area
        if places:
            return _nearest(places, anchors).text
    return None


def _person_key(name: str | None) -> str:
    """A person's name folded for comparison; empty for no name or a party's name."""
    if not name or default_registry().is_known(name):
        return ""
    return name.strip().lower()


def _each_candidate_once(contests: list[DraftContest], passage: str) -> list[DraftContest]:
    """A person stands in one contest: a candidate the model lists under several areas of one
    passage stays only under the area named nearest before them; a contest left with no
    candidate of its own was a copy and goes."""
    owner: dict[str, int] = {}
    for index, contest in enumerate(contests):
        for candidate in contest.candidates:
            key = _person_key(candidate.name)
            if not key:
                continue
            if key in owner and owner[key] != index:
                owner[key] = _nearer_area(
                    passage, candidate.name or "", contests, owner[key], index
                )
            else:
                owner[key] = index
    kept = []
    for index, contest in enumerate(contests):
        own = [c for c in contest.candidates if owner.get(_person_key(c.name), index) == index]
        if contest.candidates and not own:
            continue
        kept.append(contest.model_copy(update={"candidates": own}))
    return kept


def _nearer_area(passage: str, name: str, contests: list[DraftContest], a: int, b: int) -> int:
    """Of contests ``a`` and ``b``, the one whose area is named nearest before ``name``."""
    mentions = [m.start for m in find_all_text(passage, name)]
    if not mentions:
        return a

    def distance(index: int) -> int:
        area = contests[index].area
        starts = [m.start for m in find_all_text(passage, area)] if area else []
        before = [mentions[0] - s for s in starts if s <= mentions[0]]
        return min(before, default=len(passage) + 1)

    return a if distance(a) <= distance(b) else b


def _numbers_in_passage(node: Any, passage: str, path: str, dropped: list[DroppedFact]) -> Any:
    """``node`` with every number the passage does not contain set to null (and recorded)."""
    if isinstance(node, list):
        return [
            _numbers_in_passage(item, passage, f"{path}[{i}]", dropped)
            for i, item in enumerate(node)
        ]
    if not isinstance(node, BaseModel):
        return node
    update: dict[str, object] = {}
    for name in type(node).model_fields:
        value = getattr(node, name)
        if name in NUMBER_FIELDS and isinstance(value, str):
            reason = (
                NOT_IN_PASSAGE
                if not number_occurs(passage, value)
                else COUNCIL_SIZE
                if name == "seats" and _only_as_council_size(passage, value)
                else SEATS_AS_VOTES
                if name == "votes" and _only_as_seat_count(passage, value)
                else None
            )
            if reason is not None:
                dropped.append(DroppedFact(path=f"{path}.{name}", value=value, reason=reason))
                update[name] = None
        elif isinstance(value, list | BaseModel):
            update[name] = _numbers_in_passage(value, passage, f"{path}.{name}", dropped)
    return node.model_copy(update=update)


_COUNCIL_SIZE = re.compile(r"\(\s*(?P<n>\d+)\s+seats?\s*\)", re.I)


_SEATS_AFTER = re.compile(
    r"\s*(?:seats?|councillors?)\b|\s*of the [\w'’ ]{0,25}?\d+\s+seats?\b", re.I
)


def _only_as_seat_count(passage: str, written: str) -> bool:
    """True when the figure occurs only as a number of seats ("won 57 of the council's 81
    seats", "with 12 seats"): a small model files party seat counts as votes."""
    spans = _figure_spans(passage, written)
    return bool(spans) and all(_SEATS_AFTER.match(passage, span.end) for span in spans)


def _only_as_council_size(passage: str, written: str) -> bool:
    """True when the figure occurs only as a council's size ("DOVER (32 seats)")."""
    spans = _figure_spans(passage, written)
    sizes = {m.start("n") for m in _COUNCIL_SIZE.finditer(passage)}
    return bool(spans) and all(span.start in sizes for span in spans)


def _councils_in_body(councils: list[DraftCouncil], passage: str) -> list[DraftCouncil]:
    """Councils the passage body names; of several given the same seat figures, the one named
    last before them (a small model repeats one council's figures under every name it sees)."""
    body = passage_body_start(passage)
    named = [
        (council, [m.start for m in find_all_text(passage, council.council) if m.start >= body])
        for council in councils
    ]
    named = [(council, starts) for council, starts in named if starts]
    kept: dict[str, tuple[DraftCouncil, int]] = {}
    for council, starts in named:
        seated = [(p.party, p.seats, p.change) for p in council.parties if p.seats is not None]
        signature = repr(seated) if seated else f"named {council.council}"
        figures = [
            f.start for p in council.parties if p.seats for f in _figure_spans(passage, p.seats)
        ]
        first_figure = min(figures, default=len(passage))
        before = [s for s in starts if s <= first_figure]
        distance = first_figure - max(before) if before else len(passage) + min(starts)
        if signature not in kept or distance < kept[signature][1]:
            kept[signature] = (council, distance)
    chosen = {id(council) for council, _ in kept.values()}
    return [council for council, _ in named if id(council) in chosen]


def _figure_spans(passage: str, written: str) -> list[Span]:
    """Where the number ``written`` occurs in the passage."""
    value = parse_number(written)
    return [m.span for m in find_number(passage, value)] if value is not None else []


def scope_to_passage(
    answer: ElectionFacts, passage: str, index: int = 0
) -> tuple[ElectionFacts, list[DroppedFact]]:
    """``answer`` kept to the passage it came from, and what was dropped for it.

    Every number must occur in the passage (the model saw nothing else; a figure from another
    passage or the worked example is invented here); a contest's area is the place the passage
    names for it (:func:`area_in_passage`); a council must be named in the passage body.
    """
    dropped: list[DroppedFact] = []
    answer = _numbers_in_passage(answer, passage, f"passage[{index}]", dropped)
    contests = [
        contest.model_copy(update={"area": area_in_passage(passage, contest)})
        for contest in answer.contests
    ]
    contests = _each_candidate_once(contests, passage)
    councils = _councils_in_body(answer.councils, passage)
    dropped += [
        DroppedFact(
            path=f"passage[{index}].councils", value=c.council, reason=COUNCIL_NOT_IN_PASSAGE
        )
        for c in answer.councils
        if c not in councils
    ]
    return answer.model_copy(update={"contests": contests, "councils": councils}), dropped
