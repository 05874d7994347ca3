"""Seats changing hands, read from the sentences that tell it.

Reports tell gains and holds in a few fixed constructions whatever the house style: "the
Tories gaining Vale of Clwyd from Labour and Brecon & Radnorshire from the Lib Dems", "Labour
took Hartlepool from the Conservatives", "the SNP held Perth". The subject and the object are
parties the registry knows, the seat a capitalised place between them: code reads these
exactly, so the model's output tokens go to what only a model can read. Every contest found
here is grounded like model output.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from extractor.draft import DraftCandidate, DraftContest, DraftKind
from extractor.gazetteer import is_constituency
from schemas import default_registry

_GAIN_VERB = (
    r"(?:gain(?:ed|ing|s)?|t(?:ook|ake|akes|aking|aken)|won|wins?|winning|captur(?:ed|es?|ing)|"
    r"seiz(?:ed|es?|ing)|snatch(?:ed|es|ing)?|grabb?(?:ed|ing|s)?|re-?took|regain(?:ed|ing|s)?)"
)
_HOLD_VERB = r"(?:held|holds?|holding|retain(?:ed|s|ing)?|kept|keeps?)"
_PLACE_WORD = r"(?:[A-Z][\w'’.-]*|&|and|upon|on|under|le|by|of|the|St\.?)"
_PLACE = rf"(?P<area>[A-Z][\w'’.-]*(?:[ \t]+{_PLACE_WORD}){{0,6}}?)"
_WHOLE_PLACE = rf"(?P<area>[A-Z][\w'’.-]*(?:[ \t]+{_PLACE_WORD}){{0,6}})"
# Earlier results ("won Hartlepool from Labour in 2019") are left to the year checks.
_PAST = re.compile(r"^[ \t]*(?:in|at)[ \t]+(?:the[ \t]+)?((?:19|20)\d{2})\b")


@lru_cache(maxsize=1)
def _party_pattern() -> str:
    # One- and two-letter abbreviations ("C", "LD") are table shorthand, not prose.
    alternation = default_registry().alternation(
        lambda canonical, alias: canonical != "No overall control" and len(alias) > 2
    )
    return rf"(?:the[ \t]+)?(?:{alternation})(?:'s|’s)?"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    party = _party_pattern()
    gain = re.compile(
        rf"\b(?P<winner>{party})[ \t]+(?:(?:have|has|had)[ \t]+)?{_GAIN_VERB}[ \t]+(?:the[ \t]+seat[ \t]+of[ \t]+)?"
        rf"{_PLACE}[ \t]+(?:off|from)[ \t]+(?P<loser>{party})\b"
    )
    more = re.compile(rf"^,?[ \t]+and[ \t]+{_PLACE}[ \t]+(?:off|from)[ \t]+(?P<loser>{party})\b")
    hold = re.compile(
        rf"\b(?P<winner>{party})[ \t]+(?:(?:have|has|had)[ \t]+)?{_HOLD_VERB}[ \t]+(?:on[ \t]+(?:to[ \t]+)?)?"
        rf"(?:the[ \t]+seat[ \t]+of[ \t]+)?{_WHOLE_PLACE}"
        rf"(?=[ \t]*[,.;]|[ \t]+(?:with|by|after|for|despite)\b|[ \t]+and[ \t]+{party}\s)"
    )
    return gain, more, hold


_PERSON = r"(?P<name>[A-Z][a-z'’-]+(?:[ \t]+(?:Mc|Mac|O')?[A-Z][\w'’-]+){1,2})"
# "Dumfriesshire, Clydesdale and Tweeddale": the rest of a name that holds commas.
_COMMA_REST = re.compile(
    rf"^((?:,[ \t]+[A-Z][\w'’.-]*(?:[ \t]+{_PLACE_WORD}){{0,3}}?)+[ \t]+and[ \t]+[A-Z][\w'’.-]*)"
)


@lru_cache(maxsize=1)
def _person_hold() -> re.Pattern[str]:
    party = _party_pattern()
    return re.compile(
        rf"\b(?:(?P<party1>{party})[ \t]+)?{_PERSON}(?:[ \t]*\((?P<party2>{party})\))?[ \t]+"
        rf"(?:(?:has|had)[ \t]+)?{_HOLD_VERB}[ \t]+(?:on[ \t]+(?:to[ \t]+)?)?{_WHOLE_PLACE}"
        rf"(?=[ \t]*[,.;]|[ \t]+(?:with|by|after|for|despite|and)\b)"
    )


def _whole_area(article: str, found: re.Match[str]) -> str:
    """The area, run on over commas where the longer name is a constituency."""
    area = found.group("area")
    rest = _COMMA_REST.match(article[found.end("area") :])
    if rest and is_constituency(area + rest.group(1)):
        return area + rest.group(1)
    return area


def _people_holding(article: str, kind: DraftKind) -> list[DraftContest]:
    """Contests told as "<party> <person> held <seat>" or "<person> (<party>) held <seat>"."""
    contests = []
    for found in _person_hold().finditer(article):
        party = found.group("party1") or found.group("party2")
        if party is None or _PAST.match(article[found.end() :]):
            continue
        person = DraftCandidate(
            name=found.group("name"), party=_party(party), votes=None, share=None, elected=True
        )
        contests.append(
            _draft(_whole_area(article, found), _party(party), "hold", None, kind, [person])
        )
    return contests


def _draft(
    area: str,
    winner: str | None,
    outcome: Literal["hold", "gain"] | None,
    loser: str | None,
    kind: DraftKind,
    candidates: list[DraftCandidate] | None = None,
) -> DraftContest:
    return DraftContest(
        area=area.strip(),
        kind=kind,
        year=None,
        winner=winner,
        outcome=outcome,
        gained_from=loser,
        majority=None,
        turnout=None,
        candidates=candidates or [],
    )


def _party(text: str) -> str:
    return re.sub(r"^the[ \t]+|(?:'s|’s)$", "", text.strip(), flags=re.I)


def seats_changing_hands(article: str, kind: DraftKind = "other") -> list[DraftContest]:
    """Contests told as "<party> gained <seat> from <party>" or "<party> held <seat>"."""
    gain, more, hold = _patterns()
    contests: list[DraftContest] = []
    for found in gain.finditer(article):
        if _PAST.match(article[found.end() :]):
            continue
        winner = _party(found.group("winner"))
        contests.append(
            _draft(found.group("area"), winner, "gain", _party(found.group("loser")), kind)
        )
        position = found.end()
        while (extra := more.match(article[position:])) is not None:
            if not _PAST.match(article[position + extra.end() :]):
                contests.append(
                    _draft(extra.group("area"), winner, "gain", _party(extra.group("loser")), kind)
                )
            position += extra.end()
    for found in hold.finditer(article):
        if not _PAST.match(article[found.end() :]):
            contests.append(
                _draft(found.group("area"), _party(found.group("winner")), "hold", None, kind)
            )
    return (
        contests
        + _people_holding(article, kind)
        + _by_elections_won(article, kind)
        + _people_elected(article, kind)
    )


@lru_cache(maxsize=1)
def _by_election_won() -> tuple[re.Pattern[str], re.Pattern[str]]:
    party = _party_pattern()
    won = re.compile(
        rf"\b(?:(?P<party1>{party})[ \t]+(?:candidate[ \t]+)?)?{_PERSON}"
        rf"(?:[ \t]*\((?P<party2>{party})\))?[ \t]+(?:has[ \t]+)?(?:won|wins)[ \t]+the[ \t]+"
        rf"{_PLACE}[ \t]+(?:ward[ \t]+|division[ \t]+)?by-?election\b(?P<rest>[^.\n]*)"
    )
    beaten = re.compile(
        rf"\b(?:beating|defeating|ahead[ \t]+of)[ \t]+(?:the[ \t]+)?"
        rf"(?:(?P<party>{party})[ \t]+candidate[ \t]+)?{_PERSON}"
    )
    return won, beaten


_OFFICE = r"(?:PCC|MP|MSP|MS|AM|MLA|mayor|councillor|Police[ \t]+and[ \t]+Crime[ \t]+Commissioner)"


@lru_cache(maxsize=1)
def _person_elected() -> re.Pattern[str]:
    party = _party_pattern()
    # "Independent candidate Stephen Bett elected as PCC for Norfolk", "Conservative candidate
    # John Dwyer on being elected PCC for Cheshire", "Independent candidate Sue Mountstevens
    # has won Avon and Somerset."
    return re.compile(
        rf"\b(?P<party1>{party})[ \t]+candidate[ \t]+{_PERSON}[ \t]+"
        rf"(?:(?:(?:has|have)[ \t]+been[ \t]+|was[ \t]+|is[ \t]+|on[ \t]+being[ \t]+)?"
        rf"(?:re-?)?elected[ \t]+(?:as[ \t]+)?(?:the[ \t]+)?(?:new[ \t]+)?{_OFFICE}[ \t]+for[ \t]+"
        rf"|has[ \t]+won[ \t]+){_WHOLE_PLACE}(?=[ \t]*[,.;]|[ \t]*$)",
        re.M,
    )


def _people_elected(article: str, kind: DraftKind) -> list[DraftContest]:
    """Contests told as "<party> candidate <person> elected PCC for <place>" or "... has won
    <place>": the person elected for the party."""
    contests = []
    for found in _person_elected().finditer(article):
        party = _party(found.group("party1"))
        person = DraftCandidate(
            name=found.group("name"), party=party, votes=None, share=None, elected=True
        )
        area = found.group("area").strip().rstrip(".")
        contests.append(_draft(area, party, None, None, kind, [person]))
    return contests


def _by_elections_won(article: str, kind: DraftKind) -> list[DraftContest]:
    """Contests told as "<person> won the <place> ward by-election, beating the <party>
    candidate <person>": the winner elected, the one beaten not."""
    won, beaten = _by_election_won()
    contests = []
    for found in won.finditer(article):
        party = found.group("party1") or found.group("party2")
        winner = DraftCandidate(
            name=found.group("name"),
            party=_party(party) if party else None,
            votes=None,
            share=None,
            elected=True,
        )
        candidates = [winner]
        if loser := beaten.search(found.group("rest")):
            candidates.append(
                DraftCandidate(
                    name=loser.group("name"),
                    party=_party(loser.group("party")) if loser.group("party") else None,
                    votes=None,
                    share=None,
                    elected=False,
                )
            )
        # No outcome: who held the seat before is not in this sentence.
        contests.append(_draft(found.group("area"), winner.party, None, None, kind, candidates))
    return contests
