"""Referendum results printed as answer lines."""

from __future__ import annotations

from extractor.answer_lines import parse_answer_lines


def read(text: str) -> list[tuple[str | None, list[tuple[str, str | None, str | None]]]]:
    return [
        (r.area, [(o.option, o.votes, o.share) for o in r.options])
        for r in parse_answer_lines(text)
    ]


def test_two_answers_on_a_line_after_the_area() -> None:
    text = (
        "AV Referendum Results\n\n"
        "East Midlands – No to AV: 71.26% ::: Yes to AV: 28.74%\n"
        "Sunderland: Leave 82,394 (61.3%), Remain 51,930 (38.7%)\n"
    )
    assert read(text) == [
        ("East Midlands", [("No", None, "71.26"), ("Yes", None, "28.74")]),
        ("Sunderland", [("Leave", "82394", "61.3"), ("Remain", "51930", "38.7")]),
    ]


def test_one_answer_a_line_under_the_heading() -> None:
    assert read("West Clandon\nYes: 313\nNo: 20\n") == [
        ("West Clandon", [("Yes", "313", None), ("No", "20", None)])
    ]


def test_answers_in_a_sentence_are_left_to_the_model() -> None:
    # The area is in the sentence's words, not a label: no area, no result here.
    assert read("The result in Sunderland was: Leave 82,394 (61.3%), Remain 51,930 (38.7%).") == []
    assert read("The plan has been adopted.\nYes: 313\nNo: 20\n") == []
