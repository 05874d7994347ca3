"""A council's composition told in one sentence."""

from __future__ import annotations

from extractor.compositions import parse_compositions
from extractor.readers import READER_NAMES, read_in_code

ARTICLE = (
    "The Conservatives have won a Norfolk County Council by-election in Watton.\n"
    "It means the council is currently made up of 41 Conservative members to 14 Labour, 13 "
    "UKIP and Independent, 10 Liberal Democrats, four Greens and two non-aligned.\n"
)


def _read(text: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    return [(c.council, [(p.party, p.seats) for p in c.parties]) for c in parse_compositions(text)]


def test_the_chamber_told_in_a_sentence_is_the_last_named_councils() -> None:
    # "13 UKIP and Independent" is a group's figure, no one party's.
    assert _read(ARTICLE) == [
        ("Norfolk County Council",
         [("Conservative", "41"), ("Labour", "14"), ("Liberal Democrats", "10"), ("Greens", "four")]),
    ]  # fmt: skip
    named = "Medway Council now has 27 Labour councillors, 12 Conservatives and three Greens."
    assert _read(named) == [("Medway Council", [("Labour", "27"), ("Conservatives", "12"),
                                                ("Greens", "three")])]  # fmt: skip


def test_gains_of_a_night_or_a_sentence_with_no_council_are_no_composition() -> None:
    assert _read("Labour won 27 seats, the Conservatives 12 and the Greens three.") == []
    assert _read("The party is made up of 41 Conservative members to 14 Labour.") == []


def test_the_reader_runs_in_local_elections_and_can_be_disabled() -> None:
    assert "council_compositions" in READER_NAMES
    _, local = read_in_code(ARTICLE, "local")
    assert [c.council for c in local.councils] == ["Norfolk County Council"]
    _, general = read_in_code(ARTICLE, "general")
    assert general.councils == []
    _, off = read_in_code(ARTICLE, "local", frozenset({"council_compositions"}))
    assert off.councils == []


def test_a_line_up_under_the_paragraphs_place_and_figures_after_their_parties() -> None:
    article = (
        "Labour has taken control of Westminster City Council.\n\n"
        "The Liberal Democrats have gained a majority in Hull, where Labour had run the council "
        "since 2011. The new line-up is 29 Lib Dems, 27 Labour and one independent.\n\n"
        "Labour hoped to close the gap in Derby, where the council has been in no overall control since "
        "2018. But it is still behind the Tories who now have 18 seats, with Labour on 16 and "
        "the Lib Dems eight.\n"
    )
    assert _read(article) == [
        ("Hull", [("Lib Dems", "29"), ("Labour", "27"), ("independent", "one")]),
        ("Derby", [("Tories", "18"), ("Labour", "16"), ("Lib Dems", "eight")]),
    ]
