"""An article's area and year to one constituency, or a reason why not."""

from __future__ import annotations

import pytest

from extractor.resolve import fold, resolve_constituency


@pytest.mark.parametrize(
    ("area", "year", "code", "official"),
    [
        ("Kensington", 2017, "E14000768", "Kensington"),
        ("kensington", 2019, "E14000768", "Kensington"),
        ("Enfield Southgate", 2017, "E14000692", "Enfield, Southgate"),
        ("Brighton Pavilion", 2019, "E14000598", "Brighton, Pavilion"),
        ("Suffolk West", 2019, "E14001034", "West Suffolk"),
        ("City of Durham", 2017, "E14000641", "City of Durham"),
        ("Newcastle-upon-Tyne Central", 2019, "E14000831", "Newcastle Upon Tyne Central"),
        ("Hull East", 2017, "E14000771", "Kingston upon Hull East"),
        ("Stoke Central", 2017, "E14000972", "Stoke-on-Trent Central"),
        ("Saint Albans", 2019, "E14000960", "St Albans"),
        ("St. Albans", 2019, "E14000960", "St Albans"),
        ("Ynys Mon", 2024, "W07000112", "Ynys Môn"),
        ("Montgomeryshire & Glyndwr", 2024, "W07000102", "Montgomeryshire and Glyndŵr"),
        ("East Lothian", 2024, "S14000096", "Lothian East"),
        ("Weston super Mare", 2024, "E14001581", "Weston-super-Mare"),
        ("Kensington", 2015, "E14000768", "Kensington"),
    ],
)
def test_spelling_variants_resolve_to_the_official_constituency(
    area: str, year: int, code: str, official: str
) -> None:
    resolution = resolve_constituency(area, year)
    assert resolution.code == code
    assert resolution.contest is not None and resolution.contest.name == official
    assert resolution.reason is None


def test_a_2024_article_names_2024_seats() -> None:
    resolution = resolve_constituency("Kensington", 2024)
    assert resolution.code is None
    assert resolution.reason is not None
    assert "not a constituency of the 2024 general election" in resolution.reason
    assert "boundaries changed" in resolution.reason
    assert "Kensington and Bayswater" in resolution.reason  # the closest 2024 seat is named
    assert resolve_constituency("Kensington and Bayswater", 2024).code == "E14001310"


@pytest.mark.parametrize(
    ("area", "year", "reason"),
    [
        ("Durham", 2017, "not a constituency"),  # City of Durham? North Durham? Not guessed.
        ("Gotham City", 2019, "not a constituency"),
        ("Islington N", 2024, "not a constituency"),
        (None, 2019, "names no area"),
        ("Kensington", None, "no election year"),
        ("Kensington", 2005, "no official results packaged for 2005"),
    ],
)
def test_what_does_not_resolve_to_one_seat_says_why(
    area: str | None, year: int | None, reason: str
) -> None:
    resolution = resolve_constituency(area, year)
    assert resolution.contest is None
    assert resolution.reason is not None and reason in resolution.reason


def test_near_misses_name_the_closest_official_names_but_resolve_to_none() -> None:
    resolution = resolve_constituency("Islington N", 2024)
    assert resolution.code is None
    assert resolution.reason is not None and "Islington North" in resolution.reason


def test_fold_ignores_case_punctuation_accents_and_saint() -> None:
    assert fold("St. Helens North") == fold("Saint Helens North") == "st helens north"
    assert fold("Ynys Môn") == "ynys mon"
    assert fold("Birmingham, Hall Green & Moseley") == "birmingham hall green and moseley"
