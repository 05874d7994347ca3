"""Where numbers occur in an article, and whether an occurrence is usable as an exact figure.

Split from :mod:`extractor.align` (which locates names); see its docstring. A hit reports
whether a qualifier makes it approximate ("more than 20,000", "around 800 to 1,000") and which
year, if any, the sentence ties it to ("3,094 votes in 2018").
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from extractor.spans import MatchMethod, Span

__all__ = ["NumberMatch", "find_number"]


@dataclass(frozen=True)
class NumberMatch:
    """One occurrence of a number in the article.

    ``span`` covers the number as written (digits with separators, a decimal, or number
    words).  ``approximate`` is True when the article hedges the figure ("more than", "around",
    a range, "-odd", "1.2 million").  ``earlier_year`` is a year the same sentence ties the
    figure to ("3,094 votes in 2018", "2015, when Borwick had a majority of 7,361"); the caller
    decides whether that year is an earlier election.
    """

    span: Span
    approximate: bool
    earlier_year: int | None


# --------------------------------------------------------------------------------------------
# Number tokenisation
# --------------------------------------------------------------------------------------------

# Digits with optional thousands grouping (one separator kind per number) and a decimal part.
# Never starts inside another number ("333" in "16,333", "20" in "1.20") or right after a
# letter ("A20", "M25") unless after a lowercase word, where two table cells were joined
# ("Democrat1,959"); never stops before more digits ("20" in "2020" or "20.5").
_DIGITS_RE = re.compile(
    r"(?<![0-9.])(?<![0-9],)(?:(?<![^\W\d_])|(?<=[a-z]{3}))"
    r"(?P<int>[0-9]{1,3}(?P<sep>[,\u00a0\u2009\u202f\x20])[0-9]{3}(?:(?P=sep)[0-9]{3})*|[0-9]+)"
    r"(?P<frac>\.[0-9]+)?"
    r"(?![.,]?[0-9])"
)
# "– 67Paul Evans": a count run into the next row's name (a capital, then lower case) is a
# count; "7am", "50th" and "1980s" go on in lower case.
_NEXT_ROW_NAME = re.compile(r"[A-Z][a-z]")
# An ASCII space or no-break space between digit groups may also just separate two numbers
# ("Con 317 262"), so such numbers are read both ways; thin spaces are unambiguous grouping.
_AMBIGUOUS_SEPS = frozenset("\x20\u00a0")
_SCALE_SUFFIX_RE = re.compile(r"(?P<w>\s+(?:hundred|thousand|million|billion)|bn|m|k)\b", re.I)
_SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "m": 10**6,
    "k": 1000,
}
_PERCENT_SUFFIX_RE = re.compile(r"pc\b", re.I)
_MINUS_SIGNS = "-\u2212\u2013"

_UNIT_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_BIG_WORDS = {"thousand": 1000, "million": 10**6, "billion": 10**9}
_ALL_NUMBER_WORDS = [*_UNIT_WORDS, *_TENS_WORDS, "hundred", *_BIG_WORDS]
_NUMBER_WORD_RE = re.compile(
    r"\b(?:" + "|".join(sorted(_ALL_NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.I
)


@dataclass(frozen=True)
class _NumTok:
    start: int
    end: int
    value: Decimal  # magnitude; the sign is tracked separately
    sign_start: int | None  # offset of a written minus sign, if any
    scaled: bool  # written with thousand/million/m/bn/k: a rounded figure
    primary: bool  # False for the split readings of an ambiguous "317 262"


def _minus_before(article: str, start: int) -> int | None:
    """Offset of a minus sign glued to the number ("-1.2"), not a range dash ("800-1,000")."""
    if start == 0 or article[start - 1] not in _MINUS_SIGNS:
        return None
    if start >= 2 and (article[start - 2].isalnum() or article[start - 2] in ")]%"):
        return None
    return start - 1


def _digit_tokens(article: str) -> list[_NumTok]:
    toks: list[_NumTok] = []
    for m in _DIGITS_RE.finditer(article):
        start, end = m.span()
        int_part, sep, frac = m.group("int"), m.group("sep"), m.group("frac") or ""
        if len(int_part) > 1 and int_part[0] == "0":
            continue  # "06" in "2017-06-09", "007": dates and codes, not counts
        value = Decimal((int_part.replace(sep, "") if sep else int_part) + frac)
        scaled = False
        suffix = _SCALE_SUFFIX_RE.match(article, end)
        if suffix is not None:
            word = suffix.group("w").strip().lower()
            value *= _SCALES[word]
            end = suffix.end()
            scaled = word != "hundred"
        elif (
            end < len(article)
            and article[end].isalpha()
            and _PERCENT_SUFFIX_RE.match(article, end) is None
            and not _NEXT_ROW_NAME.match(article, end)
        ):
            continue  # ordinal, unit or code: "7am", "50th", "1980s" ("51pc" is fine)
        sign = _minus_before(article, start)
        toks.append(_NumTok(start, end, value, sign, scaled, True))
        if sep in _AMBIGUOUS_SEPS and suffix is None:
            # Also offer each group on its own (see _AMBIGUOUS_SEPS).
            pos = start
            groups = (int_part + frac).split(sep)
            for i, group in enumerate(groups):
                if i > 0 and group[0] == "0":
                    pos += len(group) + 1
                    continue  # "033" of "16 033" is not a number on its own
                toks.append(
                    _NumTok(
                        pos,
                        pos + len(group),
                        Decimal(group),
                        sign if i == 0 else None,
                        False,
                        False,
                    )
                )
                pos += len(group) + 1
    return toks


def _word_kind(word: str) -> str:
    if word in _UNIT_WORDS:
        return "unit" if _UNIT_WORDS[word] < 10 else "teen"
    if word in _TENS_WORDS:
        return "tens"
    return "hundred" if word == "hundred" else "big"


# Which number word may follow which, and with what glue, inside one written number
# ("twenty-five", "two hundred and fifty", "ten thousand").
_WORD_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("tens", "unit"): frozenset({" ", "-"}),
    ("unit", "hundred"): frozenset({" "}),
    ("teen", "hundred"): frozenset({" "}),
    ("hundred", "unit"): frozenset({" ", " and "}),
    ("hundred", "teen"): frozenset({" ", " and "}),
    ("hundred", "tens"): frozenset({" ", " and "}),
    ("unit", "big"): frozenset({" "}),
    ("teen", "big"): frozenset({" "}),
    ("tens", "big"): frozenset({" "}),
    ("tensunit", "big"): frozenset({" "}),
    ("hundred", "big"): frozenset({" "}),
    ("big", "unit"): frozenset({" ", " and "}),
    ("big", "teen"): frozenset({" ", " and "}),
    ("big", "tens"): frozenset({" ", " and "}),
}


_HEDGE_SUFFIX_RE = re.compile(r"-(?:odd|ish|something|plus)\b", re.I)


def _hyphen_compound(article: str, start: int, end: int) -> bool:
    """Number word glued by a hyphen to a non-number word: "no-one", "two-thirds", "four-year".

    Hedges ("thirty-odd") are not compounds: they stay numbers and are marked approximate.
    """
    if start >= 2 and article[start - 1] == "-" and article[start - 2].isalpha():
        return True
    return (
        end + 1 < len(article)
        and article[end] == "-"
        and article[end + 1].isalpha()
        and _HEDGE_SUFFIX_RE.match(article, end) is None
    )


def _word_value(words: list[str]) -> int:
    total, current = 0, 0
    for word in words:
        if word in _UNIT_WORDS:
            current += _UNIT_WORDS[word]
        elif word in _TENS_WORDS:
            current += _TENS_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * _BIG_WORDS[word]
            current = 0
    return total + current


def _word_tokens_num(article: str) -> list[_NumTok]:
    """Numbers written in words, grouped into phrases ("twenty-five", "one hundred")."""
    toks: list[_NumTok] = []
    group: list[re.Match[str]] = []
    kind = ""

    def flush() -> None:
        if group and not _hyphen_compound(article, group[0].start(), group[-1].end()):
            words = [m.group().lower() for m in group]
            scaled = words[-1] in _BIG_WORDS
            toks.append(
                _NumTok(
                    group[0].start(),
                    group[-1].end(),
                    Decimal(_word_value(words)),
                    None,
                    scaled,
                    True,
                )
            )
        group.clear()

    for m in _NUMBER_WORD_RE.finditer(article):
        new_kind = _word_kind(m.group().lower())
        if group:
            glue = article[group[-1].end() : m.start()].lower()
            if glue in _WORD_TRANSITIONS.get((kind, new_kind), frozenset()):
                group.append(m)
                kind = "tensunit" if (kind, new_kind) == ("tens", "unit") else new_kind
                continue
            flush()
        group.append(m)
        kind = new_kind
    flush()
    return toks


# Two numbers joined as a range: "800 to 1,000", "800-1,000", "40-45%", "two or three".
# A range stays on one line: "3.5%" over "-3.8%" is a share and its change in a column.
_RANGE_GAP_RE = re.compile(
    r"[ \t]*(?:%|per[ \t]?cent|percent|pc)?[ \t]*(?:-|\u2013|\u2014|to|or)[ \t]*[£$€]?", re.I
)
_LAST_WORD_RE = re.compile(r"([^\W\d_]+)\W*$")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+|\n")


@dataclass(frozen=True, eq=False)
class _NumberIndex:
    by_value: dict[Decimal, list[_NumTok]]
    in_range: frozenset[tuple[int, int]]  # (start, end) of tokens that are ends of a range
    boundary_starts: list[int]  # sentence boundaries, as (start, end) of the separator
    boundary_ends: list[int]

    def sentence(self, start: int, end: int, length: int) -> tuple[int, int]:
        """(sentence start, sentence end) around the token [start, end)."""
        i = bisect.bisect_right(self.boundary_ends, start)
        s = self.boundary_ends[i - 1] if i > 0 else 0
        j = bisect.bisect_left(self.boundary_starts, end)
        e = self.boundary_starts[j] if j < len(self.boundary_starts) else length
        return s, e


def _is_year(article: str, tok: _NumTok) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}", article[tok.start : tok.end]))


def _range_members(article: str, toks: list[_NumTok]) -> frozenset[tuple[int, int]]:
    members: set[tuple[int, int]] = set()
    primary = sorted((t for t in toks if t.primary), key=lambda t: (t.start, t.end))
    for left, right in itertools.pairwise(primary):
        if left.end > right.start or not _RANGE_GAP_RE.fullmatch(article, left.end, right.start):
            continue
        # Ranges ascend; "won 352-110" or "from 13 to 18" describe a score or a change.
        if left.value >= right.value:
            continue
        last = _LAST_WORD_RE.search(article, max(0, left.start - 40), left.start)
        if last is not None and last.group(1).lower() == "from":
            continue
        # "from 76,343 votes in 2021 to 18,789 votes": a year, then a count that is no year.
        if _is_year(article, left) != _is_year(article, right):
            continue
        members.add((left.start, left.end))
        members.add((right.start, right.end))
    return frozenset(members)


@lru_cache(maxsize=8)
def _number_index(article: str) -> _NumberIndex:
    toks = _digit_tokens(article) + _word_tokens_num(article)
    by_value: dict[Decimal, list[_NumTok]] = {}
    for tok in toks:
        by_value.setdefault(tok.value, []).append(tok)
    bounds = [m.span() for m in _SENTENCE_END_RE.finditer(article)]
    return _NumberIndex(
        by_value,
        _range_members(article, toks),
        [b[0] for b in bounds],
        [b[1] for b in bounds],
    )


# --------------------------------------------------------------------------------------------
# Approximation and year context
# --------------------------------------------------------------------------------------------

# Qualifiers that make a following number inexact.  Multi-word phrases are specific enough to
# be trusted a few words back; the single common words below are only trusted right before the
# number (at most one filler word between), because "some of the 23" or "over the next four"
# are not hedges.
_PHRASE_QUALIFIERS: tuple[tuple[str, ...], ...] = (
    ("more", "than"),
    ("less", "than"),
    ("fewer", "than"),
    ("up", "to"),
    ("at", "least"),
    ("at", "most"),
    ("close", "to"),
    ("in", "excess", "of"),
    ("upwards", "of"),
    ("shy", "of"),
    ("short", "of"),
    ("approximately",),
    ("approx",),
    ("roughly",),
    ("almost",),
    ("nearly",),
    ("circa",),
)
_WORD_QUALIFIERS = frozenset(
    {"over", "under", "about", "around", "some", "more", "above", "below", "estimated"}
)
# Words that may sit between a qualifier and its number ("about a 20 per cent", "almost
# exactly 20").  "just" is here: "by just 20" is exact, "just under 20" is not.
_FILLERS = frozenset(
    {"a", "an", "the", "just", "only", "exactly", "precisely", "slightly", "little", "bit"}
    | {"well", "very", "still", "even", "mere", "estimated", "reported", "whopping"}
)
# "went up to 23" reports a new total, not a ceiling.
_MOTION_VERBS = frozenset(
    {"went", "go", "goes", "going", "gone", "rose", "risen", "rising", "rises", "moved"}
    | {"jumped", "climbed", "shot", "edged", "crept", "ticked", "bumped", "pushed", "pushing"}
    | {"took", "taking", "takes", "taken", "brought", "bringing", "brings", "moving"}
)
_CLAUSE_BREAK_RE = re.compile(r"[;:()\[\]\n]|,(?![0-9])|\s[-\u2013\u2014]\s")
_LOOKBACK_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_TRAILING_APPROX_RE = re.compile(
    r"\s*(?:%|\s*per\s?cent|\s*percent|pc)?"
    # "20,000+" is a floor; "262 +30" and "262\n+30" are a count and its change.
    r"(?:\s*[-\u2013]\s*(?:odd|ish|something|plus)\b|\s+odd\b|\s+plus\b|(?<!\s)\+(?!\s*\d)"
    r"|\s+or\s+(?:so|more|fewer|less|over|above|thereabouts)\b)",
    re.I,
)
_LOOKBACK_CHARS = 120
_BOUND_SIGN_RE = re.compile(r"[><≥≤~≈]\s?$")


def _qualified(words: list[str]) -> bool:
    """Do the words just before a number end in a qualifier (allowing filler words)?"""
    for n_fill in range(0, 4):
        if n_fill > len(words):
            break
        if n_fill and words[-n_fill] not in _FILLERS:
            break  # the filler run must be contiguous and end at the number
        head = words[: len(words) - n_fill]
        if not head:
            break
        if n_fill <= 1 and head[-1] in _WORD_QUALIFIERS:
            return True
        for phrase in _PHRASE_QUALIFIERS:
            if tuple(head[-len(phrase) :]) == phrase:
                before = head[-len(phrase) - 1] if len(head) > len(phrase) else ""
                if phrase == ("up", "to") and before in _MOTION_VERBS:
                    continue
                return True
    return False


def _is_approximate(article: str, tok: _NumTok, sent_start: int, index: _NumberIndex) -> bool:
    if tok.scaled or (tok.start, tok.end) in index.in_range:
        return True
    if _TRAILING_APPROX_RE.match(article, tok.end) is not None:
        return True
    if _BOUND_SIGN_RE.search(article, max(0, tok.start - 3), tok.start) is not None:
        return True  # ">75%", "< 200", "~40%": a bound or an estimate, not the figure
    lo = max(sent_start, tok.start - _LOOKBACK_CHARS)
    clause = article[lo : tok.start]
    cut = 0
    for m in _CLAUSE_BREAK_RE.finditer(clause):
        cut = m.end()
    words = [w.lower() for w in _LOOKBACK_WORD_RE.findall(clause[cut:])]
    return _qualified(words)


_YEAR = r"((?:19|20)[0-9]{2})(?![0-9])(?![.,][0-9])"
# After the number: "votes in 2018", "majority in the 2015 general election", "at the 2015
# election".  Scanning stops where the sentence turns to a comparison or another clause
# ("up 8.6 per cent from 2015", "since 2010", "but", ", which"), or says the figure is also
# the earlier one's ("31 seats, the exact same as in 2016").
_FWD_STOP_RE = re.compile(
    r"\b(?:from|since|compared|versus|vs|than|but|while|whereas|although|though|however"
    r"|against|unlike|same|matching|equalling|as\s+(?:in|at))\b|;|,\s*(?:which|who|whose|when)\b",
    re.I,
)
_FWD_YEAR_RE = re.compile(r"\b(?:in(?:\s+the)?|at\s+the)\s+" + _YEAR, re.I)
# Before the number: "2015, when", "with 2018 when", "in 2015, ...", "In 2018 ..." at clause
# start.  Scanning starts after the last contrast marker ("but this year only gained 1509").
_BWD_STOP_RE = re.compile(
    r"\b(?:but|while|whereas|although|though|however|now|compared|than|versus|vs|today"
    r"|currently|unlike)\b|;|\bthis\s+(?:year|time)\b",
    re.I,
)
_BWD_YEAR_RES = (
    re.compile(r"\b" + _YEAR + r",?\s+when\b", re.I),
    re.compile(
        r"\b(?:in|at)\s+(?:the\s+)?"
        + _YEAR
        + r"(?:'s)?(?:\s+(?:general|local|council|mayoral|by-?elections?|elections?|polls?"
        r"|vote|contest|race))*\s*,",
        re.I,
    ),
    re.compile(r"(?:^|[,;:(]|\n)\s*(?:in|at)\s+(?:the\s+)?" + _YEAR, re.I),
    # "Result of council at last election (2012): Plaid Cymru 37, ...".
    re.compile(
        r"\b(?:at|in)\s+(?:the\s+)?(?:last|previous)\s+(?:elections?|contests?)\s*\(\s*" + _YEAR,
        re.I,
    ),
)


def _earlier_year(article: str, tok: _NumTok, sent_start: int, sent_end: int) -> int | None:
    after = article[tok.end : sent_end]
    stop = _FWD_STOP_RE.search(after)
    if stop is not None:
        after = after[: stop.start()]
    fwd = _FWD_YEAR_RE.search(after)
    if fwd is not None:
        return int(fwd.group(1))
    before = article[sent_start : tok.start]
    cut = 0
    for m in _BWD_STOP_RE.finditer(before):
        cut = m.end()
    before = before[cut:]
    best: tuple[int, int] | None = None  # (match start, year): the closest tie wins
    for rx in _BWD_YEAR_RES:
        for m in rx.finditer(before):
            if best is None or m.start() > best[0]:
                best = (m.start(), int(m.group(1)))
    return best[1] if best is not None else None


# --------------------------------------------------------------------------------------------
# Public number API
# --------------------------------------------------------------------------------------------


def _as_decimal(value: int | float) -> Decimal | None:
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return Decimal(value)
    if not math.isfinite(value):
        return None
    # repr() gives the shortest decimal that round-trips, i.e. the figure as the model wrote it.
    return Decimal(repr(float(value)))


def _canonical_form(target: Decimal) -> str:
    if target == target.to_integral_value():
        return str(int(target))
    return format(target.normalize(), "f")


def find_number(
    article: str, value: int | float, *, near: int | None = None, unsigned: bool = True
) -> list[NumberMatch]:
    """Find every occurrence of the number `value` in `article`.

    Matches digits as written with or without thousands separators ("16,333", "16333",
    "16 333", thin or no-break spaces), decimals numerically ("57.6" and "57.60"; 10.0 also
    matches "10"), number words ("ten", "Seven", "twenty-five"), and scaled figures ("1.2
    million", "£20m").  A number never matches inside a bigger one (20 is not in "2020",
    "20.5" or "1,200"); a trailing "%" or "per cent" is fine.

    With `unsigned` (default) the sign of `value` is ignored; otherwise a negative value needs
    a written minus sign, which is then included in the span.

    Each hit says whether it is `approximate` (qualifier such as "more than"/"around" within
    the clause before it, a range "800 to 1,000", "-odd"/"or so" after it, or a scaled
    figure) and which year, if any, the sentence ties it to (`earlier_year`).  Results are in
    document order, or sorted by distance of the span start to `near`.
    """
    target = _as_decimal(value)
    if target is None:
        return []
    index = _number_index(article)
    negative = target < 0
    canonical = _canonical_form(abs(target))
    seen: set[tuple[int, int]] = set()
    matches: list[NumberMatch] = []
    for tok in index.by_value.get(abs(target), []):
        if not unsigned and (tok.sign_start is not None) != negative:
            continue
        start = tok.sign_start if (not unsigned and tok.sign_start is not None) else tok.start
        if (start, tok.end) in seen:
            continue
        seen.add((start, tok.end))
        text = article[start : tok.end]
        written = text.lstrip(_MINUS_SIGNS)
        method: MatchMethod = "exact" if written == canonical else "normalised"
        sent_start, sent_end = index.sentence(tok.start, tok.end, len(article))
        matches.append(
            NumberMatch(
                Span(start, tok.end, text, method, 100.0),
                _is_approximate(article, tok, sent_start, index),
                _earlier_year(article, tok, sent_start, sent_end),
            )
        )
    if near is None:
        matches.sort(key=lambda m: (m.span.start, m.span.end))
    else:
        matches.sort(key=lambda m: (abs(m.span.start - near), m.span.start, m.span.end))
    return matches
