"""Which general election an undated contest is checked against."""

from __future__ import annotations

import pytest

from extractor.official_year import named_general_election


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Results of the 2019 general election in Kent", 2019),
        ("GE2017: how the north east voted", 2017),
        ("Subscribe\nby\n08 May 2015\nLandslide for the SNP", 2015),
        ("Published: 2024-07-05\nThe count", 2024),
        ("Just after 02:00 on the morning of Friday 13th December, it was announced", 2019),
        ("June 9, 2017: the results", 2017),
        ("the 2017 general election, and then the 2019 general election", None),
        ("The 2005 general election", None),  # named, but not packaged: never read as another
        ("7 May 2020: council news", None),
        ("Monday 9 June: no general election followed a Monday 9 June", None),
    ],
)
def test_the_general_election_an_article_names_or_is_dated_after(
    text: str, year: int | None
) -> None:
    found = named_general_election(text)
    if year is None:
        assert found is None or found[0] not in (2010, 2015, 2017, 2019, 2024)
    else:
        assert found is not None and found[0] == year
