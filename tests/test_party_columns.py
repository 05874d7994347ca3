"""Tables with a column per party and a row per council."""

from __future__ import annotations

from extractor.party_columns import parse_party_columns
from extractor.readers import READER_NAMES, read_in_code

# Invented figures, in the shape of a compositions page copied out of HTML: every cell on a
# line of its own ending in a pipe, an empty cell a lone pipe.
STREAM = """Council compositions after the elections of May 2021
Shire Councils |
| Exec | Control |
Con | Labour |
LibDem |
Green |
Others |
Northshire |
LC |
Con |
40 |
12 |
6 |
|
Ind 2 |
Southshire |
AA |
LD/Lab |
20 |
15 |
22 |
4 |
Ind 3, RA 1 |
Westshire |
LC |
Lab |
9 |
31 |
4 |
4 |
|
"""

ROWS = """Council | Control | Con | Lab | LD | Green | Others
Eastfield | Con | 30 | 10 | 5 | | Ind 1
Lowdale | NOC | 18 | 19 | 6 | 2 | Ind 2
"""


def _read(text: str) -> list[tuple[str, str | None, list[tuple[str, str | None]]]]:
    councils, _ = parse_party_columns(text)
    return [(c.council, c.control, [(p.party, p.seats) for p in c.parties]) for c in councils]


def test_a_stream_of_cells_is_cut_into_rows_by_the_headers_width() -> None:
    assert _read(STREAM) == [
        ("Northshire", "Con", [("Con", "40"), ("Labour", "12"), ("LibDem", "6"), ("Ind", "2")]),
        # A coalition names no one party: no control.
        (
            "Southshire",
            None,
            [
                ("Con", "20"),
                ("Labour", "15"),
                ("LibDem", "22"),
                ("Green", "4"),
                ("Ind", "3"),
                ("RA", "1"),
            ],
        ),
        ("Westshire", "Lab", [("Con", "9"), ("Labour", "31"), ("LibDem", "4"), ("Green", "4")]),
    ]


def test_each_figure_keeps_its_own_cells_place() -> None:
    councils, _ = parse_party_columns(STREAM)
    for council in councils:
        for party in council.parties:
            assert party.at is not None and party.seats is not None
            assert STREAM[party.at : party.at + len(party.seats)] == party.seats


def test_one_row_a_line_reads_the_same() -> None:
    assert _read(ROWS) == [
        ("Eastfield", "Con", [("Con", "30"), ("Lab", "10"), ("LD", "5"), ("Ind", "1")]),
        (
            "Lowdale",
            "NOC",
            [("Con", "18"), ("Lab", "19"), ("LD", "6"), ("Green", "2"), ("Ind", "2")],
        ),
    ]


def test_a_result_list_or_prose_is_no_party_column_table() -> None:
    text = "Labour 1,234 (45.6%)\nConservative 1,001 (36.9%)\nGreen 480 (17.5%)\n"
    assert _read(text) == []
    assert _read("Labour, the Conservatives and the Greens all gained seats.") == []


def test_the_table_leaves_the_models_text_and_the_reader_can_be_disabled() -> None:
    blocks, facts = read_in_code(STREAM, "local")
    assert [c.council for c in facts.councils] == ["Northshire", "Southshire", "Westshire"]
    consumed = [span for block in blocks for span in block.consumed]
    assert consumed and all(STREAM[s:e].strip() for s, e in consumed)
    assert "party_column_tables" in READER_NAMES
    _, off = read_in_code(STREAM, "local", frozenset({"party_column_tables"}))
    assert off.councils == []
    # Outside local elections such a table is left to the other readers.
    assert read_in_code(STREAM, "general")[1].councils == []


def test_the_councils_are_grounded_at_their_own_cells() -> None:
    from extractor.ground import ground_facts

    _, facts = read_in_code(STREAM, "local")
    extraction, _ = ground_facts(STREAM, facts)
    seats = {(c.council, p.party): p.seats for c in extraction.councils for p in c.parties}
    assert seats[("Southshire", "Liberal Democrats")] == 22
    assert seats[("Westshire", "Labour")] == 31
    assert seats[("Northshire", "Independent")] == 2
