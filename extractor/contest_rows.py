"""Tables with one contest per row, read by the names in their header.

Results pages list each contest's winner on a row of its own under a header of column names:
"Constituency Candidate Electorate Turnout Votes Vote share Vote change Majority" over
"Belfast South HANNA, Claire 69,984 67.7% 27,079 57.2% 31.3% 15,401", or "Ward | Winner |
Party | Votes | Majority" over pipe-separated cells. There the header, not how a figure is
written, says what each figure is: "31.3%" under "Vote change" is a change, "67.7%" under
"Turnout" the contest's turnout. A row's figures are matched to the header's figure columns
from the right, so a row is read only when it has exactly as many figures as the header has
figure columns; its text is split into the header's text columns (area, candidate, party) at
the cells' separators, or where none are written, after the longest constituency name the
row starts with, or before a "SURNAME, Forename" name.

Each row is one contest in the model's draft shape, its figures grounded like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.draft import DraftCandidate, DraftContest, DraftKind
from extractor.gazetteer import is_constituency
from schemas import default_registry

# Column names, longest first so "vote share" is one column, not "vote" and "share".
_TEXT_COLUMNS: dict[str, str] = {
    "electoral division": "area",
    "constituency": "area",
    "division": "area",
    "ward": "area",
    "seat": "area",
    "winning candidate": "person",
    "elected member": "person",
    "candidate": "person",
    "winner": "person",
    "member": "person",
    "mp": "person",
    "msp": "person",
    "councillor": "person",
    "winning party": "party",
    "party": "party",
}
_FIGURE_COLUMNS: dict[str, str] = {
    "electorate": "electorate",
    "turnout %": "turnout",
    "turnout": "turnout",
    "votes cast": "votes",
    "votes": "votes",
    "vote share": "share",
    "share %": "share",
    "share": "share",
    "%": "share",
    "vote change": "change",
    "share change": "change",
    "change": "change",
    "+/-": "change",
    "±": "change",
    "majority": "majority",
    "maj": "majority",
}
_COLUMNS = {**_TEXT_COLUMNS, **_FIGURE_COLUMNS}
_COLUMN = re.compile(
    r"\s*(" + "|".join(re.escape(c) for c in sorted(_COLUMNS, key=len, reverse=True)) + r")"
    r"(?![\w])\s*",
    re.I,
)
_CELL_SPLIT = re.compile(r"\s*(?:\||\t)\s*")
_FIGURE = re.compile(r"[+−–-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|[+−–-]?\d+(?:\.\d+)?%?")
_SURNAME_FIRST = re.compile(r"\b[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+)*,\s+[A-Z][a-z][\w'’-]*")
# A table ends at a line with no figures.
MAX_ROWS = 60


# A person's column under these names holds the contest's winner.
_WINNER_COLUMNS = frozenset(
    {"winning candidate", "elected member", "winner", "member", "mp", "msp", "councillor"}
)


@dataclass(frozen=True)
class _Header:
    text: tuple[str, ...]  # text columns, in order ("area", "person", "party")
    figures: tuple[str, ...]  # figure columns, in order
    winners: bool = False  # the person column holds each contest's winner


def _header(line: str) -> _Header | None:
    """The columns of a header row that names an area column and two or more figure columns,
    every word of it a column name, text columns before figure columns; else None."""
    cells = [c for c in _CELL_SPLIT.split(line.strip().strip("|")) if c]
    names: list[str] = []
    for cell in cells:
        position = 0
        while position < len(cell):
            found = _COLUMN.match(cell, position)
            if found is None:
                return None
            names.append(found.group(1).lower())
            position = found.end()
    kinds = [_COLUMNS[name] for name in names]
    text = [k for k in kinds if k in ("area", "person", "party")]
    figures = [k for k in kinds if k not in ("area", "person", "party")]
    if not text or text[0] != "area" or len(figures) < 2 or kinds[: len(text)] != text:
        return None
    if len(set(text)) != len(text):
        return None
    winners = any(name in _WINNER_COLUMNS for name in names)
    return _Header(tuple(text), tuple(figures), winners)


def _split_text(text: str, columns: tuple[str, ...]) -> dict[str, str] | None:
    """A row's text written with no cell separators cut into its text columns, or None when it
    cannot be cut surely."""
    if columns == ("area",):
        return {"area": text.strip()}
    words = text.split()
    # The longest constituency name the row starts with is its area.
    for n in range(len(words) - 1, 0, -1):
        area = " ".join(words[:n])
        if is_constituency(area):
            rest = " ".join(words[n:])
            return _rest_after_area(area, rest, columns)
    # "HANNA, Claire": a name written surname first starts the person's column.
    if "person" in columns and (found := _SURNAME_FIRST.search(text)) and found.start() > 0:
        return _rest_after_area(text[: found.start()].strip(), text[found.start() :], columns)
    return None


def _rest_after_area(area: str, rest: str, columns: tuple[str, ...]) -> dict[str, str] | None:
    cells = {"area": area}
    left = [c for c in columns if c != "area"]
    if left == ["person"]:
        cells["person"] = rest.strip()
    elif left == ["party"]:
        cells["party"] = rest.strip()
    elif left:
        # A person and a party run together: the party is the registry's name at the end.
        registry = default_registry()
        words = rest.split()
        for n in range(1, len(words)):
            party = " ".join(words[-n:])
            if registry.is_known(party):
                cells["person"], cells["party"] = " ".join(words[:-n]), party
                break
        else:
            return None
    return cells if all(cells.get(c) for c in columns) else None


def _row(line: str, header: _Header, kind: DraftKind, at: int) -> DraftContest | None:
    delimited = bool(re.search(r"\||\t", line))
    cells = [c for c in _CELL_SPLIT.split(line.strip().strip("|")) if c] if delimited else []
    if delimited:
        figures = cells[len(header.text) :]
        if len(figures) != len(header.figures) or not all(
            _FIGURE.fullmatch(f.replace(" ", "")) for f in figures
        ):
            return None
        # The cells before the figures are the text columns, one each.
        split: dict[str, str] | None = dict(
            zip(header.text, cells[: len(header.text)], strict=True)
        )
    else:
        tokens = line.split()
        figures = tokens[len(tokens) - len(header.figures) :]
        if len(tokens) <= len(header.figures) or not all(_FIGURE.fullmatch(f) for f in figures):
            return None
        if _FIGURE.fullmatch(tokens[len(tokens) - len(header.figures) - 1]):
            return None  # more figures than columns: not this table's row
        split = _split_text(" ".join(tokens[: len(tokens) - len(header.figures)]), header.text)
    if split is None:
        return None
    value = {
        column: figure.rstrip("%") for column, figure in zip(header.figures, figures, strict=True)
    }
    person = split.get("person")
    candidate = DraftCandidate(
        name=person,
        party=split.get("party"),
        votes=value.get("votes"),
        share=value.get("share"),
        elected=True if header.winners and person else None,
        change=value.get("change"),
        at=at,
    )
    has_candidate = any(v is not None for v in (person, candidate.votes, candidate.share))
    return DraftContest(
        area=split["area"],
        kind=kind,
        year=None,
        winner=split.get("party"),
        outcome=None,
        gained_from=None,
        majority=value.get("majority"),
        turnout=value.get("turnout"),
        candidates=[candidate] if has_candidate else [],
    )


def parse_contest_rows(article: str, kind: DraftKind = "other") -> list[DraftContest]:
    """Every contest of every one-contest-a-row table under a header of column names."""
    contests: list[DraftContest] = []
    lines = article.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    index = 0
    while index < len(lines):
        header = _header(lines[index])
        index += 1
        if header is None:
            continue
        for _ in range(MAX_ROWS):
            if index >= len(lines) or not lines[index].strip():
                break
            contest = _row(lines[index].strip(), header, kind, offsets[index])
            if contest is None:
                break
            contests.append(contest)
            index += 1
    return contests
