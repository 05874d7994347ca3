"""From an article's area and year to one official constituency (its GSS code), or why not.

Articles spell constituencies their own way: "and" for "&", hyphens or not ("Newcastle-upon-Tyne"),
"St" or "Saint", no comma ("Enfield Southgate" for "Enfield, Southgate"), accents dropped
("Ynys Mon"), the compass word first or last ("West Suffolk" for "Suffolk West", "City of
Durham" for "Durham, City of"), a short town name ("Hull East" for "Kingston upon Hull East").
Every such spelling folds to one key; a key that fits two constituencies of the year is
ambiguous and resolves to none. Nothing is guessed: a near miss resolves to none and the
reason names the closest official names, so a reader can fix the area.

The year matters: the 2024 general election was fought on new boundaries, so a 2024 contest
resolves only among the 2024 seats ("Kensington" is "Kensington and Bayswater" in 2024, which
the article would have to say).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from extractor.official import OfficialContest, covered_years, official_election

# Short forms articles use for the official names' towns, tried when the name as written
# does not resolve (a table, not a rule per article).
TOWN_SHORT_FORMS: dict[str, str] = {
    "hull": "kingston upon hull",
    "newcastle": "newcastle upon tyne",
    "stoke": "stoke on trent",
}
_FILLER = {"and", "the", "of", "constituency", "seat"}


@dataclass(frozen=True)
class Resolution:
    """The constituency an area resolves to for a year, or the reason it resolves to none."""

    contest: OfficialContest | None
    reason: str | None = None

    @property
    def code(self) -> str | None:
        """The GSS code, when resolved."""
        return self.contest.code if self.contest else None


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(name: str) -> str:
    """The spelling-blind form of a place name: "St. Albans" and "Saint Albans" fold alike."""
    text = _ascii(name).casefold().replace("&", " and ")
    text = re.sub(r"\([^)]*\)", " ", text)  # "(Ynys Môn)" qualifiers
    text = re.sub(r"[^\w]+", " ", text)
    words = ["st" if w == "saint" else w for w in text.split()]
    words = [w for w in words if w not in {"constituency", "seat"}]
    return " ".join(words)


def _unordered(folded: str) -> str:
    return " ".join(sorted(w for w in folded.split() if w not in _FILLER))


@dataclass(frozen=True)
class _Index:
    exact: dict[str, frozenset[str]]  # folded name -> codes
    unordered: dict[str, frozenset[str]]  # the folded words in any order -> codes
    names: dict[str, str]  # official name -> code


def _add(table: dict[str, set[str]], key: str, code: str) -> None:
    table.setdefault(key, set()).add(code)


@cache
def _index(year: int) -> _Index | None:
    election = official_election(year)
    if election is None:
        return None
    exact: dict[str, set[str]] = {}
    unordered: dict[str, set[str]] = {}
    for code, name in election.names.items():
        folded = fold(name)
        _add(exact, folded, code)
        _add(unordered, _unordered(folded), code)
    return _Index(
        exact={k: frozenset(v) for k, v in exact.items()},
        unordered={k: frozenset(v) for k, v in unordered.items()},
        names={name: code for code, name in election.names.items()},
    )


def _candidates_for(index: _Index, area: str) -> frozenset[str]:
    folded = fold(area)
    spellings = [folded]
    for short, full in TOWN_SHORT_FORMS.items():
        if folded == short or folded.startswith(short + " "):
            spellings.append(full + folded[len(short) :])
    for spelling in spellings:
        for table, key in ((index.exact, spelling), (index.unordered, _unordered(spelling))):
            codes = table.get(key)
            if codes:
                return codes
    return frozenset()


def _closest(index: _Index, area: str, limit: int = 3) -> list[str]:
    matches = process.extract(
        fold(area),
        {n: fold(n) for n in index.names},
        limit=limit,
        scorer=fuzz.WRatio,
        score_cutoff=75,
    )
    return [name for _, _, name in matches]


def _other_years(area: str, year: int) -> list[int]:
    found = []
    for other in covered_years():
        index = _index(other)
        if other != year and index is not None and len(_candidates_for(index, area)) == 1:
            found.append(other)
    return found


def resolve_constituency(area: str | None, year: int | None) -> Resolution:
    """The constituency ``area`` names at the ``year`` general election, or why none."""
    if not area or not area.strip():
        return Resolution(None, "the contest names no area")
    if year is None:
        return Resolution(None, "the article gives no election year")
    index = _index(year)
    if index is None:
        covered = ", ".join(str(y) for y in covered_years())
        return Resolution(None, f"no official results packaged for {year} (covered: {covered})")
    election = official_election(year)
    assert election is not None
    codes = _candidates_for(index, area)
    if len(codes) == 1:
        return Resolution(election.contests[next(iter(codes))])
    if codes:
        names = sorted(election.names[c] for c in codes)
        return Resolution(
            None, f"{area!r} fits {len(codes)} constituencies of {year}: {', '.join(names)}"
        )
    reason = f"{area!r} is not a constituency of the {year} general election"
    elsewhere = _other_years(area, year)
    if elsewhere:
        reason += f" (it is one in {', '.join(str(y) for y in elsewhere)}; boundaries changed)"
    closest = _closest(index, area)
    if closest:
        reason += f"; closest: {', '.join(closest)}"
    return Resolution(None, reason)


__all__ = ["Resolution", "fold", "resolve_constituency"]
