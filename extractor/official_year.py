"""Which covered general election an undated contest is checked against, and how that is told.

A contest whose article gives a year is checked against that year. One without is checked
against, in this order: the one covered election whose official count has its vote counts
(three digits or more, almost never the same two years running); the general election the
article names ("the 2019 general election", "GE2017") or whose polling day a date at its top
follows by days ("08 May 2015", "Friday 13th December"); the one election the counts of the
article's other contests fit. Each way is said in ``verification.year_note``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from extractor.official import GENERAL_ELECTIONS, covered_years
from extractor.resolve import resolve_constituency
from schemas import Contest


def vote_counts(contest: Contest) -> list[int]:
    """The article's whole-number figures of a contest that pin down one election: votes and
    majorities (a count of three digits or more is almost never the same two years running)."""
    values = [c.votes for c in contest.candidates] + [contest.majority]
    return [v for v in values if v is not None and v >= 100]


def years_fitting(contest: Contest) -> dict[int, int]:
    """Covered year -> how many of the contest's counts are that year's official figures."""
    counts = vote_counts(contest)
    fits: dict[int, int] = {}
    for year in covered_years() if counts else ():
        resolution = resolve_constituency(contest.area, year)
        if resolution.contest is None:
            continue
        official = {c.votes for c in resolution.contest.candidates}
        official.add(resolution.contest.majority or -1)
        hits = sum(1 for value in counts if value in official)
        if hits:
            fits[year] = hits
    return fits


def year_from_counts(
    contest: Contest, fits: dict[int, int] | None = None
) -> tuple[int | None, str]:
    """The one covered election whose official count has this contest's vote counts, if one.

    For an article that gives no year: its counts are matched against every covered year in
    which the area is a constituency; a year is taken only when some of its counts are that
    year's official figures and no other year's. ``fits`` is :func:`years_fitting` of the
    contest, when already known.
    """
    counts = vote_counts(contest)
    if not counts:
        return None, "the article gives no election year (and no vote count to tell it by)"
    if fits is None:
        fits = years_fitting(contest)
    if len(fits) == 1:
        year, hits = next(iter(fits.items()))
        return year, (
            f"the article gives no year; {hits} of its {len(counts)} vote counts are the "
            f"official {year} figures here, and none another year's"
        )
    if fits:
        years = ", ".join(str(y) for y in sorted(fits))
        return (
            None,
            f"the article gives no year and its counts fit more than one election ({years})",
        )
    return None, "the article gives no election year (its counts fit no covered election)"


_GENERAL_ELECTION_YEAR = re.compile(
    r"\b(?P<a>(?:19|20)\d\d)\s+(?:UK\s+|British\s+|Westminster\s+)?general\s+elections?\b"
    r"|\bgeneral\s+elections?\s+(?:of\s+|in\s+)?(?P<b>(?:19|20)\d\d)\b"
    r"|\bGE\s?(?P<c>(?:19|20)\d\d)\b",
    re.I,
)
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = "|".join(m[:3] + f"(?:{m[3:]})?" for m in _MONTHS)
# "2019-12-13", "13 December 2019", "Friday 13th Dec 2019", "December 13, 2019".
_DATE = re.compile(
    r"\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b"
    rf"|\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>(?:19|20)\d\d)\b"
    rf"|\b(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)\b",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "Friday 13th December" with no year: the weekday tells which year's 13 December it was.
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<w>{'|'.join(_WEEKDAYS)}),?\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s+of)?\s+(?P<m>{_MONTH})\b(?!\.?,?\s+(?:19|20)\d\d)",
    re.I,
)
DAYS_OF_RESULTS = 21  # a date this soon after polling day, at the top, reports that election
LEAD_CHARS = 600


def _dates(text: str) -> list[date]:
    found = []
    for m in _DATE.finditer(text):
        try:
            if m.group("iso"):
                found.append(date.fromisoformat(m.group("iso")))
            else:
                day, month, year = (
                    (m.group("d1"), m.group("m1"), m.group("y1"))
                    if m.group("d1")
                    else (m.group("d2"), m.group("m2"), m.group("y2"))
                )
                number = [n[:3] for n in _MONTHS].index(month[:3].lower()) + 1
                found.append(date(int(year), number, int(day)))
        except ValueError:
            continue  # "31 February": not a date
    for m in _WEEKDAY_DATE.finditer(text):
        month = [n[:3] for n in _MONTHS].index(m.group("m")[:3].lower()) + 1
        weekday = _WEEKDAYS.index(m.group("w").lower())
        for polling_day in GENERAL_ELECTIONS.values():
            for year in (polling_day.year, polling_day.year + 1):
                try:
                    day = date(year, month, int(m.group("d")))
                except ValueError:
                    continue
                if day.weekday() == weekday:
                    found.append(day)
    return found


def named_general_election(article: str) -> tuple[int, str] | None:
    """The one general election an article names ("the 2019 general election", "GE2017"), or
    whose polling day a date at its top follows by days ("08 May 2015"); None when it names
    two or more."""
    named = {
        int(m.group("a") or m.group("b") or m.group("c"))
        for m in _GENERAL_ELECTION_YEAR.finditer(article)
    }
    named &= set(GENERAL_ELECTIONS)
    if len(named) == 1:
        year = next(iter(named))
        return year, f"the contest gives no year; the article names the {year} general election"
    for published in _dates(article[:LEAD_CHARS]):
        for year, polling_day in GENERAL_ELECTIONS.items():
            if 0 <= (published - polling_day).days <= DAYS_OF_RESULTS and (
                not named or year in named
            ):
                return year, (
                    f"the contest gives no year; the article is dated {published}, just after "
                    f"the {year} general election"
                )
    return None


def undated_general(contest: Contest) -> bool:
    """A general-election contest with an area and no year: one whose year must be told."""
    return (
        contest.election.kind == "general" and contest.election.year is None and bool(contest.area)
    )


def implied_year(
    contests: list[Contest], fits: Sequence[dict[int, int] | None] | None = None
) -> tuple[int, str] | None:
    """The one election year the vote counts of an article's undated general-election contests
    point to, when they point to one (``fits``: their :func:`years_fitting`, when known)."""
    known = list(fits) if fits is not None else [None] * len(contests)
    years = {
        year
        for contest, fit in zip(contests, known, strict=True)
        if undated_general(contest)
        for year in [year_from_counts(contest, fit)[0]]
        if year is not None
    }
    if len(years) != 1:
        return None
    year = next(iter(years))
    return year, (
        f"the article gives no year; the vote counts of its other contests are the official "
        f"{year} figures"
    )


__all__ = [
    "implied_year",
    "named_general_election",
    "undated_general",
    "vote_counts",
    "year_from_counts",
    "years_fitting",
]
