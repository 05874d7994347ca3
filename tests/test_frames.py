"""Typed Parquet tables, DataFrames from any output, and the README's DuckDB recipe."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from extractor import load
from extractor.cli import app
from extractor.frames import write_parquet
from extractor.outputs import write_tables
from tests.test_bulk import FakeOpenAI, fake_env, make_articles
from tests.test_verify import extract_offline

__all__ = ["fake_env"]
ROOT = Path(__file__).resolve().parent.parent


def _records() -> list[dict[str, object]]:
    records = []
    for name in ("kensington_2017_transposed.txt", "richmond_park_2019_correct.txt"):
        result = extract_offline(name)
        records.append(
            {
                "id": name,
                "status": "ok",
                "extraction": result.model_dump(mode="json", exclude={"meta"}),
            }
        )
    records.append({"id": "junk", "status": "error", "error": {"type": "empty_article"}})
    return records


def test_parquet_tables_are_typed_and_keep_the_evidence_offsets(tmp_path: Path) -> None:
    write_parquet(_records(), tmp_path)
    candidates = pq.read_table(tmp_path / "candidates.parquet")
    types = {f.name: str(f.type) for f in candidates.schema}
    assert types["votes"] == "int64" and types["share_pct"] == "double"
    assert types["elected"] == "bool" and types["official_votes"] == "int64"
    rows = candidates.to_pylist()
    borwick = next(r for r in rows if r["name"] == "Victoria Borwick")
    assert (borwick["votes"], borwick["official_votes"], borwick["status_votes"]) == (
        16133,
        16313,
        "differs",
    )
    assert borwick["share_change_pts"] is None  # not given: null, not NaN or ""
    text = (ROOT / "tests" / "data" / "verify" / "kensington_2017_transposed.txt").read_text()
    for span in borwick["evidence_spans"]:
        assert text[span["start"] : span["end"]] == span["quote"]
    articles = pq.read_table(tmp_path / "articles.parquet").to_pylist()
    assert {a["article_id"]: a["status"] for a in articles}["junk"] == "error"


def test_load_reads_records_csv_and_parquet_alike(tmp_path: Path) -> None:
    records = _records()
    jsonl = tmp_path / "facts.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    write_tables(records, tmp_path / "csv")
    write_parquet(records, tmp_path / "parquet")
    loaded = [load(jsonl), load(tmp_path / "csv"), load(tmp_path / "parquet")]
    for tables in loaded:
        assert set(tables) == {
            "contests",
            "candidates",
            "councils",
            "seat_totals",
            "referendums",
            "articles",
        }
        candidates = tables["candidates"]
        assert str(candidates["votes"].dtype) == "Int64"
        assert candidates["votes"].sum() == 16333 + 16133 + 4724 + 767 + 34559 + 26793 + 3407
        assert candidates["share_change_pts"].isna().all()
    first, from_csv, from_parquet = (
        t["candidates"].drop(columns=["evidence_spans"], errors="ignore") for t in loaded
    )
    assert first.equals(from_parquet)
    assert list(first["votes"]) == list(from_csv["votes"])


def test_load_gives_polars_frames_when_asked() -> None:
    polars = pytest.importorskip("polars")
    records = _records()
    path = Path(pytest.importorskip("tempfile").mkdtemp()) / "facts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    frames = load(path, backend="polars")
    assert isinstance(frames["candidates"], polars.DataFrame)
    assert frames["candidates"]["votes"].dtype == polars.Int64
    with pytest.raises(ValueError, match="backend"):
        load(path, backend="spark")


def test_extract_writes_parquet_tables(tmp_path: Path, fake_env: FakeOpenAI) -> None:
    make_articles(tmp_path / "in", 2)
    out = tmp_path / "tables"
    result = CliRunner().invoke(
        app, ["extract", str(tmp_path / "in"), "-o", str(out), "--format", "parquet"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "records.jsonl").is_file()
    assert pq.read_table(out / "articles.parquet").num_rows == 2
    assert (
        CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "--format", "parquet"]).exit_code
        == 2
    )


def test_the_readme_duckdb_recipe_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("duckdb")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    (recipe,) = [textwrap.dedent(b) for b in blocks if "duckdb" in b]
    write_parquet(_records(), tmp_path / "tables")
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {}
    exec(compile(recipe, "README.md", "exec"), scope)
    assert scope["differs"] == [
        ("kensington_2017_transposed.txt", "KENSINGTON", "Victoria Borwick", 16133, 16313)
    ]
