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
