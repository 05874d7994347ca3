"""The packaged official results: 650 seats each election, the right winners, loaded lazily."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from extractor.official import covered_years, official_election, result_party

# Seats won per party (the House of Commons Library's totals; the Speaker apart).
SEATS = {
    2010: {"Conservative": 306, "Labour": 258, "Liberal Democrats": 57, "SNP": 6},
    2015: {"Conservative": 330, "Labour": 232, "SNP": 56, "Liberal Democrats": 8},
    2017: {"Conservative": 317, "Labour": 262, "SNP": 35, "Liberal Democrats": 12},
    2019: {"Conservative": 365, "Labour": 202, "SNP": 48, "Liberal Democrats": 11},
    2024: {"Labour": 411, "Conservative": 121, "Liberal Democrats": 72, "SNP": 9, "Reform UK": 5},
}


def test_every_general_election_since_2010_is_packaged() -> None:
    assert covered_years() == (2010, 2015, 2017, 2019, 2024)
    assert official_election(2005) is None


@pytest.mark.parametrize("year", sorted(SEATS))
def test_each_election_has_650_seats_and_the_official_party_totals(year: int) -> None:
    election = official_election(year)
    assert election is not None
    assert len(election.contests) == 650
    won = Counter(c.winner.canonical_party for c in election.contests.values())
    for party, seats in SEATS[year].items():
        assert won[party] == seats, party
    assert won["Speaker"] == 1
    for contest in election.contests.values():
        assert contest.code[:3] in {"E14", "W07", "S14", "N06", "N05"}
        assert sum(c.votes for c in contest.candidates) == contest.valid_votes
        votes = [c.votes for c in contest.candidates]
        assert votes == sorted(votes, reverse=True)
        # The Library's result names the winner's party.
        assert contest.result is not None
        assert result_party(contest.result.split(" ")[0]) in {
            contest.winner.canonical_party,
            "Labour",  # "Lab Coop gain from ..." starts with Lab
        }


def test_kensington_2017_is_the_official_count() -> None:
    election = official_election(2017)
    assert election is not None
    kensington = election.contests["E14000768"]
    assert kensington.name == "Kensington"
    assert [(c.name, c.votes) for c in kensington.candidates[:2]] == [
        ("Emma Dent Coad", 16333),
        ("Victoria Borwick", 16313),
    ]
    assert kensington.majority == 20
    assert (kensington.outcome, kensington.gained_from) == ("gain", "Conservative")
    assert kensington.turnout_pct == pytest.approx(63.84, abs=0.01)


def test_2019_has_the_corrected_meon_valley_figures() -> None:
    election = official_election(2019)
    assert election is not None
    meon = election.contests["E14000811"]
    assert {c.surname: c.votes for c in meon.candidates}["Bunday"] == 5644
    assert {c.surname: c.votes for c in meon.candidates}["Wallace"] == 2198


def test_2024_gains_are_against_the_notional_results() -> None:
    election = official_election(2024)
    assert election is not None
    bristol_central = election.contests["E14001131"]
    assert (bristol_central.outcome, bristol_central.gained_from) == ("gain", "Labour")
    assert Counter(c.outcome for c in election.contests.values())["gain"] == 303


def test_importing_the_extractor_reads_no_official_data() -> None:
    code = (
        "import extractor, extractor.verify, extractor.official as o;"
        "assert o.official_election.cache_info().currsize == 0"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
