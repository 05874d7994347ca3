"""Deterministic parsers for result lists that are tables in disguise.

Articles often print results as one candidate per line ("Jilleane Brown, Conservative Party –
7,167", "Conservative (Douglas Ross) – 22,637 (47.6%, +16.5)", "Helen Marsh (Farnham Residents)
1,488 – elected"). Reading those needs no model: a parser is exact, instant and costs no tokens.
The parsed lines are then left out of the text the model reads, so it spends its (slow) output
tokens only on the narrative prose. Every parsed value is still grounded like any other.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Literal

from extractor.compositions import states_composition
from extractor.draft import DraftCandidate, DraftContest, DraftKind
from extractor.figures import (
    SEAT_WORDS,
    FigureKind,
    Row,
    is_party,
    is_prose_label,
    read_row,
    row_like,
    split_items,
)
from extractor.stacked_cells import join_stacked_cells
from extractor.text import first_line
from schemas import default_registry

_DASH = r"[–—−-]"
_HEADER_SPLIT = re.compile(rf"^(?P<area>[^–—:]{{2,80}}?)\s+{_DASH}\s+(?P<rest>.+)$")
_GAIN = re.compile(
    r"^(?P<winner>.+?)\s+(?:gain|gains|win|wins|take|takes)\s+(?:from|off)\s+(?P<loser>.+?)\.?$",
    re.I,
)
_HOLD = re.compile(r"^(?P<winner>.+?)\s+(?:hold|holds|retain|retains)\.?$", re.I)
_TURNOUT = re.compile(
    # "Turnout 42.7%", "The turnout was 42.7 per cent", "Turnout 35,807 (44.67%, -27.00%)",
    # "51.99% turnout"
    r"(?:turnout(?:\s+in\s+(?P<place>[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|and|upon|on|of)){0,4}))?"
    r"\W{0,3}(?:was\s+|of\s+|:\s*)?(?:\d{1,3}(?:,\d{3})+\s*\(\s*)?"
    r"(?P<a>\d{1,2}(?:\.\d+)?)\s*(?:%|per\s?cent)"
    r"|(?P<b>\d{1,2}(?:\.\d+)?)\s*%\s*turnout)",
    re.I,
)
_MAJORITY = re.compile(r"\bmaj(?:ority)?\.?\s*(?:of\s+|:\s*)?(?P<n>\d{1,3}(?:,\d{3})+|\d+)\b", re.I)
# "Boston BC, Fenside", "Cornwall Council (UA), Wadebridge East": a council, then its ward.
_COUNCIL_THEN_WARD = re.compile(
    r"^(?P<council>.*\b(?:council|BC|DC|CC|MBC|LBC|UA|borough|district|county|city)\b[^,]*),\s*"
    r"(?P<ward>[^,]{2,60})$",
    re.I,
)
# Headings that name a part of the page, not a place.
_GENERIC_HEADING = re.compile(
    r"^(?:full |final |official |the )?(?:results?|breakdown|scoreboard|summary|candidates|votes|"
    r"count|declaration|(?:first|second|third|final) (?:count|round|stage)|result in full)$",
    re.I,
)
_DATE_TEXT = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
# "LIVE: Senedd Election 2021 results": a label of the page before the colon, not a place.
_PAGE_LABEL = re.compile(
    r"^(?:live|breaking|watch|update[sd]?|exclusive|revealed|analysis|explained|latest|"
    r"opinion|comment|full results?|results?|elections?|news)$",
    re.I,
)
_TIME_OF_DAY = re.compile(r"^\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?$", re.I)
# A list of the previous election's figures, printed beside this one's.
_EARLIER = re.compile(r"\b(?:last|previous)\s+(?:election|time|contest)\b|\bpreviously\b", re.I)
_HEADING_YEAR = re.compile(r"^((?:19|20)\d{2})\b\s*[:–—-]")
_DATELINE = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s*")
# Lines that only hold table furniture ("|", "---|---|", "Party") between two rows.
_FILLER = re.compile(r"^[\s|:\-–—+•·]*$")
# A table's header row names its columns; cells may repeat them ("Votes 11,891").
_COLUMN_WORD = re.compile(
    r"\b(votes?|share|change|party|candidates?|names?|%|\+/-|±)(?=\W|$)", re.I
)
MAX_CELL_LINES = 4
MAX_CELL_CHARS = 60
# Where a sentence ends: a stop, then space, then a capital or an opening quote (a decimal
# point or "St." before a name is not followed by that).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])|\n+")
# The ward or division a paragraph is about ("in the Claines ward", "(St Paul's ward)").
_AREA_WORD = r"(?:[A-Z][\w'’.&-]*|and|&|upon|on|le|of|St\.?)"
_WARD = re.compile(
    rf"\b(?P<area>[A-Z][\w'’&-]*(?:[ \t]+{_AREA_WORD}){{0,5}}?)[ \t]+(?:ward|division|by-?election)\b"
)
_HEADLINE_PLACE = re.compile(
    r"(?P<area>[A-Z][\w'’&.-]*(?:[ \t]+[\w'’&.-]+){0,5}?):[ \t][^\n]*\b(?:results?|elections?|by-?elections?)\b",
    re.I,
)
MIN_ROWS = 2
# A column of a table of parties' seats, not of one contest's candidates.
_SEATS_COLUMN = re.compile(r"^(?:seats?(?:\s+won)?|gains?|losses|councillors|elected)$", re.I)


# One candidate line: the figure reader's row.
ParsedRow = Row


@dataclass
class ParsedBlock:
    """A run of candidate lines with what its header and footer say."""

    start: int  # character offsets of the candidate lines in the article
    end: int
    rows: list[ParsedRow]
    area: str | None = None
    row_starts: list[int] = field(default_factory=list)  # where each row starts, when known
    year: int | None = None
    winner: str | None = None
    outcome: Literal["hold", "gain"] | None = None
    gained_from: str | None = None
    majority: int | None = None
    turnout: float | None = None
    consumed: list[tuple[int, int]] = field(
        default_factory=list
    )  # line spans the model need not read
    # Under a header with a seats column ("Party | Seats | Gains | Losses | Vote"): parties'
    # seats and shares across many contests, not one contest's result.
    seats_table: bool = False


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def parse_row(line: str) -> ParsedRow | None:
    """Read one candidate line, or None when the line is not one (:func:`figures.read_row`)."""
    return read_row(line)


def _lines(article: str) -> list[tuple[int, int, str]]:
    """The article's lines as (start, end, text); a line that holds several result rows run
    together, or a heading and the first row, is split into virtual lines at their seams
    (offsets stay the article's)."""
    out, position = [], 0
    for line in article.splitlines(keepends=True):
        text = line.rstrip("\r\n")
        # "LD – 4% (-1) Plaid Cymru HOLD — Cymru Election Maps (@WalesMaps) May 7, 2021": an
        # embedded post's signature ends the line; the row is what stands before it.
        signed = _POST_SIGNATURE.search(text)
        if signed:
            text = text[: signed.start()]
        out += [(position + a, position + b, text[a:b]) for a, b in _pieces(text)]
        position += len(line)
    return join_stacked_cells(out)


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# An embedded social-media post's signature: "— Name (@handle) May 7, 2021".
_POST_SIGNATURE = re.compile(
    rf"\s+[—–-]\s+[^—–]{{0,60}}\(@\w+\)\s+(?:{_MONTH}\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})\s*$"
)


# "Libby Cripps (IND) – 67Paul Evans (Green) – 22": a count run into the next row's name.
_RUN_TOGETHER = re.compile(r"(?<=\d)(?=[A-Z][a-z])")
# "Dwyfor Meirionnydd Result: PC – 48% (+1)": a heading, then the first row, on one line.
_HEADING_THEN_ROW = re.compile(r"^(?P<head>[^\d:|]{2,60}?):\s+(?=\S)")
_RESULTS_WORD = re.compile(r"\b(?:results?|declaration|count)$", re.I)


def _pieces(text: str) -> list[tuple[int, int]]:
    """Where one printed line holds more than one thing the parser reads line by line."""
    whole = [(0, len(text))]
    heading = _HEADING_THEN_ROW.match(text)
    # A label ending in "Result:" heads what follows even where the whole line reads as a row
    # (a person is not called "Dwyfor Meirionnydd Result").
    titled = heading is not None and _RESULTS_WORD.search(heading.group("head")) is not None
    if parse_row(text) is not None and not titled:
        return whole
    cuts = [m.start() for m in _RUN_TOGETHER.finditer(text)]
    if cuts and not titled:
        bounds = [0, *cuts, len(text)]
        spans = list(itertools.pairwise(bounds))
        if all(parse_row(text[a:b]) is not None for a, b in spans):
            return spans
    if heading and parse_row(text[heading.end() :]) is not None:
        return [(0, heading.end("head") + 1), (heading.end(), len(text))]
    return whole


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


def _read_facts_line(block: ParsedBlock, text: str) -> bool:
    """Majority, turnout and 'X gain from Y' / 'X hold' in a short line or its sentences
    ("Majority 75. Turnout 13.66%. UKIP gain from English Democrats."); True if any."""
    found = False
    majority = _MAJORITY.search(text)
    if majority and block.majority is None and not re.search(r"\bin \d{4}|\d{4}\s*:", text):
        block.majority = _number(majority.group("n"))
        found = True
    turnout = _TURNOUT.search(text)
    if turnout and block.turnout is None:
        block.turnout = float(turnout.group("a") or turnout.group("b"))
        found = True
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len(sentence) <= 80 and block.outcome is None and _read_outcome(block, sentence):
            found = True
    return found


def _area_of_heading(text: str) -> str | None:
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text.strip().rstrip(":")).strip()
    text = re.sub(r"\s+(?:results?|declarations?|count)$", "", text, flags=re.I).strip()
    council_ward = _COUNCIL_THEN_WARD.match(text)
    area = council_ward.group("ward").strip() if council_ward else text
    if (
        not re.search(r"[A-Za-z]", area)
        or _GENERIC_HEADING.match(area)
        or is_prose_label(area)
        or _DATE_TEXT.search(area)  # "Sunday 9 May 2021": a date, not a place
        or _TIME_OF_DAY.match(area)  # "6:04PM" in a live blog: when, not where
    ):
        return None  # "Party results and changes 2015": a heading of the page, not a place
    return area


def _read_header(
    block: ParsedBlock, lines: list[tuple[int, int, str]], first: int, floor: int
) -> None:
    """Look up to three lines above the block for 'Area – Labour hold' style headings."""
    index = first - 1
    looked = 0
    while index >= floor and looked < 3:
        _, _, text = lines[index]
        index -= 1
        stripped = _DATELINE.sub("", text).strip()
        if not stripped or _FILLER.match(stripped):
            continue
        looked += 1
        year = _HEADING_YEAR.match(stripped)
        if year and block.year is None:
            block.year = int(year.group(1))  # "2019: C maj 20,137": the results of 2019
        turnout = _TURNOUT.search(stripped)
        if turnout and block.turnout is None:
            block.turnout = float(turnout.group("a") or turnout.group("b"))
        if turnout and turnout.group("place") and block.area is None:
            block.area = turnout.group("place")  # "The voter turnout in Mid Bedfordshire was"
        if _is_prose(stripped):
            continue
        # "Avon & Somerset (Con GAIN from Ind)": the outcome in brackets after the area.
        bracket = re.search(r"\(([^()]+)\)\s*$", stripped)
        if bracket and block.outcome is None and _read_outcome(block, bracket.group(1)):
            stripped = stripped[: bracket.start()].strip()
        # Heading lines are read but left in the model's text: they give its prose a place.
        split = _HEADER_SPLIT.match(stripped)
        if split:
            area = split.group("area")
            if _read_outcome(block, split.group("rest")) and area.count(",") == 1:
                # "Ashford, Beaver - UKIP gain from Labour": a round-up names the council,
                # then the ward whose seat it was.
                area = area.split(",")[1]
            block.area = _area_of_heading(area)
            return
        if _read_outcome(block, stripped):
            continue
        if len(stripped) <= 60 and not turnout and not _COLUMN_WORD.search(stripped):
            block.area = _area_of_heading(stripped)
            return


def _read_footer(block: ParsedBlock, lines: list[tuple[int, int, str]], after: int) -> int:
    """Majority, turnout and outcome lines just below the block; returns the index after them."""
    index, looked = after, 0
    while index < len(lines) and looked < 3:
        start, end, text = lines[index]
        stripped = text.strip()
        if not stripped:
            index += 1
            continue
        looked += 1
        if len(stripped) > 200 or not _read_facts_line(block, stripped):
            break
        block.consumed.append((start, end))
        index += 1
    return index


def _column_names(text: str) -> list[str]:
    """The column names of a table's header row ("Party | Votes | % | Change"), else []."""
    cells = [c.strip() for c in re.split(r"\||\t", text) if c.strip()]
    if len(cells) < 2 or re.search(r"\d", text) or not _COLUMN_WORD.search(text):
        return []
    return sorted(cells, key=len, reverse=True)


def _without_column_names(text: str, names: list[str]) -> str:
    """Cells that repeat their column's name ("Votes 11,891") without it."""
    for name in names:
        text = re.sub(rf"(^|\|)\s*{re.escape(name)}\s+(?=\S)", r"\1 ", text, flags=re.I)
    return text


def _is_cell(text: str) -> bool:
    stripped = text.strip()
    # "Clwyd West results:" heads the rows below it; it is no cell of the first one.
    return (
        len(stripped) <= MAX_CELL_CHARS and not _is_prose(stripped) and not stripped.endswith(":")
    )


def _records(lines: list[tuple[int, int, str]]) -> list[tuple[int, int, ParsedRow]]:
    """Every result row with the lines it spans: one line, or a table row whose cells were
    printed on lines of their own ("Mary Foy", "Labour", "20,531 | 42.0% | -13.4%")."""
    records: list[tuple[int, int, ParsedRow]] = []
    columns: list[str] = []
    last = -1
    for index, (_, _, text) in enumerate(lines):
        columns = _column_names(text) or columns
        row = parse_row(_without_column_names(text, columns))
        first = index
        figures_line = _without_column_names(text, columns).strip()
        if (
            (row is None or row.name is None)
            and re.search(r"\d", text)
            and len(figures_line) <= 160
        ):
            # The cells before the figures may be on lines of their own: the longest join
            # that names a person and a party wins, else the first that reads at all.
            for back in range(1, MAX_CELL_LINES + 1):
                start = index - back
                if start <= last or not _is_cell(lines[start][2]) or _column_names(lines[start][2]):
                    break
                joined = " | ".join(t.strip() for _, _, t in lines[start : index + 1])
                found = parse_row(_without_column_names(joined, columns))
                if found is not None and (row is None or (found.name and found.party)):
                    row, first = found, start
        if row is None and records and _only_filler(lines, last + 1, index):
            row = _like_previous(text, records[-1][2])
        if row is not None:
            records.append((first, index, row))
            last = index
    return records


def _like_previous(text: str, previous: ParsedRow) -> ParsedRow | None:
    """Beside a row of the same figures, an unknown party's row is a row too."""
    figures: tuple[tuple[FigureKind, object], ...] = (
        ("votes", previous.votes),
        ("share", previous.share),
        ("change", previous.change),
    )
    kinds = [kind for kind, value in figures if value is not None]
    similar = row_like(text, kinds)
    if similar is None and previous.name is not None:
        # "Euan McGivern – Abolish: 502" under "David Wilkins – Liberal Democrats: 1,158": a
        # person's name, then the unknown party, laid out as the row above.
        named = _NAME_THEN_REST.match(text.strip())
        if named:
            similar = row_like(named.group("rest").rstrip(")"), kinds)
            if similar is not None:
                similar = replace(similar, name=named.group("name"))
    return similar


_NAME_THEN_REST = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})\s*(?:[–—-]\s|,\s|\()\s*(?P<rest>.+)$"
)


def _only_filler(lines: list[tuple[int, int, str]], start: int, end: int) -> bool:
    return all(_FILLER.match(text) for _, _, text in lines[start:end])


def _table_header(lines: list[tuple[int, int, str]], first: int) -> list[str]:
    """The column names of the table a run of rows starting at ``lines[first]`` stands in:
    the nearest header row above, over rows the parser did not take, up to a prose line."""
    for _, _, text in reversed(lines[max(0, first - _HEADER_REACH) : first]):
        if names := _column_names(text):
            return names
        if _SPACED_SEATS_HEADER.match(text.strip()):
            return ["Seats"]  # "Party name Seats won % of votes": columns set apart by spaces
        if _is_prose(text.strip()):
            break
    return []


_HEADER_REACH = 12
_SPACED_SEATS_HEADER = re.compile(
    r"^(?=[^\d]*\bpart(?:y|ies)\b)(?=[^\d]*\bseats\b)[^\d]{5,80}$", re.I
)


def parse_result_blocks(article: str) -> list[ParsedBlock]:
    """Every run of two or more result rows (blank lines and table furniture between them
    allowed), with its heading and footer, and every result list written inside a sentence."""
    lines = _lines(article)
    records = _records(lines)
    runs: list[list[tuple[int, int, ParsedRow]]] = []
    for record in records:
        if runs and _only_filler(lines, runs[-1][-1][1] + 1, record[0]):
            runs[-1].append(record)
        else:
            runs.append([record])
    blocks: list[ParsedBlock] = []
    floor = 0
    for run in runs:
        if len(run) < MIN_ROWS:
            continue
        first, last = run[0][0], run[-1][1]
        block = ParsedBlock(
            start=lines[first][0],
            end=lines[last][1],
            rows=[row for _, _, row in run],
            row_starts=[lines[row_first][0] for row_first, _, _ in run],
        )
        block.consumed = [(s, e) for s, e, _ in lines[first : last + 1]]
        header = _table_header(lines, first)
        block.seats_table = any(_SEATS_COLUMN.match(name) for name in header)
        _read_header(block, lines, first, floor)
        if block.area is None:
            block.area = _labelled_area(lines, first) or _inline_area(
                article, block.start, lead=not blocks
            )
        tail = _stacked_tail(article, lines, last + 1)
        block.consumed += [(s, e) for s, e, _ in lines[last + 1 : tail]]
        floor = _read_footer(block, lines, tail)
        _read_trailing_outcome(block)
        blocks.append(block)
    taken = [(b.start, b.end) for b in blocks]
    inline = [b for b in parse_inline_lists(article) if not any(s <= b.start < e for s, e in taken)]
    return sorted(blocks + inline, key=lambda b: b.start)


def _read_trailing_outcome(block: ParsedBlock) -> None:
    """ "LD – 4% (-1) Plaid Cymru HOLD": the list's last row ends with the contest's outcome,
    which the row read as its candidate's name."""
    last = block.rows[-1]
    if last.name is None or block.outcome is not None:
        return
    found = _GAIN.match(last.name) or _HOLD.match(last.name)
    if found is None or not is_party(found.group("winner")):
        return
    block.winner = found.group("winner")
    block.outcome = "gain" if "loser" in found.groupdict() else "hold"
    if block.outcome == "gain":
        block.gained_from = found.group("loser")
    block.rows[-1] = replace(last, name=None)


def _stacked_tail(article: str, lines: list[tuple[int, int, str]], after: int) -> int:
    """The index after the stacked rows that end a block's table without being results: a
    party that did not stand this time (only changes), the total ("Total / 887 / 33%")."""
    index = after
    while index < len(lines):
        start, end, text = lines[index]
        joined = article[start:end] != text and "|" in text
        if not (joined or (_FILLER.match(text) and index + 1 < len(lines))):
            break
        index += 1
    while index > after and _FILLER.match(lines[index - 1][2]):
        index -= 1  # the blank lines after the table are not part of it
    return index


# A results page's field label on a line of its own, its value on the next ("Division or
# Ward" / "Banbury Town Council - Town Centre"), as "Majority" / "5,025" labels a figure.
_AREA_LABEL = re.compile(
    r"^(?:division or ward|ward or division|ward|division|constituency|electoral "
    r"(?:ward|division|area)|district electoral area|ward name)\s*:?$",
    re.I,
)


def _labelled_area(lines: list[tuple[int, int, str]], first: int) -> str | None:
    """The value under the nearest area label above line ``first`` (within a page's header)."""
    for index in range(first - 1, max(-1, first - _HEADER_REACH - 1), -1):
        if _AREA_LABEL.match(lines[index][2].strip()) and index + 1 < first:
            value = lines[index + 1][2].strip()
            # "Banbury Town Council - Town Centre": the council, then its ward.
            council_ward = re.match(
                r"^.*\b(?:council|borough)\s+[–—-]\s+(?P<ward>.+)$", value, re.I
            )
            return _area_of_heading(council_ward.group("ward") if council_ward else value)
    return None


def _paragraph_bounds(article: str, position: int) -> tuple[int, int]:
    start = article.rfind("\n\n", 0, position)
    end = article.find("\n\n", position)
    return (0 if start < 0 else start + 2), (len(article) if end < 0 else end)


def _inline_area(article: str, start: int, *, lead: bool = False) -> str | None:
    """The ward, division or by-election named last before a list, in its paragraph or the
    one before; for the article's first list (``lead``), also the first one named before it
    ("The Greens have won the Brunswick and Adelaide by-election ...")."""
    para_start, _ = _paragraph_bounds(article, start)
    before_start, _ = _paragraph_bounds(article, max(0, para_start - 3))
    for window in (article[para_start:start], article[before_start:start]):
        found = list(_WARD.finditer(window))
        if found:
            area = found[-1].group("area")
            return re.sub(r"^(?:the|in|at|of)\s+", "", area, flags=re.I).strip()
    if not lead:
        return None
    # "Mid Bedfordshire: 2024 general election results": the headline names the place.
    headline = _HEADLINE_PLACE.match(_DATELINE.sub("", article[:start]).lstrip())
    if (
        headline
        and not is_prose_label(headline.group("area"))
        and not _PAGE_LABEL.match(headline.group("area"))
    ):
        return headline.group("area")
    # The nearest one named: "... in Glasgow by-election" then "won the Garscadden &
    # Scotstounhill by-election" names the ward second.
    named = sorted(
        [*_WARD.finditer(article[:start]), *_COUNCILLOR_OF.finditer(article[:start])],
        key=lambda m: m.start(),
    )
    places = [re.sub(r"^(?:the|in|at|of)\s+", "", m.group("area"), flags=re.I) for m in named]
    places = [
        p for p in places if p.lower() not in _NOT_PLACES and not default_registry().is_known(p)
    ]
    return places[-1] if places else None


# "Newly elected Cramlington Eastfield councillor Alan Smith": the councillor's ward (not
# "Green councillor", a party, nor "Town councillor", a rank).
_COUNCILLOR_OF = re.compile(
    rf"\b(?P<area>[A-Z][\w'’&-]*(?:[ \t]+{_AREA_WORD}){{0,4}}?)[ \t]+councill?or\b"
)
_NOT_PLACES = frozenset(
    {"the", "a", "this", "last", "new", "former", "local", "sitting", "veteran", "county"}
    | {"district", "borough", "city", "town", "parish", "community", "independent", "tory"}
)


def _sentences(article: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for found in _SENTENCE_END.finditer(article):
        spans.append((position, found.start()))
        position = found.end()
    spans.append((position, len(article)))
    return [(s, e) for s, e in spans if e > s]


def _is_withdrawn(item: str) -> bool:
    """A bracketed item ("[English Democrats (0.0;-35.9)]") is a party that did not stand."""
    return item.startswith("[") and item.endswith("]")


def parse_inline_lists(article: str) -> list[ParsedBlock]:
    """Results listed inside a sentence or on one line ("Voting was: LD 1,307, C 1,251,
    Green 125, Lab 60. The turnout was 42.7%."; "Lab 716 (48.7;-10.5), Con 453 (30.8;-4.6)"),
    with the ward named before them and the majority, turnout and outcome after them."""
    lines = _lines(article)
    line_starts = [s for s, _, _ in lines]
    blocks = []
    for start, end in _sentences(article):
        text = article[start:end]
        colon = text.rfind(":")
        body_start = start + (colon + 1 if colon >= 0 else 0)
        body = article[body_start:end].rstrip(".!? ")
        if SEAT_WORDS.search(body) or states_composition(text):
            # "the Conservatives winning 368 seats, Labour 191", "Council now 23 Labour, 20
            # Conservative": a tally or a chamber, not votes.
            continue
        items = [item for item in split_items(body) if not _is_withdrawn(item)]
        rows = [row for item in items if (row := parse_row(item)) is not None]
        if len(rows) < MIN_ROWS or len(rows) < len(items) * 2 / 3:
            continue
        block = ParsedBlock(start=body_start, end=end, rows=rows)
        lead_in = text[:colon].strip() if colon >= 0 else ""
        above = article[article.rfind("\n", 0, max(0, start - 1)) + 1 : start]
        if _EARLIER.search(lead_in or text[:40]) or (not lead_in and _EARLIER.search(above)):
            continue  # "Result of wards at last election (2012): ...", "Last Time Plaid 254"
        # "Berechurch: Labour (Dave Harris) 1,958, Conservative 858": the label names the ward.
        named = _area_of_heading(lead_in) if lead_in and not is_prose_label(lead_in) else None
        block.area = named if named and len(lead_in) <= 60 else _inline_area(article, body_start)
        line = bisect_right(line_starts, start) - 1
        if block.area is None and lines[line][0] == start:
            _read_header(block, lines, line, 0)  # a list on a line of its own, under a heading
        _, para_end = _paragraph_bounds(article, start)
        _read_facts_line(block, article[end : min(para_end, end + 200)])
        block.consumed = [(start, end)]
        if lines[line][1] <= end + 1:
            _read_footer(block, lines, line + 1)
        blocks.append(block)
    return blocks


# The first pattern found names the kind of election an article reports (most specific first).
KIND_CUES: tuple[tuple[re.Pattern[str], DraftKind], ...] = (
    # A council's by-election fills a ward's seat: a local contest, not a parliamentary one.
    (
        re.compile(
            r"\b(council|ward|division|local|authority|parish|town)\s+by-?elections?\b"
            r"|\bby-?elections?\s+(for|in|to)\s+(the\s+)?\w+(\s+\w+)?\s+(ward|division|council)\b",
            re.I,
        ),
        "local",
    ),
    (re.compile(r"\bby-?election\b", re.I), "by-election"),
    # One person elected to an office by an area (a mayor, a police and crime commissioner).
    (re.compile(r"\bmayor(al)?\b|\bpolice and crime commissioners?\b|\bPCCs?\b", re.I), "mayoral"),
    (
        re.compile(
            r"\b(Senedd|Holyrood|Scottish Parliament|Welsh Parliament|Stormont|assembly elections?|"
            # The SNP's name for a Holyrood election: "Scottish General Elections".
            r"Scottish general elections?|"
            r"(Welsh|National|Northern Ireland) Assembly)\b|\b(MSPs?|MLAs?|AMs|MSs)\b",
            re.I,
        ),
        "devolved",
    ),
    (
        re.compile(r"\b((?<!Scottish )general election|constituenc(y|ies)|MPs?)\b", re.I),
        "general",
    ),
    (re.compile(r"\b(council|councillors?|wards?|local elections?)\b", re.I), "local"),
)


_COUNCIL_CUE = re.compile(
    r"\b(wards?|councill?ors?|[A-Z]\w+ (?:District |Borough |City |County )?Council)\b"
)
_PARLIAMENT_CUE = re.compile(r"\b(MPs?|constituenc(?:y|ies)|Westminster|Commons|parliamentary)\b")


def infer_kind(article: str) -> DraftKind:
    """The kind of election an article is about, from cue words (``other`` when none).

    The headline (first line) decides when it has a cue: "General election 2017: …" is a
    general election even if the body mentions Holyrood or a council.
    """
    kind = next((kind for pattern, kind in KIND_CUES if pattern.search(first_line(article))), None)
    if kind is None:
        # Otherwise the kind the body mentions most ("deputy London mayor" once does not make
        # a general-election report a mayoral one); ties go to the more specific kind.
        counts = [
            (len(pattern.findall(article)), -rank, kind)
            for rank, (pattern, kind) in enumerate(KIND_CUES)
        ]
        best = max(counts)
        kind = best[2] if best[0] else "other"
    if kind == "by-election" and len(_COUNCIL_CUE.findall(article)) > len(
        _PARLIAMENT_CUE.findall(article)
    ):
        return "local"  # a ward's by-election told without the words "council by-election"
    return kind


def reports_by_elections(article: str) -> bool:
    """True when the article is about by-elections (each fills one seat)."""
    return bool(re.search(r"\bby-?elections?\b", article, re.I))


def _row_starts(block: ParsedBlock) -> list[int | None]:
    starts: list[int | None] = list(block.row_starts)
    return starts if len(starts) == len(block.rows) else [None] * len(block.rows)


def block_to_draft(block: ParsedBlock, kind: DraftKind = "other") -> DraftContest:
    """A parsed block in the model's draft shape, so it is grounded like model output.

    Where the list marks winners ("ELECTED"), the unmarked candidates lost.
    """
    marked = any(row.elected for row in block.rows)
    return DraftContest(
        area=block.area,
        kind=kind,
        year=block.year,
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
                at=at,
            )
            for row, at in zip(block.rows, _row_starts(block), strict=True)
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
