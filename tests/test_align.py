"""Tests for extractor.align: locating names and numbers in article text."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from extractor.align import NumberMatch, Span, find_all_text, find_number, find_text

# Real sentences from the seed articles (verbatim).
BORWICK = (
    "Borwick secured 16,313 votes to Dent Coad's 16,333, giving Labour the narrowest of wins, "
    "snatching it by just 20 votes. That marked quite the turnaround from 2015, when Borwick had "
    "a majority of 7,361."
)
CHISLEHURST = (
    "In Chislehurst, Conservative Katy Boughey received 3,094 votes in 2018 but this year only "
    "gained 1509 votes."
)
FARAGE = "He won more 20,000 votes in the Essex constituency."
PLAISTOW = (
    "Labour found success, snagging the win in Plaistow from the Tories by less than 200 votes"
)
PORTSMOUTH = "has lost her seat to Labour's Amanda Martin by around 800 to 1,000 votes."
CREASY = (
    "Labour\u2019s Stella Creasy was re-elected as Walthamstow MP winning more than 27,000 votes."
)
REFERENDUM = "More than 70% of those who voted in this region said 'No'."
DARTFORD = (
    "Gareth Johnson kept his set, taking 57.6 per cent of the vote. This is actually up 8.6 per "
    "cent from 2015."
)
HACKETT = "Councillor Danny Hackett added a solid ten per cent to the Labour party\u2019s vote"
BRIGHTON = (
    "The Greens now have 23 councillors, while the Conservatives have 18, down from 26, and "
    "Labour remains on 13."
)
LUTON_TURNOUT = "Luton North \u2013 51.99% turnout"
CARPENTER = "Edward Carpenter, Green Party - 2,401"
GRIFFITHS = "Dominic Griffiths, Liberal Democrats \u2013 2,400"
ELTHAM = (
    "Last year there were only 2,693 votes between the Conservatives and Labour in Eltham in the "
    "2015 general election."
)
BROMLEY = (
    "Contrast this with 2018 when the Tories won 50 out of the 60 seats on offer in Bromley and "
    "it has clearly left a bruise on the blue stronghold."
)
ILFORD = "held onto his seat in Ilford North, after a slim 589 majority in 2015."
CRAWLEY = (
    "it was a poor performance in Crawley where they could have seized control with seven extra "
    "seats, but failed to register a single gain."
)
KENSINGTON = (
    "Former deputy London mayor Victoria Borwick has lost her Kensington seat to "
    "Labour\u2019s Emma Dent Coad."
)
EVENETT = "The Bexleyheath seat was held by Mr Evenett for the Conservatives."


def _norm(s: str) -> str:
    """Independent re-statement of the normalisation rule, for checking results."""
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(
        {
            **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b"},
            **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f"},
            **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
        }
    )
    s = unicodedata.normalize("NFKC", s.casefold())
    return re.sub(r"\s+", " ", s).strip()


def _one(article: str, value: int | float, *, unsigned: bool = True) -> NumberMatch:
    """The single match of `value` in `article` (asserting there is exactly one)."""
    matches = find_number(article, value, unsigned=unsigned)
    assert len(matches) == 1, matches
    m = matches[0]
    assert article[m.span.start : m.span.end] == m.span.text
    return m


# ------------------------------------------------------------------------------------------
# find_text
# ------------------------------------------------------------------------------------------


def test_find_text_exact() -> None:
    for needle in ("Emma Dent Coad", "Dent Coad"):
        span = find_text(KENSINGTON, needle)
        assert span is not None
        assert span.method == "exact" and span.score == 100.0
        assert span.text == needle == KENSINGTON[span.start : span.end]


def test_find_text_curly_apostrophe_is_normalised() -> None:
    span = find_text(KENSINGTON, "Labour's Emma Dent Coad")
    assert span is not None
    assert span.method == "normalised"
    assert span.text == "Labour\u2019s Emma Dent Coad"
    assert KENSINGTON[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("article", "needle", "expected"),
    [
        (
            "MP for Ashton\u2013under\u2013Lyne today",
            "Ashton-under-Lyne",
            "Ashton\u2013under\u2013Lyne",
        ),
        ("Labour  won\n in Dartford", "labour won in dartford", "Labour  won\n in Dartford"),
        ("she said \u201cNo\u201d twice", 'said "no"', "said \u201cNo\u201d"),
        (
            "the \uff2c\uff41\uff42\uff4f\uff55\uff52 vote",
            "Labour",
            "\uff2c\uff41\uff42\uff4f\uff55\uff52",
        ),
        ("a \ufb01nance spokesman", "finance", "\ufb01nance"),
        ("KATY BOUGHEY won", "Katy Boughey", "KATY BOUGHEY"),
        ("Jose\u0301 Smith", "Jos\u00e9 Smith", "Jose\u0301 Smith"),
    ],
)
def test_find_text_normalised(article: str, needle: str, expected: str) -> None:
    span = find_text(article, needle)
    assert span is not None
    assert span.method == "normalised"
    assert span.text == expected == article[span.start : span.end]


def test_find_text_word_boundaries() -> None:
    assert find_text("Labour won", "Lab") is None
    assert find_all_text("Labour won", "Lab") == []
    span = find_text("Rachel Reeves's budget", "Reeves")
    assert span is not None and span.text == "Reeves" and span.method == "exact"
    # The first, mid-word occurrence is skipped; the standalone one is used.
    span = find_text("Coadley and Coad", "Coad")
    assert span is not None and span.start == 12


def test_cells_run_together_meet_at_a_seam() -> None:
    # Table cells copied without separators: the lowercase-to-capital or lowercase-to-digit
    # seam bounds a word, so the name, the party and the votes are each found ...
    article = "BANERJI Reetendra NathLiberal Democrat1,959\nSMITH ChrisGreen Party4,699"
    assert find_text(article, "BANERJI Reetendra Nath") is not None
    assert find_text(article, "Liberal Democrat") is not None
    assert [m.span.text for m in find_number(article, 1959)] == ["1,959"]
    assert [m.span.text for m in find_number(article, 4699)] == ["4,699"]
    # ... but a capital before digits is a code ("A20", "M25"), and a name inside a longer
    # lowercase word is still not a match.
    assert find_number("the A20 and the M25", 20) == []
    assert find_text("Coadley won", "Coad") is None


def test_find_text_near_and_first() -> None:
    article = "Coad spoke. Later Coad won. Finally coad left."
    assert [s.start for s in find_all_text(article, "Coad")] == [0, 18, 36]
    first = find_text(article, "Coad")
    assert first is not None and first.start == 0
    near = find_text(article, "Coad", near=20)
    assert near is not None and near.start == 18
    # Exact matches win over normalised ones; `near` chooses within the winning stage.
    far = find_text(article, "Coad", near=40)
    assert far is not None and far.start == 18 and far.method == "exact"
    lower = find_text(article, "coad", near=0)
    assert lower is not None and lower.start == 36 and lower.method == "exact"


def test_find_all_text_mixes_exact_and_normalised_in_order() -> None:
    article = "Labour\u2019s win. Labour's win. LABOUR'S win."
    spans = find_all_text(article, "Labour's")
    second, third = article.index("Labour'"), article.index("LABOUR")
    assert [(s.start, s.method) for s in spans] == [
        (0, "normalised"),
        (second, "exact"),
        (third, "normalised"),
    ]
    assert all(article[s.start : s.end] == s.text for s in spans)


def test_find_all_text_is_never_fuzzy() -> None:
    assert find_all_text(EVENETT, "Evennett") == []


def test_find_text_fuzzy() -> None:
    span = find_text(EVENETT, "Evennett")
    assert span is not None
    assert span.method == "fuzzy"
    assert span.text == "Evenett" == EVENETT[span.start : span.end]
    assert 90.0 <= span.score < 100.0
    assert find_text(EVENETT, "Evennett", fuzzy_threshold=101) is None
    assert find_text(EVENETT, "Evennett", fuzzy_threshold=95) is None
    low = find_text(EVENETT, "Evennett", fuzzy_threshold=80)
    assert low is not None and low.score == span.score


def test_find_text_fuzzy_hyphen_vs_space() -> None:
    article = "Former Conservative leader Iain Duncan Smith has been re-elected."
    span = find_text(article, "Iain Duncan-Smith")
    assert span is not None and span.method == "fuzzy" and span.text == "Iain Duncan Smith"


def test_find_text_fuzzy_needs_four_chars_and_picks_near() -> None:
    assert find_text("the Lbo group", "Lab", fuzzy_threshold=0) is None
    article = "Mr Evenett spoke first. Later Mr Evenett spoke again."
    far = find_text(article, "Evennett", near=40)
    assert far is not None and far.method == "fuzzy" and far.start == 33


@pytest.mark.parametrize("needle", ["", "   ", "\n\t"])
def test_find_text_empty_needle(needle: str) -> None:
    assert find_text(KENSINGTON, needle) is None
    assert find_all_text(KENSINGTON, needle) == []


# ------------------------------------------------------------------------------------------
# find_number: matching
# ------------------------------------------------------------------------------------------


def test_borwick_sentence() -> None:
    for value, written in ((16313, "16,313"), (16333, "16,333"), (20, "20")):
        m = _one(BORWICK, value)
        assert m.span.text == written
        assert not m.approximate and m.earlier_year is None
    m = _one(BORWICK, 7361)
    assert m.span.text == "7,361" and not m.approximate and m.earlier_year == 2015


def test_chislehurst_sentence() -> None:
    m = _one(CHISLEHURST, 3094)
    assert m.span.text == "3,094" and m.earlier_year == 2018 and not m.approximate
    m = _one(CHISLEHURST, 1509)
    assert m.span.text == "1509" and m.span.method == "exact" and m.earlier_year is None


@pytest.mark.parametrize(
    ("article", "value", "written"),
    [
        ("won 16,333 votes", 16333, "16,333"),
        ("won 16333 votes", 16333, "16333"),
        ("won 16 333 votes", 16333, "16 333"),
        ("won 16\u2009333 votes", 16333, "16\u2009333"),
        ("won 16\u202f333 votes", 16333, "16\u202f333"),
        ("won 16\u00a0333 votes", 16333, "16\u00a0333"),
        ("won 1,234,567 votes", 1234567, "1,234,567"),
        ("taking 66.6 per cent", 66.6, "66.6"),
        (LUTON_TURNOUT, 51.99, "51.99"),
        ("taking 57.60 per cent", 57.6, "57.60"),
        (DARTFORD, 57.6, "57.6"),
        ("won 10 seats", 10.0, "10"),
        ("won 10.0 per cent", 10, "10.0"),
        ("rose 51pc", 51, "51"),
        ("(23)", 23, "23"),
        ("\u00a320,000 spent", 20000, "20,000"),
    ],
)
def test_number_written_forms(article: str, value: int | float, written: str) -> None:
    assert _one(article, value).span.text == written


@pytest.mark.parametrize(
    ("article", "value"),
    [
        ("won 16,333 votes", 333),
        ("won 16,333 votes", 16),
        ("in 2020 they won", 20),
        ("a 20.5 per cent swing", 20),
        ("a 1,200 majority", 20),
        ("a 1,200 majority", 200),
        ("a swing of 18.6 points", 8.6),
        ("a swing of 8.65 points", 8.6),
        ("a swing of 8.6 points", 8.65),
        ("rose 57.6 per cent", 57),
        (CARPENTER, 2400),
        ("the A20 road", 20),
        ("since 7am", 7),
        ("his 50th year", 50),
        ("thousands of voters", 1000),
        ("hundreds of voters", 100),
        ("date 2017-06-09", 6),
        ("seventeen seats", 7),
        ("seventy seats", 7),
        ("no-one knew", 1),
        ("two-thirds of seats", 2),
    ],
)
def test_number_not_inside_bigger_number(article: str, value: int | float) -> None:
    assert find_number(article, value) == []


def test_carpenter_and_griffiths() -> None:
    article = CARPENTER + "\n" + GRIFFITHS
    m = _one(article, 2400)
    assert m.span.text == "2,400" and m.span.start == article.index("2,400")
    assert _one(article, 2401).span.text == "2,401"


@pytest.mark.parametrize(
    ("article", "value", "written"),
    [
        (HACKETT, 10, "ten"),
        (HACKETT, 10.0, "ten"),
        (CRAWLEY, 7, "seven"),
        ("Seven extra seats went to Labour", 7, "Seven"),
        ("Labour gained four seats", 4, "four"),
        ("zero seats", 0, "zero"),
        ("won twenty seats", 20, "twenty"),
        ("won ninety seats", 90, "ninety"),
        ("a hundred voters", 100, "hundred"),
        ("twenty-five seats", 25, "twenty-five"),
        ("one hundred and five seats", 105, "one hundred and five"),
    ],
)
def test_number_words(article: str, value: int | float, written: str) -> None:
    m = _one(article, value)
    assert m.span.text == written
    assert m.span.method == "normalised"


def test_brighton_sentence() -> None:
    for value in (23, 18, 26, 13):
        m = _one(BRIGHTON, value)
        assert m.span.text == str(value)
        assert not m.approximate and m.earlier_year is None


def test_sign_handling() -> None:
    article = "Labour's vote went down by 1.2 per cent"
    m = _one(article, -1.2)
    assert m.span.text == "1.2"
    assert find_number(article, -1.2, unsigned=False) == []
    for minus in ("-", "\u2212"):
        signed = f"a change of {minus}1.2 points"
        m = _one(signed, -1.2, unsigned=False)
        assert m.span.text == f"{minus}1.2"
        assert find_number(signed, 1.2, unsigned=False) == []
        assert _one(signed, 1.2).span.text == "1.2"
    # A range dash is not a minus sign.
    assert find_number("800-1,000 votes", -1000, unsigned=False) == []


def test_results_sorted_by_near() -> None:
    article = "20 votes here, 20 votes there, and 20 more."
    starts = [m.span.start for m in find_number(article, 20)]
    assert starts == [0, 15, 35]
    near = [m.span.start for m in find_number(article, 20, near=33)]
    assert near == [35, 15, 0]


# ------------------------------------------------------------------------------------------
# find_number: approximate
# ------------------------------------------------------------------------------------------


def test_approximate_real_sentences() -> None:
    assert _one(FARAGE, 20000).approximate
    assert _one(PLAISTOW, 200).approximate
    assert _one(CREASY, 27000).approximate
    assert _one(REFERENDUM, 70).approximate
    low, high = _one(PORTSMOUTH, 800), _one(PORTSMOUTH, 1000)
    assert low.approximate and high.approximate
    assert low.span.text == "800" and high.span.text == "1,000"


@pytest.mark.parametrize(
    "phrase",
    [
        "more than 500",
        "over 500",
        "about 500",
        "around 500",
        "approximately 500",
        "roughly 500",
        "almost 500",
        "nearly 500",
        "some 500",
        "up to 500",
        "at least 500",
        "less than 500",
        "fewer than 500",
        "under 500",
        "just under 500",
        "just over 500",
        "close to 500",
        "in excess of 500",
        "more 500",
        "about a 500",
        "400-500",
        "400\u2013500",
        "400 to 500",
        "500-odd",
        "500 or so",
        "500 or more",
        "five hundred-odd",
        "MORE THAN 500",
    ],
)
def test_approximate_qualifiers(phrase: str) -> None:
    article = f"Labour won by {phrase} votes in the end."
    m = _one(article, 500)
    assert m.approximate, phrase


@pytest.mark.parametrize(
    ("article", "value"),
    [
        ("snatching it by just 20 votes.", 20),
        ("Labour increased its seats from 13 to 18.", 13),
        ("Labour increased its seats from 13 to 18.", 18),
        ("The vote was 352-110 in favour.", 110),
        ("Labour's total went up to 23 seats.", 23),
        ("some of the 23 councillors", 23),
        ("over the next four years", 4),
        ("more than doubled to 23 seats", 23),
        ("more votes, and 23 seats", 23),
    ],
)
def test_not_approximate(article: str, value: int) -> None:
    assert not _one(article, value).approximate


def test_approximate_does_not_cross_sentences() -> None:
    article = "Turnout was more than expected. 500 people voted."
    assert not _one(article, 500).approximate


def test_scaled_figures_are_approximate() -> None:
    m = _one("about 1.2 million people voted", 1_200_000)
    assert m.span.text == "1.2 million" and m.approximate
    assert find_number("about 1.2 million people voted", 1.2) == []
    m = _one("a \u00a320m budget", 20_000_000)
    assert m.span.text == "20m" and m.approximate


# ------------------------------------------------------------------------------------------
# find_number: earlier_year
# ------------------------------------------------------------------------------------------


def test_earlier_year_real_sentences() -> None:
    assert _one(ELTHAM, 2693).earlier_year == 2015
    assert _one(ILFORD, 589).earlier_year == 2015
    assert _one(BROMLEY, 50).earlier_year == 2018
    assert _one(BROMLEY, 60).earlier_year == 2018
    for value in (57.6, 8.6):
        assert _one(DARTFORD, value).earlier_year is None


@pytest.mark.parametrize(
    ("article", "value", "year"),
    [
        ("She received 3,094 votes in 2018.", 3094, 2018),
        ("She received 3,094 votes in the 2018 election.", 3094, 2018),
        ("She received 3,094 votes at the 2018 election.", 3094, 2018),
        ("In 2018 she received 3,094 votes.", 3094, 2018),
        ("In the 2018 election, she received 3,094 votes.", 3094, 2018),
        ("Back in 2018, she received 3,094 votes.", 3094, 2018),
        ("Compare 2018, when she received 3,094 votes.", 3094, 2018),
        ("This is up 8.6 per cent from 2015.", 8.6, None),
        ("This is up 8.6 per cent since 2015.", 8.6, None),
        ("This is 8.6 per cent higher compared to 2015.", 8.6, None),
        ("Turnout rose 8.6 per cent, up from 2015.", 8.6, None),
        ("Labour won 23 seats, up from 18 in 2018.", 23, None),
        ("They emerged with 31 (nc) seats, the exact same as in 2016.", 31, None),
        ("Labour won 23 seats, as in 2018.", 23, None),
        ("Labour won 23 seats, up from 18 in 2018.", 18, 2018),
        ("In 2018 she won 50 but this year only 23.", 23, None),
        ("She got 3,094 votes. In 2018 it was different.", 3094, None),
        ("She received 3,094 votes in total.", 3094, None),
    ],
)
def test_earlier_year_rules(article: str, value: int | float, year: int | None) -> None:
    assert _one(article, value).earlier_year == year


# ------------------------------------------------------------------------------------------
# Property tests
# ------------------------------------------------------------------------------------------

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_any_word = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=8
).filter(lambda w: not any(c.isspace() for c in w))
_ascii_word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzAB'-"), min_size=1, max_size=8)
# No vowels: cannot spell a number word or a scale word ("ten", "million").
_consonant_word = st.text(st.sampled_from("bcdfghjklmnpqrstvwxz"), min_size=1, max_size=8)


def _check_span(article: str, span: Span) -> None:
    assert 0 <= span.start <= span.end <= len(article)
    assert article[span.start : span.end] == span.text


@PROPS
@given(words=st.lists(_any_word, min_size=1, max_size=12), data=st.data())
def test_prop_find_text_finds_whole_word_runs(words: list[str], data: st.DataObject) -> None:
    article = " ".join(words)
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    needle = " ".join(words[i:j])
    span = find_text(article, needle)
    assert span is not None
    _check_span(article, span)
    assert _norm(span.text) == _norm(needle)


@PROPS
@given(words=st.lists(_ascii_word, min_size=1, max_size=12), data=st.data())
def test_prop_find_text_through_normalisation(words: list[str], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    needle = " ".join(words[i:j])
    # Re-typeset the article: random case, curly apostrophes, en dashes, odd whitespace.
    styled = []
    for w in words:
        if data.draw(st.booleans()):
            w = w.upper()
        w = w.replace("'", "\u2019").replace("-", "\u2013")
        styled.append(w)
    seps = data.draw(
        st.lists(
            st.sampled_from([" ", "  ", "\n", "\u00a0", " \t "]),
            min_size=len(words) - 1,
            max_size=len(words) - 1,
        )
    )
    article = styled[0] + "".join(s + w for s, w in zip(seps, styled[1:], strict=True))
    span = find_text(article, needle)
    assert span is not None
    _check_span(article, span)
    assert span.method in ("exact", "normalised")
    assert _norm(span.text) == _norm(needle)


@PROPS
@given(
    items=st.lists(
        st.tuples(
            _consonant_word,
            st.integers(0, 10**9),
            st.sampled_from([",", "", "\u202f", "\u2009", "\u00a0", " "]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_prop_written_integers_are_found(items: list[tuple[str, int, str]]) -> None:
    article = ""
    placed: list[tuple[int, int, str]] = []
    for word, value, sep in items:
        written = f"{value:,}".replace(",", sep)
        article += f"{word} "
        placed.append((value, len(article), written))
        article += f"{written} and "
    for value, offset, written in placed:
        matches = find_number(article, value)
        for m in matches:
            _check_span(article, m.span)
        assert any(m.span.start == offset and m.span.text == written for m in matches)


@PROPS
@given(
    parts=st.lists(
        st.one_of(_consonant_word, st.integers(0, 10**7).map(lambda v: f"{v:,}")),
        max_size=12,
    ),
    value=st.integers(21, 10**8),
)
def test_prop_absent_integer_is_never_found(parts: list[str], value: int) -> None:
    article = " ".join(parts)
    assume(str(value) not in re.sub(r"[\s,]", "", article))
    assert find_number(article, value) == []


_messy_text = st.text(
    st.one_of(
        st.sampled_from(list("abcXYZ 0123456789,.-\u2013\u2019'\"%\n\u00a0\u2009\u00ad")),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=60,
)


@PROPS
@given(
    article=_messy_text,
    needle=_messy_text,
    value=st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False)),
    threshold=st.floats(0, 101),
    near=st.one_of(st.none(), st.integers(-10, 100)),
    data=st.data(),
)
def test_prop_every_span_is_a_slice(
    article: str,
    needle: str,
    value: int | float,
    threshold: float,
    near: int | None,
    data: st.DataObject,
) -> None:
    if article and data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(article) - 1))
        needle = article[i : data.draw(st.integers(i + 1, len(article)))]
    span = find_text(article, needle, near=near, fuzzy_threshold=threshold)
    if span is not None:
        _check_span(article, span)
    for s in find_all_text(article, needle):
        _check_span(article, s)
    for unsigned in (True, False):
        for m in find_number(article, value, near=near, unsigned=unsigned):
            _check_span(article, m.span)


def test_a_plus_sign_after_a_space_is_the_next_figure_not_a_floor() -> None:
    assert _one("Attendance was 20,000+ on the day.", 20000).approximate
    # A scoreboard: the count, then its change on the next line or after a space.
    assert not _one("Lab\n262\n+30\nSNP", 262).approximate
    assert not _one("Lab 262 +30", 262).approximate


def test_figures_after_at_last_election_year_in_brackets_are_earlier() -> None:
    article = "Result of council at last election (2012): Plaid Cymru 37, Independents 19."
    assert _one(article, 37).earlier_year == 2012


def test_a_count_after_a_year_and_to_is_no_range() -> None:
    article = "But his majority was slashed from 76,343 votes in 2021 to 18,789 votes."
    assert not _one(article, 18789).approximate
    assert _one("Between 800 to 1,000 people came.", 1000).approximate


def test_a_bound_sign_makes_a_figure_approximate() -> None:
    assert _one("No >75%", 75).approximate
    assert _one("turnout ~40%", 40).approximate
    assert _one("with < 200 votes", 200).approximate
    assert not _one("Labour 1,204 votes", 1204).approximate
