"""Reading numbers the model copied as text ("16,333", "57.6%", "+8.6", "ten") into values.

The model writes numbers as strings exactly as the article prints them: asked for a JSON
integer, a small model copying "35,423" stops at the comma and emits 35 (seen on the seeds).
"""

from __future__ import annotations

import re

WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

_NUMBER = re.compile(
    r"^(?P<sign>[+\-−–])?\s*(?P<digits>\d{1,3}(?:[,\u2009\u202f ]\d{3})+|\d+)(?P<fraction>\.\d+)?$"
)
NULL_WORDS = frozenset({"", "null", "none", "n/a", "na", "unknown", "not stated", "-"})
_DECORATION = re.compile(r"(?i)\s*(%|per\s*cent|pc|points?|pts|votes?|seats?)\s*$")


def parse_number(text: str | int | float | None) -> int | float | None:
    """The value of a number as an article writes it, or None when it is not a plain number.

    Signs are kept ("-1.2" → -1.2); units and percent signs are ignored; words up to twenty,
    the tens and their compounds ("twenty-one") are read. Approximations ("about 20,000") are not numbers here.
    """
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return text
    if is_null_text(text):
        return None
    cleaned = _DECORATION.sub("", text.strip()).strip()
    if cleaned.lower() in WORDS:
        return WORDS[cleaned.lower()]
    tens_unit = re.fullmatch(r"([a-z]+ty)[\s-]([a-z]+)", cleaned.lower())
    if tens_unit and tens_unit.group(1) in WORDS and WORDS.get(tens_unit.group(2), 10) < 10:
        return WORDS[tens_unit.group(1)] + WORDS[tens_unit.group(2)]  # "twenty-one"
    found = _NUMBER.match(cleaned)
    if not found:
        return None
    whole = int(re.sub(r"[^\d]", "", found.group("digits")))
    negative = found.group("sign") in ("-", "−", "–")
    if found.group("fraction"):
        value: int | float = float(f"{whole}{found.group('fraction')}")
    else:
        value = whole
    return -value if negative else value


def is_null_text(text: str) -> bool:
    """True for text a model writes when it means "no value" ("null", "n/a", "")."""
    return text.strip().lower() in NULL_WORDS
