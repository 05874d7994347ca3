import pytest

from extractor.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("16,333", 16333),
        ("16333", 16333),
        ("16 333", 16333),
        ("57.6", 57.6),
        ("57.6%", 57.6),
        ("51.99 per cent", 51.99),
        ("+8.6", 8.6),
        ("-1.2", -1.2),
        ("−10.7", -10.7),
        ("ten", 10),
        ("Four", 4),
        ("7,510 votes", 7510),
        (12, 12),
        (None, None),
        ("about 20,000", None),
        ("more than 27,000", None),
        ("n/a", None),
        ("", None),
        ("1,2345", None),
    ],
)
def test_parse_number(text: str | int | None, value: float | None) -> None:
    assert parse_number(text) == value


def test_a_count_run_into_the_next_rows_name_is_a_count() -> None:
    from extractor.number_spans import find_number

    text = "Libby Cripps (IND) – 67Paul Evans (Green) – 22Dawn Furness (IND) – 6"
    assert [m.span.text for m in find_number(text, 67)] == ["67"]
    assert find_number("polls close at 10pm on the 5th", 10) == []
