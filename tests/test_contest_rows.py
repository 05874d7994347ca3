"""Tables with one contest per row, read by their header's column names."""

from extractor.contest_rows import parse_contest_rows

RESULTS_PAGE = (
    "Constituency Candidate Electorate Turnout Votes Vote share Vote change Majority\n"
    "Belfast South HANNA, Claire 69,984 67.7% 27,079 57.2% 31.3% 15,401\n"
    "Foyle EASTWOOD, Colum 74,346 63.4% 26,881 57.0% 17.7% 17,110\n"
    "\n"
    "Turnout as calculated by the Library is the number of votes cast.\n"
)


def test_the_header_says_what_each_figure_is_not_how_it_is_written() -> None:
    south, foyle = parse_contest_rows(RESULTS_PAGE, "general")
    assert (south.area, south.turnout, south.majority) == ("Belfast South", "67.7", "15,401")
    [hanna] = south.candidates
    # "31.3%" stands under "Vote change": a change, though written like a share.
    assert (hanna.name, hanna.votes, hanna.share, hanna.change) == (
        "HANNA, Claire",
        "27,079",
        "57.2",
        "31.3",
    )
    assert hanna.elected is None  # "Candidate" does not say who won
    assert foyle.area == "Foyle" and foyle.candidates[0].name == "EASTWOOD, Colum"
    assert RESULTS_PAGE[hanna.at or 0 :].startswith("Belfast South")


def test_cells_between_pipes_and_a_winner_column() -> None:
    table = (
        "Ward | Winner | Party | Votes | Majority\n"
        "Abbey | Jo Bloggs | Labour | 1,204 | 312\n"
        "Castle | Sam Smith | Green | 987 | 45\n"
    )
    abbey, castle = parse_contest_rows(table, "local")
    assert (abbey.area, abbey.winner, abbey.majority) == ("Abbey", "Labour", "312")
    assert abbey.candidates[0].elected is True and abbey.candidates[0].votes == "1,204"
    assert castle.candidates[0].name == "Sam Smith"


def test_a_row_that_does_not_fit_the_header_ends_the_table_and_prose_is_no_header() -> None:
    table = (
        "Constituency | Votes | Majority\n"
        "Abbey | 1,204 | 312\n"
        "Total turnout was 41% across 12 seats\n"
        "Castle | 987 | 45\n"
    )
    assert [c.area for c in parse_contest_rows(table, "general")] == ["Abbey"]
    assert parse_contest_rows("The constituency votes came in with a majority of 312.") == []
    # A candidate table (no area column) is the result lists' to read.
    assert (
        parse_contest_rows("Candidate | Party | Votes | %\nJo Bloggs | Labour | 1,204 | 41%") == []
    )
