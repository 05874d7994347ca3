"""What code reads before the model: one ordered list of named readers.

Each reader turns one shape of text into draft facts exactly, with no model call: result lists
and tables of any shape (their lines are then left out of the text the model reads), seats
changing hands told in prose, council control lines, council compositions told in a sentence or tabled a party a column, seat tables and scoreboards, seat
tallies, referendum answer lines and referendum verdicts told in prose. Their facts are merged
ahead of the model's and grounded like them. A reader can be switched off by name like a
post-processing pass (``Settings(disabled=...)``); all of them are off with
``EXTRACTOR_PARSE_LISTS=0``, the naive single call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from extractor.answer_lines import parse_answer_lines
from extractor.compositions import parse_compositions
from extractor.contest_rows import parse_contest_rows
from extractor.control_lines import parse_control_lines
from extractor.council_lines import parse_council_lines
from extractor.council_tables import parse_council_tables
from extractor.counts import fold_later_counts
from extractor.draft import (
    DraftContest,
    DraftCouncil,
    DraftKind,
    DraftReferendum,
    DraftSeatTotal,
    ElectionFacts,
)
from extractor.parsers import ParsedBlock, block_to_draft, parse_result_blocks
from extractor.party_columns import parse_party_columns
from extractor.prose import seats_changing_hands
from extractor.seat_tables import parse_seat_tables
from extractor.tallies import TALLY_KINDS, parse_seat_tallies
from extractor.verdicts import parse_verdicts


@dataclass(frozen=True)
class Reader:
    """One shape of text read in code."""

    name: str
    doc: str
    read: Callable[[str, DraftKind], ElectionFacts]


def _facts(
    *,
    contests: list[DraftContest] | None = None,
    councils: list[DraftCouncil] | None = None,
    seat_totals: list[DraftSeatTotal] | None = None,
    referendums: list[DraftReferendum] | None = None,
) -> ElectionFacts:
    return ElectionFacts.of(
        contests=contests or [],
        councils=councils or [],
        seat_totals=seat_totals or [],
        referendums=referendums or [],
    )


READERS: tuple[Reader, ...] = (
    Reader(
        "contest_rows",
        "a row per contest under a header of column names: 'Constituency Candidate Turnout "
        "Votes Vote share Vote change Majority' over 'Foyle EASTWOOD, Colum 63.4% 26,881 ...'",
        lambda text, kind: _facts(contests=parse_contest_rows(text, kind)),
    ),
    Reader(
        "seats_changing_hands",
        "'<party> gained <seat> from <party>', '<party> held <seat>', '<person> won the <ward> "
        "by-election, beating the <party> candidate <person>', '<party> candidate <person> "
        "elected PCC for <place>' in prose",
        lambda text, kind: _facts(contests=seats_changing_hands(text, kind)),
    ),
    Reader(
        "control_lines",
        "'Bolton: Lab hold', 'Bridgend' / 'LAB LOSE TO NOC' (local elections)",
        lambda text, kind: _facts(councils=parse_control_lines(text) if kind == "local" else []),
    ),
    Reader(
        "council_compositions",
        "'the council is now made up of 41 Conservative members to 14 Labour, 10 Liberal Democrats and four Greens' (local elections)",
        lambda text, kind: _facts(councils=parse_compositions(text) if kind == "local" else []),
    ),
    Reader(
        "council_tables",
        "one council's composition tabled: 'Party | Seats | Gains | Lost | Net Gain/Loss' rows, an "
        "infobox's 'Party Conservative Labour' over 'Seats won 27 9' (local elections)",
        lambda text, kind: _facts(councils=parse_council_tables(text) if kind == "local" else []),
    ),
    Reader(
        "seat_tables",
        "'Total seats | 409 | 121 | ...' under a party header, 'Con' / '318' scoreboards",
        # The shape says it is a tally whatever the kind, except in local elections, where the
        # same table is most often one council's composition: there only a board that also
        # counts councils won is a tally.
        lambda text, kind: _facts(
            seat_totals=parse_seat_tables(text, across_councils=kind == "local")
        ),
    ),
    Reader(
        "seat_tallies",
        "'the Conservatives winning 368 seats, Labour 191' (general and devolved elections)",
        lambda text, kind: _facts(
            seat_totals=parse_seat_tallies(text) if kind in TALLY_KINDS else []
        ),
    ),
    Reader(
        "answer_lines",
        "'East Midlands – No to AV: 71.26% ::: Yes to AV: 28.74%' (referendums)",
        lambda text, kind: _facts(referendums=parse_answer_lines(text)),
    ),
    Reader(
        "verdicts",
        "'Glasgow has gone for Yes by 53-47%', 'in Bedford 52,399 voted no, while 28,311 voted yes'",
        lambda text, kind: _facts(referendums=parse_verdicts(text)),
    ),
)
# Result lists and party-column tables are read first and apart: their lines leave the text
# the model reads.
RESULT_LISTS = "result_lists"
PARTY_COLUMNS = "party_column_tables"  # a column per party, a row per council (local elections)
# A council's seats party by party: "Glasgow: SNP 37 (-2), Labour 36 (+5)" (local elections).
COUNCIL_LINES = "council_lines"
READER_NAMES = (RESULT_LISTS, PARTY_COLUMNS, COUNCIL_LINES, *(r.name for r in READERS))


def read_in_code(
    article: str, kind: DraftKind, disabled: frozenset[str] = frozenset()
) -> tuple[list[ParsedBlock], ElectionFacts]:
    """The result lists (whose lines the model need not read) and every fact read in code."""
    blocks = (
        [] if RESULT_LISTS in disabled else fold_later_counts(article, parse_result_blocks(article))
    )
    # A table of parties' seats leaves the model's text (the seat readers read it) but is no
    # contest.
    contests = [block_to_draft(block, kind) for block in blocks if not block.seats_table]
    parts = [_facts(contests=contests)]
    for name, parse in ((PARTY_COLUMNS, parse_party_columns), (COUNCIL_LINES, parse_council_lines)):
        if name in disabled or kind != "local":
            continue
        councils, spans = parse(article)
        parts.append(_facts(councils=councils))
        # The lines leave the model's text as a seats table does: they hold no contest.
        table = ParsedBlock(start=0, end=0, rows=[], consumed=spans, seats_table=True)
        blocks = [*blocks, table] if spans else blocks
    parts += [r.read(article, kind) for r in READERS if r.name not in disabled]
    return blocks, ElectionFacts.of(
        contests=[c for p in parts for c in p.contests],
        councils=[c for p in parts for c in p.councils],
        seat_totals=[t for p in parts for t in p.seat_totals],
        referendums=[r for p in parts for r in p.referendums],
    )
