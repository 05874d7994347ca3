from extractor.gazetteer import constituency_names, find_constituencies


def test_the_table_holds_the_constituencies_of_three_general_elections() -> None:
    names = set(constituency_names())
    assert {"Kensington", "Luton North", "Kensington and Bayswater", "Ynys Môn"} <= names
    assert 650 < len(names) < 1000


def test_the_longest_name_wins_and_official_ampersands_match_and() -> None:
    text = "Luton South and South Bedfordshire; Islington North; Richmond and Northallerton"
    assert [s.text for s in find_constituencies(text)] == [
        "Luton South and South Bedfordshire",
        "Islington North",
        "Richmond and Northallerton",
    ]


def test_a_name_followed_by_a_capitalised_word_is_not_a_place() -> None:
    assert find_constituencies("Angus Robertson and Gordon Brown") == []
    assert [s.text for s in find_constituencies("In Angus, the SNP lost.")] == ["Angus"]
