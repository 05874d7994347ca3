"""Deterministic parsers for result lists that are tables in disguise.

Articles often print results as one candidate per line ("Jilleane Brown, Conservative Party –
7,167", "Conservative (Douglas Ross) – 22,637 (47.6%, +16.5)", "Helen Marsh (Farnham Residents)
1,488 – elected"). Reading those needs no model: a parser is exact, instant and costs no tokens.
The parsed lines are then left out of the text the model reads, so it spends its (slow) output
tokens only on the narrative prose. Every parsed value is still grounded like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from extractor.draft import DraftCandidate, DraftContest, DraftKind
from extractor.text import first_line
from schemas import default_registry

_DASH = r"[–—−-]"
_SEP = rf"\s*(?:{_DASH}|:)\s*"
_VOTES = r"(?P<votes>\d{1,3}(?:,\d{3})+|\d+)"
_SHARE = (
    r"(?:\s*[(\[]\s*(?P<share>\d{1,2}(?:\.\d+)?)\s*%"
    r"(?:\s*,\s*(?P<change>[+−–-]?\s?\d{1,2}(?:\.\d+)?))?\s*[)\]])?"
)
_ELECTED = rf"(?P<elected>\s*(?:{_DASH}\s*)?(?:\(?elected\)?|\*))?"
_TAIL = rf"{_SHARE}{_ELECTED}\s*$"

# "Name, Party – 7,167"
_NAME_COMMA_PARTY = re.compile(
    rf"^(?P<a>[^,()\d]{{2,60}}),\s*(?P<b>[^,()\d]{{2,60}}?){_SEP}{_VOTES}{_TAIL}", re.I
)
# "Name (Party) – 1,488" or "Party (Name) – 22,637 (47.6%, +16.5)"
_PARENS = re.compile(
    rf"^(?P<a>[^,()\d]{{2,60}}?)\s*\((?P<b>[^()\d]{{2,60}})\)(?:{_SEP}|\s+){_VOTES}{_TAIL}", re.I
)
# "Conservative – 477 [54.6%, +23.6]" (a party with no candidate name)
_PARTY_ONLY = re.compile(rf"^(?P<a>[^,()\d]{{2,60}}?){_SEP}{_VOTES}{_TAIL}", re.I)

_HEADER_SPLIT = re.compile(rf"^(?P<area>[^–—:]{{2,80}}?)\s+{_DASH}\s+(?P<rest>.+)$")
_GAIN = re.compile(
    r"^(?P<winner>.+?)\s+(?:gain|gains|win|wins|take|takes)\s+(?:from|off)\s+(?P<loser>.+?)\.?$",
    re.I,
)
_HOLD = re.compile(r"^(?P<winner>.+?)\s+(?:hold|holds|retain|retains)\.?$", re.I)
_TURNOUT = re.compile(
    r"(?:turnout\s*:?\s*(?P<a>\d{1,2}(?:\.\d+)?)\s*%|(?P<b>\d{1,2}(?:\.\d+)?)\s*%\s*turnout)", re.I
)
_MAJORITY = re.compile(r"^majority\s*:?\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)\b", re.I)
_NOT_A_ROW = re.compile(r"^(majority|turnout|electorate|spoilt|rejected|total|swing)\b", re.I)
# Words that make an unknown name a party ("Women's Equality Party (Kirstein Rummery)").
_PARTYISH = re.compile(r"\b(Party|Alliance|Coalition|Movement|Front|Independents|Residents)\b")
_PERSON = re.compile(
    r"^[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|van|von|der|le|la|du|bin|al))+$"
)


@dataclass(frozen=True)
class ParsedRow:
    """One candidate line."""

    name: str | None
    party: str | None
    votes: int
    share: float | None
    change: float | None
    elected: bool | None


@dataclass
class ParsedBlock:
    """A run of candidate lines with what its header and footer say."""

    start: int  # character offsets of the candidate lines in the article
    end: int
    rows: list[ParsedRow]
    area: str | None = None
    winner: str | None = None
    outcome: Literal["hold", "gain"] | None = None
    gained_from: str | None = None
    majority: int | None = None
    turnout: float | None = None
    consumed: list[tuple[int, int]] = field(
        default_factory=list
    )  # line spans the model need not read


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _signed(text: str | None) -> float | None:
    if text is None:
        return None
    cleaned = re.sub(r"\s", "", text).replace("−", "-").replace("–", "-")
    return float(cleaned)


def _looks_like_person(text: str) -> bool:
    return _PERSON.match(text.strip()) is not None and len(text.split()) <= 6


def parse_row(line: str) -> ParsedRow | None:
    """Read one candidate line, or None when the line is not one."""
    text = line.strip()
    if not text or _NOT_A_ROW.match(text) or len(text) > 160:
        return None
    registry = default_registry()
    for pattern in (_NAME_COMMA_PARTY, _PARENS, _PARTY_ONLY):
        found = pattern.match(text)
        if not found:
            continue
        a = found.group("a").strip()
        b = found.groupdict().get("b")
        b = b.strip() if b else None
        if b is None:  # party only
            if not registry.is_known(a):
                return None
            name, party = None, a
        elif (registry.is_known(a) or _PARTYISH.search(a)) and not registry.is_known(b):
            name, party = b, a
        else:
            name, party = a, b
        if name is not None and not _looks_like_person(name):
            return None
        return ParsedRow(
            name=name,
            party=party,
            votes=_number(found.group("votes")),
            share=float(found.group("share")) if found.group("share") else None,
            change=_signed(found.group("change")),
            elected=True if found.group("elected") else None,
        )
    return None


def _lines(article: str) -> list[tuple[int, int, str]]:
    out, position = [], 0
    for line in article.splitlines(keepends=True):
        out.append((position, position + len(line.rstrip("\r\n")), line.rstrip("\r\n")))
        position += len(line)
    return out


def _is_prose(text: str) -> bool:
    return len(text) > 100 or (text.rstrip().endswith((".", "”", '"', ":")) and len(text) > 40)


def _read_outcome(block: ParsedBlock, text: str) -> bool:
    outcomes: tuple[tuple[re.Pattern[str], Literal["hold", "gain"]], ...] = (
        (_GAIN, "gain"),
        (_HOLD, "hold"),
    )
    for pattern, outcome in outcomes:
        found = pattern.match(text.strip())
        if found:
            block.winner, block.outcome = found.group("winner").strip(), outcome
            block.gained_from = found.groupdict().get("loser")
            return True
    return False


def _read_header(
    block: ParsedBlock, lines: list[tuple[int, int, str]], first: int, floor: int
) -> None:
    """Look up to three lines above the block for 'Area – Labour hold' style headings."""
    index = first - 1
    looked = 0
    while index >= floor and looked < 3:
        _, _, text = lines[index]
        index -= 1
        stripped = text.strip()
        if not stripped:
            continue
        looked += 1
        if _is_prose(stripped) and not _TURNOUT.search(stripped):
            continue
        turnout = _TURNOUT.search(stripped)
        if turnout and block.turnout is None:
            block.turnout = float(turnout.group("a") or turnout.group("b"))
        # Heading lines are read but left in the model's text: they give its prose a place.
        split = _HEADER_SPLIT.match(stripped)
        if split:
            block.area = re.sub(r"\s*\([^)]*\)\s*$", "", split.group("area")).strip()
            _read_outcome(block, split.group("rest"))
            return
        if _read_outcome(block, stripped):
            continue
        if len(stripped) <= 60 and not turnout:
            block.area = re.sub(r"\s*\([^)]*\)\s*$", "", stripped).strip()
            return


def _read_footer(block: ParsedBlock, lines: list[tuple[int, int, str]], after: int) -> int:
    """Majority/turnout lines just below the block; returns the index after them."""
    index = after
    while index < len(lines) and index < after + 3:
        start, end, text = lines[index]
        stripped = text.strip()
        majority = _MAJORITY.match(stripped)
        turnout = _TURNOUT.search(stripped) if stripped.lower().startswith("turnout") else None
        if majority:
            block.majority = _number(majority.group("n"))
        elif turnout:
            block.turnout = float(turnout.group("a") or turnout.group("b"))
        else:
            break
        block.consumed.append((start, end))
        index += 1
    return index


def parse_result_blocks(article: str) -> list[ParsedBlock]:
    """Every run of two or more candidate lines, with its heading and footer."""
    lines = _lines(article)
    blocks: list[ParsedBlock] = []
    index, floor = 0, 0
    while index < len(lines):
        rows: list[ParsedRow] = []
        first = index
        while index < len(lines) and (row := parse_row(lines[index][2])) is not None:
            rows.append(row)
            index += 1
        if len(rows) >= 2:
            block = ParsedBlock(start=lines[first][0], end=lines[index - 1][1], rows=rows)
            block.consumed = [(s, e) for s, e, _ in lines[first:index]]
            _read_header(block, lines, first, floor)
            index = _read_footer(block, lines, index)
            blocks.append(block)
            floor = index
        else:
            index = first + 1
    return blocks


# The first pattern found names the kind of election an article reports (most specific first).
KIND_CUES: tuple[tuple[re.Pattern[str], DraftKind], ...] = (
    (re.compile(r"\bby-?election\b", re.I), "by-election"),
    (re.compile(r"\bmayor(al)?\b", re.I), "mayoral"),
    (
        re.compile(r"\b(Senedd|Holyrood|Scottish Parliament|Stormont|assembly election)\b", re.I),
        "devolved",
    ),
    (re.compile(r"\b(general election|constituenc(y|ies)|MPs?)\b", re.I), "general"),
    (re.compile(r"\b(council|councillors?|wards?|local elections?)\b", re.I), "local"),
)


def infer_kind(article: str) -> DraftKind:
    """The kind of election an article is about, from cue words (``other`` when none).

    The headline (first line) decides when it has a cue: "General election 2017: …" is a
    general election even if the body mentions Holyrood or a council.
    """
    kind = next((kind for pattern, kind in KIND_CUES if pattern.search(first_line(article))), None)
    if kind is not None:
        return kind
    # Otherwise the kind the body mentions most ("deputy London mayor" once does not make a
    # general-election report a mayoral one); ties go to the more specific kind.
    counts = [
        (len(pattern.findall(article)), -rank, kind)
        for rank, (pattern, kind) in enumerate(KIND_CUES)
    ]
    best = max(counts)
    return best[2] if best[0] else "other"


def block_to_draft(block: ParsedBlock, kind: DraftKind = "other") -> DraftContest:
    """A parsed block in the model's draft shape, so it is grounded like model output.

    Where the list marks winners ("ELECTED"), the unmarked candidates lost.
    """
    marked = any(row.elected for row in block.rows)
    return DraftContest(
        area=block.area,
        kind=kind,
        year=None,
        winner=block.winner,
        outcome=block.outcome,
        gained_from=block.gained_from,
        majority=block.majority,
        turnout=block.turnout,
        candidates=[
            DraftCandidate(
                name=row.name,
                party=row.party,
                votes=row.votes,
                share=row.share,
                change=row.change,
                elected=True if row.elected else (False if marked else None),
            )
            for row in block.rows
        ],
    )


def text_for_model(article: str, blocks: list[ParsedBlock]) -> str:
    """The article without the lines the parser consumed (candidate rows, headers, footers)."""
    spans = sorted(span for block in blocks for span in block.consumed)
    out, position = [], 0
    for start, end in spans:
        if start < position:
            continue
        out.append(article[position:start])
        position = end
        # Drop the line break after a removed line too.
        if article[position : position + 1] == "\n":
            position += 1
    out.append(article[position:])
    return "".join(out)
