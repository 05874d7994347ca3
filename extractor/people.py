"""Who an article's candidate is in the official count: surname, then first name, then party.

An article's "Bob Smith" is the official "Robert Smith", "Chris" is "Christopher", "J." is any
J, "Ms Olney" is Sarah Olney; a nameless "the Lib Dems" is the one Liberal Democrat who stood.
A person is matched only when one official candidate fits: nothing is guessed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from extractor.official import OfficialCandidate, OfficialContest, official_election
from extractor.resolve import fold
from schemas import Candidate, canonical_party

NICKNAMES_FILE = "data/nicknames.json"
_TITLES = {
    "sir",
    "dame",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "rt",
    "hon",
    "mp",
    "cllr",
    "lord",
    "lady",
}


@cache
def _nickname_groups() -> dict[str, frozenset[str]]:
    raw = resources.files("extractor").joinpath(NICKNAMES_FILE).read_text(encoding="utf-8")
    groups: dict[str, set[str]] = {}
    for formal, short_forms in json.loads(raw)["names"].items():
        group = {formal, *short_forms}
        for name in group:
            groups.setdefault(name, set()).update(group)
    return {name: frozenset(group) for name, group in groups.items()}


def first_names_agree(written: str, official: str) -> bool:
    """True when an article's first name can be the official one: equal, an initial, one a
    shortening of the other ("Chris", "Christopher"), or a known nickname ("Bob", "Robert")."""
    a, b = fold(written).replace(" ", ""), fold(official).split()
    if not a or not b:
        return True
    first = b[0]
    if a == first or (len(a) == 1 and first.startswith(a)):
        return True
    if min(len(a), len(first)) >= 3 and (first.startswith(a) or a.startswith(first)):
        return True
    return first in _nickname_groups().get(a, frozenset())


def _words(name: str) -> list[str]:
    return [w for w in fold(name).split() if w not in _TITLES]


def _surname_fits(words: list[str], official: OfficialCandidate) -> bool:
    surname = fold(official.surname).split()
    if not surname:
        return False
    return words[-len(surname) :] == surname or (len(words) == 1 and words[0] == surname[-1])


def _same_party(candidate: Candidate, official: OfficialCandidate) -> bool:
    return (
        candidate.party is not None and canonical_party(candidate.party) == official.canonical_party
    )


def match_candidate(candidate: Candidate, contest: OfficialContest) -> OfficialCandidate | None:
    """The official candidate an article's candidate is, or None when not one for sure."""
    if candidate.name:
        words = _words(candidate.name)
        if not words:
            return None
        by_surname = [o for o in contest.candidates if _surname_fits(words, o)]
        given = words[: -len(fold(by_surname[0].surname).split())] if by_surname else []
        agreeing = [o for o in by_surname if not given or first_names_agree(given[0], o.first_name)]
        for pool in (agreeing, [o for o in agreeing if _same_party(candidate, o)]):
            if len(pool) == 1:
                return pool[0]
        # A first name the article spells another way, with the surname and party both right.
        same_party = [o for o in by_surname if _same_party(candidate, o)]
        return same_party[0] if len(same_party) == 1 and not agreeing else None
    if candidate.party:
        by_party = [o for o in contest.candidates if _same_party(candidate, o)]
        return by_party[0] if len(by_party) == 1 else None
    return None


def stood_elsewhere(name: str, contest: OfficialContest) -> str | None:
    """The constituency a person of this name stood in at the same election, if one."""
    words = name.split()
    election = official_election(contest.year)
    if len(words) < 2 or election is None:
        return None
    places = {
        other.name
        for other in election.contests_naming(words[-1])  # a text filter, then a real match
        if other.code != contest.code and match_candidate(Candidate(name=name), other)
    }
    return next(iter(places)) if len(places) == 1 else None


__all__ = ["first_names_agree", "match_candidate", "stood_elsewhere"]
