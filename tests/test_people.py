"""People of an article matched to the official count's candidates."""

from __future__ import annotations

import pytest

from extractor.official import official_election
from extractor.people import first_names_agree, match_candidate, stood_elsewhere
from schemas import Candidate


@pytest.mark.parametrize(
    ("written", "official", "agree"),
    [
        ("Bob", "Robert", True),
        ("Liz", "Elizabeth", True),
        ("Chris", "Christopher", True),
        ("J", "John", True),
        ("Jon", "Jonathan", True),
        ("Robert", "Robert", True),
        ("Jane", "John", False),
        ("Al", "Alan", False),
    ],
)
def test_first_names_agree_by_nickname_initial_or_shortening(
    written: str, official: str, agree: bool
) -> None:
    assert first_names_agree(written, official) is agree


def test_people_are_matched_by_name_then_party() -> None:
    election = official_election(2019)
    assert election is not None
    richmond = election.contests["E14000896"]
    assert match_candidate(Candidate(name="Sarah Olney"), richmond) is richmond.winner
    assert match_candidate(Candidate(name="Ms Olney"), richmond) is richmond.winner
    assert match_candidate(Candidate(party="Lib Dems"), richmond) is richmond.winner
    assert match_candidate(Candidate(name="Sarah Smith"), richmond) is None
    # Two independents stood: the party alone does not say which.
    assert match_candidate(Candidate(party="Independent"), richmond) is None


def test_a_person_who_stood_in_another_seat_is_found_there() -> None:
    election = official_election(2017)
    assert election is not None
    kensington = election.contests["E14000768"]
    assert stood_elsewhere("Zac Goldsmith", kensington) == "Richmond Park"
    assert stood_elsewhere("Nobody Atall", kensington) is None
