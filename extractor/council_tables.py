"""One council's composition laid out as a table, read without the model.

An encyclopaedia's page of a council election prints the new council in one of two shapes:

- a column table, one row per party: ``Party | Seats | Gains | Lost | Net Gain/Loss`` over
  ``Conservative | 27 | 4 | 0 | +4``;
- an infobox, one column per party, its rows labelled: ``Party Conservative Liberal Democrat
  Labour`` over ``Seats won 27 20 9`` and ``Seat change Increase 4 Decrease 4 0``.

In a local election such a table is the council's (the seat-table reader leaves it alone
there, as a tally it would be a country's); the council is the one the page names before the
table. A small model reading an infobox pairs the figures of one row with the parties of
another, so code pairs them by position. Every figure keeps its place in the article
(``DraftCouncilParty.at``) and is grounded like model output.
"""

from __future__ import annotations

import re
from functools import cache

from extractor.draft import DraftCouncil, DraftCouncilParty
from schemas import default_registry

__all__ = ["parse_council_tables"]

Line = tuple[int, str]  # where the line starts, its text

_PARTY_LABEL = re.compile(r"^(?:party|parties|political party)$", re.I)
_SEATS_LABEL = re.compile(r"^(?:seats|seats won|councillors|new council)$", re.I)
# The first change column is the seats': "+/−" after the votes is the share's change.
_CHANGE_LABEL = re.compile(r"^(?:net\b.*|\+/[-−–]|±|change|seat change|net change)$", re.I)
_COUNT = re.compile(r"^\d{1,3}$")
_SIGNED = re.compile(r"^[+−–-]\d{1,3}$")
# "Northamptonshire County Council", "the Borough Council of Wellingborough".
_NAMED_COUNCIL = re.compile(
    r"\b(?P<name>(?:[A-Z][\w'’-]*[ \t]+(?:(?:and|&|upon|on|of)[ \t]+)?){1,4}?"
    r"(?:(?:County|City|Borough|District|Metropolitan(?:[ \t]+Borough)?)[ \t]+)?Council)\b"
)
# Infobox rows: "Party Conservative Labour", "Seats won 27 9", "Seat change Increase 4 0".
_INFOBOX_PARTY = re.compile(r"^Party[ \t]+(?P<rest>\S.*)$")
_INFOBOX_SEATS = re.compile(r"^Seats[ \t]+won[ \t]+(?P<rest>\S.*)$", re.I)
_INFOBOX_CHANGE = re.compile(r"^Seat[ \t]+change[ \t]+(?P<rest>\S.*)$", re.I)
_INFOBOX_CHANGE_CELL = re.compile(
    r"(?P<word>Increase|Decrease)?[ \t]*(?P<n>\d{1,3})(?![\d,.])|(?P<steady>Steady)", re.I
)
_INFOBOX_REACH = 8
MIN_PARTIES = 2  # lines below a party row where its figures stand
_CELL_SPLIT = re.compile(r"\|")


@cache
def _party_run() -> re.Pattern[str]:
    """A line of party names and nothing else ("Conservative Liberal Democrat Labour")."""
    party = default_registry().alternation()
    return re.compile(rf"(?P<party>{party})(?=[ \t]|$)", re.I)


def _lines(article: str) -> list[Line]:
    out, position = [], 0
    for line in article.splitlines(keepends=True):
        out.append((position, line.rstrip("\r\n")))
        position += len(line)
    return out


def _council_before(article: str, position: int) -> str | None:
    """The council the page names last before ``position``, else first after it."""
    before = list(_NAMED_COUNCIL.finditer(article, 0, position))
    if before:
        return before[-1].group("name")
    after = _NAMED_COUNCIL.search(article, position)
    return after.group("name") if after else None


def _cells(start: int, text: str) -> list[tuple[int, str]]:
    """A table row's cells with where each one's text starts."""
    cells, offset = [], 0
    for piece in _CELL_SPLIT.split(text):
        stripped = piece.strip()
        cells.append((start + offset + len(piece) - len(piece.lstrip()), stripped))
        offset += len(piece) + 1
    if cells and not cells[0][1]:
        cells = cells[1:]
    return cells


def _column_table(lines: list[Line], head: int) -> tuple[list[DraftCouncilParty], int]:
    """The parties of a column table whose header is ``lines[head]``, and the line after it."""
    names = [name for _, name in _cells(*lines[head])]
    party_at = next(i for i, n in enumerate(names) if _PARTY_LABEL.match(n))
    seats_at = next(i for i, n in enumerate(names) if _SEATS_LABEL.match(n))
    change_at = next((i for i, n in enumerate(names) if _CHANGE_LABEL.match(n)), None)
    registry = default_registry()
    parties: list[DraftCouncilParty] = []
    index = head + 1
    while index < len(lines):
        cells = _cells(*lines[index])
        text = lines[index][1].strip()
        if re.fullmatch(r"[\s|:\-–—]*", text):
            if parties:
                break
            index += 1
            continue  # the "---|---" rule under the header
        if len(cells) <= max(party_at, seats_at) or not registry.is_known(cells[party_at][1]):
            break
        at, seats = cells[seats_at]
        if not _COUNT.match(seats):
            break
        change = None
        if change_at is not None and change_at < len(cells):
            value = cells[change_at][1]
            change = value if _SIGNED.match(value) or value == "0" else None
        party = DraftCouncilParty(party=cells[party_at][1], seats=seats, change=change, at=at)
        parties.append(party)
        index += 1
    return parties, index


def _infobox(lines: list[Line], head: int) -> list[DraftCouncilParty]:
    """The parties of an infobox whose party row is ``lines[head]``."""
    _, text = lines[head]
    rest = _INFOBOX_PARTY.match(text)
    if rest is None:
        return []
    found = list(_party_run().finditer(text, rest.start("rest")))
    covered = "".join(text[m.start() : m.end()] for m in found)
    if not found or len(re.sub(r"\s", "", covered)) != len(
        re.sub(r"\s", "", text[rest.start("rest") :])
    ):
        return []  # a word that is no party: prose, not a row of party names
    names = [m.group("party") for m in found]
    seats: list[tuple[int, str]] = []
    changes: list[str | None] = []
    for line_start, line in lines[head + 1 : head + 1 + _INFOBOX_REACH]:
        if _INFOBOX_PARTY.match(line):
            break
        if (row := _INFOBOX_SEATS.match(line)) and not seats:
            figures = list(re.finditer(r"(?<![\w,.])\d{1,3}(?![\w,.])", line[row.start("rest") :]))
            if len(figures) == len(names):
                base = line_start + row.start("rest")
                seats = [(base + f.start(), f.group()) for f in figures]
        if (row := _INFOBOX_CHANGE.match(line)) and not changes:
            cells = list(_INFOBOX_CHANGE_CELL.finditer(line, row.start("rest")))
            if len(cells) == len(names):
                changes = [_change(cell) for cell in cells]
    if not seats:
        return []
    changes = changes or [None] * len(names)
    return [
        DraftCouncilParty(party=name, seats=figure, change=change, at=at)
        for name, (at, figure), change in zip(names, seats, changes, strict=True)
    ]


def _change(cell: re.Match[str]) -> str | None:
    """ "Increase 4" is +4, "Decrease 4" is -4, "0" is none changed; "Steady" (no figure) is
    left out, as no number of the article says it."""
    if cell.group("steady"):
        return None
    word = (cell.group("word") or "").lower()
    sign = "-" if word == "decrease" else "+" if word == "increase" else ""
    return f"{sign}{cell.group('n')}"


def parse_council_tables(article: str) -> list[DraftCouncil]:
    """The council compositions the article tables (column tables and infoboxes), each under
    the council it names before the table."""
    lines = _lines(article)
    by_council: dict[str, list[DraftCouncilParty]] = {}
    index = 0
    while index < len(lines):
        start, text = lines[index]
        names = [name for _, name in _cells(start, text)] if "|" in text else []
        parties: list[DraftCouncilParty] = []
        after = index + 1
        if any(_PARTY_LABEL.match(n) for n in names) and any(_SEATS_LABEL.match(n) for n in names):
            parties, after = _column_table(lines, index)
        elif _INFOBOX_PARTY.match(text):
            parties = _infobox(lines, index)
        council = _council_before(article, start) if parties else None
        # A table of one party is the rest of a table already begun ("Fourth party").
        if council is not None and (len(parties) >= MIN_PARTIES or council in by_council):
            by_council.setdefault(council, []).extend(parties)
        index = max(after, index + 1)
    return [
        DraftCouncil(council=name, control=None, outcome=None, parties=parties)
        for name, parties in by_council.items()
    ]
