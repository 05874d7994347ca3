"""The outputs of a bulk run: the JSONL records file, and flat CSV tables made from it.

Records are appended one line per write, flushed and fsynced (:class:`RecordWriter`); on
reading, a torn last line is cut away (:func:`load_records`).

CSV tables are for pandas and spreadsheets. A general-election contest checked against the
official count (:mod:`extractor.verify`) carries its constituency code, and beside each figure
the official figure (``official_votes``) and a status (``votes_status``: matches, differs,
unverified).
One table per kind of fact, one row per smallest unit (a candidate, a council party, a party in
a seat tally, a referendum option), each row carrying the article id and the evidence: the
article's own words for that row, the quotes joined with `` | ``. Plain UTF-8 with a header
row (:mod:`csv`), written atomically. ``articles.csv`` lists every article with its status.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.verify import count_verifications

Record = dict[str, Any]


class OutputBusyError(OSError):
    """Another run is writing the same output file."""


@dataclass
class LoadedRecords:
    """The records of an existing output file."""

    records: list[Record] = field(default_factory=list)
    torn_line_removed: bool = False
    bad_lines: int = 0


def load_records(path: Path, *, repair: bool = True) -> LoadedRecords:
    """Read the records in ``path``; with ``repair``, cut away a torn last line.

    A torn line is one that does not parse as a JSON object (a write cut short by a crash); it
    can only be the last one, as every record is written in one piece. A complete last record
    without its newline gets one. Unparsable lines elsewhere are counted and ignored.
    """
    loaded = LoadedRecords()
    if not path.is_file():
        return loaded
    data = path.read_bytes()
    segments = data.split(b"\n")
    offsets = []
    position = 0
    for segment in segments:
        offsets.append(position)
        position += len(segment) + 1
    nonempty = [i for i, segment in enumerate(segments) if segment.strip()]
    last = nonempty[-1] if nonempty else -1
    for index in nonempty:
        try:
            record = json.loads(segments[index])
        except ValueError:
            record = None
        if isinstance(record, dict):
            loaded.records.append(record)
        elif index == last:
            loaded.torn_line_removed = True
            if repair:
                os.truncate(path, offsets[index])
        else:
            loaded.bad_lines += 1
    if repair and not loaded.torn_line_removed and last >= 0 and not data.endswith(b"\n"):
        with open(path, "ab") as handle:
            handle.write(b"\n")
    return loaded


def latest_by_id(records: Iterable[Record]) -> dict[str, Record]:
    """The last record of each article id, in first-seen order of the ids."""
    latest: dict[str, Record] = {}
    for record in records:
        if "id" in record:
            latest[str(record["id"])] = record
    return latest


class RecordWriter:
    """Appends records to a JSONL file: one ``write`` per line, then flush and fsync.

    Holds an exclusive lock on the file so that two runs never write the same output.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not POSIX
            pass
        except BlockingIOError:
            os.close(self._fd)
            raise OutputBusyError(f"another run is writing {path}") from None

    def write(self, record: Record) -> None:
        """Append ``record`` as one line and make it durable."""
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        os.fsync(self._fd)

    def close(self) -> None:
        """Release the lock and close the file."""
        os.close(self._fd)


def write_records(records: Iterable[Record], path: Path) -> None:
    """Write ``records`` as a new JSONL file, atomically (a reader never sees half of it)."""
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


# --- CSV tables ---------------------------------------------------------------------------------

EVIDENCE_SEPARATOR = " | "

TABLES: dict[str, list[str]] = {
    "contests.csv": [
        "article_id",
        "contest",
        "election_kind",
        "election_year",
        "area",
        "winner_party",
        "winner_party_as_written",
        "outcome",
        "gained_from",
        "majority",
        "turnout_pct",
        "candidates",
        "evidence",
        "constituency_code",
        "official_area",
        "verification",
        "verification_reason",
        "differences",
        *(
            f"{prefix}{f}"
            for f in ("majority", "winner_party", "outcome", "gained_from", "turnout_pct")
            for prefix in ("official_", "status_")
        ),
    ],
    "candidates.csv": [
        "article_id",
        "contest",
        "area",
        "election_kind",
        "election_year",
        "name",
        "party",
        "party_as_written",
        "votes",
        "share_pct",
        "share_change_pts",
        "elected",
        "evidence",
        "constituency_code",
        "official_name",
        *(
            f"{prefix}{f}"
            for f in ("party", "votes", "share_pct", "share_change_pts", "elected")
            for prefix in ("official_", "status_")
        ),
    ],
    "councils.csv": [
        "article_id",
        "council_index",
        "council",
        "election_kind",
        "election_year",
        "control",
        "control_outcome",
        "party",
        "party_as_written",
        "seats",
        "seats_change",
        "evidence",
    ],
    "seat_totals.csv": [
        "article_id",
        "tally",
        "scope",
        "status",
        "election_kind",
        "election_year",
        "party",
        "party_as_written",
        "seats",
        "evidence",
    ],
    "referendums.csv": [
        "article_id",
        "referendum",
        "area",
        "question",
        "election_year",
        "option",
        "share_pct",
        "votes",
        "evidence",
    ],
}
ARTICLE_COLUMNS = [
    "article_id",
    "source",
    "status",
    "error_type",
    "error_message",
    "model",
    "prompt_version",
    "contests",
    "councils",
    "seat_totals",
    "referendums",
    "dropped",
    "figures_differ",
    "prompt_tokens",
    "completion_tokens",
    "sha256",
]
_CONTEST_FIELDS = (
    "area",
    "winner_party",
    "winner_party_as_written",
    "outcome",
    "gained_from",
    "majority",
    "turnout_pct",
)
_CANDIDATE_FIELDS = (
    "name",
    "party",
    "party_as_written",
    "votes",
    "share_pct",
    "share_change_pts",
    "elected",
)
_FACT_LISTS = ("contests", "councils", "seat_totals", "referendums")


def evidence_spans(*facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The evidence spans (quote, start, end, field) of the first fact that has any."""
    for fact in facts:
        spans = [
            {k: e.get(k) for k in ("quote", "start", "end", "field")}
            for e in fact.get("evidence") or []
        ]
        if spans:
            return spans
    return []


def evidence_text(*facts: dict[str, Any]) -> str:
    """The evidence quotes of the first fact that has any, unique, joined with `` | ``."""
    for fact in facts:
        quotes = [str(e.get("quote", "")) for e in fact.get("evidence") or []]
        quotes = [q for q in dict.fromkeys(quotes) if q]
        if quotes:
            return EVIDENCE_SEPARATOR.join(quotes)
    return ""


def _election(fact: dict[str, Any]) -> dict[str, Any]:
    election = fact.get("election") or {}
    return {"election_kind": election.get("kind"), "election_year": election.get("year")}


def _official_columns(checks: list[dict[str, Any]]) -> dict[str, Any]:
    """``official_<field>`` and ``status_<field>`` cells from a contest's figure checks."""
    cells: dict[str, Any] = {}
    for check in checks:
        field = check.get("field")
        if field == "name":
            cells["official_name"] = check.get("official")
        else:
            cells[f"official_{field}"] = check.get("official")
            cells[f"status_{field}"] = check.get("status")
    return cells


def _verification_columns(
    contest: dict[str, Any],
) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    """The contest's verification cells, and each candidate's (by index)."""
    verification = contest.get("verification") or {}
    checks = verification.get("figures") or []
    own = [c for c in checks if c.get("candidate_index") is None]
    by_candidate: dict[int, list[dict[str, Any]]] = {}
    for check in checks:
        if check.get("candidate_index") is not None:
            by_candidate.setdefault(int(check["candidate_index"]), []).append(check)
    code = {"constituency_code": contest.get("constituency_code")}
    contest_cells = {
        **code,
        "official_area": contest.get("official_area"),
        "verification": verification.get("status"),
        "verification_reason": verification.get("reason"),
        "differences": len(verification.get("differences") or []) if verification else None,
        **_official_columns(own),
    }
    return contest_cells, {i: {**code, **_official_columns(c)} for i, c in by_candidate.items()}


def _contest_rows(article_id: str, facts: dict[str, Any]) -> tuple[list[dict[str, Any]], ...]:
    contests, candidates = [], []
    for index, contest in enumerate(facts.get("contests") or []):
        election = _election(contest)
        verified, verified_candidates = _verification_columns(contest)
        contests.append(
            {
                "article_id": article_id,
                "contest": index,
                **election,
                **{k: contest.get(k) for k in _CONTEST_FIELDS},
                "candidates": len(contest.get("candidates") or []),
                "evidence": evidence_text(contest),
                "evidence_spans": evidence_spans(contest),
                **verified,
            }
        )
        for position, candidate in enumerate(contest.get("candidates") or []):
            candidates.append(
                {
                    "article_id": article_id,
                    "contest": index,
                    "area": contest.get("area"),
                    **election,
                    **{k: candidate.get(k) for k in _CANDIDATE_FIELDS},
                    "evidence": evidence_text(candidate),
                    "evidence_spans": evidence_spans(candidate),
                    "constituency_code": contest.get("constituency_code"),
                    **verified_candidates.get(position, {}),
                }
            )
    return contests, candidates


def _grouped_rows(
    article_id: str,
    groups: Sequence[dict[str, Any]],
    index_name: str,
    head: Sequence[str],
    members: str,
    member_fields: Sequence[str],
) -> list[dict[str, Any]]:
    """One row per member of each group (a group without members gets one row)."""
    rows = []
    for index, group in enumerate(groups):
        base = {
            "article_id": article_id,
            index_name: index,
            **_election(group),
            **{k: group.get(k) for k in head},
        }
        for member in group.get(members) or [None]:
            item = member or {}
            rows.append(
                {
                    **base,
                    **{k: item.get(k) for k in member_fields},
                    "evidence": evidence_text(item, group),
                    "evidence_spans": evidence_spans(item, group),
                }
            )
    return rows


def table_rows(records: Iterable[Record]) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for the latest record of each article."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    tables["articles.csv"] = []
    for article_id, record in latest_by_id(records).items():
        facts = record.get("extraction") or {}
        usage = record.get("usage") or {}
        error = record.get("error") or {}
        tables["articles.csv"].append(
            {
                "article_id": article_id,
                "source": record.get("source"),
                "status": record.get("status"),
                "error_type": error.get("type"),
                "error_message": error.get("message"),
                "model": record.get("model"),
                "prompt_version": record.get("prompt_version"),
                **{k: len(facts.get(k) or []) for k in _FACT_LISTS},
                "dropped": len(record.get("dropped") or []),
                "figures_differ": count_verifications(facts.get("contests") or []).figures_differ
                if record.get("status") == "ok"
                else None,
                "prompt_tokens": usage.get("prompt_tokens"),
                "completion_tokens": usage.get("completion_tokens"),
                "sha256": record.get("sha256"),
            }
        )
        if record.get("status") != "ok":
            continue
        contests, candidates = _contest_rows(article_id, facts)
        tables["contests.csv"] += contests
        tables["candidates.csv"] += candidates
        tables["councils.csv"] += _grouped_rows(
            article_id,
            facts.get("councils") or [],
            "council_index",
            ("council", "control", "control_outcome"),
            "parties",
            ("party", "party_as_written", "seats", "seats_change"),
        )
        tables["seat_totals.csv"] += _grouped_rows(
            article_id,
            facts.get("seat_totals") or [],
            "tally",
            ("scope", "status"),
            "parties",
            ("party", "party_as_written", "seats"),
        )
        tables["referendums.csv"] += _grouped_rows(
            article_id,
            facts.get("referendums") or [],
            "referendum",
            ("area", "question"),
            "options",
            ("option", "share_pct", "votes"),
        )
    return tables


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
    os.replace(partial, path)


def write_tables(records: Iterable[Record], directory: Path) -> list[Path]:
    """Write every CSV table for ``records`` into ``directory``; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in table_rows(records).items():
        columns = ARTICLE_COLUMNS if name == "articles.csv" else TABLES[name]
        _write_csv(directory / name, columns, rows)
        written.append(directory / name)
    return written
