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
from extractor.figures import SEAT_WORDS, read_row, split_items
from extractor.text import first_line

_DASH = r"[–—−-]"
_HEADER_SPLIT = re.compile(rf"^(?P<area>[^–—:]{{2,80}}?)\s+{_DASH}\s+(?P<rest>.+)$")
_GAIN = re.compile(
    r"^(?P<winner>.+?)\s+(?:gain|gains|win|wins|take|takes)\s+(?:from|off)\s+(?P<loser>.+?)\.?$",
    re.I,
)
_HOLD = re.compile(r"^(?P<winner>.+?)\s+(?:hold|holds|retain|retains)\.?$", re.I)
_TURNOUT = re.compile(
    r"(?:turnout\s*(?:was|of|:)?\s*(?P<a>\d{1,2}(?:\.\d+)?)\s*(?:%|per\s?cent)"
    r"|(?P<b>\d{1,2}(?:\.\d+)?)\s*%\s*turnout)",
    re.I,
)
_MAJORITY = re.compile(r"^majority\s*:?\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)\b", re.I)
# Where a sentence ends: a stop, then space, then a capital or an opening quote (a decimal
# point or "St." before a name is not followed by that).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])|\n+")
# The ward or division a paragraph is about ("in the Claines ward", "(St Paul's ward)").
_AREA_WORD = r"(?:[A-Z][\w'’.&-]*|and|&|upon|on|le|of|St\.?)"
_WARD = re.compile(rf"\b(?P<area>[A-Z][\w'’.&-]*(?:\s+{_AREA_WORD}){{0,5}}?)\s+(?:ward|division)\b")
MIN_ROWS = 2


@dataclass(frozen=True)
class ParsedRow:
    """One candidate line."""

    name: str | None
    party: str | None
    votes: int | None
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


def parse_row(line: str) -> ParsedRow | None:
    """Read one candidate line, or None when the line is not one (:func:`figures.read_row`)."""
    row = read_row(line)
    if row is None:
        return None
    return ParsedRow(row.name, row.party, row.votes, row.share, row.change, row.elected)


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
    taken = [(b.start, b.end) for b in blocks]
    inline = [b for b in parse_inline_lists(article) if not any(s <= b.start < e for s, e in taken)]
    return sorted(blocks + inline, key=lambda b: b.start)


def _paragraph_bounds(article: str, position: int) -> tuple[int, int]:
    start = article.rfind("\n\n", 0, position)
    end = article.find("\n\n", position)
    return (0 if start < 0 else start + 2), (len(article) if end < 0 else end)


def _inline_area(article: str, start: int) -> str | None:
    """The ward or division named last before a list, in its paragraph or the one before."""
    para_start, _ = _paragraph_bounds(article, start)
    before_start, _ = _paragraph_bounds(article, max(0, para_start - 3))
    for window in (article[para_start:start], article[before_start:start]):
        found = list(_WARD.finditer(window))
        if found:
            area = found[-1].group("area")
            return re.sub(r"^(?:the|in|at|of)\s+", "", area, flags=re.I).strip()
    return None


def _sentences(article: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for found in _SENTENCE_END.finditer(article):
        spans.append((position, found.start()))
        position = found.end()
    spans.append((position, len(article)))
    return [(s, e) for s, e in spans if e > s]


def parse_inline_lists(article: str) -> list[ParsedBlock]:
    """Results listed inside a sentence ("Voting was: LD 1,307, C 1,251, Green 125, Lab 60.
    The turnout was 42.7%."), with the ward named before them and the turnout after them."""
    blocks = []
    for start, end in _sentences(article):
        text = article[start:end]
        colon = text.rfind(":")
        body_start = start + (colon + 1 if colon >= 0 else 0)
        body = article[body_start:end].rstrip(".!? ")
        if SEAT_WORDS.search(text):
            continue  # "the Conservatives winning 368 seats, Labour 191": a tally, not votes
        items = split_items(body)
        rows = [row for item in items if (row := parse_row(item)) is not None]
        if len(rows) < MIN_ROWS or len(rows) < len(items) * 2 / 3:
            continue
        # Party rows without names are a list only when most rows are parties alone or
        # people with parties: a sentence of two names and numbers is prose for the model.
        block = ParsedBlock(start=body_start, end=end, rows=rows)
        block.area = _inline_area(article, start)
        _, para_end = _paragraph_bounds(article, start)
        turnout = _TURNOUT.search(article[end : min(para_end, end + 80)])
        if turnout:
            block.turnout = float(turnout.group("a") or turnout.group("b"))
        block.consumed = [(start, end)]
        blocks.append(block)
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
