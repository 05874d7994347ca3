"""Eval reports: a rich table for the terminal, and JSON, Markdown and self-contained HTML files."""

from __future__ import annotations

import html
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from evals.gate import GateResult
from evals.summary import TRACKED_FIELDS, ArticleScore, EvalSummary
from schemas import ArticleExtraction

STATUS_LABEL = {"tp": "correct", "fn": "missing", "fp": "extra", "wrong": "wrong"}


def print_summary(summary: EvalSummary, console: Console) -> None:
    """Per-field and per-article tables, then the headline figures."""
    data = summary.as_dict()
    fields = Table(title=f"eval ({summary.mode}) · {summary.model} · {summary.prompt_version}")
    for column in ("field", "tp", "fp", "fn", "precision", "recall", "F1"):
        fields.add_column(column, justify="left" if column == "field" else "right")
    for name, counts in data["fields"].items():
        style = "bold" if name in TRACKED_FIELDS else "dim"
        fields.add_row(
            name,
            *(str(counts[k]) for k in ("tp", "fp", "fn")),
            *(f"{counts[k]:.3f}" for k in ("precision", "recall", "f1")),
            style=style,
        )
    overall = data["overall"]
    fields.add_row(
        "overall (micro)",
        *(str(overall[k]) for k in ("tp", "fp", "fn")),
        *(f"{overall[k]:.3f}" for k in ("precision", "recall", "f1")),
        style="bold cyan",
    )
    console.print(fields)
    articles = Table(title="per article")
    for column in (
        "article",
        "F1",
        "P",
        "R",
        "not in text",
        "seconds",
        "prompt tok",
        "output tok",
        "error",
    ):
        articles.add_column(column)
    for article_id, row in data["per_article"].items():
        articles.add_row(
            article_id,
            f"{row['f1']:.3f}",
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            str(row["numbers_not_in_text"]),
            f"{row['seconds']:.1f}",
            str(row["prompt_tokens"]),
            str(row["output_tokens"]),
            (row["error"] or "")[:60],
        )
    console.print(articles)
    cost = data["cost"]
    console.print(
        f"overall F1 [bold]{overall['f1']:.3f}[/bold] (P {overall['precision']:.3f}, R {overall['recall']:.3f}) · "
        f"contests found {data['contests']['found']}/{data['contests']['gold']} (+{data['contests']['extra']} extra) · "
        f"numbers not in text [bold]{data['numbers_not_in_text']}[/bold] · dropped by grounding {data['dropped_by_grounding']} · "
        f"{cost['seconds_per_article']} s, {cost['prompt_tokens_per_article']} prompt + "
        f"{cost['output_tokens_per_article']} output tokens per article"
    )


def print_ablation(full: EvalSummary, rows: list[dict[str, object]], console: Console) -> None:
    """One row per pass: F1 with it off, and the correct facts it keeps and costs."""
    overall = full.tally.overall
    table = Table(
        title=f"ablation ({full.mode}, {len(full.articles)} articles): all passes on, F1 {overall.f1:.3f}"
    )
    for column in ("pass off", "F1", "F1 it pays", "facts lost", "facts gained", "not in text"):
        table.add_column(
            column,
            justify="left" if column == "pass off" else "right",
            no_wrap=column == "pass off",
        )
    for row in rows:
        table.add_row(
            str(row["pass"]),
            f"{row['f1']:.3f}",
            f"{row['delta']:+.3f}",
            str(row["lost_when_off"]),
            str(row["gained_when_off"]),
            str(row["not_in_text"]),
        )
    console.print(table)


def print_errors(summary: EvalSummary, console: Console) -> None:
    """Every fact that is not correct, article by article (for tuning on a dev set)."""
    for score in summary.articles:
        wrong = [o for o in score.outcomes if o.status != "tp"]
        if not wrong and not score.run.error:
            continue
        console.print(f"[bold]{score.id}[/bold] F1 {score.counts.f1:.3f}")
        if score.run.error:
            console.print(f"  [red]error: {score.run.error}[/red]")
        for outcome in wrong:
            console.print(
                f"  {STATUS_LABEL[outcome.status]:7} {outcome.label}: gold {outcome.gold!r}, "
                f"got {outcome.predicted!r}",
                markup=False,
                highlight=False,
            )


def print_groups(summary: EvalSummary, console: Console) -> None:
    """Micro F1 per kind of election and per kind of source (real sets, from the manifest)."""
    for column, counts in summary.by_group().items():
        table = Table(title=f"by {column}")
        for name in (column, "articles", "F1", "P", "R", "votes F1"):
            table.add_column(name, justify="left" if name == column else "right")
        for group, (articles, overall, votes) in counts.items():
            table.add_row(
                group,
                str(articles),
                f"{overall.f1:.3f}",
                f"{overall.precision:.3f}",
                f"{overall.recall:.3f}",
                f"{votes.f1:.3f}" if votes.tp + votes.fp + votes.fn else "-",
            )
        console.print(table)


def print_gate(result: GateResult, console: Console) -> None:
    """The gate's verdict with the facts that regressed."""
    for note in result.notes:
        console.print(f"[dim]{note}[/dim]")
    if result.passed:
        console.print("[green]regression gate passed[/green]")
    else:
        console.print("[red bold]regression gate FAILED[/red bold]")
        for failure in result.failures:
            console.print(f"[red]{failure}[/red]")


def markdown(summary: EvalSummary) -> str:
    """The summary as a Markdown document."""
    data = summary.as_dict()
    lines = [
        f"# Eval ({summary.mode}) — {summary.model}, {summary.prompt_version}",
        "",
        f"Overall micro F1 **{data['overall']['f1']:.3f}** (precision {data['overall']['precision']:.3f}, "
        f"recall {data['overall']['recall']:.3f}); numbers not in text: **{data['numbers_not_in_text']}**; "
        f"dropped by grounding: {data['dropped_by_grounding']}; "
        f"{data['cost']['seconds_per_article']} s, {data['cost']['prompt_tokens_per_article']} prompt and "
        f"{data['cost']['output_tokens_per_article']} output tokens per article.",
        "",
        "| field | tp | fp | fn | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, c in data["fields"].items():
        lines.append(
            f"| {name} | {c['tp']} | {c['fp']} | {c['fn']} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} |"
        )
    lines += [
        "",
        "| article | F1 | not in text | seconds | prompt tokens | output tokens | error |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for article_id, r in data["per_article"].items():
        lines.append(
            f"| {article_id} | {r['f1']:.3f} | {r['numbers_not_in_text']} | {r['seconds']:.1f} | "
            f"{r['prompt_tokens']} | {r['output_tokens']} | {r['error'] or ''} |"
        )
    return "\n".join(lines) + "\n"


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:2.2em;border-top:1px solid #ccc;padding-top:1em}
.row{display:flex;gap:2em;align-items:flex-start}
.text{flex:1;white-space:pre-wrap;background:#fafafa;border:1px solid #ddd;padding:1em;max-height:40em;overflow:auto}
.facts{flex:1} table{border-collapse:collapse;font-size:13px} td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}
mark{background:#ffe58a} .tp{background:#e3f6e3} .fn{background:#fff0d6} .fp{background:#fde2e2} .wrong{background:#f8c9c9}
.legend span{padding:2px 8px;margin-right:6px}
mark.differs{background:#f4a3a3;outline:2px solid #c0392b} .official{margin-top:.6em}
.official td.differs{background:#f8c9c9}
"""


def _differing_spans(result: ArticleExtraction) -> dict[tuple[int, int], str]:
    """The evidence spans of figures that differ from the official count -> what it says."""
    marked: dict[tuple[int, int], str] = {}
    for contest in result.contests:
        if contest.verification is None:
            continue
        for check in contest.verification.differences:
            owner = (
                contest.candidates[check.candidate_index].evidence
                if check.candidate_index is not None
                else contest.evidence
            )
            for span in owner:
                if span.field == check.field:
                    marked[(span.start, span.end)] = f"{check.field}: official {check.official}"
    return marked


def _highlight(text: str, score: ArticleScore) -> str:
    spans = []
    differing: dict[tuple[int, int], str] = {}
    if score.run.result is not None:
        spans = sorted({(e.start, e.end, e.field or "") for e in score.run.result.all_evidence()})
        differing = _differing_spans(score.run.result)
    out, position = [], 0
    for start, end, field_name in spans:
        if start < position:
            continue  # overlapping spans: keep the first
        out.append(html.escape(text[position:start]))
        official = differing.get((start, end))
        if official is None:
            out.append(
                f'<mark title="{html.escape(field_name)}">{html.escape(text[start:end])}</mark>'
            )
        else:
            out.append(
                f'<mark class="differs" title="{html.escape(official)}">'
                f"{html.escape(text[start:end])}</mark>"
            )
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


def _official_table(result: ArticleExtraction | None) -> str:
    """Every figure checked against the official count, differences first."""
    rows = []
    for contest in result.contests if result is not None else []:
        verification = contest.verification
        if verification is None:
            continue
        head = (
            f"{contest.official_area or contest.area or '(no area)'} {verification.year or ''} "
            f"{contest.constituency_code or ''}: {verification.status}"
            + (f" — {verification.reason}" if verification.reason else "")
        )
        rows.append(f"<tr><th colspan='5'>{html.escape(head)}</th></tr>")
        order = {"differs": 0, "unverified": 1, "matches": 2}
        for check in sorted(verification.figures, key=lambda f: order[f.status]):
            rows.append(
                f"<tr><td>{html.escape(check.candidate or '')}</td><td>{html.escape(check.field)}</td>"
                f"<td>{html.escape(str(check.article))}</td>"
                f"<td>{html.escape('' if check.official is None else str(check.official))}</td>"
                f"<td class='{check.status}'>{check.status}"
                f"{html.escape(' — ' + check.note) if check.note else ''}</td></tr>"
            )
    if not rows:
        return ""
    return (
        "<table class='official'><tr><th>candidate</th><th>field</th><th>article</th>"
        "<th>official count</th><th>status</th></tr>" + "".join(rows) + "</table>"
    )


def _facts_table(score: ArticleScore) -> str:
    rows = [
        "<table><tr><th>fact</th><th>field</th><th>gold</th><th>extracted</th><th>verdict</th></tr>"
    ]
    for o in sorted(score.outcomes, key=lambda o: (o.key, o.field)):
        rows.append(
            f'<tr class="{o.status}"><td>{html.escape(o.key)}</td><td>{html.escape(o.field)}</td>'
            f"<td>{html.escape(str(o.gold if o.gold is not None else ''))}</td>"
            f"<td>{html.escape(str(o.predicted if o.predicted is not None else ''))}</td>"
            f"<td>{STATUS_LABEL[o.status]}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def html_report(summary: EvalSummary) -> str:
    """A self-contained HTML page (no external assets): every article with its evidence
    highlighted and its facts marked correct, missing, extra or wrong."""
    data = summary.as_dict()
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>eval {html.escape(summary.model)} {html.escape(summary.prompt_version)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Eval ({summary.mode}) — {html.escape(summary.model)}, {html.escape(summary.prompt_version)}</h1>",
        f"<p>Overall F1 <b>{data['overall']['f1']:.3f}</b> · precision {data['overall']['precision']:.3f} · "
        f"recall {data['overall']['recall']:.3f} · numbers not in text <b>{data['numbers_not_in_text']}</b> · "
        f"{data['cost']['seconds_per_article']} s and {data['cost']['prompt_tokens_per_article']} + "
        f"{data['cost']['output_tokens_per_article']} tokens per article</p>",
        "<p class='legend'><span class='tp'>correct</span><span class='fn'>missing</span>"
        "<span class='fp'>extra</span><span class='wrong'>wrong</span><mark>evidence span</mark>"
        "<mark class='differs'>differs from the official count</mark></p>",
    ]
    for score in summary.articles:
        counts = score.counts.as_dict()
        error = (
            f"<p class='wrong'>error: {html.escape(score.run.error)}</p>" if score.run.error else ""
        )
        parts.append(
            f"<h2 id='{html.escape(score.id)}'>{html.escape(score.id)} — F1 {counts['f1']:.3f} "
            f"(tp {counts['tp']}, fp {counts['fp']}, fn {counts['fn']})</h2>{error}"
            f"<div class='row'><div class='text'>{_highlight(score.run.article.text, score)}</div>"
            f"<div class='facts'>{_facts_table(score)}{_official_table(score.run.result)}</div></div>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def write_reports(summary: EvalSummary, directory: Path, gate: GateResult | None) -> list[Path]:
    """Write report.json, report.md and report.html into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    data = summary.as_dict()
    data["facts"] = {
        a.id: [
            {
                "key": o.key,
                "field": o.field,
                "gold": o.gold,
                "extracted": o.predicted,
                "verdict": STATUS_LABEL[o.status],
            }
            for o in a.outcomes
        ]
        for a in summary.articles
    }
    if gate is not None:
        data["gate"] = {"passed": gate.passed, "failures": gate.failures, "notes": gate.notes}
    paths = [directory / "report.json", directory / "report.md", directory / "report.html"]
    paths[0].write_text(
        json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    paths[1].write_text(markdown(summary), encoding="utf-8")
    paths[2].write_text(html_report(summary), encoding="utf-8")
    return paths
