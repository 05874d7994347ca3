"""What the whole article says about the election all its results belong to.

A results article names its election once ("General election 2024: full results", "the last
result of the 2017 election"); the small model, reading one passage at a time, rarely repeats
the year on every contest. The year is filled in code where the article names it as the
election's own year, never guessed from a date alone.
"""

from __future__ import annotations

import re
from typing import TypeVar

from extractor.draft import (
    DraftContest,
    DraftCouncil,
    DraftKind,
    DraftReferendum,
    DraftSeatTotal,
    ElectionFacts,
)
from extractor.text import dateline_year, first_line

_Fact = TypeVar("_Fact", DraftContest, DraftCouncil, DraftSeatTotal, DraftReferendum)

_YEAR = r"(?:19|20)\d\d"
_ELECTION_YEAR = re.compile(
    rf"\b(?P<a>{_YEAR})(?:\s+(?:general|local|council|county|mayoral|assembly|european))?"
    r"\s+(?:elections?|by-elections?|referendum)\b"
    r"|\b(?:elections?|by-elections?|referendum)(?:\s+results?)?\s+(?:of\s+)?"
    rf"(?P<b>{_YEAR})\b",
    re.I,
)


def _named_years(text: str) -> set[int]:
    return {int(m.group("a") or m.group("b")) for m in _ELECTION_YEAR.finditer(text)}


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "7 May 2010", "Thursday 12 December 2019", "September 2013", "election2017": dates at the top.
_DATE_YEAR = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTHS})\s+(?P<a>{_YEAR})\b"
    rf"|\belection(?P<b>{_YEAR})\b",
    re.I,
)
_ELECTION_WORDS = re.compile(
    r"\b(elect(?:ion|ions|ed)|by-?elections?|referendum|count|results?|councillors?|MPs?)\b", re.I
)
_PAST_REFERENCE = re.compile(r"\b(in|since|at|from|than|of|before)\s+(the\s+)?$", re.I)
LEAD_LINES = 3
LEAD_CHARS = 400


# A web page's navigation above its headline ("Menu", "Subscribe", "Follow us"): short lines
# with no figure, which are no part of the lead.
_NAVIGATION = re.compile(
    r"^(?:menu|home|search|subscribe.*|newsletter.*|sign[ -]?up|sign in|log ?in|follow us|"
    r"share.*|skip to .*|logo|advertisement|close|by|news)$",
    re.I,
)


def _lead(article: str) -> str:
    lines = [
        line
        for line in article.splitlines()
        if line.strip() and not _NAVIGATION.match(line.strip())
    ][:LEAD_LINES]
    return "\n".join(lines)[:LEAD_CHARS]


def election_year(article: str) -> int | None:
    """The year of the election the article reports, when the article names it.

    With a dateline (``date 2024-07-05 …``) that is the dateline's year, if the text names an
    election of that year ("General election 2024", "the 2024 election"), or names no election
    year at all but is about one (it speaks of an election, a count or results). Without one,
    the single year the lead (the first three lines) gives an election or a date ("Election
    2019:", "7 May 2010", "Results - September 2013"). Earlier elections named in the body ("a
    majority of 7,361 in the 2015 election") never count.
    """
    year = dateline_year(article)
    named = _named_years(article)
    if year is not None:
        if year in named:
            return year
        return year if not named and _ELECTION_WORDS.search(article) else None
    years = _named_years(first_line(article)) | _lead_years(_lead(article))
    if len(years) > 1:
        # "Council by election results 4th August 2016" above a link to "Results May 2016 -
        # April 2017": the first line of the lead that gives a year is the headline's.
        line_years = (_lead_years(line) for line in _lead(article).splitlines())
        years = next((found for found in line_years if found), years)
    return years.pop() if len(years) == 1 else None


def _lead_years(lead: str) -> set[int]:
    return {
        int(m.group("a") or m.group("b"))
        for m in (*_ELECTION_YEAR.finditer(lead), *_DATE_YEAR.finditer(lead))
        # "a majority of 7,361 in the 2015 election": an earlier election, named in passing;
        # "after the elections of May 2021" names the election itself.
        if not _PAST_REFERENCE.search(lead[max(0, m.start() - 12) : m.start()])
        or _ELECTIONS_OF.search(lead[max(0, m.start() - 14) : m.start()])
    }


_ELECTIONS_OF = re.compile(r"\belections?\s+of\s+$", re.I)


def with_election_year(facts: ElectionFacts, year: int | None) -> ElectionFacts:
    """``facts`` with every election year set to the article's ``year`` (None when the article
    names none): a model reading one passage gives the year of any election it mentions
    ("3,094 votes in 2018"), so its own years are not kept."""

    def fill(items: list[_Fact]) -> list[_Fact]:
        return [i if i.year == year else i.model_copy(update={"year": year}) for i in items]

    return facts.model_copy(
        update={
            "contests": fill(facts.contests),
            "councils": fill(facts.councils),
            "seat_totals": fill(facts.seat_totals),
            "referendums": fill(facts.referendums),
        }
    )


def without_past_results(facts: ElectionFacts, year: int | None) -> ElectionFacts:
    """``facts`` without the contests the model itself dated before the article's election
    ("Kensington, 2015: majority 7,361"): earlier results, not this election's."""
    if year is None:
        return facts
    contests = [c for c in facts.contests if c.year is None or c.year >= year]
    return facts.model_copy(update={"contests": contests})


# Kinds an article about another kind may still report ("the mayoral race" in a local-elections
# round-up): the model's (or the parser's) kind is kept.
SPECIFIC_KINDS = frozenset({"by-election", "mayoral", "devolved"})
_MAYORALTY = re.compile(r"\bmayor(?:al(?:ty)?)?\b", re.I)


def with_election_kind(facts: ElectionFacts, kind: DraftKind) -> ElectionFacts:
    """``facts`` with the article's election ``kind`` (from its cue words, see
    :func:`extractor.parsers.infer_kind`) on every contest not already of a specific kind: the
    model is not asked for kinds (a model reading one passage about "Chislehurst" cannot tell a
    council ward from a constituency). An area named as a mayoralty ("Mayor of London") is
    mayoral whatever the article's kind. ``other`` (no cue) keeps the kinds as they are."""

    def kind_of(contest: DraftContest) -> DraftKind:
        if contest.kind in SPECIFIC_KINDS:
            return contest.kind
        if contest.area and _MAYORALTY.search(contest.area):
            return "mayoral"
        return contest.kind if kind == "other" else kind

    contests = [
        c if kind_of(c) == c.kind else c.model_copy(update={"kind": kind_of(c)})
        for c in facts.contests
    ]
    return facts.model_copy(update={"contests": contests})
