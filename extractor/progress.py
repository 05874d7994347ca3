"""Progress of a bulk run on stderr, and the summary at its end.

On a terminal: a rich progress bar with done/failed counts, articles per minute, ETA and
tokens. Elsewhere (a pipe, a log file, CI): one plain line per article. ``--quiet``: nothing.
The summary table lists ok and error counts (errors by type), what the official count says of
the figures ('3 figures differ from the official count, in 2 articles'), tokens in and out,
wall time and, when the model has a known price, a cost estimate.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from extractor.verify import VerificationCounts, count_verifications

# US dollars per 1M tokens (input, output) of a few OpenAI models; the Batch API halves them.
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "o4-mini": (1.10, 4.40),
    "gpt-3.5-turbo": (0.50, 1.50),
}


def price_for(model: str) -> tuple[float, float] | None:
    """The (input, output) price per 1M tokens of ``model``; dated snapshots match their family."""
    if model in PRICES_PER_MILLION:
        return PRICES_PER_MILLION[model]
    for name in sorted(PRICES_PER_MILLION, key=len, reverse=True):
        suffix = model[len(name) :]
        if model.startswith(name) and suffix.startswith("-") and suffix[1:2].isdigit():
            return PRICES_PER_MILLION[name]
    return None


def estimate_cost(
    model: str, prompt_tokens: int, completion_tokens: int, *, batch: bool = False
) -> float | None:
    """Dollars for the given tokens on ``model``, or None when its price is unknown."""
    price = price_for(model)
    if price is None:
        return None
    cost = (prompt_tokens * price[0] + completion_tokens * price[1]) / 1_000_000
    return cost / 2 if batch else cost


@dataclass
class RunStats:
    """Counts of one run (this run's work; skipped articles are counted apart)."""

    model: str = ""
    total: int | None = None
    ok: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    verified: VerificationCounts = field(default_factory=VerificationCounts)
    articles_differ: int = 0  # articles with a figure that differs from the official count
    cached_requests: int = 0  # model requests answered from the response cache
    started: float = field(default_factory=time.perf_counter)

    @property
    def done(self) -> int:
        """Articles finished in this run (ok or error)."""
        return self.ok + sum(self.errors.values())

    def add(self, record: dict[str, Any]) -> None:
        """Count one finished article's record."""
        if record.get("status") == "ok":
            self.ok += 1
            counts = count_verifications((record.get("extraction") or {}).get("contests") or [])
            self.verified = self.verified.add(counts)
            self.articles_differ += int(counts.figures_differ > 0)
        else:
            self.errors[str(record.get("error", {}).get("type", "error"))] += 1
        usage = record.get("usage") or {}
        self.prompt_tokens += int(usage.get("prompt_tokens", 0) or 0)
        self.completion_tokens += int(usage.get("completion_tokens", 0) or 0)

    def elapsed(self) -> float:
        """Seconds since the run started."""
        return time.perf_counter() - self.started

    def per_minute(self) -> float:
        """Articles finished per minute in this run."""
        return self.done / max(self.elapsed(), 1e-6) * 60

    def eta_seconds(self) -> float | None:
        """Seconds until every article is done at the current rate, if that can be told."""
        if self.total is None or self.done == 0:
            return None
        remaining = self.total - self.done - self.skipped
        return max(0.0, remaining / max(self.per_minute(), 1e-9) * 60)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def official_count_line(stats: RunStats) -> str:
    """'3 figures differ from the official count, in 2 articles; 41 match, 5 unverified'."""
    counts = stats.verified
    differ = counts.figures_differ
    head = (
        f"{differ} figure{'s' if differ != 1 else ''} differ{'' if differ != 1 else 's'} from "
        f"the official count, in {stats.articles_differ} article"
        f"{'s' if stats.articles_differ != 1 else ''}"
    )
    return f"{head}; {counts.figures_match} match, {counts.figures_unverified} unverified"


def summary_table(stats: RunStats, *, batch: bool = False) -> Table:
    """The end-of-run summary as a rich table."""
    table = Table(title="run summary", title_justify="left", show_header=False, show_edge=False)
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    table.add_row("ok", str(stats.ok))
    table.add_row("errors", str(sum(stats.errors.values())))
    for kind, count in stats.errors.most_common():
        table.add_row(f"  {kind}", str(count))
    if stats.skipped:
        table.add_row("skipped (already done)", str(stats.skipped))
    if stats.verified.figures_checked:
        table.add_row("official count", official_count_line(stats))
    table.add_row("tokens in / out", f"{stats.prompt_tokens:,} / {stats.completion_tokens:,}")
    if stats.cached_requests:
        table.add_row("model requests answered from the cache", f"{stats.cached_requests:,}")
    table.add_row("wall time", _duration(stats.elapsed()))
    table.add_row("articles / minute", f"{stats.per_minute():.1f}")
    cost = estimate_cost(stats.model, stats.prompt_tokens, stats.completion_tokens, batch=batch)
    if cost is not None:
        table.add_row("cost estimate", f"${cost:,.4f} ({stats.model}{', batch' if batch else ''})")
    return table


class Reporter(Protocol):
    """Receives the events of a run."""

    stats: RunStats

    def start(self, total: int | None) -> None:
        """The run begins; ``total`` articles (None: unknown)."""

    def article_done(self, record: dict[str, Any]) -> None:
        """One article finished (its record was written)."""

    def skipped(self, article_id: str) -> None:
        """One article was already done."""

    def note(self, message: str) -> None:
        """A message for the user (a signal was received, the run is stopping...)."""

    def close(self, *, summary: bool = True) -> None:
        """The run ended; print the summary."""


class _Base:
    def __init__(self, stats: RunStats, stream: TextIO) -> None:
        self.stats = stats
        self.console = Console(file=stream, highlight=False)

    def start(self, total: int | None) -> None:
        self.stats.total = total

    def skipped(self, article_id: str) -> None:
        self.stats.skipped += 1

    def note(self, message: str) -> None:
        self.console.print(message, markup=False)

    def close(self, *, summary: bool = True) -> None:
        if summary:
            self.console.print(summary_table(self.stats))


class QuietReporter(_Base):
    """Prints nothing (with ``notes``: only messages such as "interrupted")."""

    def __init__(self, stats: RunStats, stream: TextIO, *, notes: bool = False) -> None:
        super().__init__(stats, stream)
        self.notes = notes

    def article_done(self, record: dict[str, Any]) -> None:
        self.stats.add(record)

    def note(self, message: str) -> None:
        if self.notes:
            super().note(message)

    def close(self, *, summary: bool = True) -> None:
        pass


def _describe(record: dict[str, Any]) -> str:
    if record.get("status") == "ok":
        usage = record.get("usage") or {}
        facts = record.get("extraction") or {}
        counts = ", ".join(
            f"{len(facts.get(kind) or [])} {kind}"
            for kind in ("contests", "councils", "seat_totals", "referendums")
            if facts.get(kind)
        )
        tokens = int(usage.get("prompt_tokens", 0)) + int(usage.get("completion_tokens", 0))
        return f"ok     {record['id']}  {counts or 'no results'}  {record.get('seconds', 0):.1f}s  {tokens} tok"
    error = record.get("error") or {}
    return f"ERROR  {record['id']}  {error.get('type')}: {str(error.get('message'))[:200]}"


class PlainReporter(_Base):
    """One unwrapped line per finished article (for logs and pipes)."""

    def __init__(self, stats: RunStats, stream: TextIO) -> None:
        super().__init__(stats, stream)
        self.stream = stream

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def article_done(self, record: dict[str, Any]) -> None:
        self.stats.add(record)
        total = "?" if self.stats.total is None else str(self.stats.total)
        position = self.stats.done + self.stats.skipped
        self._line(f"[{position}/{total}] {_describe(record)}")

    def note(self, message: str) -> None:
        self._line(message)

    def close(self, *, summary: bool = True) -> None:
        if self.stats.skipped:
            self._line(f"skipped {self.stats.skipped} article(s) already done")
        super().close(summary=summary)


class RichReporter(_Base):
    """A live progress bar (for terminals)."""

    def __init__(self, stats: RunStats, stream: TextIO) -> None:
        super().__init__(stats, stream)
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]extracting"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("{task.fields[line]}"),
            console=self.console,
            transient=False,
        )
        self.task = self.progress.add_task("extract", total=None, line="")

    def _refresh(self) -> None:
        s = self.stats
        failed = sum(s.errors.values())
        line = (
            f"ok {s.ok} · [red]failed {failed}[/red] · "
            + (f"skipped {s.skipped} · " if s.skipped else "")
            + f"{s.per_minute():.0f}/min · ETA {_duration(s.eta_seconds())} · "
            f"{s.prompt_tokens + s.completion_tokens:,} tok"
        )
        self.progress.update(self.task, completed=s.done + s.skipped, line=line)

    def start(self, total: int | None) -> None:
        super().start(total)
        self.progress.update(self.task, total=total)
        self.progress.start()
        self._refresh()

    def article_done(self, record: dict[str, Any]) -> None:
        self.stats.add(record)
        if record.get("status") != "ok":
            self.progress.console.print(_describe(record), markup=False, style="red")
        self._refresh()

    def skipped(self, article_id: str) -> None:
        super().skipped(article_id)
        self._refresh()

    def note(self, message: str) -> None:
        self.progress.console.print(message, markup=False, style="yellow")

    def close(self, *, summary: bool = True) -> None:
        self._refresh()
        self.progress.stop()
        super().close(summary=summary)


def make_reporter(
    *, quiet: bool = False, model: str = "", stream: TextIO | None = None
) -> Reporter:
    """The reporter that suits ``stream`` (stderr by default): rich on a TTY, plain otherwise."""
    stream = stream or sys.stderr
    stats = RunStats(model=model)
    if quiet:
        return QuietReporter(stats, stream)
    if stream.isatty():
        return RichReporter(stats, stream)
    return PlainReporter(stats, stream)
