"""A council's composition told in one sentence, read without the model.

By-election reports end with the balance of the chamber: "It means the council is currently
made up of 41 Conservative members to 14 Labour, 10 Liberal Democrats and four Greens", "The
council now has 27 Labour councillors, 12 Conservatives and three Independents". Each figure
stands before its party, and the council is the one the sentence names or, when it says only
"the council", the last council the article named before it. A small model reading such a
sentence files it under a candidate's name or shifts the figures by one party, so code reads
it; every value is a word of the sentence, grounded like model output.

A figure before two parties joined by "and" ("13 UKIP and Independent") is a group's, no one
party's, and is left out.
"""

from __future__ import annotations

import re
from functools import cache

from extractor.draft import DraftCouncil, DraftCouncilParty
from extractor.numbers import WORDS
from extractor.places import ROUNDUP_HEADING
from extractor.tallies import prose_alias, tally_pairs
from schemas import default_registry

__all__ = ["parse_compositions", "states_composition"]

# The words that say a sentence gives the whole chamber, not a night's gains.
_COMPOSITION = re.compile(
    r"\b(?:made up of|composition|comprises|consists of|now (?:has|have|stands at)|balance of power"
    r"|political make-?up|line-?up)\b"
    # "Council now 23 Labour, 20 Conservative, 11 Green": a round-up's line after a by-election.
    r"|\bcouncil[ \t]+(?:is[ \t]+)?now[ \t]+(?=\d)",
    re.I,
)
# "in Hull", "in Derby, where": a place the paragraph speaks of.
_IN_PLACE = re.compile(
    r"\b(?:in|at)[ \t]+(?P<name>[A-Z][\w'’-]*(?:[ \t]+(?:and|&|upon|[A-Z][\w'’-]*)){0,3})"
)
_COUNCIL_WORD = re.compile(r"\bcouncil\b", re.I)
# "Norfolk County Council", "Medway Council", "Brighton and Hove City Council".
_NAMED_COUNCIL = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]*(?:[ \t]+(?:and|&|upon|on|[A-Z][\w'’-]*)){0,4}?"
    r"(?:[ \t]+(?:County|City|Borough|District|Metropolitan(?:[ \t]+Borough)?))?[ \t]+Council)\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)
_MEMBERS = r"(?:[ \t]+(?:members|councillors|seats|cllrs))?"
MIN_PARTIES = 2
_LEAD_CHARS = 300  # how far back on its line the sentence's council word may stand


@cache
def _pair() -> re.Pattern[str]:
    party = default_registry().alternation(lambda canonical, alias: prose_alias(alias))
    number = r"\d{1,3}|" + "|".join(WORDS)
    return re.compile(
        rf"(?<![\w,.-])(?P<n>{number})[ \t]+(?P<party>{party})(?:s|'s)?{_MEMBERS}"
        rf"(?![\w-])(?P<joined>[ \t]+(?:and|&)[ \t]+(?:{party})(?![\w-]))?",
        re.I,
    )


def _council_named(article: str, start: int, sentence: str) -> str | None:
    """The council the sentence names; else the last council, then the last place, its line
    names before it ("The Liberal Democrats have gained a majority in Hull. The new line-up
    is ..."); else the last council the article named before it."""
    if here := _NAMED_COUNCIL.search(sentence):
        return here.group("name")
    line = article.rfind("\n", 0, start) + 1
    for pattern in (_NAMED_COUNCIL, _IN_PLACE):
        if on_line := list(pattern.finditer(article, line, start)):
            return on_line[-1].group("name")
    # The nearest council named before it: in words, or as a round-up's heading.
    before = [
        *_NAMED_COUNCIL.finditer(article, 0, start),
        *ROUNDUP_HEADING.finditer(article, 0, start),
    ]
    return _council_of(max(before, key=lambda m: m.start())) if before else None


def _council_of(found: re.Match[str]) -> str:
    return found.group("name") if "name" in found.re.groupindex else found.group("council")


def states_composition(sentence: str) -> bool:
    """Whether a sentence gives a whole chamber's seats (its figures are seats, not votes)."""
    return _COMPOSITION.search(sentence) is not None and _COUNCIL_WORD.search(sentence) is not None


def _parties(sentence: str) -> list[DraftCouncilParty]:
    """The sentence's (party, seats): each figure before its party ("29 Lib Dems, 27
    Labour"), or, where that finds fewer than two, after it ("the Tories who now have 18
    seats, with Labour on 16, the Lib Dems eight")."""
    before = [
        DraftCouncilParty(party=m.group("party"), seats=m.group("n"), change=None)
        for m in _pair().finditer(sentence)
        if not m.group("joined")
    ]
    if len(before) >= MIN_PARTIES:
        return before
    return [
        DraftCouncilParty(party=party, seats=figure, change=None)
        for party, figure, _ in tally_pairs(sentence)
    ]


def parse_compositions(article: str) -> list[DraftCouncil]:
    """Councils whose composition the article lists in one sentence."""
    councils = []
    for found in _SENTENCE.finditer(article):
        sentence = found.group()
        # The chamber is named in the sentence or just before it, on the same line.
        line = article.rfind("\n", 0, found.start()) + 1
        lead = article[max(line, found.start() - _LEAD_CHARS) : found.end()]
        if not (_COMPOSITION.search(sentence) and _COUNCIL_WORD.search(lead)):
            continue
        parties = _parties(sentence)
        name = _council_named(article, found.start(), sentence)
        if name is None or len(parties) < MIN_PARTIES:
            continue
        councils.append(DraftCouncil(council=name, control=None, outcome=None, parties=parties))
    return councils
