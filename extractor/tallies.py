"""Seat tallies written as a list in one sentence, read without the model.

"It projects the Conservatives winning 368 seats, Labour 191, the SNP 55 and the Lib Dems 13"
and "Labour won 27 of the 32 Welsh seats, Plaid Cymru four and the Liberal Democrats one" are
tables in disguise: each known party is followed, within a few words, by its seat count (or
follows it: "with four going to Plaid Cymru and one, Ceredigion, to the Liberal Democrats"). A
small model reading such a sentence drops parties or copies the wrong word ("Ynys Môn" as a
seat count, seen on the dev set), so these sentences are parsed in code. Every value comes
from the sentence, so grounding finds it by construction.

Only general and devolved elections have national tallies; in a local-election article the
same sentence is a council's composition, which the council step reads.
"""

from __future__ import annotations

import re
from functools import cache

from extractor.draft import DraftSeatTotal, DraftTallyParty
from extractor.numbers import WORDS
from schemas import default_registry

# Elections with national seat tallies.
TALLY_KINDS = frozenset({"general", "devolved"})
_SEATS = re.compile(r"\bseats\b|\b(?-i:MPs|MSPs|MSs|AMs|MLAs)\b", re.I)
# A change may stand in brackets between the count and "seats": "64 (+1) seats", "31 (nc)
# seats", "22 (-2) seats".
_CHANGE_IN_BRACKETS = r"(?:\s*\(\s*(?:[+\-−–]\s*\d{1,3}|nc|n/c|=|no change|±\s*0)\s*\))?"
# "30 seats", "56 of 59 seats", and "30 Senedd seats" / "27 Welsh Commons seats": up to two
# capitalised words.
_SEATS_AFTER = (
    _CHANGE_IN_BRACKETS
    + r"\s+(?:of\s+(?:the\s+)?\d{1,3}\s+)?(?:(?-i:[A-Z])[\w'’]*\s+){0,2}seats\b"  # "56 of 59 seats"
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)  # a line without a stop is one too
# Up to four words between a party and its figure: "winning", "a final tally of", "are
# expected to win".
_FIGURE_AFTER = re.compile(
    r"^[\s,:)]*(?:(?:[A-Za-z']+)\s+){0,4}?(?P<n>\d{1,3}|" + "|".join(WORDS) + r")\b"
    r"(?!\s*(?:%|per\s*cent|points?|votes?|,\d|\.\d|-))",
    re.I,
)
_FIGURE_BEFORE_SEATS = re.compile(
    r"^[\s,:]*(?:(?:[A-Za-z'’]+),?\s+){0,10}?(?P<n>\d{1,3}|"
    + "|".join(WORDS)
    + rf")(?={_SEATS_AFTER})",
    re.I,
)
# "came within two seats of a majority", "ten more seats", "up 20": a margin or a change of
# seats, not a party's tally. (Not "gaining": "the Tories gaining 368 seats" is a tally.)
_MARGIN = re.compile(
    r"\b(?:within|by|than|another|further|extra|additional|more|fewer|net|up|down)\s+$",
    re.I,
)
# A figure told before its party: "four going to Plaid Cymru", "one, Brecon, Radnor & Cwm
# Tawe, to the Liberal Democrats", "three seats went to the SNP".
_FIGURE_BEFORE_PARTY = re.compile(
    r"(?<![\w-])(?P<n>\d{1,3}|" + "|".join(WORDS) + r")\b(?:\s+seats?)?"
    r"(?:\s+(?:going|went|go|fell|falling))?(?:,[^.;]{1,40},)?\s+to\s+(?:the\s+)?$",
    re.I,
)
# "318 Conservative MPs", "262 Labour seats": the count right before the party, a seat noun
# right after it.
_COUNT_RIGHT_BEFORE = re.compile(r"(?<![\w,.-])(?P<n>\d{1,3}|" + "|".join(WORDS) + r")\s+$", re.I)
_MEMBERS_AFTER = re.compile(r"\s*(?:MPs|MSPs|MSs|AMs|MLAs|seats|councillors)\b")
_PROJECTED = re.compile(
    r"\b(exit poll|project(s|ed|ion)?|forecasts?|predict(s|ed|ion)?|on course|would win|"
    r"expected to|if (it|this) is right)\b",
    re.I,
)
# "the 32 Welsh seats" and "Scotland's 57 seats" say which tally it is.
SCOPES: dict[str, re.Pattern[str]] = {
    "Wales": re.compile(r"\b(Welsh|Wales'?s?)\b"),
    "Scotland": re.compile(r"\b(Scottish|Scotland'?s?)\b"),
    "Northern Ireland": re.compile(r"\bNorthern Ireland'?s?\b"),
}


def prose_alias(alias: str) -> bool:
    """An alias prose writes: longer than two letters, or in capitals ("SF", "LD")."""
    return len(alias) > 2 or alias.isupper()


@cache
def party_pattern() -> re.Pattern[str]:
    # "independent" is also an ordinary adjective.
    body = default_registry().alternation(
        lambda canonical, alias: canonical != "Independent" and prose_alias(alias)
    )
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def tally_pairs(sentence: str) -> list[tuple[str, str, bool]]:
    """(party as written, figure as written, figure followed by "seats") in order."""
    parties = list(party_pattern().finditer(sentence))
    before: dict[int, re.Match[str]] = {}
    for i, party in enumerate(parties):
        start = parties[i - 1].end() if i else 0
        words_before = sentence[start : party.start()]
        told = _FIGURE_BEFORE_PARTY.search(words_before)
        if told is None and _MEMBERS_AFTER.match(sentence, party.end()):
            told = _COUNT_RIGHT_BEFORE.search(words_before)
        if told is not None:
            before[i] = told
    pairs = []
    for i, party in enumerate(parties):
        if i in before:
            pairs.append((party.group(), before[i].group("n"), False))
            continue
        stop = parties[i + 1].start() if i + 1 < len(parties) else len(sentence)
        if i + 1 in before:
            # The next party's figure stands before it: it is not this party's.
            stop = party.end() + before[i + 1].start()
        between = sentence[party.end() : stop]
        # "The DUP followed behind them on 25 seats": further words, but "seats" says it.
        figure = _FIGURE_AFTER.match(between) or _FIGURE_BEFORE_SEATS.match(between)
        after = sentence[party.end() + figure.end("n") :] if figure else ""
        # A figure of all the seats ("up 56 of 59 seats") is a count of seats won, whatever
        # margin word comes before it.
        of_all = re.match(r"\s+of\s+(?:the\s+)?\d", after) is not None
        if figure and re.search(r"\ball\s+but\s+$", between[: figure.start("n")], re.I):
            continue  # "won all but five of the 32 seats": five is the others' count
        if figure and (of_all or not _MARGIN.search(between[: figure.start("n")])):
            pairs.append((party.group(), figure.group("n"), bool(re.match(_SEATS_AFTER, after))))
    return pairs


def parse_seat_tallies(article: str) -> list[DraftSeatTotal]:
    """Seat tallies the article lists in one sentence (at least two parties with a figure, or
    one with "N seats"), in the model's draft shape."""
    totals = []
    previous_end = -1
    for found in _SENTENCE.finditer(article):
        sentence = found.group()
        # A sentence that goes on listing the tally ("Northern Ireland's Democratic Unionists
        # won eight; the Scottish National Party six; ...") needs no "seats" of its own.
        follows = previous_end >= 0 and not article[previous_end : found.start()].count("\n\n") > 1
        if not _SEATS.search(sentence) and not follows:
            continue
        pairs = tally_pairs(sentence)
        if not _SEATS.search(sentence) and len(pairs) < 2:
            previous_end = -1
            continue
        if not pairs or (len(pairs) == 1 and not pairs[0][2]):
            # "... a majority Government with 329 seats." may lead into the list that follows.
            previous_end = found.end() if _SEATS.search(sentence) else -1
            continue
        previous_end = found.end()
        totals.append(seat_total([(party, figure) for party, figure, _ in pairs], sentence))
    return totals


def seat_total(pairs: list[tuple[str, str]], context: str) -> DraftSeatTotal:
    """A tally from (party as written, seats as written), the first mention of a party winning;
    its scope and status are the ``context``'s (the sentence or heading that gives it)."""
    registry = default_registry()
    seen: set[str | None] = set()
    parties = []
    for party, figure in pairs:
        canonical = registry.canonical(party)
        if canonical not in seen:
            seen.add(canonical)
            parties.append(DraftTallyParty(party=party, seats=figure))
    # The scope is the context's, not a party's ("Scottish National Party" is no cue).
    words = party_pattern().sub(" ", context)
    scope = next((name for name, cue in SCOPES.items() if cue.search(words)), None)
    status = "projected" if _PROJECTED.search(context) else "declared"
    return DraftSeatTotal(scope=scope, year=None, status=status, parties=parties)
