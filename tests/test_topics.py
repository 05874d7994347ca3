import pytest

from extractor.draft import ContestResults, CouncilResults, ElectionFacts
from extractor.topics import (
    CONTESTS,
    COUNCILS,
    REFERENDUMS,
    SEAT_TOTALS,
    plan_calls,
    topics_of,
)
from prompts import render_prompt

HEAD = "Published: 2023-05-05\nHeadline: Local elections 2023: council results and a referendum\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Rosie Duffield held Canterbury with 29,018 votes.", [CONTESTS]),
        (
            "DOVER (32 seats) – Labour gain from Conservative\nLabour 19 seats (+7), Conservatives 11 (-9)",
            [COUNCILS],
        ),
        (
            "Reform UK took control of the council with 57 seats. Sarah Quinton was re-elected "
            "with 2,311 votes.",
            [CONTESTS, COUNCILS],
        ),
        ("The exit poll projects the Conservatives winning 368 seats.", [CONTESTS, SEAT_TOTALS]),
        ("Sunderland voted Leave by 61.3% to 38.7%.", [REFERENDUMS]),
        ("Seats that voted heavily Leave in 2016 went to Labour MPs.", [CONTESTS]),
        ("Polling stations opened at 7am.", [CONTESTS]),
    ],
)
def test_a_passage_is_asked_only_for_the_kinds_of_result_it_has_cues_for(
    body: str, expected: list[object]
) -> None:
    assert topics_of(HEAD + body) == expected


def test_the_headline_does_not_pick_topics() -> None:
    assert topics_of(HEAD + "Rosie Duffield held Canterbury.") == [CONTESTS]


def test_a_council_passage_is_not_a_national_tally() -> None:
    passage = "Nigel Farage's party won 57 of the council's 81 seats in total."
    assert SEAT_TOTALS not in topics_of(passage)


def test_each_topic_answer_holds_only_its_list_and_maps_onto_the_full_draft() -> None:
    schema = CouncilResults.model_json_schema()
    assert list(schema["properties"]) == ["councils"]
    answer = ContestResults.model_validate({"contests": []})
    assert answer.as_facts() == ElectionFacts(
        contests=[], councils=[], seat_totals=[], referendums=[]
    )


@pytest.mark.parametrize("topic", ["contests", "councils", "seat_totals", "referendums"])
def test_each_topic_prompt_teaches_only_its_own_kind(topic: str) -> None:
    system = render_prompt("extract", article="x", topic=topic).messages[0]["content"]
    others = {"contests", "councils", "seat_totals", "referendums"} - {topic}
    assert f'{{"{topic}":[' in system  # its worked example
    assert not any(f'"{other}":' in system for other in others)
    assert "6. " + topic in system


def test_council_calls_read_the_passage_without_the_headline() -> None:
    passage = HEAD + "Swale (47 seats)\nLabour is the largest group with 14 seats."
    assert COUNCILS.text_for(passage) == (
        "Published: 2023-05-05\nSwale (47 seats)\nLabour is the largest group with 14 seats."
    )
    assert CONTESTS.text_for(passage) == passage


@pytest.mark.parametrize("kind", ["general", "devolved"])
def test_a_general_elections_tallies_and_councils_are_not_asked_of_the_model(kind: str) -> None:
    tally = HEAD + "The exit poll projects the Conservatives winning 368 seats."
    council = HEAD + "Labour took control of the council. Ann Moss won 2,311 votes."
    assert topics_of(tally, kind) == [CONTESTS]  # type: ignore[arg-type]
    assert topics_of(council, kind) == [CONTESTS]  # type: ignore[arg-type]
    assert topics_of(council, "local") == [CONTESTS, COUNCILS]


PREAMBLE = "Published: 2019-12-13\nHeadline: Kent results\n"


def test_neighbouring_passages_of_a_topic_are_read_in_one_call_up_to_the_limit() -> None:
    first = PREAMBLE + "Canterbury\nRosie Duffield held Canterbury with 29,018 votes."
    # A passage starts with the last line of the one before it: read once when joined.
    second = (
        PREAMBLE + "Rosie Duffield held Canterbury with 29,018 votes.\nTom Tugendhat won 35,247."
    )
    third = PREAMBLE + "Dover\nNatalie Elphicke won Dover with 28,830 votes."
    joined = plan_calls([first, second, third], "general", max_chars=400)
    assert joined == [
        (
            CONTESTS,
            PREAMBLE + "Canterbury\nRosie Duffield held Canterbury with 29,018 votes.\n"
            "Tom Tugendhat won 35,247.\nDover\nNatalie Elphicke won Dover with 28,830 votes.",
        )
    ]
    # Over the limit a new call starts; 0 reads each passage alone.
    assert len(plan_calls([first, second, third], "general", max_chars=150)) == 2
    assert plan_calls([first, second, third], "general", max_chars=0) == [
        (CONTESTS, first),
        (CONTESTS, second),
        (CONTESTS, third),
    ]


def test_calls_go_topic_by_topic_in_article_order() -> None:
    council = HEAD + "Dover (32 seats)\nLabour 19 seats (+7), Conservatives 11 (-9)"
    ward = HEAD + "In Aylesham, Labour's Ann Moss won the ward with 1,204 votes."
    both = HEAD + "Labour took control of the council. Tom Grey won 2,311 votes."
    calls = plan_calls([council, ward, both], "local", max_chars=0)
    assert [topic for topic, _ in calls] == [CONTESTS, CONTESTS, COUNCILS, COUNCILS]
    assert [text for topic, text in calls if topic is CONTESTS] == [ward, both]
    assert [text for topic, text in calls if topic is COUNCILS] == [
        COUNCILS.text_for(council),
        COUNCILS.text_for(both),
    ]
