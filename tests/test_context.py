import pytest

from extractor.context import (
    election_year,
    with_election_kind,
    with_election_year,
    without_past_results,
)
from tests.support import cand, contest, facts


@pytest.mark.parametrize(
    ("article", "year"),
    [
        ("date 2024-07-05 General election 2024: all the results\n\nLabour won.", 2024),
        ("date 2017-06-09 Rebecca Smith\n\nThe last result of the 2017 election is in.", 2017),
        ("date 2022-05-07 Welsh council elections 2022\n\nTheir 2019 general election win.", 2022),
        ("date 2016-06-24 EU referendum 2016: Sunderland votes Leave\n\n", 2016),
        # The dateline alone is no evidence of the election's year.
        ("date 2017-06-09 A night to remember\n\nUp 8.6 per cent from 2015.", None),
        # Only an earlier election named.
        ("date 2018-05-04 Bromley\n\nIn the 2014 election the Tories won 51 seats.", None),
        ("Kent election results 2019: Tories tighten their grip\n\nHeld since 2017.", 2019),
        ("Count night in our seat\n\nA majority of 7,361 in the 2015 election.", None),
        # A dateline with no election year named, on an article about results.
        ("date 2019-05-02 LIVE: local elections\n\nThe count goes on.", 2019),
        # The lead's date or election phrase, not the body's.
        ("7 May 2010\n\nCaroline Lucas wins. She lost in 2005.", 2010),
        ("Summary\nSummary of the key information for the 2017 general election.", 2017),
        ("Local Authority Byelection Results - September 2013\n\nSince May 2011.", 2013),
    ],
)
def test_the_election_year_is_the_one_the_article_names(article: str, year: int | None) -> None:
    assert election_year(article) == year


def test_every_year_is_the_articles_election_year() -> None:
    draft = facts(contest("Hillford"), contest("Dale", year=2019))
    assert [c.year for c in with_election_year(draft, 2024).contests] == [2024, 2024]
    assert [c.year for c in with_election_year(draft, None).contests] == [None, None]


def test_contests_the_model_dates_before_the_articles_election_are_past_results() -> None:
    draft = facts(
        contest("Kensington", year=2017), contest("Kensington", year=2015), contest("Dale")
    )
    assert [c.year for c in without_past_results(draft, 2017).contests] == [2017, None]
    assert without_past_results(draft, None) == draft


def test_the_articles_kind_replaces_generic_kinds_but_not_specific_ones() -> None:
    draft = facts(
        contest("Chislehurst", cand("Allison Stammers", None)),  # the model's "general"
        contest("West Midlands", cand("Richard Parker", None), kind="mayoral"),
        contest("Barnes", cand("Ann Smith", None), kind="other"),
    )
    assert [c.kind for c in with_election_kind(draft, "local").contests] == [
        "local",
        "mayoral",
        "local",
    ]
    assert with_election_kind(draft, "other") == draft


def test_an_area_named_as_a_mayoralty_is_mayoral_in_any_article() -> None:
    draft = facts(
        contest("Mayor of London", cand("Sadiq Khan", None), kind="other"),
        contest("Tees Valley mayoralty", kind="other"),
        contest("Mayfield", kind="other"),  # "May…" is not a mayor
    )
    kinds = [c.kind for c in with_election_kind(draft, "local").contests]
    assert kinds == ["mayoral", "mayoral", "local"]
    assert with_election_kind(draft, "other").contests[0].kind == "mayoral"


def test_a_pages_navigation_is_no_part_of_the_lead() -> None:
    from extractor.context import election_year

    page = (
        "Menu\nSubscribe to Holyrood updates\n\nNewsletter sign-up\n\nSubscribe\n\nFollow us\n\n"
        "by\n08 May 2015\nLandslide for SNP in Scotland\n\nThe SNP gain 56 of 59 seats."
    )
    assert election_year(page) == 2015
