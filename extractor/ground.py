"""Grounding: map the model's draft onto the public schema, keeping only what the article says.

Every name and number the model proposed is located in the article (:mod:`extractor.align`);
each kept value gets an :class:`~schemas.Evidence` span with exact offsets. A value that does
not occur, occurs only as an approximation ("more than 20,000"), or only as a figure of an
earlier election ("a majority of 7,361 in 2015") is dropped and listed with the reason.
Numbers must sit near the fact they belong to (its candidate name or area), so a figure from
another paragraph is not attributed to the wrong contest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from extractor.align import NumberMatch, Span, find_all_text, find_number, find_text
from extractor.checks import SINGLE_WINNER_KINDS
from extractor.draft import (
    DraftCandidate,
    DraftContest,
    DraftCouncil,
    DraftReferendum,
    DraftSeatTotal,
    ElectionFacts,
)
from extractor.merge import name_key, same_name
from extractor.numbers import is_null_text, parse_number
from extractor.places import (
    REGION_AS_AREA,
    named_as_council,
    named_as_ward,
    not_one_contest,
    part_of,
    place_keys,
)
from extractor.text import instruction_spans
from schemas import (
    ArticleExtraction,
    Candidate,
    Contest,
    Council,
    CouncilParty,
    DroppedFact,
    Election,
    Evidence,
    Outcome,
    PartyRegistry,
    Referendum,
    ReferendumOption,
    SeatTally,
    SeatTotal,
    default_registry,
)

# How far (characters) a number may sit from the name/area it belongs to.
CANDIDATE_WINDOW = 300
CONTEST_WINDOW = 1500

NOT_IN_ARTICLE = "not in article"
TOO_FAR = "only found far from the fact it belongs to"
APPROXIMATE = "approximate figure in the article"
EARLIER_ELECTION = "figure of an earlier election"
EMPTY_FACT = "no grounded values left"
OUT_OF_RANGE = "outside the possible range"
NOT_A_NUMBER = "not an exact number"
NOT_WHOLE = "not a whole number"
INSTRUCTION_TEXT = "only found in text that looks like an instruction to the model"
NOT_STATED = "no words in the article say so near the contest"
NOT_SAID_TO_STAND = "a losing candidate with no figure whose sentence does not say they stood"
PARTY_OF_ANOTHER = "a one-seat contest has one candidate per party; the article ties it to another"
ANOTHER_CANDIDATES_VOTES = "the same figure of the article is another candidate's votes"
MAJORITY_AS_VOTES = "the same figure of the article is the majority"
VOTES_AS_MAJORITY = "the same figure of the article is a candidate's votes"
CONTEST_AS_COUNCIL = "an area the article reports as a contest, not named as a council"
COUNCIL_AS_TALLY = "the seats of a council of the article, not a national tally"
PLACE_AS_NAME = "a place, not a person: the name of an area or council of the article"
PARTY_AS_NAME = "a party with no figure of its own, not a candidate"
OUTCOME_WINDOW = 400
# The outcome words nearest the contest decide over the model's reading; on the dev set a
# margin of 0 scored F1 0.758, 20 scored 0.753, 80 (the earlier value) 0.748.
OUTCOME_MARGIN = 0
# Words that state a hold or a gain; the model's "hold"/"gain" is kept only near one of them.
OUTCOME_CUES: dict[Outcome, re.Pattern[str]] = {
    "gain": re.compile(
        # "gained 8.7 per cent" is a share change, not a seat changing hands.
        r"\b(gain(s|ed)?(?!\s+(of\s+)?(about\s+|a\s+solid\s+)?[\d.]+\s*(per\s*cent|%|points?))|"
        r"took|taken?|takes|seized?|captured?|snatch(ed|ing)?|unseat(ed|s)?|"
        r"ousted?|lost|loses|losing|defeat(ed|s)?|(won|win|taking)\b[^.]{0,60}\b(from|off)|turnaround|"
        r"changed hands|reclaimed?|first time)\b",
        re.I,
    ),
    "hold": re.compile(
        r"\b(hold(s|ing)?|held|kept|keeps|retain(s|ed)?|re-elected|stay(s|ed)|remain(s|ed)|"
        r"safe|came back)\b",
        re.I,
    ),
}
PERCENT = (0.0, 100.0)
CHANGE = (-100.0, 100.0)
SEAT_CHANGE = (-1000.0, 1000.0)
# No UK chamber or council has more seats (the Commons has 650): a larger "seat" count is a
# vote count attached to the wrong fact.
SEATS = (0.0, 1000.0)
# The largest UK councils have about 120 seats (Birmingham had 120, Kent has 81).
COUNCIL_SEATS = (0.0, 150.0)
COUNCIL_SEAT_CHANGE = (-150.0, 150.0)


@dataclass(frozen=True)
class Near:
    """Where a fact's numbers may be: within ``window`` characters of one of ``anchors``."""

    anchors: list[int]
    window: int


def _evidence(span: Span, field_name: str) -> Evidence:
    return Evidence(quote=span.text, start=span.start, end=span.end, field=field_name)


@dataclass
class Grounder:
    """Grounds the values of one article's draft, collecting what it drops and why."""

    article: str
    registry: PartyRegistry = field(default_factory=default_registry)
    dropped: list[DroppedFact] = field(default_factory=list)
    quarantined: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.quarantined = instruction_spans(self.article)

    def _usable(self, span: Span) -> bool:
        return not any(start <= span.start < end for start, end in self.quarantined)

    def drop(self, path: str, value: object, reason: str) -> None:
        """Record that ``value`` at ``path`` was not kept."""
        self.dropped.append(DroppedFact(path=path, value=str(value), reason=reason))

    def text(
        self, path: str, value: str | None, evidence: list[Evidence], *, near: int | None = None
    ) -> tuple[str | None, Span | None]:
        """Locate a name or phrase; return the article's own spelling and its span."""
        if value is None or is_null_text(value):
            return None, None
        span = find_text(self.article, value.strip(), near=near)
        if span is not None and not self._usable(span):
            span = next(
                (s for s in find_all_text(self.article, value.strip()) if self._usable(s)), None
            )
            if span is None:
                self.drop(path, value, INSTRUCTION_TEXT)
                return None, None
        if span is None:
            self.drop(path, value, NOT_IN_ARTICLE)
            return None, None
        evidence.append(_evidence(span, path.rsplit(".", 1)[-1]))
        return span.text if span.method == "fuzzy" else value.strip(), span

    def number(
        self,
        path: str,
        written: str | None,
        evidence: list[Evidence],
        near: Near,
        *,
        year: int | None,
        bounds: tuple[float, float] = (0, 10_000_000),
        whole: bool = False,
    ) -> float | None:
        """Keep a number only if written exactly, near an anchor, for this election."""
        if written is None or is_null_text(written):
            return None
        value = parse_number(written)
        if value is None:
            self.drop(path, written, NOT_A_NUMBER)
            return None
        if whole and not float(value).is_integer():
            self.drop(path, written, NOT_WHOLE)
            return None
        if not bounds[0] <= value <= bounds[1]:
            self.drop(path, value, f"{OUT_OF_RANGE} {bounds[0]:g}..{bounds[1]:g}")
            return None
        found = find_number(self.article, value)
        matches = [m for m in found if self._usable(m.span)]
        if not matches:
            self.drop(path, written, INSTRUCTION_TEXT if found else NOT_IN_ARTICLE)
            return None
        if near.anchors:
            distance = {id(m): min(abs(m.span.start - a) for a in near.anchors) for m in matches}
            matches = sorted(
                (m for m in matches if distance[id(m)] <= near.window),
                key=lambda m: distance[id(m)],
            )
            if not matches:
                self.drop(path, value, TOO_FAR)
                return None
        usable = [m for m in matches if not _rejected(m, year)]
        if not usable:
            first = matches[0]
            reason = (
                APPROXIMATE if first.approximate else f"{EARLIER_ELECTION} ({first.earlier_year})"
            )
            self.drop(path, value, reason)
            return None
        evidence.append(_evidence(usable[0].span, path.rsplit(".", 1)[-1]))
        return value

    def count(
        self,
        path: str,
        written: str | None,
        evidence: list[Evidence],
        near: Near,
        *,
        year: int | None,
        bounds: tuple[float, float] = (0, 10_000_000),
    ) -> int | None:
        """Like :meth:`number`, for whole counts (votes, seats, majorities)."""
        value = self.number(path, written, evidence, near, year=year, bounds=bounds, whole=True)
        return None if value is None else int(value)

    def outcome(
        self, path: str, value: Outcome | None, evidence: list[Evidence], anchors: list[int]
    ) -> Outcome | None:
        """Keep "hold"/"gain" only when words saying so sit near the contest.

        When the words nearest the contest say the other outcome ("kept his seat" against a
        model's "gain"), the article's words win.
        """
        if value is None:
            return None
        nearest: dict[Outcome, tuple[int, re.Match[str]]] = {}
        for kind, pattern in OUTCOME_CUES.items():
            for m in pattern.finditer(self.article):
                if not self._usable(Span(m.start(), m.end(), m.group(), "exact", 100.0)):
                    continue
                distance = min((abs(m.start() - a) for a in anchors), default=OUTCOME_WINDOW + 1)
                if distance <= OUTCOME_WINDOW and (
                    kind not in nearest or distance < nearest[kind][0]
                ):
                    nearest[kind] = (distance, m)
        if not nearest:
            self.drop(path, value, NOT_STATED)
            return None
        # The model's reading stands unless the other outcome's words are closer.
        other: Outcome = "hold" if value == "gain" else "gain"
        chosen = value
        if value not in nearest or (
            other in nearest and nearest[other][0] + OUTCOME_MARGIN < nearest[value][0]
        ):
            chosen = other
        if chosen != value:
            self.drop(path, value, f"the article's words near the contest say {chosen}")
        cue = nearest[chosen][1]
        evidence.append(
            Evidence(quote=cue.group(), start=cue.start(), end=cue.end(), field="outcome")
        )
        return chosen

    def mentions(self, name: str | None) -> list[int]:
        """Where a person, place or party is mentioned: the full name, and a surname alone."""
        if not name:
            return []
        positions = [s.start for s in find_all_text(self.article, name)]
        words = name.split()
        if len(words) > 1 and len(words[-1]) >= 3:
            positions += [s.start for s in find_all_text(self.article, words[-1])]
        return sorted(set(positions))

    def party_mentions(self, canonical: str | None) -> list[int]:
        """Where any name of a party occurs."""
        if not canonical:
            return []
        found = (find_all_text(self.article, alias) for alias in self.registry.aliases(canonical))
        return sorted({s.start for spans in found for s in spans})

    def year(self, path: str, value: int | None) -> int | None:
        """Keep an election year only when the article mentions it."""
        if value is None:
            return None
        if not 1800 <= value <= 2100:
            self.drop(path, value, f"{OUT_OF_RANGE} 1800..2100")
            return None
        if find_number(self.article, value):
            return value
        self.drop(path, value, NOT_IN_ARTICLE)
        return None

    def party(
        self, path: str, value: str | None, evidence: list[Evidence], *, near: list[int]
    ) -> tuple[str | None, str | None, Span | None]:
        """Canonical party, the words the article used for it, and their span.

        The model's own wording is looked for first, then the registry's other names for the
        party; among the mentions, the one nearest to ``near`` (the fact's anchors) wins.
        """
        if value is None or is_null_text(value):
            return None, None, None
        canonical = self.registry.canonical(value)
        assert canonical is not None
        spans = find_all_text(self.article, value.strip())
        if not spans:
            spans = [
                s
                for alias in self.registry.aliases(canonical)
                for s in find_all_text(self.article, alias)
            ]
        if not spans:
            self.drop(path, value, NOT_IN_ARTICLE)
            return None, None, None
        best = min(spans, key=lambda s: _distance(s.start, near))
        evidence.append(_evidence(best, path.rsplit(".", 1)[-1]))
        return canonical, best.text, best


def _distance(position: int, anchors: list[int]) -> int:
    return min((abs(position - a) for a in anchors), default=position)


def _rejected(match: NumberMatch, year: int | None) -> bool:
    if match.approximate:
        return True
    earlier = match.earlier_year
    return earlier is not None and (year is None or earlier < year)


def _first(spans: list[Span | None]) -> int | None:
    return next((s.start for s in spans if s is not None), None)


def _as_party_row(g: Grounder, draft: DraftCandidate) -> DraftCandidate:
    """A "candidate" named "Labour" or "the Tories" is the party's row, with no person."""
    if not draft.name or not g.registry.is_known(draft.name):
        return draft
    return draft.model_copy(update={"name": None, "party": draft.party or draft.name})


def _candidate(
    g: Grounder, draft: DraftCandidate, path: str, *, contest: list[int], year: int | None
) -> Candidate | None:
    draft = _as_party_row(g, draft)
    evidence: list[Evidence] = []
    near_contest = contest[0] if contest else None
    name, _ = g.text(f"{path}.name", draft.name, evidence, near=near_contest)
    party, party_as_written, party_span = g.party(
        f"{path}.party", draft.party, evidence, near=g.mentions(name) or contest
    )
    own = g.mentions(name) if name else ([party_span.start] if party_span else [])
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


def _one_candidate_per_party(
    g: Grounder, candidates: list[Candidate], path: str
) -> list[Candidate]:
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


def _people_only(
    g: Grounder, candidates: list[Candidate], path: str, places: AbstractSet[str]
) -> list[Candidate]:
    """Drop "candidates" that are places (an area or council the article reports on) and
    party rows with no figure, or whose party already has a named candidate here."""
    named_parties = {c.party for c in candidates if c.name and c.party}
    kept = []
    for i, c in enumerate(candidates):
        if c.name and name_key(c.name) in places:
            g.drop(f"{path}.candidates[{i}]", c.name, PLACE_AS_NAME)
            continue
        figureless = c.votes is None and c.share_pct is None and c.share_change_pts is None
        if not c.name and (figureless or c.party in named_parties):
            g.drop(f"{path}.candidates[{i}]", c.party, PARTY_AS_NAME)
            continue
        kept.append(c)
    return kept


def _stated_candidates(g: Grounder, candidates: list[Candidate], path: str) -> list[Candidate]:
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


def _one_owner_per_vote_figure(
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


_MAJORITY_CUE = re.compile(r"(majority|margin|\bby)\W*(of\W*)?$", re.I)


def _without_votes_at(
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


def _is_a_vote_count(found: Evidence, candidates: list[Candidate]) -> bool:
    """True when the majority was read from the very figure that is a candidate's votes."""
    return any(
        (e.start, e.end) == (found.start, found.end)
        for c in candidates
        for e in c.evidence
        if e.field == "votes"
    )


def _winner_as_party(draft: DraftContest) -> DraftContest:
    """Small models often name the winning person where the winning party belongs."""
    person = next((c for c in draft.candidates if c.name and same_name(c.name, draft.winner)), None)
    if person is None:
        return draft
    candidates = [
        c.model_copy(update={"elected": True}) if c is person and c.elected is None else c
        for c in draft.candidates
    ]
    return draft.model_copy(update={"winner": person.party, "candidates": candidates})


def _contest(
    g: Grounder, draft: DraftContest, path: str, places: AbstractSet[str] = frozenset()
) -> Contest | None:
    draft = _winner_as_party(draft)
    evidence: list[Evidence] = []
    year = g.year(f"{path}.election.year", draft.year)
    reason = not_one_contest(draft.area, draft.kind, year)
    if reason == REGION_AS_AREA:
        g.drop(path, draft.area, reason)
        return None
    if reason:
        # "the constituency", "Sunderland": the result may stand, the area does not.
        g.drop(f"{path}.area", draft.area, reason)
        draft = draft.model_copy(update={"area": None})
    area, _ = g.text(f"{path}.area", draft.area, evidence)
    anchors = g.mentions(area) if area else []
    candidates = [
        c
        for i, d in enumerate(draft.candidates)
        if (c := _candidate(g, d, f"{path}.candidates[{i}]", contest=anchors, year=year))
    ]
    candidates = _people_only(g, _one_owner_per_vote_figure(g, candidates, path), path, places)
    candidates = _stated_candidates(g, candidates, path)
    if draft.kind in SINGLE_WINNER_KINDS:
        candidates = _one_candidate_per_party(g, candidates, path)
    anchors = sorted(set(anchors) | {e.start for c in candidates for e in c.evidence})
    outcome = g.outcome(f"{path}.outcome", draft.outcome, evidence, anchors)
    winner, winner_written, _ = g.party(
        f"{path}.winner_party", draft.winner, evidence, near=anchors
    )
    loser, loser_written, _ = g.party(
        f"{path}.gained_from", draft.gained_from, evidence, near=anchors
    )
    near = Near(anchors, CONTEST_WINDOW)
    majority = g.count(f"{path}.majority", draft.majority, evidence, near, year=year)
    if majority is not None and _is_a_vote_count(evidence[-1], candidates):
        # One printed figure cannot be both: the words before it say which it is.
        if _MAJORITY_CUE.search(g.article[max(0, evidence[-1].start - 40) : evidence[-1].start]):
            candidates = _without_votes_at(g, evidence[-1], candidates, path)
        else:
            g.drop(f"{path}.majority", draft.majority, VOTES_AS_MAJORITY)
            evidence.pop()
            majority = None
    turnout = g.number(
        f"{path}.turnout_pct", draft.turnout, evidence, near, year=year, bounds=PERCENT
    )
    if area is None and not candidates:
        if winner or majority or turnout:
            g.drop(path, draft.area or "", "contest with neither an area nor candidates")
        return None
    return Contest(
        election=Election(kind=draft.kind, year=year),
        area=area,
        winner_party=winner,
        winner_party_as_written=winner_written,
        outcome=outcome,
        gained_from=loser if outcome == "gain" else None,
        gained_from_as_written=loser_written if outcome == "gain" else None,
        majority=majority,
        turnout_pct=turnout,
        candidates=candidates,
        evidence=evidence,
    )


def _council(
    g: Grounder, draft: DraftCouncil, path: str, areas: Sequence[str] = ()
) -> Council | None:
    evidence: list[Evidence] = []
    year = g.year(f"{path}.election.year", draft.year)
    name, _ = g.text(f"{path}.council", draft.council, evidence)
    if name is None:
        return None
    contest_like = any(part_of(name, a) for a in areas) or named_as_ward(g.article, name)
    if contest_like and not named_as_council(g.article, name):
        # A ward, division or constituency the article also reports as a contest.
        g.drop(path, draft.council, CONTEST_AS_COUNCIL)
        return None
    council_mentions = g.mentions(name)
    control, control_written, _ = g.party(
        f"{path}.control", draft.control, evidence, near=council_mentions
    )
    parties: list[CouncilParty] = []
    for i, d in enumerate(draft.parties):
        p_path = f"{path}.parties[{i}]"
        p_evidence: list[Evidence] = []
        party, written, _ = g.party(f"{p_path}.party", d.party, p_evidence, near=council_mentions)
        if party is None:
            continue
        near = Near(g.party_mentions(party), CANDIDATE_WINDOW)
        seats = g.count(
            f"{p_path}.seats", d.seats, p_evidence, near, year=year, bounds=COUNCIL_SEATS
        )
        change = g.count(
            f"{p_path}.seats_change",
            d.change,
            p_evidence,
            near,
            year=None,
            bounds=COUNCIL_SEAT_CHANGE,
        )
        if seats is None and change is None:
            g.drop(p_path, d.party, EMPTY_FACT)
            continue
        parties.append(
            CouncilParty(
                party=party,
                party_as_written=written,
                seats=seats,
                seats_change=change,
                evidence=p_evidence,
            )
        )
    if control is None and not parties:
        g.drop(path, draft.council, EMPTY_FACT)
        return None
    return Council(
        election=Election(kind="local", year=year),
        council=name,
        control=control,
        control_as_written=control_written,
        control_outcome=draft.outcome,
        parties=parties,
        evidence=evidence,
    )


def _seat_total(g: Grounder, draft: DraftSeatTotal, path: str) -> SeatTotal | None:
    evidence: list[Evidence] = []
    year = g.year(f"{path}.election.year", draft.year)
    scope, _ = g.text(f"{path}.scope", draft.scope, evidence)
    tallies: list[SeatTally] = []
    for i, d in enumerate(draft.parties):
        t_path = f"{path}.parties[{i}]"
        t_evidence: list[Evidence] = []
        party, written, _ = g.party(f"{t_path}.party", d.party, t_evidence, near=[])
        if party is None:
            continue
        near = Near(g.party_mentions(party), CANDIDATE_WINDOW)
        seats = g.count(f"{t_path}.seats", d.seats, t_evidence, near, year=year, bounds=SEATS)
        if seats is None:
            continue
        tallies.append(
            SeatTally(party=party, party_as_written=written, seats=seats, evidence=t_evidence)
        )
    if not tallies:
        return None
    return SeatTotal(
        election=Election(kind="general", year=year),
        scope=scope,
        status=draft.status,
        parties=tallies,
        evidence=evidence,
    )


def _referendum(g: Grounder, draft: DraftReferendum, path: str) -> Referendum | None:
    evidence: list[Evidence] = []
    year = g.year(f"{path}.election.year", draft.year)
    area, area_span = g.text(f"{path}.area", draft.area, evidence)
    options: list[ReferendumOption] = []
    for i, d in enumerate(draft.options):
        o_path = f"{path}.options[{i}]"
        o_evidence: list[Evidence] = []
        option, _ = g.text(f"{o_path}.option", d.option, o_evidence, near=_first([area_span]))
        if option is None:
            continue
        near = Near(g.mentions(option), CONTEST_WINDOW)
        share = g.number(
            f"{o_path}.share_pct", d.share, o_evidence, near, year=year, bounds=PERCENT
        )
        votes = g.count(f"{o_path}.votes", d.votes, o_evidence, near, year=year)
        options.append(
            ReferendumOption(option=option, share_pct=share, votes=votes, evidence=o_evidence)
        )
    if area is None and not options:
        return None
    return Referendum(
        election=Election(kind="other", year=year),
        area=area,
        question=draft.question,
        options=options,
        evidence=evidence,
    )


def _without_council_tallies(
    g: Grounder, totals: list[SeatTotal | None], councils: list[Council]
) -> list[SeatTotal | None]:
    """Seat totals that repeat a council's seats ("Plaid Cymru 44, independents 19" on
    Gwynedd) are that council's composition, not a national tally."""
    kept: list[SeatTotal | None] = []
    for i, total in enumerate(totals):
        figures = {(p.party, p.seats) for p in total.parties} if total else set()
        repeated = any(
            2 * len(figures & {(p.party, p.seats) for p in council.parties}) >= len(figures)
            for council in councils
        )
        if total is not None and figures and repeated:
            g.drop(f"seat_totals[{i}]", total.scope, COUNCIL_AS_TALLY)
            total = None
        kept.append(total)
    return kept


def ground_facts(
    article: str, facts: ElectionFacts, registry: PartyRegistry | None = None
) -> tuple[ArticleExtraction, list[DroppedFact]]:
    """The grounded public extraction of ``facts``, and every value dropped on the way."""
    g = Grounder(article=article, registry=registry or default_registry())
    places = place_keys(facts)
    contests = [_contest(g, d, f"contests[{i}]", places) for i, d in enumerate(facts.contests)]
    areas = [c.area for c in contests if c is not None and c.area]
    councils = [_council(g, d, f"councils[{i}]", areas) for i, d in enumerate(facts.councils)]
    totals = [_seat_total(g, d, f"seat_totals[{i}]") for i, d in enumerate(facts.seat_totals)]
    totals = _without_council_tallies(g, totals, [c for c in councils if c is not None])
    referendums = [_referendum(g, d, f"referendums[{i}]") for i, d in enumerate(facts.referendums)]
    extraction = ArticleExtraction(
        contests=[c for c in contests if c is not None],
        councils=[c for c in councils if c is not None],
        seat_totals=[t for t in totals if t is not None],
        referendums=[r for r in referendums if r is not None],
    )
    return extraction, g.dropped
