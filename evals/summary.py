"""Aggregate the runs of one eval into the figures the gate and the reports use."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from evals.runner import ArticleRun
from evals.score import Counts, FactOutcome, Tally, fact_id, score_article
from evals.textcheck import numbers_not_in_text
from schemas import ArticleExtraction

# Fields whose F1 the regression gate tracks one by one.
TRACKED_FIELDS = (
    "contest.found",
    "contest.winner_party",
    "contest.outcome",
    "contest.majority",
    "contest.turnout_pct",
    "candidate.found",
    "candidate.party",
    "candidate.votes",
    "candidate.share_pct",
    "candidate.share_change_pts",
    "council.found",
    "council.control",
    "council.seats",
    "seat_total.seats",
    "referendum.found",
)


@dataclass
class ArticleScore:
    """One article's verdicts and costs."""

    run: ArticleRun
    outcomes: list[FactOutcome]
    counts: Counts
    numbers_not_in_text: list[tuple[str, float]]

    @property
    def id(self) -> str:
        """The article id."""
        return self.run.article.id


@dataclass
class EvalSummary:
    """Everything one eval run measured."""

    mode: str
    model: str
    prompt_version: str
    articles: list[ArticleScore]
    tally: Tally = field(default_factory=Tally)

    @classmethod
    def from_runs(cls, mode: str, runs: list[ArticleRun]) -> EvalSummary:
        """Score every run against its gold."""
        scores = []
        tally = Tally()
        for run in runs:
            predicted = run.result or ArticleExtraction()
            outcomes = score_article(run.article.gold, predicted)
            tally.add_all(outcomes)
            scores.append(
                ArticleScore(
                    run=run,
                    outcomes=outcomes,
                    counts=Tally().add_all(outcomes).overall,
                    numbers_not_in_text=numbers_not_in_text(predicted, run.article.text),
                )
            )
        metas = [r.result.meta for r in runs if r.result is not None and r.result.meta is not None]
        model = metas[0].model if metas else "?"
        prompt = metas[0].prompt_version if metas else "?"
        return cls(mode=mode, model=model, prompt_version=prompt, articles=scores, tally=tally)

    @property
    def numbers_not_in_text(self) -> int:
        """Count of extracted numbers that do not occur in their article (must be 0)."""
        return sum(len(a.numbers_not_in_text) for a in self.articles)

    @property
    def errors(self) -> list[tuple[str, str]]:
        """Articles whose extraction failed, with the error."""
        return [(a.id, a.run.error) for a in self.articles if a.run.error]

    def correct_facts(self) -> list[str]:
        """Names of every correct (true positive) fact, for the regression gate."""
        return sorted(
            fact_id(a.id, o) for a in self.articles for o in a.outcomes if o.status == "tp"
        )

    def by_group(self) -> dict[str, dict[str, tuple[int, Counts, Counts]]]:
        """Per election kind and per source kind of the real sets' manifest: (articles, all
        facts, candidate votes) counts. Empty for articles outside the manifest."""
        from evals.realset import load_manifest

        kinds = {e.id: {"election": e.election, "source": e.source} for e in load_manifest()}
        groups: dict[str, dict[str, tuple[int, Tally]]] = {"election": {}, "source": {}}
        for score in self.articles:
            for column, group in kinds.get(score.id, {}).items():
                articles, tally = groups[column].get(group, (0, Tally()))
                tally.add_all(score.outcomes)
                groups[column][group] = (articles + 1, tally)
        return {
            column: {
                group: (n, tally.overall, tally.by_field.get("candidate.votes", Counts()))
                for group, (n, tally) in sorted(rows.items())
            }
            for column, rows in groups.items()
        }

    def as_dict(self) -> dict[str, Any]:
        """The machine-readable summary (the JSON report and the baseline are built from it)."""
        seconds = [a.run.model_seconds for a in self.articles if a.run.result is not None]
        prompt_tokens = [
            a.run.usage.prompt_tokens for a in self.articles if a.run.result is not None
        ]
        output_tokens = [
            a.run.usage.completion_tokens for a in self.articles if a.run.result is not None
        ]
        dropped = sum(
            len(a.run.result.meta.dropped)
            for a in self.articles
            if a.run.result and a.run.result.meta
        )
        contests = self.tally.by_field.get("contest.found", Counts())

        def mean(values: list[float] | list[int]) -> float:
            return round(statistics.fmean(values), 2) if values else 0.0

        return {
            "mode": self.mode,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "articles": len(self.articles),
            "overall": self.tally.overall.as_dict(),
            "fields": {
                name: counts.as_dict() for name, counts in sorted(self.tally.by_field.items())
            },
            "numbers_not_in_text": self.numbers_not_in_text,
            "contests": {
                "gold": contests.tp + contests.fn,
                "found": contests.tp,
                "extra": contests.fp,
            },
            "dropped_by_grounding": dropped,
            "errors": [{"article": a, "error": e} for a, e in self.errors],
            "cost": {
                "seconds_per_article": mean(seconds),
                "seconds_median": round(statistics.median(seconds), 2) if seconds else 0.0,
                "prompt_tokens_per_article": mean(prompt_tokens),
                "output_tokens_per_article": mean(output_tokens),
            },
            "per_article": {
                a.id: {
                    **a.counts.as_dict(),
                    "numbers_not_in_text": len(a.numbers_not_in_text),
                    "seconds": round(a.run.model_seconds, 2),
                    "prompt_tokens": a.run.usage.prompt_tokens,
                    "output_tokens": a.run.usage.completion_tokens,
                    "error": a.run.error,
                }
                for a in self.articles
            },
        }
