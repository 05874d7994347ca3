"""Readable terminal summaries of an extraction (rich)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from schemas import ArticleExtraction, Contest


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
    table = Table(title=" · ".join(parts), title_justify="left", expand=False, show_edge=False)
    for column in ("candidate", "party", "votes", "share", "change", "elected"):
        table.add_column(
            column, justify="right" if column in {"votes", "share", "change"} else "left"
        )
    for c in contest.candidates:
        table.add_row(
            c.name or "–",
            c.party or "–",
            _num(c.votes),
            _num(c.share_pct, "%"),
            _num(c.share_change_pts, " pts"),
            {True: "yes", False: "no", None: ""}[c.elected],
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
