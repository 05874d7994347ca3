"""By-election round-ups: 'Council, Ward - Party gain from Party' headings, their result
lists, and the 'Council now ...' line after each (invented figures throughout)."""

from __future__ import annotations

from extractor.compositions import parse_compositions, states_composition
from extractor.context import election_year
from extractor.draft import DraftCouncil, DraftCouncilParty
from extractor.ground import ground_facts
from extractor.merge import councils_from_outcome_contests, without_council_contests
from extractor.number_spans import find_number
from extractor.parsers import block_to_draft, parse_result_blocks
from extractor.places import named_as_council, named_as_ward, with_roundup_wards
from tests.support import cand, contest, facts

ROUNDUP = """Council by-election results 9th March 2023

Link to the results May 2022 - April 2023

Westbury, Hillside - Green gain from Labour
Green 612 44.0%
Labour 401 28.8%

Council now 20 Labour, 14 Conservative, 3 Green

Northam, Riverside - Conservative hold
Conservative 930 51.2%
Labour 886 48.8%

Council now 25 Conservative, 21 Labour
"""


def test_a_headings_council_and_ward_are_told_apart() -> None:
    assert named_as_council(ROUNDUP, "Westbury")
    assert named_as_ward(ROUNDUP, "Hillside")
    assert named_as_ward(ROUNDUP, "Westbury, Hillside")
    assert not named_as_ward(ROUNDUP, "Westbury")


def test_council_now_is_the_chamber_of_the_council_of_the_heading_above() -> None:
    councils = [
        (c.council, [(p.party, p.seats) for p in c.parties]) for c in parse_compositions(ROUNDUP)
    ]
    assert councils == [
        ("Westbury", [("Labour", "20"), ("Conservative", "14"), ("Green", "3")]),
        ("Northam", [("Conservative", "25"), ("Labour", "21")]),
    ]
    assert states_composition("Council now 20 Labour, 14 Conservative, 3 Green")
    assert not states_composition("Labour now has a majority of 20")


def test_a_contest_named_as_the_heading_names_it_is_the_wards() -> None:
    draft = facts(contest("Westbury, Hillside", cand(None, "Green", "612")), contest("Elsewhere"))
    assert [c.area for c in with_roundup_wards(draft, ROUNDUP).contests] == [
        "Hillside",
        "Elsewhere",
    ]


def test_a_contest_at_the_headings_council_repeats_the_wards_result() -> None:
    draft = facts(
        contest("Hillside", cand(None, "Green", "612")),
        contest("Westbury", cand(None, "Green", "612"), winner="Green", outcome="gain"),
    )
    assert [c.area for c in without_council_contests(draft, ROUNDUP).contests] == ["Hillside"]


def test_a_ward_outcome_with_no_candidates_stays_a_contest() -> None:
    draft = facts(contest("Riverside", winner="Conservative", outcome="hold", kind="local"))
    kept = councils_from_outcome_contests(draft, ROUNDUP)
    assert [c.area for c in kept.contests] == ["Riverside"] and kept.councils == []


def test_the_headings_outcome_is_no_control_of_the_council() -> None:
    told = DraftCouncil(
        council="Westbury",
        control="Green",
        outcome="gain",
        parties=[DraftCouncilParty(party="Labour", seats="20", change=None)],
    )
    extraction, dropped = ground_facts(ROUNDUP, facts(councils=[told]))
    assert [c.control for c in extraction.councils] == [None]
    assert any(d.path == "councils[0].control" for d in dropped)


def test_the_headline_line_gives_the_year_before_a_link_below_it() -> None:
    assert election_year(ROUNDUP) == 2023
    assert election_year("Council compositions after the elections of May 2021\nTables") == 2021


def test_a_range_never_runs_across_a_line_break() -> None:
    stacked = "Green\n31\n3.5%\n-3.8%\n"
    assert [m.approximate for m in find_number(stacked, 3.5)] == [False]
    assert [m.approximate for m in find_number("between 3.5-3.8% of voters", 3.5)] == [True]


def test_a_parsed_party_row_is_grounded_at_its_own_row() -> None:
    # "Conservative" is named in the chamber line just above the heading as well as in the
    # ward's own row, far below a long column header: the row's figures are read at the row.
    columns = "   ".join(f"since {year} by-election" for year in range(1990, 2022, 2))
    article = (
        "Council now 20 Labour, 14 Conservative, 3 Green\n\n"
        "Northam, Riverside - Labour hold\n"
        f"Party   votes   share   {columns}\n"
        "Labour\n930\n51.2%\nConservative\n886\n48.8%\n"
    )
    blocks = parse_result_blocks(article)
    draft = facts(*(block_to_draft(block, "local") for block in blocks))
    assert [c.area for c in draft.contests] == ["Riverside"]
    extraction, _ = ground_facts(article, draft)
    assert [(c.party, c.votes, c.share_pct) for c in extraction.contests[0].candidates] == [
        ("Labour", 930, 51.2),
        ("Conservative", 886, 48.8),
    ]
