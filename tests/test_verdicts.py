from extractor.draft import DraftReferendum
from extractor.readers import READER_NAMES, read_in_code
from extractor.verdicts import parse_verdicts


def _read(article: str) -> list[tuple[str | None, list[tuple[str, str | None]]]]:
    return [(r.area, [(o.option, o.share) for o in r.options]) for r in parse_verdicts(article)]


def _only(results: list[DraftReferendum]) -> DraftReferendum:
    [result] = results
    return result


# Sentences written for these tests, in the shapes results nights use.
LIVE_BLOG = (
    "The referendum count goes on. The big one: Glasgow has gone for Yes by a margin of 53-47%.\n"
    "Meanwhile the Borders has voted No (67%). East Dunbartonshire votes No by a wide margin "
    "(61.2%).\nEast Ayrshire and South Ayrshire have also voted No.\n"
    "Perth and Kinross goes for No."
)


def test_an_areas_verdict_with_both_shares_or_the_winners_share() -> None:
    assert _read(LIVE_BLOG) == [
        ("Glasgow", [("Yes", "53"), ("No", "47")]),
        ("Borders", [("No", "67")]),
        ("East Dunbartonshire", [("No", "61.2")]),
        ("East Ayrshire", [("No", None)]),
        ("South Ayrshire", [("No", None)]),
        ("Perth and Kinross", [("No", None)]),
    ]


def test_a_verb_that_implies_the_answer_counts_only_in_a_referendum_article() -> None:
    article = (
        "In referendums across England, residents in eight cities rejected the new posts. "
        "But Birmingham rejected the idea by 57.79% to 42.21%, on a turnout of 27.65%. "
        "Bristol embraced the idea."
    )
    assert _read(article) == [
        ("Birmingham", [("No", "57.79"), ("Yes", "42.21")]),
        ("Bristol", [("Yes", None)]),
    ]
    # A council rejecting a plan is no referendum verdict.
    assert _read("Birmingham rejected the idea by 40 votes to 12.") == []


def test_the_reader_is_listed_and_can_be_disabled() -> None:
    assert "verdicts" in READER_NAMES
    _, facts = read_in_code(LIVE_BLOG, "other")
    assert _only([r for r in facts.referendums if r.area == "Glasgow"]).options[0].share == "53"
    _, off = read_in_code(LIVE_BLOG, "other", frozenset({"verdicts"}))
    assert not any(r.area == "Borders" for r in off.referendums)


def test_a_clause_with_a_count_for_each_answer_is_an_areas_result() -> None:
    article = (
        "The precept referendum was lost. In Bedford 52,399 voted no, while 28,311 voted yes; and "
        "in Luton 63,446 voted against the increase while 20,093 voted in favour."
    )
    assert [
        (r.area, [(o.option, o.votes) for o in r.options]) for r in parse_verdicts(article)
    ] == [
        ("Bedford", [("No", "52,399"), ("Yes", "28,311")]),
        ("Luton", [("No", "63,446"), ("Yes", "20,093")]),
    ]
    # Counts for one side only, or outside a referendum article, are no result.
    assert parse_verdicts("In Bedford 12,000 voted for Labour and 9,000 for the Tories.") == []


def test_shares_told_for_each_side_are_an_areas_result() -> None:
    article = (
        "The mayoral referendums. In Sheffield 61.5% were against a mayor, with just 38.5% in "
        "favour. In Leeds the vote was 44.1% for and 55.9% against. The outcome in York was "
        "clearer, with just 30.2% backing the change and 69.8% opposing it."
    )
    assert _read(article) == [
        ("Sheffield", [("No", "61.5"), ("Yes", "38.5")]),
        ("Leeds", [("Yes", "44.1"), ("No", "55.9")]),
        ("York", [("Yes", "30.2"), ("No", "69.8")]),
    ]
    # Two shares for one side are no result.
    assert _read("The referendum. In Hull 40% were against and 60% against.") == []


def test_counts_told_after_the_answer_or_as_a_margin_of_votes() -> None:
    article = (
        'The referendum count. Fife was the earliest to declare, with "No" winning 19,036 votes '
        'and "Yes" on 16,350.Fife was the earliest to declare, with "No" winning 19,036 votes '
        'and "Yes" on 16,350. In Moray "No" won 10,004 votes compared with 4,883 for "Yes", '
        "while in Angus voters rejected independence by 9,951 votes to 5,669. Orkney and "
        "Shetland both voted against independence."
    )
    counted = [(r.area, [(o.option, o.votes) for o in r.options]) for r in parse_verdicts(article)]
    # The sentence printed twice over is one result, not a second one for the whole vote.
    assert counted == [
        ("Fife", [("No", "19,036"), ("Yes", "16,350")]),
        ("Moray", [("No", "10,004"), ("Yes", "4,883")]),
        ("Angus", [("No", "9,951"), ("Yes", "5,669")]),
        ("Orkney", [("No", None)]),
        ("Shetland", [("No", None)]),
    ]


def test_a_verdict_carried_on_to_the_next_place_and_shares_of_voters() -> None:
    article = (
        "In the referendums, Manchester voted against by a margin of 53.24% to 46.76%, and "
        "Nottingham by 57.5% to 42.5%. In Newcastle, 61.94% of voters opposed the change, "
        "against 38.06% in favour of a mayor."
    )
    assert _read(article) == [
        ("Manchester", [("No", "53.24"), ("Yes", "46.76")]),
        ("Nottingham", [("No", "57.5"), ("Yes", "42.5")]),
        ("Newcastle", [("No", "61.94"), ("Yes", "38.06")]),
    ]


def test_a_count_with_no_place_takes_the_place_of_the_sentence_before() -> None:
    from extractor.verdicts import parse_verdicts

    article = (
        "Council taxpayers in Bedfordshire have voted against the referendum's proposal. \n\n"
        "A total of 207,551 people voted against the proposal, with only 91,086 in favour."
    )
    # The first sentence's verdict is Bedfordshire's too (merged later, one per area).
    verdict, result = parse_verdicts(article)
    assert verdict.area == result.area == "Bedfordshire"
    assert [(o.option, o.votes) for o in result.options] == [("No", "207,551"), ("Yes", "91,086")]
