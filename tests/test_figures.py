"""Figures typed by how they are written; result rows from any line, table or list shape."""

from __future__ import annotations

import pytest

from extractor.figures import Row, read_row, split_items, type_figures
from extractor.parsers import parse_inline_lists, parse_result_blocks, text_for_model


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("18,402 47.3% (+6.2)", [("votes", 18402), ("share", 47.3), ("change", 6.2)]),
        ("1,234 (45.6%, -3.2)", [("votes", 1234), ("share", 45.6), ("change", -3.2)]),
        ("18,402 | 47.3 | −1.4", [("votes", 18402), ("share", 47.3), ("change", -1.4)]),
        ("47.3 per cent", [("share", 47.3)]),
        ("– 7,167", [("votes", 7167)]),
    ],
)
def test_figures_are_typed_by_their_writing(text: str, kinds: list[tuple[str, float]]) -> None:
    figures, _ = type_figures(text)
    assert [(f.kind, f.value) for f in figures] == kinds


@pytest.mark.parametrize(
    ("line", "row"),
    [
        (
            "Jane Cole Liberal Democrat 18,402 47.3% (+6.2)",
            Row("Jane Cole", "Liberal Democrat", 18402, 47.3, 6.2, None),
        ),
        ("Conservative 15,117 38.9% (+1.4)", Row(None, "Conservative", 15117, 38.9, 1.4, None)),
        ("LD 1,234 (45.6%, +3.2)", Row(None, "LD", 1234, 45.6, 3.2, None)),
        ("C 1,251", Row(None, "C", 1251, None, None, None)),
        ("Ind Andrews 160", Row("Andrews", "Ind", 160, None, None, None)),
        (
            "Jane Cole | Liberal Democrat | 18,402 | 47.3 | +6.2",
            Row("Jane Cole", "Liberal Democrat", 18402, 47.3, 6.2, None),
        ),
        (
            "Emma Dent Coad (Labour) 16,333 ELECTED",
            Row("Emma Dent Coad", "Labour", 16333, None, None, True),
        ),
        ("Sinn Féin 250,388 27.0% +2.1", Row(None, "Sinn Féin", 250388, 27.0, 2.1, None)),
        ("Labour 41.2%", Row(None, "Labour", None, 41.2, None, None)),
    ],
)
def test_rows_of_any_shape(line: str, row: Row) -> None:
    assert read_row(line) == row


@pytest.mark.parametrize(
    "line",
    [
        "Majority 3,285",
        "Turnout 42.7%",
        "Conservatives 22 (-11)",  # a seat table: an integer change
        "Labour 19 seats (+7)",
        "The Liberal Democrat Claire Malcomson was third with 3,408",  # prose
        "Smith – 2019",  # a name alone is no row
        "Labour 12,345 and 10,000",  # two vote counts: a comparison
    ],
)
def test_lines_that_are_not_rows(line: str) -> None:
    assert read_row(line) is None


def test_an_unknown_party_beside_rows_of_the_same_figures_is_a_row() -> None:
    text = (
        "Inverness West results\n"
        "SNP: 718 votes (33.7%) +4.4\n"
        "McDonald (Independent): 230 votes (10.8%) +10.8\n"
        "Libertarian: 11 votes (0.5%) +0.5\n"
        "Majority: 10,407\n"
    )
    (block,) = parse_result_blocks(text)
    assert [(r.name, r.party, r.votes) for r in block.rows] == [
        (None, "SNP", 718),
        ("McDonald", "Independent", 230),
        (None, "Libertarian", 11),
    ]
    assert block.majority == 10407 and block.area == "Inverness West"


def test_multi_line_table_rows_and_column_names() -> None:
    text = (
        "Candidate/Party | Votes | Share | Change | |\n---|---|---|---|---|\n|\nMary Foy\nLabour\n|\n"
        "20,531 | 42.0% | -13.4% |\n|\nWilliam Morgan\nConservative\n|\n15,506 | 31.7% | 1.9% |\n"
    )
    (block,) = parse_result_blocks(text)
    assert [(r.name, r.party, r.votes, r.share, r.change) for r in block.rows] == [
        ("Mary Foy", "Labour", 20531, 42.0, -13.4),
        ("William Morgan", "Conservative", 15506, 31.7, 1.9),
    ]


def test_inline_items_split_outside_brackets_and_never_at_thousands() -> None:
    assert split_items("LD 1,234 (45.6%, +3.2), C 769 (30.1%, -2.0); Lab 12 and Green 9") == [
        "LD 1,234 (45.6%, +3.2)",
        "C 769 (30.1%, -2.0)",
        "Lab 12",
        "Green 9",
    ]


ROUNDUP = (
    "Lib Dems take seat\n\n"
    "The Lib Dem victory came in a by-election at Worcester Council in the Claines ward.\n\n"
    "Voting was: LD 1,307, C 1,251, Green 125, Lab 60. The turnout was 42.7%.\n\n"
    "It projects the Conservatives winning 368 seats, Labour 191, the SNP 55 and the Lib Dems 13."
)


def test_inline_lists_take_the_ward_named_before_and_the_turnout_after() -> None:
    (block,) = parse_inline_lists(ROUNDUP)
    assert block.area == "Claines" and block.turnout == 42.7
    assert [(r.party, r.votes) for r in block.rows] == [
        ("LD", 1307),
        ("C", 1251),
        ("Green", 125),
        ("Lab", 60),
    ]
    assert parse_result_blocks(ROUNDUP) == [block]
    remaining = text_for_model(ROUNDUP, [block])
    assert "1,307" not in remaining and "Claines ward" in remaining


def test_a_seat_tally_in_a_sentence_is_not_a_vote_list() -> None:
    assert (
        parse_inline_lists(
            "It projects the Conservatives winning 368 seats, Labour 191 and the SNP 55."
        )
        == []
    )


def test_a_comma_or_underscore_after_the_party_bracket_is_a_separator() -> None:
    # Blog round-ups type rows by hand: "Name (Party), 58", "Name (Party),19", "(Party)_ - 189".
    assert read_row("Stephen Bowen (People First), 58") == Row(
        name="Stephen Bowen", party="People First", votes=58, share=None, change=None, elected=None
    )
    joyce = read_row("Andrew Joyce (Lib Dem),19")
    assert joyce is not None and (joyce.name, joyce.party, joyce.votes) == (
        "Andrew Joyce",
        "Lib Dem",
        19,
    )
    roberts = read_row("Gareth Roberts (Plaid Cymru)_ - 189")
    assert roberts is not None and (roberts.party, roberts.votes) == ("Plaid Cymru", 189)
    # A thousands comma is still one number.
    labour = read_row("Labour 1,234")
    assert labour is not None and labour.votes == 1234


@pytest.mark.parametrize(
    ("line", "name", "party"),
    [
        # A party the registry knows, longer than the alias it holds ("Labour Party").
        ("Ian Fyvie Socialist Labour Party 148 0.29", "Ian Fyvie", "Socialist Labour Party"),
        # A candidate of no party.
        ("Leo Atreides No description 19 0.04", "Leo Atreides", None),
        # An unknown party of capitalised words and a connector, after a two-word name.
        (
            "Soraya Kara Citizens for Undead Rights and Equality 61 0.12",
            "Soraya Kara",
            "Citizens for Undead Rights and Equality",
        ),
    ],
)
def test_a_row_of_a_results_table_with_an_unusual_party(
    line: str, name: str, party: str | None
) -> None:
    row = read_row(line)
    assert row is not None and (row.name, row.party) == (name, party)


def test_a_sentence_of_capitalised_words_is_still_no_row() -> None:
    assert read_row("The Leader Of The House Of Lords 61") is None


def test_a_posts_signature_and_the_outcome_after_the_last_row() -> None:
    text = (
        "Dwyfor Meirionnydd Result: PC – 48% (+1)\n\nCON – 18% (+3)\n\nLAB – 15% (+3)\n\n"
        "LD – 4% (-1) Plaid Cymru HOLD — Cymru Election Maps (@WalesMaps) May 7, 2021\n"
    )
    [block] = parse_result_blocks(text)
    assert (block.area, block.winner, block.outcome) == (
        "Dwyfor Meirionnydd",
        "Plaid Cymru",
        "hold",
    )
    assert [(r.name, r.party, r.share, r.change) for r in block.rows][-1] == (None, "LD", 4.0, -1.0)
