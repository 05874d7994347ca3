"""A council's seats listed party by party on a line (or a line each), read without the model.

Local-election results pages and round-ups give each council's new chamber as a list:
"Glasgow: SNP 37 (-2), Labour 36 (+5), Greens 10 (+3), Conservatives 2 (-6)", "Birmingham -
Lab 77 (+20) Con 28 (-11) LD 15 (-9)", or one party a line under the council's name. What the
figures are shows in how they are written: small whole numbers beside parties, changes whole
and signed in brackets, no percentage and no thousands on the line, is a chamber's seats, not a
ward's votes (which have shares, decimals in their changes, or counts in the hundreds). The
council is the label before the first party on the line, or the short heading just above.

Only local elections have council chambers; each figure is grounded at its own row.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from extractor.draft import DraftCouncil, DraftCouncilParty
from extractor.numbers import WORDS
from extractor.tallies import party_pattern
from schemas import default_registry

MAX_SEATS = 150  # more than any council's chamber: a vote count, not seats
MIN_PARTIES = 2
MAX_COUNCIL_WORDS = 6
_CHANGE = r"\(\s*(?P<change>[+\-−–]\s*\d{1,2}|nc|n/c|=|no change|±\s*0)\s*\)"


@cache
def _item() -> re.Pattern[str]:
    party = party_pattern().pattern
    return re.compile(
        rf"(?P<party>{party})\s*[:–—-]?\s*(?P<seats>\d{{1,3}}|{'|'.join(WORDS)})(?![\d,.%])"
        rf"(?:\s*{_CHANGE})?",
        re.I,
    )


# What makes a line a ward's result, not a chamber: shares, decimals, thousands.
_VOTES_SIGNS = re.compile(r"%|per\s?cent|\d\.\d|\d,\d{3}|\bvotes?\b|\bmajority\b", re.I)
_CONTROL_WORDS = re.compile(
    r":[^:]*\b(?:gain|gains|hold|holds|lose|loses|loss|NOC|control)\b", re.I
)
_LABEL_END = re.compile(r"[\s:–—|-]+$")
_PLACE = re.compile(
    r"^(?:In\s+)?(?P<name>[A-Z][\w'’&.-]*(?:\s+(?:and|&|of|upon|[A-Z][\w'’&.-]*))*)$"
)


def _council(label: str) -> str | None:
    """The council a label names ("Glasgow:", "In North Lanarkshire"), else None."""
    label = _LABEL_END.sub("", label).strip()
    found = _PLACE.match(label)
    if found is None:
        return None
    name = found.group("name")
    if len(name.split()) > MAX_COUNCIL_WORDS or default_registry().is_known(name):
        return None
    return name


def _items(line: str, offset: int) -> list[DraftCouncilParty] | None:
    """The line's parties with seats, when the whole rest of the line is that list."""
    items = list(_item().finditer(line))
    if not items or _VOTES_SIGNS.search(line):
        return None
    # Between and after the items only separators may stand.
    gaps = [line[a.end() : b.start()] for a, b in itertools.pairwise(items)]
    gaps.append(line[items[-1].end() :])
    if any(re.sub(r"[\s,;|/]|\band\b", "", gap) for gap in gaps):
        return None
    parties = []
    registry = default_registry()
    for item in items:
        seats = item.group("seats")
        if seats.isdigit() and int(seats) > MAX_SEATS:
            return None
        if registry.canonical(item.group("party")) == "No overall control":
            return None
        change = item.group("change")
        if change is not None and not re.search(r"\d", change):
            change = "0"
        parties.append(
            DraftCouncilParty(
                party=item.group("party"),
                seats=seats,
                change=change.replace(" ", "") if change else None,
                at=offset + item.start("seats"),
            )
        )
    return parties


def parse_council_lines(article: str) -> tuple[list[DraftCouncil], list[tuple[int, int]]]:
    """Each council whose seats the article lists party by party, on a line after the
    council's name or a line each under it, and the spans of the lines the lists stand on
    (they leave the model's text: a small model reads such a list as a ward's votes)."""
    councils: list[DraftCouncil] = []
    spans: list[tuple[int, int]] = []
    kept = article.splitlines(keepends=True)
    lines = [line.rstrip("\n") for line in kept]
    offsets = list(itertools.accumulate((len(line) for line in kept), initial=0))
    heading: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        first = _item().search(line)
        name = _council(line[: first.start()]) if first and first.start() > 0 else None
        if first and name is None and _CONTROL_WORDS.search(line[: first.start()]):
            # "Birmingham: Lab gain from NOC. Lab 77 (+20), ...": the council before the colon.
            name = _council(line[: first.start()].split(":", 1)[0])
        if first and name:
            parties = _items(line[first.start() :], offsets[index] + first.start())
            if parties and len(parties) >= MIN_PARTIES:
                councils.append(
                    DraftCouncil(council=name, control=None, outcome=None, parties=parties)
                )
                spans.append((offsets[index], offsets[index] + len(line)))
            index += 1
            heading = None
            continue
        if first and first.start() == 0 and heading:
            # One party a line under the council's heading.
            run: list[DraftCouncilParty] = []
            start = index
            while index < len(lines):
                parties = _items(lines[index], offsets[index])
                if not parties or len(parties) != 1:
                    break
                run += parties
                index += 1
            if len(run) >= MIN_PARTIES:
                councils.append(
                    DraftCouncil(council=heading, control=None, outcome=None, parties=run)
                )
                spans += [(offsets[i], offsets[i] + len(lines[i])) for i in range(start, index)]
            heading = None
            if index == start:
                index += 1
            continue
        if line.strip():
            heading = _council(line) if len(line) <= 60 else None
        index += 1
    return councils, spans
