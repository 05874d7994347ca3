"""A council's seats listed party by party, read without the model."""

from extractor.council_lines import parse_council_lines


def _read(text: str) -> list[tuple[str, list[tuple[str, str | None, str | None]]]]:
    return [
        (c.council, [(p.party, p.seats, p.change) for p in c.parties])
        for c in parse_council_lines(text)[0]
    ]


def test_a_council_then_its_parties_seats_and_changes_on_one_line() -> None:
    text = (
        "Glasgow: SNP 37 (-2), Labour 36 (+5), Greens 10 (+3), Conservatives 2 (-6)\n"
        "Birmingham: Lab gain from NOC. Lab 77 (+20), Con 28 (-11), LD 15 (nc)\n"
    )
    assert _read(text) == [
        ("Glasgow", [("SNP", "37", "-2"), ("Labour", "36", "+5"), ("Greens", "10", "+3"),
                     ("Conservatives", "2", "-6")]),
        ("Birmingham", [("Lab", "77", "+20"), ("Con", "28", "-11"), ("LD", "15", "0")]),
    ]  # fmt: skip
    [glasgow, _], spans = parse_council_lines(text)
    assert len(spans) == 2
    assert text[glasgow.parties[0].at or 0 :].startswith("37")


def test_a_party_a_line_under_the_councils_name() -> None:
    text = "North Lanarkshire\nLabour 32 (-1)\nSNP 36 (+3)\nConservatives 5 (-5)\n\nMore soon."
    assert _read(text) == [
        ("North Lanarkshire", [("Labour", "32", "-1"), ("SNP", "36", "+3"),
                               ("Conservatives", "5", "-5")]),
    ]  # fmt: skip


def test_a_wards_votes_are_no_chamber() -> None:
    assert _read("Ashford, Beaver: Con 575, Lab 564") == []  # counts in the hundreds
    assert _read("Abbey: LD 84 (45.6%), Con 61 (32.1%)") == []  # shares
    assert _read("Abbey: LD 84 votes, Con 61 votes") == []
    assert _read("Glasgow: SNP won, with Labour second and the Greens third.") == []
