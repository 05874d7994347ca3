"""Every figure of a general-election contest checked against the official count.

A contest whose area and year resolve to one constituency (:mod:`extractor.resolve`) gets its
GSS code, the official name, and a :class:`~schemas.Verification`: one
:class:`~schemas.FigureCheck` per figure the article gives (votes, share, share change, party,
who was elected, winner, majority, hold or gain, the party a gain was from), each
``matches``, ``differs`` (both values kept) or ``unverified`` (no official figure, with a note
why). The article's figures are never changed.

Shares are compared at the precision the article wrote them: "47.4%" matches an official
0.47436, "47%" matches 0.4689, "46.4%" does not. People are matched by surname, then first
name (a "Bob" is a "Robert", "Chris" is "Christopher", "J." is any J), then party. A figure
that differs but equals the official figure of another covered election in the same seat
says so ("the official 2017 figure"): an article that quotes the previous majority.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from extractor.official import OfficialCandidate, OfficialContest, covered_years, official_election
from extractor.official_year import (
    implied_year,
    named_general_election,
    undated_general,
    year_from_counts,
    years_fitting,
)
from extractor.people import match_candidate, stood_elsewhere
from extractor.resolve import resolve_constituency
from schemas import (
    ArticleExtraction,
    Candidate,
    Contest,
    FigureCheck,
    Verification,
    VerificationStatus,
    canonical_party,
)
from schemas.facts import Figure

NOT_GENERAL = "not a general election"
NO_CANDIDATE = "no candidate of that name and party in the official results"


# ---- comparing one figure ---------------------------------------------------------------------


def decimals_written(value: float, quotes: list[str]) -> int:
    """How many decimals the article wrote ``value`` with (from its evidence, else the value)."""
    for quote in quotes:
        for number in re.findall(r"\d+(?:\.(\d+))?", quote.replace(",", "")):
            return len(number)
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def same_at_precision(written: float, official: float, decimals: int) -> bool:
    """True when ``official`` rounds to ``written`` at the article's precision."""
    return abs(written - official) <= 0.5 * 10.0**-decimals + 1e-9


@dataclass
class _Checker:
    """Collects the figure checks of one contest."""

    official: OfficialContest
    figures: list[FigureCheck]

    def check(
        self,
        field: str,
        article: Figure | None,
        official: Figure | None,
        *,
        candidate: str | None = None,
        index: int | None = None,
        agree: Callable[[Figure, Figure], bool] = lambda a, b: a == b,
        unverified_note: str | None = None,
        earlier: Callable[[OfficialContest], Figure | None] | None = None,
        differs_note: str | None = None,
    ) -> None:
        if article is None:
            return  # the article gives no figure: nothing to check
        if official is None:
            self.figures.append(
                FigureCheck(
                    field=field,
                    candidate=candidate,
                    candidate_index=index,
                    article=article,
                    official=None,
                    status="unverified",
                    note=unverified_note or "the official results have no such figure",
                )
            )
            return
        status: VerificationStatus = "matches" if agree(article, official) else "differs"
        note = None
        if status == "differs" and earlier is not None:
            note = _other_election_with(self.official, article, earlier, agree)
        if status == "differs" and note is None:
            note = differs_note
        self.figures.append(
            FigureCheck(
                field=field,
                candidate=candidate,
                candidate_index=index,
                article=article,
                official=official,
                status=status,
                note=note,
            )
        )


def _other_election_with(
    contest: OfficialContest,
    article: Figure,
    figure: Callable[[OfficialContest], Figure | None],
    agree: Callable[[Figure, Figure], bool],
) -> str | None:
    """Which other covered election in the same seat has the article's figure, if one does."""
    # The nearest election first: a figure repeated from the last count, not from three ago.
    for year in sorted(covered_years(), key=lambda y: (abs(y - contest.year), -y)):
        election = official_election(year)
        other = election.contests.get(contest.code) if election and year != contest.year else None
        value = figure(other) if other is not None else None
        if value is not None and agree(article, value):
            return f"equals the official {year} figure in this seat"
    return None


def _share(candidate: Candidate, field: str) -> Callable[[Figure, Figure], bool]:
    quotes = [e.quote for e in candidate.evidence if e.field == field]

    def agree(article: Figure, official: Figure) -> bool:
        assert isinstance(article, int | float) and isinstance(official, int | float)
        return same_at_precision(float(article), float(official), decimals_written(article, quotes))

    return agree


def _pct(fraction: float | None) -> float | None:
    return None if fraction is None else round(fraction * 100, 4)


def _parties_agree(article: Figure, official: Figure) -> bool:
    return canonical_party(str(article)) == canonical_party(str(official))


def _by_name(name: str | None) -> Callable[[OfficialContest], OfficialCandidate | None]:
    def find(contest: OfficialContest) -> OfficialCandidate | None:
        return match_candidate(Candidate(name=name), contest) if name else None

    return find


def _check_candidate(checker: _Checker, candidate: Candidate, index: int) -> None:
    official = match_candidate(candidate, checker.official)
    label = candidate.name or candidate.party
    if official is None:
        note = NO_CANDIDATE
        elsewhere = stood_elsewhere(candidate.name, checker.official) if candidate.name else None
        if elsewhere:
            note += f" here (a {candidate.name} stood in {elsewhere})"
        for field, value in _candidate_figures(candidate):
            checker.check(field, value, None, candidate=label, index=index, unverified_note=note)
        return
    same_person = _by_name(candidate.name)
    if candidate.name:
        # Matched by name: the person stood here (the official spelling kept beside).
        checker.check(
            "name",
            candidate.name,
            official.name,
            candidate=label,
            index=index,
            agree=lambda a, b: True,
        )
        checker.check(
            "party",
            candidate.party,
            official.canonical_party,
            candidate=label,
            index=index,
            agree=_parties_agree,
        )
    checker.check(
        "votes",
        candidate.votes,
        official.votes,
        candidate=label,
        index=index,
        earlier=lambda c: getattr(same_person(c), "votes", None),
    )
    checker.check(
        "share_pct",
        candidate.share_pct,
        _pct(official.share),
        candidate=label,
        index=index,
        agree=_share(candidate, "share_pct"),
        earlier=lambda c: _pct(getattr(same_person(c), "share", None)),
    )
    checker.check(
        "share_change_pts",
        candidate.share_change_pts,
        _pct(official.change),
        candidate=label,
        index=index,
        agree=_share(candidate, "share_change_pts"),
        unverified_note="the official results give no change of share here (new boundaries)",
    )
    checker.check(
        "elected",
        candidate.elected,
        official is checker.official.winner,
        candidate=label,
        index=index,
    )


def _candidate_figures(candidate: Candidate) -> list[tuple[str, Figure | None]]:
    return [
        ("name", candidate.name),
        ("party", candidate.party if candidate.name else None),
        ("votes", candidate.votes),
        ("share_pct", candidate.share_pct),
        ("share_change_pts", candidate.share_change_pts),
        ("elected", candidate.elected),
    ]


def _check_contest(checker: _Checker, contest: Contest) -> None:
    official = checker.official
    for index, candidate in enumerate(contest.candidates):
        _check_candidate(checker, candidate, index)
    checker.check(
        "winner_party",
        contest.winner_party,
        official.winner.canonical_party,
        agree=_parties_agree,
        earlier=lambda c: c.winner.canonical_party,
    )
    checker.check("majority", contest.majority, official.majority, earlier=lambda c: c.majority)
    checker.check(
        "outcome",
        contest.outcome,
        official.outcome,
        # A 'hold' after a by-election gain is a 'gain' in the Library's count, and so is one
        # against the notional 2019 result on the 2024 boundaries.
        differs_note="the official hold or gain is against the last general election"
        + (" (the notional 2019 result on the new boundaries)" if official.year == 2024 else ""),
    )
    if contest.outcome == "gain" or contest.gained_from is not None:
        checker.check(
            "gained_from", contest.gained_from, official.previous_party, agree=_parties_agree
        )
    checker.check(
        "turnout_pct",
        contest.turnout_pct,
        _rounded(official.turnout_pct),
        agree=_turnout(contest, official),
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _turnout(contest: Contest, official: OfficialContest) -> Callable[[Figure, Figure], bool]:
    """Turnout as the Library computes it (valid votes), or of every ballot paper counted."""
    quotes = [e.quote for e in contest.evidence if e.field == "turnout_pct"]

    def agree(article: Figure, value: Figure) -> bool:
        assert isinstance(article, int | float)
        decimals = decimals_written(article, quotes)
        return any(
            alternative is not None and same_at_precision(float(article), alternative, decimals)
            for alternative in (official.turnout_pct, official.ballot_turnout_pct)
        )

    return agree


def _overall(figures: list[FigureCheck]) -> VerificationStatus:
    statuses = {f.status for f in figures}
    if "differs" in statuses:
        return "differs"
    return "matches" if statuses == {"matches"} else "unverified"


def verify_contest(
    contest: Contest,
    *,
    article_year: tuple[int, str] | None = None,
    fits: dict[int, int] | None = None,
) -> Contest:
    """The contest with its constituency code and verification (general elections only).

    ``article_year`` is the year the rest of the article implies, with how it was told, for a
    contest that gives no year and no count that fits a covered election; ``fits`` is the
    contest's :func:`~extractor.official_year.years_fitting`, when already known.
    """
    if contest.election.kind != "general":
        return contest
    year, year_note = contest.election.year, None
    if undated_general(contest):
        if fits is None:
            fits = years_fitting(contest)
        year, year_note = year_from_counts(contest, fits)
        if year is None and article_year is not None and not fits:
            # No count of its own tells another year: the year the rest of the article implies.
            year, year_note = article_year
        if year is None:
            verification = Verification(status="unverified", reason=year_note)
            return contest.model_copy(update={"verification": verification})
    resolution = resolve_constituency(contest.area, year)
    if resolution.contest is None:
        verification = Verification(status="unverified", reason=resolution.reason)
        return contest.model_copy(
            update={"constituency_code": None, "official_area": None, "verification": verification}
        )
    official = resolution.contest
    checker = _Checker(official, [])
    _check_contest(checker, contest)
    reason = None if checker.figures else "the article gives no figure to check"
    verification = Verification(
        status=_overall(checker.figures),
        source=official_election(official.year).source,  # type: ignore[union-attr]
        year=official.year,
        year_note=year_note,
        reason=reason,
        figures=checker.figures,
        differences=[f for f in checker.figures if f.status == "differs"],
    )
    return contest.model_copy(
        update={
            "constituency_code": official.code,
            "official_area": official.name,
            "verification": verification,
        }
    )


def verify_extraction(
    extraction: ArticleExtraction, article: str | None = None
) -> ArticleExtraction:
    """Every contest of ``extraction`` verified (:func:`verify_contest`); nothing else changes.

    A contest with no year of its own takes, in this order, the one covered election its vote
    counts fit, the general election the ``article`` names, or the one the counts of the
    article's other contests fit.
    """
    # Each undated contest's fit with the official counts, computed once for both uses.
    fits = [years_fitting(c) if undated_general(c) else None for c in extraction.contests]
    article_year = (named_general_election(article) if article else None) or implied_year(
        extraction.contests, fits
    )
    contests = [
        verify_contest(c, article_year=article_year, fits=fit)
        for c, fit in zip(extraction.contests, fits, strict=True)
    ]
    return extraction.model_copy(update={"contests": contests})


@dataclass(frozen=True)
class VerificationCounts:
    """How many figures and contests differ from, match or are missing in the official count."""

    contests: int = 0
    contests_differ: int = 0
    figures_checked: int = 0
    figures_match: int = 0
    figures_differ: int = 0
    figures_unverified: int = 0

    def add(self, other: VerificationCounts) -> VerificationCounts:
        """The sum of two counts."""
        return VerificationCounts(
            *(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True))
        )

    def astuple(self) -> tuple[int, ...]:
        """The counts in field order."""
        return (
            self.contests,
            self.contests_differ,
            self.figures_checked,
            self.figures_match,
            self.figures_differ,
            self.figures_unverified,
        )


def count_verifications(contests: list[Contest] | list[dict[str, object]]) -> VerificationCounts:
    """The verification counts of some contests (models or their JSON form)."""
    counts = VerificationCounts()
    for contest in contests:
        raw = contest.verification if isinstance(contest, Contest) else contest.get("verification")
        if raw is None:
            continue
        verification = raw if isinstance(raw, Verification) else Verification.model_validate(raw)
        statuses = [f.status for f in verification.figures]
        counts = counts.add(
            VerificationCounts(
                contests=1,
                contests_differ=int(verification.status == "differs"),
                figures_checked=len(statuses),
                figures_match=statuses.count("matches"),
                figures_differ=statuses.count("differs"),
                figures_unverified=statuses.count("unverified"),
            )
        )
    return counts


def verify_records(
    records: list[dict[str, Any]], texts: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Records of an earlier run (``extract -o``) with their contests verified afresh.

    Ok records get their extraction verified (:func:`verify_extraction`), with the article's
    text when ``texts`` (by sha256) has it, so an undated article's named election counts;
    other records and every other field are kept as they are.
    """
    verified = []
    for record in records:
        if record.get("status") == "ok" and isinstance(record.get("extraction"), dict):
            extraction = ArticleExtraction.model_validate(record["extraction"])
            article = (texts or {}).get(str(record.get("sha256")))
            record = {
                **record,
                "extraction": verify_extraction(extraction, article).model_dump(
                    mode="json", exclude={"meta"}
                ),
            }
        verified.append(record)
    return verified


def difference_lines(record: dict[str, Any]) -> list[str]:
    """One readable line per figure of a record that differs from the official count."""
    lines = []
    for contest in (record.get("extraction") or {}).get("contests") or []:
        verification = contest.get("verification") or {}
        for check in verification.get("differences") or []:
            who = f" {check['candidate']}" if check.get("candidate") else ""
            note = f" ({check['note']})" if check.get("note") else ""
            lines.append(
                f"{record.get('id')}: {contest.get('official_area') or contest.get('area')} "
                f"{verification.get('year')} ({contest.get('constituency_code')}){who} "
                f"{check['field']}: article {check['article']}, official {check['official']}{note}"
            )
    return lines


__all__ = [
    "VerificationCounts",
    "count_verifications",
    "difference_lines",
    "verify_contest",
    "verify_extraction",
    "verify_records",
]
