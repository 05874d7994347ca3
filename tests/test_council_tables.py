"""One council's composition laid out as a table (invented figures throughout)."""

from __future__ import annotations

from extractor.council_tables import parse_council_tables
from extractor.ground import ground_facts
from extractor.readers import read_in_code

COLUMNS = """The 2019 Lowdale District Council election took place on 2 May 2019.
Election result
Party | Seats | Gains | Lost | Net Gain/Loss | Seats % | Votes % | Votes | +/− |
---|---|---|---|---|---|---|---|---|
Conservative | 21 | 1 | 5 | -4 | 52.5 | 41.0 | 10,220 | -3.1 |
Liberal Democrat | 15 | 5 | 0 | +5 | 37.5 | 35.2 | 8,771 | +9.9 |
Labour | 4 | 0 | 1 | -1 | 10.0 | 20.1 | 5,010 | -4.2 |
References
"""

INFOBOX = """Eastfield Borough Council election, 2018
20 seats (out of 45 seats)
  First party Second party Third party
Party Labour Conservative Liberal Democrat
Last election 20 18 7
Seats won 23 16 6
Seat change Increase 3 Decrease 2 Steady
Popular vote 12,001 10,400 3,120
  Fourth party
Party Green
Seats won 0
Seat change 0
The 2018 Eastfield Borough Council election took place on 3 May 2018.
"""


def _read(text: str) -> list[tuple[str, list[tuple[str, str | None, str | None]]]]:
    return [
        (c.council, [(p.party, p.seats, p.change) for p in c.parties])
        for c in parse_council_tables(text)
    ]


def test_a_column_table_is_the_councils_new_composition_with_its_net_change() -> None:
    assert _read(COLUMNS) == [
        (
            "Lowdale District Council",
            [("Conservative", "21", "-4"), ("Liberal Democrat", "15", "+5"), ("Labour", "4", "-1")],
        )
    ]


def test_an_infoboxs_rows_are_paired_by_position_and_its_blocks_joined() -> None:
    assert _read(INFOBOX) == [
        (
            "Eastfield Borough Council",
            [
                ("Labour", "23", "+3"),
                ("Conservative", "16", "-2"),
                # "Steady" gives no figure: no change is reported rather than a 0 not written.
                ("Liberal Democrat", "6", None),
                ("Green", "0", "0"),
            ],
        )
    ]


def test_a_table_naming_no_council_or_prose_is_left_alone() -> None:
    unnamed = COLUMNS.replace("Lowdale District Council", "Lowdale")
    assert _read(unnamed) == []
    assert _read("Party leaders met the Conservative and Labour candidates.\nSeats won 3 4") == []


def test_the_reader_runs_in_local_elections_and_its_figures_ground_at_their_cells() -> None:
    _, facts = read_in_code(INFOBOX, "local")
    extraction, _ = ground_facts(INFOBOX, facts)
    [council] = extraction.councils
    assert [(p.party, p.seats, p.seats_change) for p in council.parties] == [
        ("Labour", 23, 3),
        ("Conservative", 16, -2),
        ("Liberal Democrats", 6, None),
        ("Green", 0, 0),
    ]
    assert read_in_code(INFOBOX, "general")[1].councils == []
    _, off = read_in_code(INFOBOX, "local", frozenset({"council_tables"}))
    assert off.councils == []


def test_a_councils_own_name_a_country_or_a_vacancy_is_no_party_of_it() -> None:
    from extractor.draft import DraftCouncil, DraftCouncilParty
    from tests.support import facts

    text = "Eastfield Borough Council now has 23 Labour members, 20 seats up, 1 vacancy."
    told = DraftCouncil(
        council="Eastfield Borough Council",
        control=None,
        outcome=None,
        parties=[
            DraftCouncilParty(party="Labour", seats="23", change=None),
            DraftCouncilParty(party="Eastfield Borough Council", seats="20", change=None),
            DraftCouncilParty(party="Vacancy", seats="1", change=None),
        ],
    )
    extraction, _ = ground_facts(text, facts(councils=[told]))
    assert [p.party for c in extraction.councils for p in c.parties] == ["Labour"]
