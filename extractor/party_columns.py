"""Tables with a column per party and a row per council, read without the model.

Pages that list many councils' compositions print one row per council and one column per
party, often copied out of HTML as a stream of cells, one or a few to a line::

    County Councils |
    | Exec | Control |
    Con | Labour |
    LibDem |
    Green |
    Others |
    Cambridgeshire |
    AA |
    LD/Lab/Ind |
    28 |
    9 |
    20 |
    |
    Ind 4 |

The row breaks are lost, but the width of a row is not: the header has as many cells as each
row, so rows are found by stepping that width from the end of the header, and a column is
known by its place. (A table printed a row to a line reads the same, except where a row ends
in empty cells: "| 2 |" closing a line cannot tell an empty last cell from the row's end.)
A small model reading such a stream shifts figures between parties and
councils; code reads each figure from its own column. Every value is a cell of the table,
grounded like model output.
"""

from __future__ import annotations

import re

from extractor.draft import DraftCouncil, DraftCouncilParty
from schemas import default_registry

__all__ = ["parse_party_columns"]

MIN_PARTY_COLUMNS = 3
MIN_ROWS = 2
MAX_LEADING_COLUMNS = 4  # cells before the party columns: the council, its executive, control
_COUNT = re.compile(r"^\d{1,3}$")
_OTHERS_HEADER = re.compile(r"^others?$", re.I)
_CONTROL_HEADER = re.compile(r"^(?:control|controlled by|in control)$", re.I)


def _cells(article: str) -> tuple[list[str], list[tuple[int, int]], list[int]]:
    """Every cell of the article in order, with the span of the line it stands on and where
    its text starts: a line's pipe-separated pieces (the pipes at its ends open or close
    cells, they hold none); a line that is only a pipe is one empty cell."""
    cells: list[str] = []
    lines: list[tuple[int, int]] = []
    starts: list[int] = []
    position = 0
    for line in article.splitlines(keepends=True):
        text = line.rstrip("\r\n")
        span = (position, position + len(text))
        base, position = position, position + len(line)
        if not text.strip():
            continue
        pieces = [(a + len(p) - len(p.lstrip()), p.strip()) for a, p in _pieces(text)]
        if text.strip() == "|":
            pieces = [(text.index("|"), "")]
        else:
            if pieces and not pieces[0][1]:
                pieces = pieces[1:]
            if pieces and not pieces[-1][1]:
                pieces = pieces[:-1]
        cells += [piece for _, piece in pieces]
        lines += [span] * len(pieces)
        starts += [base + offset for offset, _ in pieces]
    return cells, lines, starts


def _pieces(text: str) -> list[tuple[int, str]]:
    """The pipe-separated pieces of a line, with where each starts."""
    out, start = [], 0
    for index, char in enumerate(text + "|"):
        if char == "|":
            out.append((start, text[start:index]))
            start = index + 1
    return out


def _is_party(cell: str) -> bool:
    return bool(cell) and default_registry().is_known(cell)


def _header(cells: list[str]) -> list[tuple[int, int]]:
    """(first, last) cell index of each run of party names that can head columns: three or
    more parties in a row, and an "Others" column after them."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(cells):
        end = index
        while end < len(cells) and _is_party(cells[end]) and not _COUNT.match(cells[end]):
            end += 1
        if end - index >= MIN_PARTY_COLUMNS:
            last = end if end < len(cells) and _OTHERS_HEADER.match(cells[end]) else end - 1
            runs.append((index, last))
            index = last + 1
        else:
            index = end + 1 if end == index else end
    return runs


def _is_row_start(cell: str) -> bool:
    return bool(re.search(r"[A-Za-z]", cell)) and not re.search(r"\d", cell) and not _is_party(cell)


def _figure_cell(cell: str) -> bool:
    return not cell or _COUNT.match(cell) is not None


def _rows(cells: list[str], first: int, last: int) -> tuple[int, int, list[int]] | None:
    """(row width, header start, row starts) of the table whose party header spans
    ``cells[first:last + 1]``: the width whose rows start with a name and hold counts (or
    nothing) under every party column, for the most rows in a row."""
    best: tuple[int, int, list[int]] | None = None
    data = last + 1
    for leading in range(0, MAX_LEADING_COLUMNS + 1):
        start = first - leading
        width = last - start + 1
        if start < 0:
            break
        starts = []
        row = data
        while row + width <= len(cells) and _is_row_start(cells[row]):
            party_cells = cells[row + leading : row + leading + (last - first + 1)]
            parties = [
                c
                for c, h in zip(party_cells, cells[first : last + 1], strict=True)
                if not _OTHERS_HEADER.match(h)
            ]
            if not all(_figure_cell(c) for c in parties) or not any(parties):
                break
            starts.append(row)
            row += width
        if len(starts) >= MIN_ROWS and (best is None or len(starts) > len(best[2])):
            best = (width, start, starts)
    return best


def _others(cell: str, at: int) -> list[DraftCouncilParty]:
    """The groups an "Others" cell lists ("Ind 6, RA 3"), each figure with its place."""
    return [
        DraftCouncilParty(
            party=m.group("party"), seats=m.group("n"), change=None, at=at + m.start("n")
        )
        for m in _OTHERS_IN_CELL.finditer(cell)
    ]


_OTHERS_IN_CELL = re.compile(
    r"(?:^|,\s*)(?P<party>[A-Za-z][\w&'’. -]{0,30}?)\s+(?P<n>\d{1,3})(?=\s*(?:,|$))"
)


def _control(cell: str) -> str | None:
    """A control cell naming one party ("Con") or no overall control; a coalition
    ("LD/Lab/Ind", "Lab + LD") names no one party and is left out."""
    return cell if cell and default_registry().is_known(cell) else None


def parse_party_columns(article: str) -> tuple[list[DraftCouncil], list[tuple[int, int]]]:
    """Councils' compositions from tables with a column per party and a row per council, and
    the spans of the lines each table stands on."""
    cells, lines, positions = _cells(article)
    councils: list[DraftCouncil] = []
    spans: list[tuple[int, int]] = []
    for first, last in _header(cells):
        table = _rows(cells, first, last)
        if table is None:
            continue
        width, start, starts = table
        header = cells[start : start + width]
        control_column = next(
            (i for i, name in enumerate(header) if _CONTROL_HEADER.match(name)), None
        )
        for row in starts:
            values = cells[row : row + width]
            parties: list[DraftCouncilParty] = []
            for column in range(first - start, width):
                name, value, at = header[column], values[column], positions[row + column]
                if _OTHERS_HEADER.match(name):
                    parties += _others(value, at)
                elif value:
                    parties.append(DraftCouncilParty(party=name, seats=value, change=None, at=at))
            control = _control(values[control_column]) if control_column is not None else None
            councils.append(
                DraftCouncil(council=values[0], control=control, outcome=None, parties=parties)
            )
        # The rows' lines, from the party header's to the last row's end.
        end = starts[-1] + width - 1
        spans += sorted(set(lines[first : end + 1]))
    return councils, spans
