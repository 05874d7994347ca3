"""Which kinds of result a passage may state, so each model call asks for one kind only.

A 1.5B model given the whole schema fills ``contests`` by reflex: council compositions came
back as contests with seats as votes. Asked for one kind of fact with a schema and a worked
example of that kind alone, it does what it is asked. Text cues pick the kinds; a passage
with cues of several kinds gets one call per kind. Calls are made topic by topic so the
server's prompt cache keeps each topic's system prompt across passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.draft import (
    ContestResults,
    CouncilResults,
    DraftAnswer,
    DraftKind,
    ReferendumResults,
    SeatTotalResults,
)
from extractor.tallies import TALLY_KINDS
from extractor.text import passage_body_start


@dataclass(frozen=True)
class Topic:
    """One kind of result: its name (the prompt's ``topic``), answer model and text cue."""

    name: str
    answer: type[DraftAnswer]
    cue: re.Pattern[str]
    # A headline naming several councils ("Labour takes Medway and Dover") made the model file
    # every council passage under each of them: council passages go without it.
    with_headline: bool = True

    def text_for(self, passage: str) -> str:
        """The passage as this topic's call reads it."""
        if self.with_headline:
            return passage
        return "\n".join(line for line in passage.split("\n") if not line.startswith("Headline:"))


CONTESTS = Topic(
    "contests",
    ContestResults,
    re.compile(
        r"\b(votes?|majority|MP|ward|division|constituency|seat|mayor|elected|re-elected|"
        r"won|wins|held|holds|hold|kept|gain(s|ed)?|took|takes|beat|defeated|unseated|"
        r"ousted|turnout)\b|\d",
        re.I,
    ),
)
COUNCILS = Topic(
    "councils",
    CouncilResults,
    re.compile(
        r"\b(council|councillors?|overall control|largest (party|group)|control of)\b"
        r"|\(\d+ seats\)",
        re.I,
    ),
    with_headline=False,
)
SEAT_TOTALS = Topic(
    "seat_totals",
    SeatTotalResults,
    re.compile(
        r"\b(exit poll|projected|projection|nationally|across the country|in total|"
        r"seats in (Scotland|Wales|England|Northern Ireland)|of (Scotland|Wales)'s \d+|"
        r"Commons|hung parliament|landslide|tally|\d{3} seats|"
        r"(won|wins|takes|took) \d+ of (the )?\d+)\b",
        re.I,
    ),
)
REFERENDUMS = Topic(
    "referendums",
    ReferendumResults,
    re.compile(r"\breferendum\b|\b(voted|vote) (to )?(Leave|Remain)\b|\b(Leave|Remain):? \d", re.I),
)

# Order of the calls (and of the prompt cache's topics).
TOPICS: tuple[Topic, ...] = (CONTESTS, COUNCILS, SEAT_TOTALS, REFERENDUMS)
_COUNCIL_ONLY = re.compile(r"\b(seats?|councillors?)\b", re.I)
_CONTEST_SIGNS = re.compile(
    r"\b(votes?|majority of|ward|division|constituency|MP|mayor|by-election)\b", re.I
)

_NATIONAL = re.compile(
    r"\b(exit poll|nationally|across the country|Commons|general election|\d{3} seats)\b", re.I
)

_CANDIDATE_SIGNS = re.compile(r"\b(MP|candidate|councillor|ward|constituency|re-elected)\b")


def topics_of(passage: str, article_kind: DraftKind = "other") -> list[Topic]:
    """The topics ``passage`` has cues for, in call order (contests when nothing else fits).

    A referendum passage is asked only for referendums unless it also names candidates.
    A council passage that only counts seats ("Labour 19 seats (+7), Conservatives 11") is
    not also asked for contests: small models file such seat counts as candidates' votes.
    In a general or devolved election's article (``article_kind``) the seat tallies are read
    by :mod:`extractor.tallies` and councils are context, so neither is asked of the model:
    on the dev set those calls added no correct fact (but one, 004's "a final tally of 262")
    and spent 15 of 100 calls.
    """
    passage = passage[passage_body_start(passage) :]  # the headline heads every passage
    skipped = (SEAT_TOTALS, COUNCILS) if article_kind in TALLY_KINDS else ()
    found = [topic for topic in TOPICS if topic.cue.search(passage) and topic not in skipped]
    council_only = (
        COUNCILS in found and _COUNCIL_ONLY.search(passage) and not _CONTEST_SIGNS.search(passage)
    )
    if council_only:
        found = [topic for topic in found if topic is not CONTESTS]
    if COUNCILS in found and not _NATIONAL.search(passage):
        # "won 57 of the council's 81 seats" is a council, not a national tally.
        found = [topic for topic in found if topic is not SEAT_TOTALS]
    if REFERENDUMS in found and not _CANDIDATE_SIGNS.search(passage):
        # Leave/Remain figures read as candidates' votes and council seats otherwise.
        found = [REFERENDUMS]
    return found or [CONTESTS]


def _joined(pieces: list[str]) -> str:
    """Passages read as one text: the preamble once, each overlap line once."""
    lines = pieces[0].split("\n")
    for piece in pieces[1:]:
        body = piece[passage_body_start(piece) :].split("\n")
        if body and lines and body[0] == lines[-1]:
            body = body[1:]  # a passage starts with the last line of the one before it
        lines += body
    return "\n".join(lines)


def plan_calls(
    passages: list[str], article_kind: DraftKind = "other", max_chars: int = 800
) -> list[tuple[Topic, str]]:
    """The model calls for an article's result passages: (topic, text), topic by topic.

    Each topic's passages are read in article order, consecutive ones joined up to
    ``max_chars`` per call (0: one call per passage). Fewer, fuller calls send the fixed
    system prompt less often; topic by topic keeps one system prompt in the server's cache.
    """
    calls: list[tuple[Topic, str]] = []
    for topic in TOPICS:
        mine = [topic.text_for(p) for p in passages if topic in topics_of(p, article_kind)]
        group: list[str] = []
        for passage in mine:
            if group and len(_joined([*group, passage])) > max_chars:
                calls.append((topic, _joined(group)))
                group = []
            group.append(passage)
        if group:
            calls.append((topic, _joined(group)))
    return calls
