"""``extractor eval`` / ``python -m evals``: score the extractor on the dev set and gate regressions."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from evals.dataset import EVAL_SETS, PROJECT_ROOT, EvalArticle, load_eval_set, load_user_set
from evals.gate import BASELINE, DEFAULT_MARGIN, check, load_baseline, write_baseline
from evals.report import (
    print_ablation,
    print_errors,
    print_gate,
    print_groups,
    print_summary,
    write_reports,
)
from evals.runner import REPLAY_DIR, ArticleRun, run_live, run_replay
from evals.summary import EvalSummary
from extractor.config import Settings
from extractor.passes import switchable
from extractor.readers import RESULT_LISTS

console = Console()


def eval_command(
    live: Annotated[
        bool, typer.Option("--live", help="Run the configured or embedded model (cached on disk).")
    ] = False,
    replay: Annotated[
        bool,
        typer.Option("--replay", help="Use the recorded responses in evals/replay/ (default)."),
    ] = False,
    record: Annotated[
        bool, typer.Option(help="With --live: also write the responses to evals/replay/.")
    ] = False,
    report: Annotated[
        Path | None, typer.Option(help="Write report.json, report.md and report.html here.")
    ] = None,
    baseline: Annotated[Path, typer.Option(help="Baseline to gate against.")] = BASELINE,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Rewrite the baseline from this run.")
    ] = False,
    margin: Annotated[
        float | None, typer.Option(help="Allowed F1 drop (default: 0 for replay, 0.02 for live).")
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option(help="Only articles whose id starts with this (repeatable).")
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "-j",
            "--jobs",
            min=1,
            help="With --live: articles at a time (2 keeps the embedded server's slots busy).",
        ),
    ] = 1,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="With --live: ignore cached answers.")
    ] = False,
    replay_dir: Annotated[Path, typer.Option(help="Recorded responses for --replay.")] = REPLAY_DIR,
    show_errors: Annotated[
        bool,
        typer.Option(
            "--show-errors", help="Print every missing, extra and wrong fact (not on real-test)."
        ),
    ] = False,
    disable: Annotated[
        list[str] | None,
        typer.Option(
            "--disable", help="Switch off a post-processing pass or grounding rule (repeatable)."
        ),
    ] = None,
    ablate: Annotated[
        bool,
        typer.Option(
            "--ablate",
            help="Score once with every pass on, then once per pass with it off (from the "
            "answer cache): F1 and the facts each pass gains and loses.",
        ),
    ] = False,
    skip_missing: Annotated[
        bool,
        typer.Option(
            "--skip-missing",
            help="With a real set: score the texts in the local cache and name the ones left out "
            "(by default a missing text is an error).",
        ),
    ] = False,
    set_name: Annotated[
        str,
        typer.Option(
            "--set",
            help="Which articles: dev (seeds + written articles, the CI gate), real-dev or "
            "real-test (published texts from evals/real/, live only).",
        ),
    ] = "dev",
    articles_dir: Annotated[
        Path | None,
        typer.Option("--articles", help="Your own labelled set: a directory of articles..."),
    ] = None,
    gold_dir: Annotated[
        Path | None,
        typer.Option("--gold", help="...and one gold file per article (format: evals/README.md)."),
    ] = None,
) -> None:
    """Score the extractor on the dev set (seeds/ + evals/articles/) against evals/gold/.

    Exit status: 0 when the regression gate passes, 1 when it fails, 2 on a usage error.

    Examples:

        extractor eval --replay                      # what CI runs: recorded answers, no model

        extractor eval --live --report reports/      # the embedded model, with HTML report

        extractor eval --live --record --update-baseline

        extractor eval --articles my-articles/ --gold my-gold/   # your own labelled set, live
    """
    baseline_given = baseline != BASELINE
    if live and replay:
        raise typer.BadParameter("choose one of --live and --replay")
    if set_name not in EVAL_SETS:
        raise typer.BadParameter(f"--set must be one of {', '.join(EVAL_SETS)}")
    own = articles_dir is not None or gold_dir is not None
    if own and (articles_dir is None or gold_dir is None):
        raise typer.BadParameter("--articles and --gold go together")
    if own and set_name != "dev":
        raise typer.BadParameter("--articles/--gold is a set of its own: leave out --set")
    real = set_name != "dev" or own
    if own and (replay or record or update_baseline):
        raise typer.BadParameter("your own set runs live (answers cached): no --replay or --record")
    if real and replay:
        raise typer.BadParameter(
            "the real sets have no recordings: use --live (answers are cached)"
        )
    if real and (record or update_baseline):
        raise typer.BadParameter("--record and --update-baseline are for the dev set only")
    if set_name == "real-test" and (show_errors or report is not None):
        raise typer.BadParameter(
            "real-test is scored only at checkpoints: its errors are not shown (no --show-errors, "
            "no --report); tune on real-dev"
        )
    mode = "live" if live or real else "replay"
    try:
        if own:
            assert articles_dir is not None and gold_dir is not None
            articles = load_user_set(articles_dir, gold_dir)
        else:
            skipped: list[str] = []
            articles = load_eval_set(
                set_name, PROJECT_ROOT, only, skip_missing=skip_missing, skipped=skipped
            )
            if skipped:
                # Said first and on its own line: a partial score is not the split's score.
                console.print(
                    f"[yellow]{set_name}: {len(articles)} texts scored, {len(skipped)} not in "
                    f"the local cache left out ({', '.join(skipped)}); "
                    "`python -m evals.realset verify` lists them[/yellow]"
                )
    except (FileNotFoundError, ValueError) as error:
        raise typer.BadParameter(str(error)) from error
    try:
        settings = Settings.from_env().with_overrides(disabled=frozenset(disable or ()))
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    if ablate:
        run_ablation(articles, settings, mode, replay_dir, console)
        return
    if mode == "live":
        # --no-cache: a fresh, empty cache for this run (the shared one is left as it is).
        cache_dir = None
        if no_cache:
            cache_dir = Path(tempfile.mkdtemp(prefix="eval-fresh-"))

        def progress(run: ArticleRun) -> None:
            status = f"error: {run.error}" if run.error else "ok"
            cached = " (cached)" if run.cached else ""
            console.print(
                f"[dim]{run.article.id}: {status}{cached} {run.model_seconds:.1f} s[/dim]"
            )

        runs = run_live(
            articles,
            settings,
            cache_dir=cache_dir,
            record_dir=REPLAY_DIR if record else None,
            on_done=progress,
            jobs=jobs,
        )
    else:
        runs = run_replay(articles, replay_dir, settings)
    summary = EvalSummary.from_runs(mode, runs)
    print_summary(summary, console)
    if show_errors:
        print_errors(summary, console)
    if real:
        if not own:
            print_groups(summary, console)
        if not baseline_given:
            if report is not None:
                for path in write_reports(summary, report, None):
                    console.print(f"wrote {path}")
            return

    gate = None
    existing = load_baseline(baseline)
    if update_baseline:
        write_baseline(summary, baseline)
        console.print(f"[green]baseline written to {baseline}[/green]")
    elif existing is None:
        console.print(
            f"[yellow]no baseline at {baseline}: run with --update-baseline to create one[/yellow]"
        )
    else:
        gate = check(summary, existing, DEFAULT_MARGIN[mode] if margin is None else margin)
        print_gate(gate, console)
    if report is not None:
        for path in write_reports(summary, report, gate):
            console.print(f"wrote {path}")
    if gate is not None and not gate.passed:
        raise typer.Exit(1)


def run_ablation(
    articles: list[EvalArticle], settings: Settings, mode: str, replay_dir: Path, console: Console
) -> list[dict[str, object]]:
    """F1 with every pass on, then with each switchable pass off: what each pass pays."""

    def score(disabled: frozenset[str]) -> EvalSummary:
        chosen = settings.with_overrides(disabled=settings.disabled | disabled)
        runs = (
            run_live(articles, chosen)
            if mode == "live"
            else run_replay(articles, replay_dir, chosen)
        )
        return EvalSummary.from_runs(mode, runs)

    full = score(frozenset())
    correct = set(full.correct_facts())
    rows: list[dict[str, object]] = []
    for name in switchable():
        # Without its result lists the model reads other text: that is a new live run, not
        # an ablation from the answer cache.
        if name in settings.disabled or name == RESULT_LISTS:
            continue
        summary = score(frozenset({name}))
        facts = set(summary.correct_facts())
        rows.append(
            {
                "pass": name,
                "f1": summary.tally.overall.f1,
                "delta": full.tally.overall.f1 - summary.tally.overall.f1,
                "lost_when_off": len(correct - facts),
                "gained_when_off": len(facts - correct),
                "not_in_text": summary.numbers_not_in_text,
            }
        )
    print_ablation(full, rows, console)
    return rows


def main() -> None:
    """``python -m evals``."""
    typer.run(eval_command)
