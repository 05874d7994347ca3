from extractor.draft import DraftSeatTotal
from extractor.readers import READER_NAMES, read_in_code
from extractor.seat_tables import parse_seat_tables


def _rows(total: DraftSeatTotal) -> list[tuple[str, str | None]]:
    return [(p.party, p.seats) for p in total.parties]


# Shapes written for these tests (the real pages they stand for are not in git).
ROW_TABLE = """Result summary
Parties | |||||
Labour | Conservative | Liberal Democrat |
Others | SNP |
Alliance (NI) |
|
Total seats | 409 | 121 | 72 | 10 | 9 | 1 |
Total votes | 9,708,716 | 6,828,925 | 3,519,143 | 1,089,096 | 724,758 | 117,191 |
Seats gained | +152 | -184 | +39 | – | -20 | – |
"""

SCOREBOARD = """650 of 650 seats declared.

Number of seats won

Con
318
Net change
-13
Lab
262
+30
SNP
35
-21
326 majority
SF 7 (+3)
Ind 1 (–)

The Conservatives remained the biggest party, but lost their overall majority.
"""


def test_a_row_table_pairs_each_header_party_with_its_seats_cell() -> None:
    [total] = parse_seat_tables(ROW_TABLE)
    # "Others" is no party; the qualifier "(NI)" is not part of the name; votes and changes
    # in the rows below are not seats.
    assert _rows(total) == [("Labour", "409"), ("Conservative", "121"),
                            ("Liberal Democrat", "72"), ("SNP", "9"), ("Alliance", "1")]  # fmt: skip
    assert total.status == "declared"


def test_a_header_that_does_not_line_up_with_the_row_gives_nothing() -> None:
    shifted = ROW_TABLE.replace("Alliance (NI) |", "Alliance (NI) | Green |")
    assert parse_seat_tables(shifted) == []


def test_a_column_table_reads_the_seats_column() -> None:
    text = (
        "Party | Votes | Seats | Change\nLabour | 12,345 | 27 | +3\nPlaid Cymru | 9,001 | 4 | -1\n"
    )
    [total] = parse_seat_tables(text)
    assert _rows(total) == [("Labour", "27"), ("Plaid Cymru", "4")]


def test_a_scoreboard_takes_counts_and_not_signed_changes() -> None:
    [total] = parse_seat_tables(SCOREBOARD)
    assert _rows(total) == [("Con", "318"), ("Lab", "262"), ("SNP", "35"), ("SF", "7"),
                            ("Ind", "1")]  # fmt: skip


def test_lists_without_a_seats_heading_are_not_tallies() -> None:
    assert parse_seat_tables(SCOREBOARD.replace("seats", "votes")) == []
    # A candidate's result line is not a scoreboard pair.
    assert (
        parse_seat_tables("Seats won\nJane Cole Labour 18,402\nTom Hill Conservative 9,001\n") == []
    )


# A flattened table: each party's record over several lines, its figures in the heading's order.
RECORDS = """Party and leader Leader Seats Share Count
Conservative Party

Boris Johnson
365 43.60% 13,966,565
Labour Party

Jeremy Corbyn
203 32.20% 10,295,607
Liberal Democrats

Jo Swinson
11 11.60% 3,696,423
Brexit Party

Nigel Farage

Other parties

3 2.00% 700,886
"""

# A scoreboard across councils, each cell labelled where it stands.
COUNCILS_BOARD = """National councils scoreboard
Party Councils Seats
CouncilsTotal Councils Change SeatsTotal Seats Change

Party Labour

Councils Total7 Councils Change−3 Seats Total472 Seats Change−107

Party Plaid Cymru

Councils Total1 Councils Change- Seats Total202 Seats Change+33

Party Green

Councils Total0 Councils Change- Seats Total1 Seats Change+1
"""


def test_a_record_over_several_lines_takes_the_figure_under_the_seats_heading() -> None:
    [total] = parse_seat_tables(RECORDS)
    # Share and count are not seats; the figures after "Other parties" are nobody's record
    # (the Brexit Party's record ended without figures two lines before).
    assert _rows(total) == [("Conservative Party", "365"), ("Labour Party", "203"),
                            ("Liberal Democrats", "11")]  # fmt: skip


def test_labelled_cells_give_a_records_seats_and_not_its_change() -> None:
    [total] = parse_seat_tables(COUNCILS_BOARD)
    assert _rows(total) == [("Labour", "472"), ("Plaid Cymru", "202"), ("Green", "1")]


def test_the_reader_runs_except_in_local_elections_and_can_be_disabled() -> None:
    assert "seat_tables" in READER_NAMES
    _, facts = read_in_code(SCOREBOARD, "general")
    assert ("Con", "318") in [_rows(t)[0] for t in facts.seat_totals]
    _, local = read_in_code(SCOREBOARD, "local")
    assert local.seat_totals == []
    # In local elections a board that also counts councils won is a tally across councils.
    _, across = read_in_code(COUNCILS_BOARD, "local")
    assert [_rows(t)[0] for t in across.seat_totals] == [("Labour", "472")]
    _, off = read_in_code(SCOREBOARD, "general", frozenset({"seat_tables"}))
    assert all(_rows(t)[0] != ("Con", "318") for t in off.seat_totals)
