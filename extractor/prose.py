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

from extractor.draft import DraftContest, DraftKind
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
    registry = default_registry()
    names = {
        alias
        for canonical, aliases in registry.aliases_by_canonical.items()
        if canonical != "No overall control"
        for alias in aliases
        # One- and two-letter abbreviations ("C", "LD") are table shorthand, not prose.
        if len(alias) > 2
    }
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
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


def _draft(
    area: str, winner: str, outcome: Literal["hold", "gain"], loser: str | None, kind: DraftKind
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
        candidates=[],
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
    return contests
