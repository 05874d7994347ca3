"""An offline HTML review of extracted records: read every fact beside the words it came from.

``extractor review RECORDS.jsonl -o DIR`` (or ``extract ... --review DIR``) writes:

- ``DIR/index.html``: every article (status, facts, warnings, dropped values, figures that
  differ from the official count), sortable and filterable. Its rows are in
  ``DIR/index-data.js``, a few hundred bytes per article, so 10,000 articles make a small
  index: no article text is in it.
- ``DIR/articles/NNNNN.html``: one self-contained page per article: the text with every
  evidence span highlighted, the facts beside it, each linked both ways (click a figure, see
  its words; click the words, see the fact), the official count's figure beside each checked
  one, the dropped values with their reasons, and the warnings.

Evidence offsets are into the prepared article text, so the text is read again from each
record's ``source`` (a file, or ``file.jsonl:LINE``) and prepared as the run did; a text whose
hash is not the record's is not shown (the file changed since), and the page says so.
Everything is plain HTML, CSS and a little JavaScript: no server, no network.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.inputs import read_texts
from extractor.outputs import Record, latest_by_id
from extractor.verify import count_verifications

STATIC = Path(__file__).parent / "data" / "review"
ARTICLE_DIR = "articles"


@dataclass(frozen=True)
class ReviewSummary:
    """What a review wrote."""

    index: Path
    articles: int
    with_text: int


# ---- one article's page ------------------------------------------------------------------------


@dataclass
class _Fact:
    row: str
    kind: str
    label: str
    values: list[tuple[str, Any]]
    spans: list[dict[str, Any]]
    checks: dict[str, dict[str, Any]]


def _facts(extraction: dict[str, Any]) -> list[_Fact]:
    facts: list[_Fact] = []

    def add(
        kind: str,
        label: str,
        item: dict[str, Any],
        fields: Sequence[str],
        checks: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        values = [(f, item.get(f)) for f in fields if item.get(f) not in (None, "", [])]
        facts.append(
            _Fact(
                f"r{len(facts)}",
                kind,
                label,
                values,
                list(item.get("evidence") or []),
                checks or {},
            )
        )

    for contest in extraction.get("contests") or []:
        verification = contest.get("verification") or {}
        figures = verification.get("figures") or []
        own = {f["field"]: f for f in figures if f.get("candidate_index") is None}
        election = contest.get("election") or {}
        label = f"{contest.get('area') or '(no area)'} · {election.get('kind')} {election.get('year') or ''}"
        if contest.get("constituency_code"):
            label += f" · {contest.get('official_area')} {contest['constituency_code']}"
        if verification:
            label += f" · official count: {verification.get('status')}"
            if verification.get("reason"):
                label += f" ({verification['reason']})"
        add(
            "contest",
            label,
            contest,
            ("winner_party", "outcome", "gained_from", "majority", "turnout_pct"),
            own,
        )
        for index, candidate in enumerate(contest.get("candidates") or []):
            mine = {f["field"]: f for f in figures if f.get("candidate_index") == index}
            add(
                "candidate",
                candidate.get("name") or candidate.get("party") or "(unnamed)",
                candidate,
                ("party", "votes", "share_pct", "share_change_pts", "elected"),
                mine,
            )
    for council in extraction.get("councils") or []:
        add(
            "council",
            council.get("council") or "(council)",
            council,
            ("control", "control_outcome"),
        )
        for party in council.get("parties") or []:
            add("council party", party.get("party") or "(party)", party, ("seats", "seats_change"))
    for total in extraction.get("seat_totals") or []:
        add("seat tally", f"{total.get('scope') or 'national'} ({total.get('status')})", total, ())
        for party in total.get("parties") or []:
            add("tally party", party.get("party") or "(party)", party, ("seats",))
    for referendum in extraction.get("referendums") or []:
        add("referendum", referendum.get("area") or "(referendum)", referendum, ("question",))
        for option in referendum.get("options") or []:
            add("option", option.get("option") or "(option)", option, ("share_pct", "votes"))
    return facts


def _highlighted(text: str, spans: list[tuple[str, int, int, bool]]) -> str:
    """The text as HTML, each evidence span's characters in ``<mark>`` segments naming it.

    Spans may overlap (one figure supports two fields): the text is cut at every span boundary
    and each piece lists every span covering it, so each span is exactly its characters.
    """
    bounds = sorted({0, len(text), *(s for _, s, _, _ in spans), *(e for _, _, e, _ in spans)})
    out = []
    for start, end in itertools.pairwise(bounds):
        piece = html.escape(text[start:end])
        covering = [(sid, differs) for sid, s, e, differs in spans if s <= start and end <= e]
        if not covering:
            out.append(piece)
            continue
        ids = " ".join(sid for sid, _ in covering)
        css = "ev differs" if any(d for _, d in covering) else "ev"
        out.append(f'<mark class="{css}" data-spans="{ids}" data-start="{start}">{piece}</mark>')
    return "".join(out)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return html.escape(str(value))


def article_page(record: Record, text: str | None, number: int) -> str:
    """The review page of one record."""
    extraction = record.get("extraction") or {}
    facts = _facts(extraction)
    spans: list[tuple[str, int, int, bool]] = []
    rows = []
    for fact in facts:
        links = []
        differs_fields = {f for f, c in fact.checks.items() if c.get("status") == "differs"}
        for span in fact.spans:
            sid = f"e{len(spans)}"
            differs = span.get("field") in differs_fields
            spans.append((sid, int(span["start"]), int(span["end"]), differs))
            links.append(
                f'<a href="#{sid}" class="span-link" data-span="{sid}" data-row="{fact.row}" '
                f'data-start="{span["start"]}" data-end="{span["end"]}" '
                f'data-quote="{html.escape(str(span["quote"]))}">{html.escape(str(span.get("field") or ""))}: '
                f"“{html.escape(str(span['quote']))}”</a>"
            )
        values = []
        for field, value in fact.values:
            check = fact.checks.get(field)
            official = ""
            if check:
                status = check.get("status")
                shown = "" if check.get("official") is None else _cell(check["official"])
                official = f' <span class="check {status}" title="{html.escape(str(check.get("note") or ""))}">{status}{" " + shown if status == "differs" else ""}</span>'
            values.append(
                f"<span class='kv'><b>{html.escape(field)}</b> {_cell(value)}{official}</span>"
            )
        rows.append(
            f'<tr id="{fact.row}" class="fact {html.escape(fact.kind.replace(" ", "-"))}"><td>{html.escape(fact.kind)}</td>'
            f"<td>{html.escape(fact.label)}</td><td>{' '.join(values)}</td><td>{'<br>'.join(links)}</td></tr>"
        )
    dropped = "".join(
        f"<li><code>{html.escape(str(d.get('path')))}</code> = {html.escape(str(d.get('value')))}: "
        f"{html.escape(str(d.get('reason')))}</li>"
        for d in record.get("dropped") or []
    )
    warnings = "".join(f"<li>{html.escape(str(w))}</li>" for w in record.get("warnings") or [])
    error = record.get("error") or {}
    if text is None:
        body = "<p class='missing'>The article text is not available (its source was not found, or its text changed since the run): pass the inputs with <code>--articles</code>.</p>"
    else:
        # The newline after <pre> is dropped by every HTML parser: the text keeps its own first.
        body = (
            f'<pre id="text">\n{_highlighted(text, [s for s in spans if s[2] <= len(text)])}</pre>'
        )
    title = html.escape(str(record.get("id")))
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="../review.css"></head><body class="article">
<p><a href="../index.html">← all articles</a> · article {number + 1}</p>
<h1>{title}</h1>
<p class="meta">{html.escape(str(record.get("source") or ""))} · status <b>{html.escape(str(record.get("status")))}</b>
{(" · " + html.escape(str(error.get("type"))) + ": " + html.escape(str(error.get("message")))) if error else ""}
· {html.escape(str(record.get("model") or ""))} {html.escape(str(record.get("prompt_version") or ""))}</p>
<div class="row"><div class="col">{body}</div>
<div class="col"><table class="facts"><tr><th>kind</th><th>fact</th><th>values (official count)</th><th>evidence</th></tr>{"".join(rows)}</table>
<h2>Dropped values ({len(record.get("dropped") or [])})</h2><ul class="dropped">{dropped}</ul>
<h2>Warnings ({len(record.get("warnings") or [])})</h2><ul class="warnings">{warnings}</ul></div></div>
<script src="../review.js"></script></body></html>
"""


# ---- the index ---------------------------------------------------------------------------------


def index_row(record: Record, number: int, has_text: bool) -> dict[str, Any]:
    """The index's row of one record."""
    extraction = record.get("extraction") or {}
    counts = count_verifications(extraction.get("contests") or [])
    return {
        "n": number,
        "id": str(record.get("id")),
        "source": str(record.get("source") or ""),
        "status": str(record.get("status")),
        "contests": len(extraction.get("contests") or []),
        "councils": len(extraction.get("councils") or []),
        "seat_totals": len(extraction.get("seat_totals") or []),
        "referendums": len(extraction.get("referendums") or []),
        "warnings": len(record.get("warnings") or []),
        "dropped": len(record.get("dropped") or []),
        "differs": counts.figures_differ,
        "checked": counts.figures_checked,
        "error": str((record.get("error") or {}).get("type") or ""),
        "text": has_text,
    }


def write_review(
    records: Iterable[Record],
    directory: Path,
    *,
    extra_inputs: Sequence[str] = (),
    base_dirs: Sequence[Path] = (),
) -> ReviewSummary:
    """Write the review of the latest record of each article into ``directory`` (texts from
    the records' sources, also looked for under ``base_dirs``, and ``extra_inputs``)."""
    latest = list(latest_by_id(records).values())
    texts = read_texts(latest, extra_inputs, base_dirs)
    pages = directory / ARTICLE_DIR
    pages.mkdir(parents=True, exist_ok=True)
    rows = []
    for number, record in enumerate(latest):
        text = texts.get(str(record.get("sha256")))
        (pages / f"{number:05d}.html").write_text(
            article_page(record, text, number), encoding="utf-8"
        )
        rows.append(index_row(record, number, text is not None))
    for name in ("index.html", "review.css", "review.js"):
        (directory / name).write_text((STATIC / name).read_text(encoding="utf-8"), encoding="utf-8")
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    (directory / "index-data.js").write_text(f"window.REVIEW_ROWS = {data};\n", encoding="utf-8")
    return ReviewSummary(directory / "index.html", len(rows), sum(1 for r in rows if r["text"]))


__all__ = ["ReviewSummary", "article_page", "index_row", "write_review"]
