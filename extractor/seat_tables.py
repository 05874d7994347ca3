"""Seat tallies laid out as a table or a scoreboard, read without the model.

Results pages and live pages print the national tally in three shapes that the sentence reader
(``extractor.tallies``) cannot see, because no sentence holds them:

- a row table: party names across the header (often wrapped over several lines) and a row
  labelled "Total seats" / "Seats" with one figure per party;
- a column table: a header "Party | Seats | ..." and one row per party;
- a scoreboard: each party on its own line with its seats on the next ("Con" / "318" /
  "Net change" / "-13"), or on the same line ("SF 7 (+3)"), under a heading that says seats.

A small model reading these pairs figures with the wrong party or takes the change for the
count, so code pairs them by position. A party cell must be a registered party; a figure must be
an unsigned whole number of at most three digits (a signed one is a change, a separated one
votes). Every value is a cell of the text, so grounding finds it by construction.
"""

from __future__ import annotations

import re

from extractor.draft import DraftSeatTotal
from extractor.tallies import seat_total
from schemas import default_registry

__all__ = ["parse_seat_tables"]

_CELL_SPLIT = re.compile(r"\s*(?:\||\t)\s*")
# The label of a row of seat counts: "Total seats", "Seats", "Seats won", "MPs elected".
_SEATS_LABEL = re.compile(r"^(?:total\s+)?(?:seats|mps)(?:\s+(?:won|elected|total))?:?$", re.I)
_PARTY_LABEL = re.compile(r"^(?:parties|party|political party)$", re.I)
_SEAT_FIGURE = re.compile(r"^\d{1,3}$")
# A qualifier that is not part of the party's name: "Alliance (NI)", "Green (E&W)".
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")
_SEATS_WORD = re.compile(r"\bseats?\b", re.I)
# "SF 7 (+3)", "Labour: 411 (+211)", "Lab 262 +30".
_INLINE_PAIR = re.compile(
    r"^(?P<party>[^\W\d_][\w .'&()-]*?)\s*:?\s+(?P<n>\d{1,3})\s*(?:\(?[+\-–−]?\s*\d*\)?)?$"
)
# A record's seats labelled in its own line: "Seats Total472", "Seats: 202", "Seats won 11".
_LABELLED_SEATS = re.compile(r"\bseats\s*(?:total|won)?\s*:?\s*(\d{1,3})(?![\d,.%])", re.I)
# A line of figures only: "365 43.60% 1,39,66,565" (a flattened table's row under its header).
_FIGURES_LINE = re.compile(r"^(?:[+\-–−]?\d[\d,.]*%?|[-–—])(?:\s+(?:[+\-–−]?\d[\d,.]*%?|[-–—]))*$")
# The columns a board's heading names, in order: where its seats stand in a row of figures.
_COLUMN_WORDS = re.compile(
    r"\b(seats|share|votes|count|change|councils|candidates|gains?|losses|net)\b", re.I
)
# A party line labelled as such: "Party Labour".
_PARTY_PREFIX = re.compile(r"^(?:party|political party)\s*:?\s+", re.I)
_MAX_HEADING = 120  # a line that says seats and introduces a board, not a paragraph
_HEADER_LINES = 12  # how far above a seats row its party header may start
_SCOREBOARD_GAP = 3  # non-pair lines allowed between two pairs of a scoreboard
_MAX_BOARD_LINES = 150  # a party, its seats and its change for some 40 parties at most
_MAX_LINE = 60  # a scoreboard line is short; prose ends the board


def _cells(line: str) -> list[str]:
    return [c for c in _CELL_SPLIT.split(line.strip()) if c]


def _party(cell: str) -> str | None:
    """The party a cell names, as written (without a qualifier), or None."""
    name = _QUALIFIER.sub("", cell).strip()
    return name if name and default_registry().is_known(name) else None


def _tally(pairs: list[tuple[str, str]], context: str) -> DraftSeatTotal | None:
    """The tally of a table's pairs; a table names at least two parties."""
    total = seat_total(pairs, context)
    return total if len(total.parties) >= 2 else None


def _row_table(lines: list[str], row: int) -> list[tuple[str, str]]:
    """Pairs of a row table whose seats row is ``lines[row]``: the header cells above it, in
    order, matched one to one with the row's figures."""
    figures = _cells(lines[row])[1:]
    header: list[str] = []
    for above in range(row - 1, max(-1, row - _HEADER_LINES), -1):
        line = lines[above]
        if "|" not in line and "\t" not in line:
            break
        cells = _cells(line)
        if not cells:
            continue
        if any(_party(c) for c in cells):
            header = cells + header
        elif header:
            break  # a row of figures above the header
    while header and (_PARTY_LABEL.match(header[0]) or not _party(header[0])):
        if len(header) <= len(figures):
            break
        header = header[1:]
    if len(header) != len(figures):
        return []
    return [
        (party, figure)
        for cell, figure in zip(header, figures, strict=True)
        if (party := _party(cell)) and _SEAT_FIGURE.match(figure)
    ]


def _column_table(lines: list[str], head: int) -> list[tuple[str, str]]:
    """Pairs of a column table whose header ("Party | Seats | ...") is ``lines[head]``."""
    column = next(i for i, c in enumerate(_cells(lines[head])) if _SEATS_LABEL.match(c))
    pairs: list[tuple[str, str]] = []
    for line in lines[head + 1 :]:
        cells = _cells(line)
        if not cells:
            if pairs:
                break
            continue
        party = _party(cells[0])
        if party is None or len(cells) <= column:
            if pairs:
                break
            continue
        if _SEAT_FIGURE.match(cells[column]):
            pairs.append((party, cells[column]))
    return pairs


def _seats_column(heading: str) -> int | None:
    """Where the seats stand among a row's figures, by the column words of the heading."""
    columns = [w.lower() for w in _COLUMN_WORDS.findall(heading)]
    return columns.index("seats") if "seats" in columns else None


def _record_seats(line: str, column: int | None) -> str | None:
    """The seats of a party's record line: labelled ("Seats Total472"), or the figure at the
    heading's seats column in a line of figures only."""
    if labelled := _LABELLED_SEATS.search(line):
        return labelled.group(1)
    if column is not None and _FIGURES_LINE.match(line):
        figures = line.split()
        if column < len(figures) and _SEAT_FIGURE.match(figures[column]):
            return figures[column]
    return None


def _scoreboard(
    lines: list[str], start: int, column: int | None = None
) -> tuple[list[tuple[str, str]], int]:
    """Pairs of a scoreboard starting at ``lines[start]``, and the line after it. A party's
    seats stand on its line, on the next, or in its record's line of figures (``column``: the
    seats' place among them, from the heading)."""
    pairs: list[tuple[str, str]] = []
    gap, blanks, i, pending = 0, 0, start, None
    end = min(len(lines), start + _MAX_BOARD_LINES)
    while i < end and gap <= _SCOREBOARD_GAP and blanks <= _SCOREBOARD_GAP:
        line = lines[i].strip()
        blanks = blanks + 1 if not line else 0
        if not line:
            pass  # items may stand a blank line apart; prose or other lines end the board
        elif pending and (seats := _record_seats(line, column if gap <= 1 else None)) is not None:
            pairs.append((pending, seats))
            pending, gap = None, 0
        elif len(line) > _MAX_LINE:
            break
        elif (party := _party(_PARTY_PREFIX.sub("", line))) is not None:
            pending, gap = party, 0
        elif pending and _SEAT_FIGURE.match(line):
            pairs.append((pending, line))
            pending, gap = None, 0
        elif (inline := _INLINE_PAIR.match(line)) and (party := _party(inline["party"])):
            pairs.append((party, inline["n"]))
            pending, gap = None, 0
        else:
            gap += 1
        i += 1
    return pairs, i


_COUNCILS_COLUMN = re.compile(r"\bcouncils\b", re.I)


def parse_seat_tables(article: str, *, across_councils: bool = False) -> list[DraftSeatTotal]:
    """Seat tallies the article lays out as a row table, a column table or a scoreboard.

    ``across_councils`` (local elections, where a seats table is most often one council's
    composition): only boards whose heading also counts councils won ("Party Councils
    Seats"), which only a tally across councils does."""
    lines = article.splitlines()
    totals = []
    i = 0
    while i < len(lines):
        cells = _cells(lines[i])
        context = "\n".join(lines[max(0, i - _HEADER_LINES) : i + 1])
        pairs: list[tuple[str, str]] = []
        after = i + 1
        if across_councils and not _COUNCILS_COLUMN.search(lines[i]):
            pass
        elif len(cells) > 2 and _SEATS_LABEL.match(cells[0]):
            pairs = _row_table(lines, i)
        elif len(cells) > 1 and any(_SEATS_LABEL.match(c) for c in cells[1:]):
            pairs = _column_table(lines, i)
        elif _SEATS_WORD.search(lines[i]) and len(lines[i]) <= _MAX_HEADING:
            # A heading that says seats ("Number of seats won"); the board follows it.
            start = i + 1
            while start < len(lines) and not lines[start].strip():
                start += 1
            board, end = _scoreboard(lines, start, _seats_column(lines[i]))
            if len(board) >= 3:
                pairs, after = board, end
        if pairs and (total := _tally(pairs, context)):
            totals.append(total)
        i = max(after, i + 1)
    return totals
