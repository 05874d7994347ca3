"""Table rows whose cells are printed one per line, joined back into one row.

Pages copied out of an HTML table often lose the row breaks and print every cell on a line of
its own: a party, then its votes, its share and one change per earlier election::

    UKIP
    373
    42.1%
    +11.6%
    +8.3%
    from nowhere

(sometimes with a lone ``|`` between the cells). Line by line no row reads, since a party alone
or a figure alone is not a result. Joined, ``UKIP | 373 | 42.1% | +11.6%`` is an ordinary row
for the figure reader. Only the first change is kept: it stands beside the share, and the
columns after it compare with older elections, which a result line does not carry.
"""

from __future__ import annotations

import re

__all__ = ["join_stacked_cells"]

Line = tuple[int, int, str]

# One figure alone in its cell: "373", "1,488", "42.1%", "+11.6%", "-3.3".
_FIGURE_CELL = re.compile(r"^[+−–-]?\d{1,3}(?:,\d{3})+%?$|^[+−–-]?\d+(?:\.\d+)?\s?%?$")
_SIGNED = re.compile(r"^[+−–-]\d")
# A cell saying there is no earlier figure to compare with: it ends the row's change.
_NO_COMPARISON = re.compile(r"^(?:from nowhere|new|n/?a|nil|none|—|–|-)$", re.I)
# A lone "|" between two cells of a stacked row.
_SEPARATOR = re.compile(r"^\|$")
MAX_LABEL_CHARS = 60
MIN_FIGURES = 2


def _cell(text: str) -> str:
    return text.strip().strip("|").strip()


def _is_label(text: str) -> bool:
    return (
        0 < len(text) <= MAX_LABEL_CHARS
        and not re.search(r"\d", text)
        and not text.endswith((":", ".", ","))
        and "|" not in text
    )


def _row_text(label: str, cells: list[str]) -> str:
    """The label and the cells up to the first change, as one pipe-separated row."""
    kept: list[str] = []
    for cell in cells:
        if _NO_COMPARISON.match(cell):
            break
        kept.append(cell)
        if _SIGNED.match(cell):
            break
    return " | ".join([label, *kept])


def _stacked_row(lines: list[Line], index: int) -> tuple[int, str] | None:
    """(index of the row's last line, the joined row) when ``lines[index]`` starts a stacked
    row: a label, then at least two figure cells."""
    label = _cell(lines[index][2])
    if not _is_label(label):
        return None
    cells: list[str] = []
    last = None
    position = index + 1
    while position < len(lines):
        text = lines[position][2].strip()
        cell = _cell(text)
        if _SEPARATOR.match(text):
            position += 1
            continue
        if not text:
            cells.append("")  # a blank line in a stacked row is an empty cell
        elif _FIGURE_CELL.match(cell) or _NO_COMPARISON.match(cell):
            cells.append(cell)
            last = position
        else:
            break
        position += 1
    figures = [cell for cell in cells if cell and not _NO_COMPARISON.match(cell)]
    if last is None or len(figures) < MIN_FIGURES:
        return None
    # "Independent / (blank) / -4.7%" (only changes: no one stood this time) is joined too:
    # it reads as no result, but it is a row of the table, not prose for the model.
    return last, _row_text(label, [cell for cell in cells if cell])


def join_stacked_cells(lines: list[Line]) -> list[Line]:
    """The lines with every stacked row joined into one virtual line (its offsets span the
    row's lines in the article; its text is the row's cells joined by pipes)."""
    out: list[Line] = []
    index = 0
    while index < len(lines):
        row = _stacked_row(lines, index)
        if row is None:
            out.append(lines[index])
            index += 1
            continue
        last, text = row
        out.append((lines[index][0], lines[last][1], text))
        index = last + 1
    return out
