"""Candidates: ground one candidate, then keep each contest's list to the people standing.

A small model lists parties, places and pundits as candidates, gives one printed figure to
two people and one party to several. Each pass here removes one of those mistakes and says
why in the dropped list.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from extractor.align import find_all_text
from extractor.draft import (
    DraftCandidate,
    DraftContest,
)
from extractor.figures import is_prose_label
from extractor.grounder import (
    ANOTHER_CANDIDATES_VOTES,
    ANOTHER_CONTESTS_PERSON,
    CANDIDATE_WINDOW,
    CHANGE,
    CONTEST_WINDOW,
    COUNT_AS_SHARE,
    DESCRIPTION_AS_NAME,
    MAJORITY_AS_VOTES,
    NAME_AS_PARTY,
    NOT_SAID_TO_STAND,
    PARTY_AS_NAME,
    PARTY_OF_ANOTHER,
    PERCENT,
    PLACE_AS_NAME,
    PRONOUN_AS_NAME,
    SHARE_AS_VOTES,
    Grounder,
    Near,
    rule,
)
from extractor.merge import name_key, same_name
from extractor.number_spans import find_number
from extractor.numbers import parse_number
from extractor.places import is_place, part_of
from schemas import (
    Candidate,
    Contest,
    Evidence,
    PartyRegistry,
)


def _as_party_row(g: Grounder, draft: DraftCandidate) -> DraftCandidate:
    """A "candidate" named "Labour" or "the Tories" is the party's row, with no person."""
    if not draft.name or not g.registry.is_known(draft.name):
        return draft
    return draft.model_copy(update={"name": None, "party": draft.party or draft.name})


def _written_as_majority(article: str, value: float) -> bool:
    """True when every time the article writes ``value`` it calls it a majority."""
    found = find_number(article, value)
    return bool(found) and all(
        re.search(r"majorit|margin", article[max(0, m.span.start - 40) : m.span.end + 20], re.I)
        for m in found
    )


def _retyped(g: Grounder, draft: DraftCandidate, path: str) -> DraftCandidate:
    """A figure the model filed in the other column moves to the one its form says: over 100
    is no share (16,948 as a share is the votes), a decimal of at most 100 no vote count."""
    share = parse_number(draft.share) if draft.share else None
    votes = parse_number(draft.votes) if draft.votes else None
    if (
        share is not None
        and share > 100
        and float(share).is_integer()
        and votes is None
        and not _written_as_majority(g.article, share)
    ):
        g.drop(f"{path}.share_pct", draft.share, COUNT_AS_SHARE)
        return draft.model_copy(update={"votes": draft.share, "share": None})
    if votes is not None and votes <= 100 and not float(votes).is_integer() and share is None:
        g.drop(f"{path}.votes", draft.votes, SHARE_AS_VOTES)
        return draft.model_copy(update={"share": draft.votes, "votes": None})
    return draft


_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "it", "we", "i", "you"})


def ground_candidate(
    g: Grounder, draft: DraftCandidate, path: str, *, contest: list[int], year: int | None
) -> Candidate | None:
    draft = _retyped(g, _as_party_row(g, draft), path)
    evidence: list[Evidence] = []
    near_contest = contest[0] if contest else None
    if draft.name and draft.name.strip().lower() in _PRONOUNS:
        # "She won by 162 votes": the model took the pronoun for the person.
        g.drop(f"{path}.name", draft.name, PRONOUN_AS_NAME)
        draft = draft.model_copy(update={"name": None})
    name, _ = g.text(f"{path}.name", draft.name, evidence, near=near_contest)
    party, party_as_written, party_span = g.party(
        f"{path}.party", draft.party, evidence, near=g.mentions(name) or contest
    )
    own = g.mentions(name) if name else ([party_span.start] if party_span else [])
    if name is None and draft.at is not None:
        # A parsed list's party row is read at its own row: the party may be named elsewhere
        # nearer the contest ("Council now 14 Conservative" just above a ward's heading).
        own = [draft.at]
    anchors, window = (own, CANDIDATE_WINDOW) if own else (contest, CONTEST_WINDOW)
    near = Near(anchors, window)
    votes = g.count(f"{path}.votes", draft.votes, evidence, near, year=year)
    share = g.number(f"{path}.share_pct", draft.share, evidence, near, year=year, bounds=PERCENT)
    # A share change is relative to an earlier election by definition: no year check.
    change = g.number(
        f"{path}.share_change_pts", draft.change, evidence, near, year=None, bounds=CHANGE
    )
    if name is None and party is None:
        if votes is not None or share is not None or change is not None:
            g.drop(path, draft.model_dump_json(), "candidate with neither a name nor a party")
        return None
    return Candidate(
        name=name,
        party=party,
        party_as_written=party_as_written,
        votes=votes,
        share_pct=share,
        share_change_pts=change,
        elected=draft.elected,
        evidence=evidence,
    )


_NO_SLATE = frozenset({"Independent"})  # parties that may field several candidates in one seat
ADJACENT = 4  # characters between a party and a name in "Labour's Emma Dent Coad", "Ross (SNP)"


def _party_beside_name(g: Grounder, candidate: Candidate) -> bool:
    """True when the article writes the candidate's party right beside one of their mentions."""
    if not candidate.name or not candidate.party:
        return False
    names = find_all_text(g.article, candidate.name)
    spellings = {candidate.party, candidate.party_as_written} - {None}
    parties = [
        span for spelling in spellings if spelling for span in find_all_text(g.article, spelling)
    ]
    return any(
        0 <= n.start - p.end <= ADJACENT or 0 <= p.start - n.end <= ADJACENT
        for n in names
        for p in parties
    )


@rule(
    "one_candidate_per_party",
    "a one-seat contest has one candidate per party: a second is the party of another",
)
def one_candidate_per_party(g: Grounder, candidates: list[Candidate], path: str) -> list[Candidate]:
    """In a one-seat contest a party stands one candidate. Where the model gave one party to
    several, only the candidates the article writes beside that party keep it ("Labour's Emma
    Dent Coad"); the others lose it."""
    shared = {
        party
        for party in {c.party for c in candidates if c.party and c.party not in _NO_SLATE}
        if sum(1 for c in candidates if c.party == party) > 1
    }
    kept = []
    for i, c in enumerate(candidates):
        if c.party in shared:
            beside = [o for o in candidates if o.party == c.party and _party_beside_name(g, o)]
            if c not in beside:
                g.drop(f"{path}.candidates[{i}].party", c.party, PARTY_OF_ANOTHER)
                c = c.model_copy(
                    update={
                        "party": None,
                        "party_as_written": None,
                        "evidence": [e for e in c.evidence if e.field != "party"],
                    }
                )
        kept.append(c)
    return kept


_LOSS_CUE = re.compile(
    r"\b(lost|loses|losing|defeat\w*|unseat\w*|oust\w*|beat\w*|runner-up|second|third|"
    r"fourth|came|finished|polled|trailed|stood|standing|candidate|votes|majority)\b"
    r"|\b(gained|took|won|taking|seized|snatched)\b[^.]*\bfrom\b",
    re.I,
)


# "Preston's MP", "the Tory candidate": a description of a person (a possessive, or ending
# in a role word), not a name as the ballot paper gives it.
_DESCRIPTION = re.compile(
    r"['’]s\b|\b(?:MP|MPs|candidate|councillor|leader|minister|secretary)$", re.I
)


@rule("people_only", "party rows without a figure, places and descriptions are not candidates")
def people_only(
    g: Grounder, candidates: list[Candidate], path: str, places: AbstractSet[str]
) -> list[Candidate]:
    """Drop "candidates" that are places (an area or council the article reports on) and
    party rows with no figure, or whose party already has a named candidate here."""
    named_parties = {c.party for c in candidates if c.name and c.party}
    kept = []
    for i, c in enumerate(candidates):
        if c.name and is_place(c.name, places):
            g.drop(f"{path}.candidates[{i}]", c.name, PLACE_AS_NAME)
            continue
        if c.name and _DESCRIPTION.search(c.name):
            g.drop(f"{path}.candidates[{i}]", c.name, DESCRIPTION_AS_NAME)
            continue
        if c.name and is_prose_label(c.name):
            # "Brent councillor Shama Tatler" is Shama Tatler; "Delighted with Strong Support
            # at Polls", a headline's words, is nobody.
            person = _person_after_words(g.article, c.name)
            g.drop(f"{path}.candidates[{i}].name", c.name, DESCRIPTION_AS_NAME)
            if person is None:
                continue
            c = c.model_copy(update={"name": person})
        figureless = c.votes is None and c.share_pct is None and c.share_change_pts is None
        if not c.name and (figureless or c.party in named_parties):
            g.drop(f"{path}.candidates[{i}]", c.party, PARTY_AS_NAME)
            continue
        kept.append(c)
    return kept


def _person_after_words(article: str, name: str) -> str | None:
    """The capitalised name after a description's last lower-case word, when it is two words
    or more and the article writes it."""
    words = name.split()
    lower = max(i for i, w in enumerate(words) if w[:1].islower())
    tail = " ".join(words[lower + 1 :])
    return tail if len(words) - lower - 1 >= 2 and find_all_text(article, tail) else None


@rule("stated_candidates", "a losing candidate with no figure must be said to stand")
def stated_candidates(g: Grounder, candidates: list[Candidate], path: str) -> list[Candidate]:
    """Losing candidates with no figure are kept only where their sentence says they stood or
    lost: otherwise they are people the article mentions (a leader, a former MP, a pundit)
    whom a small model lists as candidates."""
    kept = []
    for i, c in enumerate(candidates):
        numberless = c.votes is None and c.share_pct is None and c.share_change_pts is None
        if numberless and c.elected is False and c.name and not _said_to_stand(g, c.name):
            g.drop(f"{path}.candidates[{i}]", c.name, NOT_SAID_TO_STAND)
            continue
        kept.append(c)
    return kept


def _said_to_stand(g: Grounder, name: str) -> bool:
    for position in g.mentions(name):
        start = max(g.article.rfind(".", 0, position), g.article.rfind("\n", 0, position)) + 1
        end = g.article.find(".", position)
        if _LOSS_CUE.search(g.article[start : end if end != -1 else len(g.article)]):
            return True
    return False


def _votes_span(candidate: Candidate) -> tuple[int, int] | None:
    return next(((e.start, e.end) for e in candidate.evidence if e.field == "votes"), None)


def _distance_to(candidate: Candidate, figure: tuple[int, int]) -> int:
    """How far the candidate's name is from a figure; a name before it reads as its owner."""
    names = [e for e in candidate.evidence if e.field == "name"]
    if not names:
        return 1 << 30
    return min(
        figure[0] - e.end if e.end <= figure[0] else (1 << 20) + e.start - figure[1] for e in names
    )


@rule(
    "one_owner_per_vote_figure",
    "one printed figure is one candidate's votes: the nearest name owns it",
)
def one_owner_per_vote_figure(
    g: Grounder, candidates: list[Candidate], path: str
) -> list[Candidate]:
    """One printed vote count belongs to one candidate: the one named nearest before it."""
    owners: dict[tuple[int, int], Candidate] = {}
    for c in candidates:
        figure = _votes_span(c)
        if figure is not None:
            held = owners.get(figure)
            if held is None or _distance_to(c, figure) < _distance_to(held, figure):
                owners[figure] = c
    kept = []
    for i, c in enumerate(candidates):
        figure = _votes_span(c)
        if figure is not None and owners[figure] is not c:
            g.drop(f"{path}.candidates[{i}].votes", c.votes, ANOTHER_CANDIDATES_VOTES)
            c = c.model_copy(
                update={"votes": None, "evidence": [e for e in c.evidence if e.field != "votes"]}
            )
        kept.append(c)
    return kept


MAJORITY_CUE = re.compile(r"(majority|margin|\bby)\W*(of\W*)?$", re.I)


def without_votes_at(
    g: Grounder, found: Evidence, candidates: list[Candidate], path: str
) -> list[Candidate]:
    """Candidates with votes read from the majority's figure losing those votes."""
    kept = []
    for i, c in enumerate(candidates):
        spans = [
            e
            for e in c.evidence
            if e.field == "votes" and (e.start, e.end) == (found.start, found.end)
        ]
        if spans:
            g.drop(f"{path}.candidates[{i}].votes", c.votes, MAJORITY_AS_VOTES)
            c = c.model_copy(
                update={"votes": None, "evidence": [e for e in c.evidence if e not in spans]}
            )
        kept.append(c)
    return kept


def is_a_vote_count(found: Evidence, candidates: list[Candidate]) -> bool:
    """True when the majority was read from the very figure that is a candidate's votes."""
    return any(
        (e.start, e.end) == (found.start, found.end)
        for c in candidates
        for e in c.evidence
        if e.field == "votes"
    )


def _is_part_of_name(registry: PartyRegistry, party: str | None, name: str | None) -> bool:
    """True for a "party" that is a word of a person's name ("Johnson" for Jo Johnson)."""
    return bool(party and name and not registry.is_known(party) and part_of(party, name))


@rule("names_not_parties", "a word of the candidate's own name is not their party")
def without_names_as_parties(g: Grounder, draft: DraftContest, path: str) -> DraftContest:
    """Candidates whose "party" is their own surname lose it (the model copied the name)."""
    candidates = []
    for i, c in enumerate(draft.candidates):
        if _is_part_of_name(g.registry, c.party, c.name):
            g.drop(f"{path}.candidates[{i}].party", c.party, NAME_AS_PARTY)
            c = c.model_copy(update={"party": None})
        candidates.append(c)
    return draft.model_copy(update={"candidates": candidates})


def winner_as_party(draft: DraftContest, registry: PartyRegistry) -> DraftContest:
    """Small models often name the winning person where the winning party belongs."""
    person = next(
        (
            c
            for c in draft.candidates
            if c.name
            and (
                same_name(c.name, draft.winner) or _is_part_of_name(registry, draft.winner, c.name)
            )
        ),
        None,
    )
    if person is None:
        return draft
    candidates = [
        c.model_copy(update={"elected": True}) if c is person and c.elected is None else c
        for c in draft.candidates
    ]
    return draft.model_copy(update={"winner": person.party, "candidates": candidates})


_TITLED = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady)\.?\s+(?P<surname>[\w'’-]+)$")


def _surname(name: str) -> str:
    return name_key(name).rsplit(" ", 1)[-1]


@rule(
    "titled_references",
    "a titled surname naming another contest's candidate is not a second candidate",
)
def without_titled_references(g: Grounder, contests: list[Contest | None]) -> list[Contest | None]:
    """ "Mr Lightwood" under one contest is Simon Lightwood of another, whom the article names
    again in passing: not a second candidate. Dropped where no candidate of their own contest
    has that surname and a candidate of another contest has."""
    surnames = [
        {_surname(c.name) for c in contest.candidates if c.name and not _TITLED.match(c.name)}
        if contest
        else set()
        for contest in contests
    ]
    kept: list[Contest | None] = []
    for index, contest in enumerate(contests):
        if contest is not None:
            people = []
            for i, c in enumerate(contest.candidates):
                titled = _TITLED.match(c.name or "")
                surname = name_key(titled.group("surname")) if titled else ""
                elsewhere = any(surname in s for j, s in enumerate(surnames) if j != index)
                if titled and surname not in surnames[index] and elsewhere:
                    g.drop(f"contests[{index}].candidates[{i}]", c.name, ANOTHER_CONTESTS_PERSON)
                    continue
                people.append(c)
            contest = contest.model_copy(update={"candidates": people})
        kept.append(contest)
    return kept
