"""What a name in a draft stands for: one contest's area, a council, a ward, a region.

A small model reading one passage calls "Scotland" a contest, "Chislehurst" (a ward) a
council and "Labour" a candidate. These rules tell them apart from the words of the article
and the constituency table, so the grounding step keeps each fact in its place.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import cache

from extractor.align import find_all_text
from extractor.draft import ElectionFacts
from extractor.gazetteer import constituency_names, is_constituency
from extractor.merge import name_key, same_name

NOT_A_CONSTITUENCY = "a general-election contest whose area is no constituency (a tally)"
REGION_AS_AREA = "a nation, region or council's total, not one contest"
DESCRIPTION_AS_AREA = "a description of the election or the page, not a place"
# "Police and Crime Commissioner elections", "Local elections", "Final results": no place.
_NOT_A_PLACE = re.compile(r"\b(elections?|results?|polls?|count|commissioners?)\b", re.I)
# "Total votes", "Turnout", "Valid votes": a table's label row, no place, when it is all the name.
_LABEL_WORDS = frozenset(
    {"total", "totals", "votes", "vote", "turnout", "majority", "electorate", "spoilt", "spoiled"}
    | {"rejected", "ballots", "ballot", "papers", "valid", "seats", "share", "change", "swing"}
)

# Results for these areas are tallies of many contests (seat totals, vote shares), not one.
REGIONS = frozenset(
    {
        "uk", "united kingdom", "britain", "great britain", "england", "scotland", "wales",
        "northern ireland", "north east", "north west", "yorkshire and the humber", "yorkshire",
        "east midlands", "west midlands", "east of england", "london", "south east",
        "south west",
        # A parliament or assembly named as the place: its whole chamber, not one seat.
        "holyrood", "senedd", "westminster", "stormont", "the commons", "house of commons",
        "scottish parliament", "welsh parliament", "welsh assembly", "northern ireland assembly",
    }
)  # fmt: skip
# "Medway Council", "Boston BC", "Daventry DC", "Cornwall Council (UA)": a council, not a seat.
_COUNCIL_WORD = re.compile(r"\bcouncil\b|\b(?:BC|DC|CC|MBC|LBC|UA)\b", re.I)
# The constituency table is complete for general elections from 2010 (the 2010 boundaries
# lasted until 2024); earlier constituencies may be missing from it.
GAZETTEER_FROM = 2010


def not_one_contest(area: str | None, kind: str, year: int | None) -> str | None:
    """Why a contest with ``area`` is not one contest (None when it may be)."""
    if area and (_NOT_A_PLACE.search(area) or set(name_key(area).split()) <= _LABEL_WORDS):
        return DESCRIPTION_AS_AREA
    if not area or kind == "mayoral":
        return None
    if name_key(area) in REGIONS or _COUNCIL_WORD.search(area):
        return REGION_AS_AREA
    general = kind in ("general", "by-election") and (year is None or year >= GAZETTEER_FROM)
    if general and not is_constituency(area):
        return NOT_A_CONSTITUENCY
    return None


# The words after a place that make it a council: "Council", "District Council".
_COUNCIL_WORDS = r"\s+(?:(?:borough|district|county|city|metropolitan|unitary)\s+)*council"
_AS_COUNCIL_AFTER = re.compile(_COUNCIL_WORDS + r"\b", re.I)
_ENDS_IN_COUNCIL_WORDS = re.compile(_COUNCIL_WORDS + "$", re.I)


def council_place(name: str) -> str:
    """The place a council is named after ("Wychavon" of "Wychavon District Council")."""
    return _ENDS_IN_COUNCIL_WORDS.sub("", name)


_AS_COUNCIL_BEFORE = re.compile(r"\b(council|borough) of\s+$", re.I)
# "Ashford, Beaver - UKIP gain from Labour": a by-election round-up's heading names the
# council before the comma and its ward after it.
ROUNDUP_HEADING = re.compile(
    r"^(?P<council>[A-Z][^,\n]{1,50}),[ \t]+(?P<ward>[^,\n]{2,60}?)[ \t]+[–—-][ \t]+[^\n]*?"
    r"\b(?:hold|holds|gain|gains|retain|retains)\b",
    re.I | re.M,
)


def named_as_council(article: str, name: str) -> bool:
    """True when the article calls ``name`` a council: "Medway Council", "the borough of X"."""
    return any(
        _AS_COUNCIL_AFTER.match(article, span.end)
        or _AS_COUNCIL_BEFORE.search(article[max(0, span.start - 20) : span.start])
        for span in find_all_text(article, name)
    ) or any(same_name(m.group("council"), name) for m in ROUNDUP_HEADING.finditer(article))


_WARD_WORD = re.compile(r"\b(wards?|divisions?)\b", re.I)
_COUNCIL_WORD_ANY = re.compile(r"\b(council|borough|authority)\b", re.I)


def named_as_ward(article: str, name: str) -> bool:
    """True when a sentence that names ``name`` calls it a ward or division, not a council, or
    a by-election round-up's heading names it as a ward."""
    for span in find_all_text(article, name):
        sentence = sentence_at(article, span.start)
        if _WARD_WORD.search(sentence) and not _COUNCIL_WORD_ANY.search(sentence):
            return True
    # "Ashford, Beaver - UKIP gain": a round-up's heading names the ward after its council.
    return any(
        same_name(m.group("ward"), name) or same_name(f"{m['council']}, {m['ward']}", name)
        for m in ROUNDUP_HEADING.finditer(article)
    )


# "Newcastle Upon Tyne is the first constituency to announce", "the constituency of Foyle":
# the article's own word for the place, whatever its official name.
_CONSTITUENCY_WORD = re.compile(r"\bconstituenc(?:y|ies)\b", re.I)
# The name ends there (not "Sunderland" of "Houghton and Sunderland South").
_NAME_ENDS = re.compile(r"\s*(?:[,:(]|constituency\b|is\b|was\b|has\b|had\b|became\b)", re.I)
_CONSTITUENCY_OF = re.compile(r"\bconstituency\s+of\s+$", re.I)


def named_as_constituency(article: str, name: str) -> bool:
    """True when a sentence calls ``name`` a constituency ("X is the first constituency to
    declare", "the X constituency", "the constituency of X"), the name standing whole."""
    for span in find_all_text(article, name):
        if _CONSTITUENCY_OF.search(article[max(0, span.start - 20) : span.start]):
            return True
        sentence = sentence_at(article, span.start)
        if _CONSTITUENCY_WORD.search(sentence) and _NAME_ENDS.match(article, span.end):
            before = article[max(0, span.start - 5) : span.start]
            if not re.search(r"\b(?:and|&)\s+$", before):
                return True
    return False


def sentence_start(article: str, position: int) -> int:
    """Where the sentence (or line) holding ``position`` starts."""
    return max(article.rfind(". ", 0, position), article.rfind("\n", 0, position)) + 1


def sentence_at(article: str, position: int) -> str:
    """The sentence (or line) holding ``position``."""
    start = sentence_start(article, position)
    ends = [e for e in (article.find(". ", position), article.find("\n", position)) if e != -1]
    return article[start : min(ends, default=len(article))]


def part_of(name: str, area: str) -> bool:
    """True when ``name`` is ``area`` or its words run inside it ("Rainham" in "Gillingham
    and Rainham", "Tunbridge Wells" in "Tunbridge Wells East")."""
    return f" {name_key(name)} " in f" {name_key(area)} "


@cache
def _constituency_keys() -> frozenset[str]:
    return frozenset(name_key(n) for n in constituency_names())


def place_keys(facts: ElectionFacts) -> set[str]:
    """Folded names of the areas and councils the draft reports on."""
    names = [c.area for c in facts.contests] + [c.council for c in facts.councils]
    return {name_key(n) for n in names if n}


def is_place(name: str, places: AbstractSet[str]) -> bool:
    """True when ``name`` is one of ``places`` (see :func:`place_keys`) or a constituency."""
    key = name_key(name)
    return key in places or key in _constituency_keys()


def with_roundup_wards(facts: ElectionFacts, article: str) -> ElectionFacts:
    """``facts`` with a contest named as a round-up's heading names it ("Brighton & Hove, East
    Brighton - Labour hold") under its ward alone ("East Brighton"), as the parsed result list
    under that heading is, so the two fold into one contest."""
    wards = {
        name_key(f"{m['council']}, {m['ward']}"): m["ward"].strip()
        for m in ROUNDUP_HEADING.finditer(article)
    }
    if not wards:
        return facts
    contests = [
        c.model_copy(update={"area": wards[name_key(c.area)]})
        if c.area and name_key(c.area) in wards
        else c
        for c in facts.contests
    ]
    return facts.model_copy(update={"contests": contests})
