"""`extractor batch submit/status/collect` against a fake of the Batch API on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor import batch
from extractor.cli import app
from extractor.config import Settings
from extractor.inputs import iter_inputs
from tests.test_bulk import FakeOpenAI, make_articles, records_of, server_env

BROKEN = "REF-A0003"  # the article whose batch result fails


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI(batch_fail_marker=BROKEN) as server:
        for name, value in server_env(server).items():
            monkeypatch.setenv(name, value)
        yield server


def test_submit_status_collect_with_a_live_repair(tmp_path: Path, fake: FakeOpenAI) -> None:
    ids = make_articles(tmp_path / "in", 6)
    (tmp_path / "in" / "empty.txt").write_text("")
    out = tmp_path / "run"
    runner = CliRunner()

    result = runner.invoke(app, ["batch", "submit", str(tmp_path / "in"), "--out", str(out)])
    assert result.exit_code == 1, result.output  # one input was unusable
    state = json.loads((out / "batch.json").read_text())
    assert state["batch_id"] == "batch-1" and state["input_file_id"] == "file-1"
    assert [a["id"] for a in state["articles"]] == ids
    assert all(a["sha256"] and a["custom_ids"] == [a["id"]] for a in state["articles"])
    assert [r["error"]["type"] for r in records_of(out / "records.jsonl")] == ["empty_article"]
    uploaded = [json.loads(line) for line in fake.files["file-1"].splitlines()]
    assert [u["custom_id"] for u in uploaded] == ids
    assert {u["url"] for u in uploaded} == {"/v1/chat/completions"}
    assert sum(fake.requests.values()) == 0  # nothing went to the live endpoint

    # A second submit before collecting is refused.
    again = runner.invoke(app, ["batch", "submit", str(tmp_path / "in"), "--out", str(out)])
    assert again.exit_code == 2

    result = runner.invoke(app, ["batch", "status", str(out)])
    assert result.exit_code == 0 and "in_progress" in result.output
    result = runner.invoke(app, ["batch", "collect", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output

    # The failed result was re-run live, and only it.
    assert dict(fake.requests) == {BROKEN: 1}
    # The live repair sent exactly the request the batch carried for that article.
    broken_batch_body = next(b for b in fake.batch_bodies if BROKEN in json.dumps(b))
    assert fake.chat_bodies == [broken_batch_body]
    records = records_of(out / "records.jsonl")
    by_id = {r["id"]: r for r in records}
    assert len(records) == len(by_id) == 7
    assert all(by_id[i]["status"] == "ok" for i in ids)
    assert [by_id[i].get("via") for i in ids].count("batch") == 5
    kensington = by_id[ids[4]]["extraction"]["contests"][0]
    assert kensington["candidates"][0]["votes"] == 16333
    assert kensington["candidates"][0]["evidence"]
    assert kensington["turnout_pct"] is None  # grounded: the invented turnout was dropped
    grounding = [d["path"] for d in by_id[ids[4]]["dropped"] if d["by"] == "ground"]
    assert grounding == ["contests[0].turnout_pct"]
    assert (out / "candidates.csv").is_file()
    assert json.loads((out / "batch.json").read_text())["collected"] is True

    # Collecting again writes nothing new.
    assert runner.invoke(app, ["batch", "collect", str(out)]).exit_code == 0
    assert len(records_of(out / "records.jsonl")) == 7


def test_batch_and_live_records_agree(tmp_path: Path, fake: FakeOpenAI) -> None:
    ids = make_articles(tmp_path / "in", 5)
    runner = CliRunner()
    assert (
        runner.invoke(app, ["batch", "submit", *ids, "--out", str(tmp_path / "b")]).exit_code == 0
    )
    assert runner.invoke(app, ["batch", "collect", str(tmp_path / "b")]).exit_code == 3  # not yet
    assert runner.invoke(app, ["batch", "collect", str(tmp_path / "b")]).exit_code == 0
    live = tmp_path / "live.jsonl"
    assert runner.invoke(app, ["extract", *ids, "-o", str(live)]).exit_code == 0
    from_batch = {r["id"]: r for r in records_of(tmp_path / "b" / "records.jsonl")}
    for record in records_of(live):
        other = from_batch[record["id"]]
        for key in ("sha256", "config_key", "extraction", "dropped", "warnings", "model"):
            assert record[key] == other[key], key


def test_multi_chunk_articles_get_one_custom_id_per_chunk(
    tmp_path: Path, fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXTRACTOR_CHUNK_CHARS", "1000")
    (article,) = make_articles(tmp_path / "in", 1)
    state = batch.submit(iter_inputs([article]), tmp_path / "b", settings=Settings.from_env())
    (entry,) = state["articles"]
    assert len(entry["custom_ids"]) > 1
    assert entry["custom_ids"][0] == f"{article}#0"
    runner = CliRunner()
    runner.invoke(app, ["batch", "status", str(tmp_path / "b")])
    result = runner.invoke(app, ["batch", "collect", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    (record,) = records_of(tmp_path / "b" / "records.jsonl")
    assert record["usage"]["requests"] == len(entry["custom_ids"])
    assert any("chunks" in w for w in record["warnings"])


def test_the_embedded_model_has_no_batch_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    (article,) = make_articles(tmp_path / "in", 1)
    result = CliRunner().invoke(app, ["batch", "submit", article, "--out", str(tmp_path / "b")])
    assert result.exit_code == 2 and "Batch API" in result.output
