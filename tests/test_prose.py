"""Seats changing hands, read from the sentences that tell it."""

from __future__ import annotations

import pytest

from extractor.prose import seats_changing_hands


def told(text: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(c.area, c.winner, c.outcome, c.gained_from) for c in seats_changing_hands(text)]


def test_gains_with_a_second_seat_joined_by_and() -> None:
    text = (
        "Just three constituencies changed hands, with the Tories gaining Vale of Clwyd from "
        "Labour and Brecon & Radnorshire from the Lib Dems, and Labour taking Rhondda from "
        "Plaid Cymru."
    )
    assert told(text) == [
        ("Vale of Clwyd", "Tories", "gain", "Labour"),
        ("Brecon & Radnorshire", "Tories", "gain", "Lib Dems"),
        ("Rhondda", "Labour", "gain", "Plaid Cymru"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The SNP held Perth and North Perthshire, with a majority of 5,000.",
            [("Perth and North Perthshire", "SNP", "hold", None)],
        ),
        (
            "Labour held Ilford North and the Tories held Chingford.",
            [("Ilford North", "Labour", "hold", None), ("Chingford", "Tories", "hold", None)],
        ),
        (
            "the Lib Dems have gained Chesham and Amersham from the Tories",
            [("Chesham and Amersham", "Lib Dems", "gain", "Tories")],
        ),
    ],
)
def test_holds_and_gains(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert told(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Labour took Hartlepool from the Conservatives in 2019.",  # an earlier result
        "Labour took 6,165 votes from the Tories.",  # votes, not a seat
        "Labour held firm in the north.",  # no seat named
        "Labour hold\nKerry McCarthy, Labour Party – 20,748",  # a heading, then a list
    ],
)
def test_what_is_not_a_seat_changing_hands(text: str) -> None:
    assert told(text) == []


def test_a_person_holding_a_seat_for_a_party_is_that_seats_winner() -> None:
    article = (
        "Conservative David Mundell held Dumfriesshire, Clydesdale and Tweeddale and Alistair "
        "Carmichael (Lib Dem) held Orkney and Shetland. Jim Murphy held a press conference."
    )
    found = [
        (c.area, c.winner, c.outcome, [(p.name, p.party, p.elected) for p in c.candidates])
        for c in seats_changing_hands(article, "general")
    ]
    assert found == [
        ("Dumfriesshire, Clydesdale and Tweeddale", "Conservative", "hold",
         [("David Mundell", "Conservative", True)]),
        ("Orkney and Shetland", "Lib Dem", "hold", [("Alistair Carmichael", "Lib Dem", True)]),
    ]  # fmt: skip
    # A run of places over commas that is no constituency stays the first place only.
    [perth] = seats_changing_hands("Pete Wishart (SNP) held Perth, Angus and Dundee.", "general")
    assert perth.area == "Perth"


def test_a_person_who_won_a_ward_by_election_beating_another() -> None:
    text = (
        "Bella Sankey won the Wish ward by-election in a landslide victory, beating the "
        "Conservative candidate Peter Revell by more than 750 votes. Labour's Jo Bloggs wins "
        "the Abbey by-election."
    )
    wish, abbey = [c for c in seats_changing_hands(text, "local") if c.area in ("Wish", "Abbey")]
    assert [(c.name, c.party, c.elected) for c in wish.candidates] == [
        ("Bella Sankey", None, True),
        ("Peter Revell", "Conservative", False),
    ]
    assert (abbey.winner, abbey.candidates[0].name) == ("Labour", "Jo Bloggs")
    # Who held the seat before is not told: no outcome.
    assert wish.outcome is None and abbey.outcome is None


def test_a_partys_candidate_elected_for_a_place() -> None:
    text = (
        "6.48pm Independent candidate Sue Mountstevens has won Avon and Somerset.\n"
        "Independent candidate Stephen Bett elected as PCC for Norfolk.\n"
        "Congratulations to Conservative candidate John Dwyer on being elected PCC for Cheshire.\n"
        "Jane Smith has won Eurovision."  # no party's candidate: no contest
    )
    rows = [
        (c.area, c.winner, [(p.name, p.elected) for p in c.candidates])
        for c in seats_changing_hands(text, "mayoral")
    ]
    assert rows == [
        ("Avon and Somerset", "Independent", [("Sue Mountstevens", True)]),
        ("Norfolk", "Independent", [("Stephen Bett", True)]),
        ("Cheshire", "Conservative", [("John Dwyer", True)]),
    ]
