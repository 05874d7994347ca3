from pathlib import Path

import pytest

from extractor.parsers import (
    ParsedRow,
    block_to_draft,
    infer_kind,
    parse_result_blocks,
    parse_row,
    text_for_model,
)

ROOT = Path(__file__).resolve().parent.parent


def article(stem: str) -> str:
    path = ROOT / "seeds" / f"{stem}.txt"
    if not path.exists():
        path = ROOT / "evals" / "articles" / f"{stem}.txt"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "row"),
    [
        (
            "Jilleane Brown, Conservative Party – 7,167",
            ParsedRow("Jilleane Brown", "Conservative Party", 7167, None, None, None),
        ),
        (
            "Edward Carpenter, Green Party - 2,401",
            ParsedRow("Edward Carpenter", "Green Party", 2401, None, None, None),
        ),
        (
            "Carla Denyer, Green Party – 24,539 ELECTED",
            ParsedRow("Carla Denyer", "Green Party", 24539, None, None, True),
        ),
        (
            "Conservative (Douglas Ross) – 22,637 (47.6%, +16.5)",
            ParsedRow("Douglas Ross", "Conservative", 22637, 47.6, 16.5, None),
        ),
        (
            "SNP (Angus Robertson) – 18,478 (38.8%, -10.7)",
            ParsedRow("Angus Robertson", "SNP", 18478, 38.8, -10.7, None),
        ),
        (
            "Helen Marsh (Farnham Residents) 1,488 – elected",
            ParsedRow("Helen Marsh", "Farnham Residents", 1488, None, None, True),
        ),
        (
            "Conservative – 477 [54.6%, +23.6]",
            ParsedRow(None, "Conservative", 477, 54.6, 23.6, None),
        ),
        (
            "Ann Marsden (Labour Co-op) – 1298 ELECTED",
            ParsedRow("Ann Marsden", "Labour Co-op", 1298, None, None, True),
        ),
    ],
)
def test_candidate_rows(line: str, row: ParsedRow) -> None:
    assert parse_row(line) == row


@pytest.mark.parametrize(
    "line",
    [
        "Majority: 10,407",
        "Turnout: 31.2%",
        "Labour's Sarah Owen has held her seat, after getting 14,677 votes, with a majority of 7,510.",
        "Luton North – 51.99% turnout",
        "Robin Porter, Returning Officer at the count in Luton, said: – 7",
        "Smith – 2019",
    ],
)
def test_lines_that_are_not_candidate_rows(line: str) -> None:
    assert parse_row(line) is None


def test_luton_blocks_with_headers_and_winner_left_to_the_model() -> None:
    text = article("002_caeac6935794b0a1")
    blocks = parse_result_blocks(text)
    assert [(b.area, b.turnout, len(b.rows)) for b in blocks] == [
        ("Luton North", 51.99, 7),
        ("Luton South and South Bedfordshire", 49.87, 6),
    ]
    remaining = text_for_model(text, blocks)
    assert "Jilleane Brown" not in remaining
    assert "Sarah Owen has held her seat" in remaining  # prose stays for the model
    assert "Portsmouth" in remaining


def test_bristol_blocks_read_outcome_and_majority_and_mark_losers() -> None:
    blocks = parse_result_blocks(article("102_ge2024_bristol_results"))
    first = block_to_draft(blocks[0], "general")
    assert (first.area, first.winner, first.outcome, first.gained_from, first.majority) == (
        "Bristol Central",
        "Green",
        "gain",
        "Labour",
        "10407",
    )
    assert [c.elected for c in first.candidates][:2] == [True, False]


def test_ward_headers_on_two_lines() -> None:
    blocks = parse_result_blocks(article("112_local2024_sunderland_wards"))
    barnes = blocks[0]
    assert (barnes.area, barnes.winner, barnes.outcome, barnes.majority, barnes.turnout) == (
        "BARNES",
        "Lib Dem",
        "gain",
        312,
        31.2,
    )


def test_prose_articles_have_no_blocks() -> None:
    for stem in ("000_0b6dbabe576fbcf3", "001_bfc3684ea2f52524", "004_36c3a55acffc1229"):
        text = article(stem)
        assert parse_result_blocks(text) == []
        assert text_for_model(text, []) == text


def test_kind_cues() -> None:
    assert infer_kind("The Wakefield by-election result") == "by-election"
    assert infer_kind("General election 2024: results") == "general"
    assert infer_kind("Ward results for the council") == "local"
    assert infer_kind("The weather was fine") == "other"


def test_an_unlisted_party_written_first_is_still_the_party() -> None:
    row = parse_row("Women's Equality Party (Kirstein Rummery) – 337 (0.7%)")
    assert row is not None
    assert (row.name, row.party, row.votes) == ("Kirstein Rummery", "Women's Equality Party", 337)


@pytest.mark.parametrize(
    ("article", "kind"),
    [
        (
            "General election 2017: Tory surge\n\nHe had represented the area at Holyrood.",
            "general",
        ),
        (
            "Kensington result\n\nThe former deputy London mayor lost to the Labour MP. MPs "
            "and the general election.",
            "general",
        ),
        ("Bromley council results\n\nThe MP said the council wards…", "local"),
        ("West Midlands mayor election 2024: Parker wins", "mayoral"),
        ("Nothing about elections here.", "other"),
    ],
)
def test_the_headline_decides_the_kind_before_the_body(article: str, kind: str) -> None:
    assert infer_kind(article) == kind


def test_a_table_of_parties_seats_is_consumed_but_is_no_contest() -> None:
    from extractor.readers import read_in_code

    article = (
        "Summary of Results\n"
        "Party | Seats | Gains | Losses | Net | Vote | Change | |\n"
        "Conservative | 33 | 1 | 4 | -3 | 34.4% | -5.9 | |\n"
        "Green party | - | - | - | - | 7.8% | +2.7 | |\n"
        "Liberal Democrats | - | - | - | - | 4.9% | +1.3 | |\n"
        "Animal Welfare party | - | - | - | - | 0.3% | +0.3 | |\n"
    )
    blocks, facts = read_in_code(article, "local")
    assert blocks and all(b.seats_table for b in blocks)
    assert facts.contests == []
    # The same rows under a candidates' header are a contest.
    votes = article.replace("Party | Seats | Gains | Losses | Net |", "Party | Votes |")
    assert not any(b.seats_table for b in read_in_code(votes, "local")[0])


def test_a_seats_header_set_apart_by_spaces_marks_a_seats_table() -> None:
    from extractor.readers import read_in_code

    article = (
        "Election results by party\n"
        "Party name Seats won % of votes\n"
        "Labour Party 22 35%\n"
        "Conservative Party 20 31%\n"
        "Green Party candidate 11 26%\n"
    )
    blocks, facts = read_in_code(article, "local")
    assert blocks and all(b.seats_table for b in blocks) and facts.contests == []


def test_a_results_page_of_more_wards_than_one_model_answer_holds_is_read_whole() -> None:
    # The bound of 40 contests is the model's answer's (its grammar); a page of 45 wards read in
    # code and merged keeps all 45 rather than failing the article.
    from extractor.merge import merge_facts
    from extractor.readers import read_in_code

    wards = [f"{a} {b}" for a in ("North", "South", "East") for b in "ABCDEFGHIJKLMNO"]
    article = "".join(
        f"{ward}: Labour (Ann Lee{i}) {1000 + i}, Conservative {500 + i}\n"
        for i, ward in enumerate(w.replace(" ", " Ward ") for w in wards)
    )
    _, facts = read_in_code(article, "local")
    assert len(facts.contests) == 45
    assert len(merge_facts([facts]).contests) == 45


def test_rows_run_together_on_one_line_are_split_at_their_seams() -> None:
    text = (
        "The full result was as follows:\n\n"
        "Ann Lee (IND) – 67Paul Ward (Green) – 22Alan Smith (CON) – 513\n\n"
        "The election was triggered by a resignation."
    )
    [block] = parse_result_blocks(text)
    assert [(r.name, r.party, r.votes) for r in block.rows] == [
        ("Ann Lee", "IND", 67),
        ("Paul Ward", "Green", 22),
        ("Alan Smith", "CON", 513),
    ]
    # The seams keep the article's offsets: the block spans exactly the printed line.
    assert text[block.start : block.end].startswith("Ann Lee") and text[block.end - 3 :].startswith(
        "513"
    )


def test_a_heading_and_the_first_row_on_one_line_and_times_are_no_places() -> None:
    text = (
        "6:04PM\n\nPlaid HOLD the seat.\n\n"
        "Dwyfor Result: PC – 48% (+1)\n\nCON – 18% (+3)\n\nLAB – 15% (+3)\n\n"
        "5:52PM\n\nClwyd West results:\n\n"
        "Josh Hurst – Labour: 8,154\n\nDarren Millar – Cons: 11,839\n\nEuan McGivern – Abolish: 502"
    )
    first, second = parse_result_blocks(text)
    assert first.area == "Dwyfor"
    assert [(r.name, r.party, r.share) for r in first.rows] == [
        (None, "PC", 48.0),
        (None, "CON", 18.0),
        (None, "LAB", 15.0),
    ]
    # "Clwyd West results:" heads the list (it is no cell of the first row), and a row of an
    # unknown party laid out like the named rows above it is a row.
    assert second.area == "Clwyd West"
    assert [(r.name, r.party) for r in second.rows][-1] == ("Euan McGivern", "Abolish")


def test_a_scottish_general_election_is_a_holyrood_election() -> None:
    text = (
        "Stewart Stevenson was re-elected as the local MSP. The SNP record at Scottish General "
        "Elections in this constituency, and the predecessor constituency, is maintained. "
        "Nationally, the SNP won its highest support in a Scottish General Election."
    )
    assert infer_kind(text) == "devolved"


def test_an_area_given_under_its_field_label_names_the_list() -> None:
    text = (
        "Record details\n\nDivision or Ward\nMarket Town Council - North Ward\nElection date\n"
        "Thursday 6 May 2021\nCandidates\nCandidates Description/Political Party Votes Elected\n"
        "AYERS, George Alfred The Conservative Party Candidate 220 Elected\n"
        "PERRY, Cassi Labour Party 211\n"
    )
    [block] = parse_result_blocks(text)
    assert block.area == "North Ward"


def test_a_list_takes_the_ward_its_councillor_is_named_for() -> None:
    text = (
        "The Conservatives have held a county council by-election in Northumberland.\n\n"
        "Newly elected Cramlington Eastfield councillor Alan Smith thanked his team, as did the "
        "Green councillor beside him.\n\n"
        "The full result was as follows:\n\n"
        "James Gillooly (LAB) – 371\nAlan Smith (CON) – 513\n"
    )
    [block] = parse_result_blocks(text)
    assert block.area == "Cramlington Eastfield"
