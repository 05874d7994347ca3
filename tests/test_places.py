from extractor.places import (
    DESCRIPTION_AS_AREA,
    NOT_A_CONSTITUENCY,
    REGION_AS_AREA,
    named_as_council,
    named_as_ward,
    not_one_contest,
    part_of,
)


def test_regions_and_councils_are_never_one_contest_but_mayoralties_are() -> None:
    assert not_one_contest("Scotland", "general", 2024) == REGION_AS_AREA
    assert not_one_contest("North East", "general", None) == REGION_AS_AREA
    assert not_one_contest("Kent County Council", "local", 2025) == REGION_AS_AREA
    assert not_one_contest("West Midlands", "mayoral", 2024) is None
    # A parliament named as the place is its whole chamber.
    assert not_one_contest("Holyrood", "devolved", 2021) == REGION_AS_AREA
    assert not_one_contest("Senedd", "devolved", None) == REGION_AS_AREA


def test_general_election_areas_must_be_constituencies_from_2010() -> None:
    assert not_one_contest("Sunderland", "general", 2019) == NOT_A_CONSTITUENCY
    assert not_one_contest("the constituency", "by-election", None) == NOT_A_CONSTITUENCY
    assert not_one_contest("Sunderland Central", "general", 2019) is None
    assert not_one_contest("Enfield Southgate", "general", 2017) is None  # "Enfield, Southgate"
    assert not_one_contest("Ynys Môn", "general", 2024) is None
    assert not_one_contest("Enfield Southgate", "general", 1997) is None  # table starts 2010
    assert not_one_contest("Plaistow", "local", 2022) is None
    assert not_one_contest(None, "general", 2024) is None


def test_named_as_council_or_ward_reads_the_words_around_the_name() -> None:
    article = (
        "Medway Council stayed Labour. The borough of Bexley was close. "
        "Canterbury City South was one of several divisions the Greens took. "
        "In Barnes ward the council leader lost."
    )
    assert named_as_council(article, "Medway")
    assert named_as_council(article, "Bexley")
    assert not named_as_council(article, "Canterbury City South")
    assert named_as_ward(article, "Canterbury City South")
    # The sentence also speaks of a council: not clearly a ward.
    assert not named_as_ward(article, "Barnes")


def test_part_of_matches_whole_words_inside_an_area() -> None:
    assert part_of("Rainham", "Gillingham and Rainham")
    assert part_of("Tunbridge Wells", "Tunbridge Wells East")
    assert not part_of("Bristol", "Bristolia North")


def test_a_tables_label_row_is_no_place() -> None:
    assert not_one_contest("Total votes", "general", 2024) == DESCRIPTION_AS_AREA
    assert not_one_contest("Valid votes", "local", None) == DESCRIPTION_AS_AREA
    # A place with a label word in its name stays a place.
    assert not_one_contest("Swing Bridge", "local", None) is None


def test_a_place_the_article_calls_a_constituency_is_one_whatever_its_official_name() -> None:
    from extractor.places import named_as_constituency

    article = (
        "Newcastle Upon Tyne is the first constituency to announce the vote count. "
        "The result was followed closely by Houghton and Sunderland South constituency."
    )
    assert named_as_constituency(article, "Newcastle Upon Tyne")
    assert not named_as_constituency(article, "Sunderland")  # part of a longer name
    assert named_as_constituency("Turnout in the constituency of Foyle was 63.4%.", "Foyle")
    assert not named_as_constituency("Newcastle voted Labour again.", "Newcastle")
