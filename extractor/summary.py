"""Readable terminal summaries of an extraction (rich)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from schemas import ArticleExtraction, Contest, FigureCheck

# How a figure checked against the official count is marked in the tables.
MARKS = {"matches": "✓", "differs": "✗", "unverified": "?"}


def _official(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _marked(text: str, check: FigureCheck | None) -> Text:
    """A cell with its official-count mark: ✓ matches, ✗ differs (official value beside)."""
    if check is None or text in ("–", ""):
        return Text(text)
    if check.status == "differs":
        return Text(f"{text} ✗ {_official(check.official)}", style="bold red")
    return Text(f"{text} {MARKS[check.status]}", style="green" if check.status == "matches" else "")


def _checks(contest: Contest) -> dict[tuple[int | None, str], FigureCheck]:
    figures = contest.verification.figures if contest.verification else []
    return {(f.candidate_index, f.field): f for f in figures}


def _num(value: float | int | None, suffix: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:+g}{suffix}" if suffix == " pts" else f"{value:g}{suffix}"
    return f"{value:,}{suffix}"


def _contest_table(contest: Contest) -> Table:
    parts = [contest.area or "(area not named)"]
    if contest.winner_party:
        parts.append(f"{contest.winner_party} {contest.outcome or 'win'}")
    if contest.gained_from:
        parts.append(f"from {contest.gained_from}")
    if contest.majority is not None:
        parts.append(f"majority {contest.majority:,}")
    if contest.turnout_pct is not None:
        parts.append(f"turnout {contest.turnout_pct:g}%")
    if contest.election.year:
        parts.append(f"{contest.election.kind} {contest.election.year}")
    if contest.constituency_code:
        parts.append(f"{contest.official_area} {contest.constituency_code}")
    verification = contest.verification
    caption = None
    if verification is not None:
        lines = [
            f"official count ({verification.year or '?'}): {verification.status}"
            + (f" — {verification.reason}" if verification.reason else "")
        ]
        for check in verification.figures:
            if check.candidate_index is None and check.status == "differs":
                lines.append(
                    f"  ✗ {check.field}: article {_official(check.article)}, "
                    f"official {_official(check.official)}"
                    + (f" ({check.note})" if check.note else "")
                )
        notes = {
            f"  ? {f.candidate or f.field}: {f.note}"
            for f in verification.figures
            if f.status == "unverified" and f.note
        }
        lines += sorted(notes)
        caption = "\n".join(lines)
    checks = _checks(contest)
    table = Table(
        title=" · ".join(parts),
        title_justify="left",
        caption=caption,
        caption_justify="left",
        expand=False,
        show_edge=False,
    )
    for column in ("candidate", "party", "votes", "share", "change", "elected"):
        table.add_column(
            column, justify="right" if column in {"votes", "share", "change"} else "left"
        )
    for index, c in enumerate(contest.candidates):
        table.add_row(
            _marked(c.name or "–", checks.get((index, "name"))),
            _marked(c.party or "–", checks.get((index, "party"))),
            _marked(_num(c.votes), checks.get((index, "votes"))),
            _marked(_num(c.share_pct, "%"), checks.get((index, "share_pct"))),
            _marked(_num(c.share_change_pts, " pts"), checks.get((index, "share_change_pts"))),
            _marked(
                {True: "yes", False: "no", None: ""}[c.elected], checks.get((index, "elected"))
            ),
        )
    return table


def summarise(extraction: ArticleExtraction, title: str) -> RenderableType:
    """A rich renderable listing every fact of ``extraction`` under ``title``."""
    items: list[RenderableType] = [Text(title, style="bold underline")]
    items += [_contest_table(contest) for contest in extraction.contests]
    for council in extraction.councils:
        table = Table(
            title=f"{council.council} · control: {council.control or '–'} {council.control_outcome or ''}",
            title_justify="left",
            show_edge=False,
        )
        table.add_column("party")
        table.add_column("seats", justify="right")
        table.add_column("change", justify="right")
        for p in council.parties:
            table.add_row(p.party or "–", _num(p.seats), _num(p.seats_change))
        items.append(table)
    for total in extraction.seat_totals:
        tallies = ", ".join(f"{p.party} {p.seats}" for p in total.parties)
        items.append(Text(f"Seats ({total.status}, {total.scope or 'national'}): {tallies}"))
    for referendum in extraction.referendums:
        options = ", ".join(f"{o.option} {_num(o.share_pct, '%')}" for o in referendum.options)
        items.append(Text(f"Referendum {referendum.area or ''}: {options}"))
    if extraction.is_empty():
        items.append(Text("no election results found", style="italic"))
    meta = extraction.meta
    if meta is not None:
        items.append(
            Text(
                f"{meta.model} · {meta.prompt_version} · {meta.seconds:.1f} s · "
                f"{meta.usage.prompt_tokens} prompt + {meta.usage.completion_tokens} output tokens · "
                f"{len(meta.dropped)} value(s) dropped by grounding",
                style="dim",
            )
        )
        for dropped in meta.dropped:
            items.append(
                Text(f"  dropped {dropped.path} = {dropped.value}: {dropped.reason}", style="dim")
            )
        for warning in meta.warnings:
            items.append(Text(f"  warning: {warning}", style="yellow"))
    return Group(*items)
