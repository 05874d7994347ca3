"""The public output contract: election facts extracted from one article.

Every fact carries ``evidence``: spans of the article, ``article[start:end] == quote``,
each naming the field it supports. Parties are canonical names from the party registry
(:mod:`schemas.parties`) with the name as the article wrote it kept beside them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"

ElectionKind = Literal["general", "local", "by-election", "mayoral", "devolved", "other"]
Outcome = Literal["hold", "gain"]
TallyStatus = Literal["declared", "projected"]
VerificationStatus = Literal["matches", "differs", "unverified"]
Figure = int | float | bool | str


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Fact):
    """A span of the article that supports a fact: ``article[start:end] == quote``."""

    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    field: str | None = Field(
        default=None, description="Which field of the fact this span supports, e.g. 'votes'."
    )

    @model_validator(mode="after")
    def _span_matches_quote_length(self) -> Evidence:
        if self.end - self.start != len(self.quote):
            raise ValueError(
                f"evidence span {self.start}:{self.end} has length {self.end - self.start}, "
                f"quote has length {len(self.quote)}"
            )
        return self

    def matches(self, article: str) -> bool:
        """True when the span really holds the quote in ``article``."""
        return article[self.start : self.end] == self.quote


class Election(_Fact):
    """Which election a fact belongs to."""

    kind: ElectionKind = "other"
    year: int | None = Field(default=None, ge=1800, le=2100)


class Candidate(_Fact):
    """One candidate's result in a contest."""

    name: str | None = None
    party: str | None = Field(default=None, description="Canonical party name.")
    party_as_written: str | None = None
    votes: int | None = Field(default=None, ge=0)
    share_pct: float | None = Field(default=None, ge=0, le=100)
    share_change_pts: float | None = Field(default=None, ge=-100, le=100)
    elected: bool | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class FigureCheck(_Fact):
    """One figure of the article beside the official count's figure for it."""

    field: str = Field(description="The fact's field: 'votes', 'share_pct', 'majority', ...")
    candidate: str | None = Field(
        default=None, description="The candidate as the article names them (candidate fields)."
    )
    candidate_index: int | None = Field(
        default=None, ge=0, description="Which of the contest's candidates (candidate fields)."
    )
    article: Figure | None = Field(description="What the article says.")
    official: Figure | None = Field(description="What the official count says, if it says.")
    status: VerificationStatus
    note: str | None = Field(
        default=None, description="Why a figure is unverified, or what else it matches."
    )


class Verification(_Fact):
    """A contest checked against the official count. The article's figures are never changed:
    the contest says what the article says, the verification what the count says."""

    status: VerificationStatus = Field(
        description="differs: a figure differs; matches: every figure matches; else unverified."
    )
    source: str | None = Field(default=None, description="The official results checked against.")
    year: int | None = Field(default=None, description="The general election checked against.")
    year_note: str | None = Field(
        default=None, description="How the year was told when the article does not give it."
    )
    reason: str | None = Field(default=None, description="Why the contest is unverified.")
    figures: list[FigureCheck] = Field(default_factory=list)
    differences: list[FigureCheck] = Field(
        default_factory=list, description="The figures of ``figures`` that differ."
    )


class Contest(_Fact):
    """A declared result in one constituency, ward, division or mayoralty."""

    election: Election = Field(default_factory=Election)
    area: str | None = None
    winner_party: str | None = None
    winner_party_as_written: str | None = None
    outcome: Outcome | None = None
    gained_from: str | None = None
    gained_from_as_written: str | None = None
    majority: int | None = Field(default=None, ge=0)
    turnout_pct: float | None = Field(default=None, ge=0, le=100)
    candidates: list[Candidate] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    constituency_code: str | None = Field(
        default=None, description="The ONS/GSS code of the constituency (general elections)."
    )
    official_area: str | None = Field(
        default=None, description="The constituency's official name, beside ``area`` as written."
    )
    verification: Verification | None = None


class CouncilParty(_Fact):
    """A party's seats on a council after the election."""

    party: str | None = None
    party_as_written: str | None = None
    seats: int | None = Field(default=None, ge=0)
    seats_change: int | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Council(_Fact):
    """Composition and control of a council after an election."""

    election: Election = Field(default_factory=lambda: Election(kind="local"))
    council: str
    control: str | None = Field(default=None, description="A party or 'No overall control'.")
    control_as_written: str | None = None
    control_outcome: Outcome | None = None
    parties: list[CouncilParty] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class SeatTally(_Fact):
    """A party's seats in a national or regional tally."""

    party: str | None = None
    party_as_written: str | None = None
    seats: int | None = Field(default=None, ge=0)
    evidence: list[Evidence] = Field(default_factory=list)


class SeatTotal(_Fact):
    """A national or regional seat tally; exit polls are ``projected``."""

    election: Election = Field(default_factory=Election)
    scope: str | None = None
    status: TallyStatus = "declared"
    parties: list[SeatTally] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class ReferendumOption(_Fact):
    """One answer of a referendum with its result."""

    option: str
    share_pct: float | None = Field(default=None, ge=0, le=100)
    votes: int | None = Field(default=None, ge=0)
    evidence: list[Evidence] = Field(default_factory=list)


class Referendum(_Fact):
    """A referendum result for an area."""

    election: Election = Field(default_factory=lambda: Election(kind="other"))
    area: str | None = None
    question: str | None = None
    options: list[ReferendumOption] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class DroppedFact(_Fact):
    """A value the model proposed that was not kept, and why."""

    path: str = Field(description="Where the value would have gone, e.g. 'contests[0].majority'.")
    value: str
    reason: str
    by: str | None = Field(default=None, description="The post-processing pass that dropped it.")
    code: str | None = Field(default=None, description="A stable code of the reason.")


class ChangedFact(_Fact):
    """A value a post-processing pass rewrote (a judgement, never a figure of the article)."""

    path: str
    before: str | None
    after: str | None
    by: str = Field(description="The post-processing pass that changed it.")
    code: str = Field(description="A stable code of the reason.")


class Usage(_Fact):
    """Token usage of every request made for one article, failed re-asks included."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    requests: int = 0

    def add(self, other: Usage) -> Usage:
        """Return the sum of two usages."""
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
            requests=self.requests + other.requests,
        )


class ExtractionMeta(_Fact):
    """How a result was produced: model, prompt, cost, and what was dropped."""

    model: str
    base_url: str | None = None
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    article_sha256: str
    article_chars: int
    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0
    warnings: list[str] = Field(default_factory=list)
    dropped: list[DroppedFact] = Field(default_factory=list)
    changed: list[ChangedFact] = Field(default_factory=list)


class ArticleExtraction(_Fact):
    """All election facts extracted from one article."""

    contests: list[Contest] = Field(default_factory=list)
    councils: list[Council] = Field(default_factory=list)
    seat_totals: list[SeatTotal] = Field(default_factory=list)
    referendums: list[Referendum] = Field(default_factory=list)
    meta: ExtractionMeta | None = None

    def is_empty(self) -> bool:
        """True when no fact of any kind was extracted."""
        return not (self.contests or self.councils or self.seat_totals or self.referendums)

    def all_evidence(self) -> list[Evidence]:
        """Every evidence span of every fact, in document order of the lists."""
        spans: list[Evidence] = []
        for contest in self.contests:
            spans += contest.evidence
            for candidate in contest.candidates:
                spans += candidate.evidence
        for council in self.councils:
            spans += council.evidence
            for seat in council.parties:
                spans += seat.evidence
        for total in self.seat_totals:
            spans += total.evidence
            for tally in total.parties:
                spans += tally.evidence
        for referendum in self.referendums:
            spans += referendum.evidence
            for option in referendum.options:
                spans += option.evidence
        return spans
