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


def test_an_infobox_names_its_place_and_its_column_names_are_no_place() -> None:
    text = (
        "Location United Kingdom\n"
        "Date 5 May 2011 (2011-05-05)\n"
        "Votes %\n"
        "Yes 6,152,607 32.10%\n"
        "No 13,013,123 67.90%\n"
    )
    assert read(text) == [
        ("United Kingdom", [("Yes", "6152607", "32.1"), ("No", "13013123", "67.9")])
    ]
    # Column names alone are no place, and the answers then have no area.
    assert read("Votes %\nYes 6,152,607 32.10%\nNo 13,013,123 67.90%\n") == []
