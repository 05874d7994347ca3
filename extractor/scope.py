"""Keep each model answer to the passage it was read from.

A passage is one result paragraph (with the headline above it). A small model often fills
``area`` with a place from elsewhere in the prompt (the worked example, the headline, an
earlier contest) while the candidates it lists come from the passage. The area of a contest
must therefore be named in its own passage; where it is not, the area is replaced by the known
constituency the passage names nearest to the contest's candidates, or left empty (a
contest without an area is still matched to others by its candidates).
"""

from __future__ import annotations

from extractor.align import find_all_text
from extractor.draft import DraftContest, ElectionFacts
from extractor.gazetteer import find_constituencies
from extractor.spans import Span

PREAMBLE = ("Published:", "Headline:")


def _body_start(passage: str) -> int:
    """Where the passage proper begins, after the ``Published:``/``Headline:`` lines."""
    position = 0
    for line in passage.splitlines(keepends=True):
        if not line.startswith(PREAMBLE):
            break
        position += len(line)
    return position


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
    body = _body_start(passage)
    known = find_constituencies(passage)
    mentions = find_all_text(passage, contest.area) if contest.area else []
    anchors = _anchors(passage, contest)
    for low, high in ((body, len(passage)), (0, body)):
        named = [m for m in mentions if low <= m.start < high]
        places = [k for k in known if low <= k.start < high]
        # "Luton South" inside "Luton South and South Bedfordshire" is the longer name.
        longer = [k for k in places if any(k.start <= m.start and m.end < k.end for m in named)]
        if named:
            return longer[0].text if len(longer) == len(named) else contest.area
        if places:
            return _nearest(places, anchors).text
    return None


def scope_to_passage(answer: ElectionFacts, passage: str) -> ElectionFacts:
    """``answer`` with every contest's area checked against the passage it came from."""
    contests = [
        contest.model_copy(update={"area": area_in_passage(passage, contest)})
        for contest in answer.contests
    ]
    return answer.model_copy(update={"contests": contests})
