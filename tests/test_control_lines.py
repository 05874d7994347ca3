"""Who runs each council, from results pages' control lines."""

from __future__ import annotations

from extractor.control_lines import parse_control_lines


def read(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(c.council, c.control, c.outcome) for c in parse_control_lines(text)]


def test_two_line_entries_of_a_results_page() -> None:
    text = (
        "Councils A-Z\n\n  1. Anglesey\n    NOC NO CHANGE\n  2. Blaenau Gwent\n"
        "    IND GAIN FROM LAB\n  3. Bridgend\n    LAB LOSE TO NOC\n"
    )
    assert read(text) == [
        ("Anglesey", "NOC", "hold"),
        ("Blaenau Gwent", "IND", "gain"),
        ("Bridgend", "NOC", None),  # control changed hands, but nobody gained it
    ]


def test_one_line_entries() -> None:
    assert read(
        "Bolton: Lab hold\nSunderland – Labour gain from Conservative\nPortsmouth City – Lib Dem"
        " loss to NOC\n"
    ) == [
        ("Bolton", "Lab", "hold"),
        ("Sunderland", "Labour", "gain"),
        ("Portsmouth City", "NOC", None),  # the noun of losing, as a headline writes it
    ]


def test_prose_is_not_a_control_line() -> None:
    assert read("He said: we will hold on.\nLabour: a good night.\n") == []
