"""Bulk extraction on a local Ray cluster: the records of a local run, resume, a killed worker,
several servers. Skipped when Ray is not installed (the `ray` extra)."""

from __future__ import annotations

import io
import json
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.config import Settings
from extractor.inputs import iter_inputs
from extractor.progress import QuietReporter, RunStats
from tests.test_bulk import FakeOpenAI, fake_env, make_articles, records_of

ray = pytest.importorskip("ray")
__all__ = ["fake_env"]
TIMING = ("seconds",)


@pytest.fixture(scope="module", autouse=True)
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in TIMING}


def test_ray_records_are_a_local_runs_apart_from_timing(
    tmp_path: Path, fake_env: FakeOpenAI
) -> None:
    make_articles(tmp_path / "in", 6)
    runner = CliRunner()
    local = runner.invoke(
        app, ["extract", str(tmp_path / "in"), "-o", str(tmp_path / "local.jsonl"), "--no-cache"]
    )
    assert local.exit_code == 0, local.output
    clustered = runner.invoke(
        app,
        [
            "extract",
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "ray.jsonl"),
            "--ray",
            "--no-cache",
            "--base-url",
            fake_env.base_url,
            "--workers",
            "2",
        ],
    )
    assert clustered.exit_code == 0, clustered.output
    by_id = {r["id"]: _comparable(r) for r in records_of(tmp_path / "local.jsonl")}
    on_ray = {r["id"]: _comparable(r) for r in records_of(tmp_path / "ray.jsonl")}
    assert on_ray == by_id  # config_key, facts, warnings, usage: the same
    # And a rerun skips everything.
    again = runner.invoke(
        app,
        [
            "extract",
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "ray.jsonl"),
            "--ray",
            "--base-url",
            fake_env.base_url,
        ],
    )
    assert again.exit_code == 0 and len(records_of(tmp_path / "ray.jsonl")) == 6


def _worker_pids() -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if b"MapWorker(MapBatches(ExtractWorker))" in handle.read():
                        pids.append(int(entry))
            except OSError:
                continue
    return pids


def test_a_worker_killed_mid_run_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAI(delay_s=0.05) as server:
        ids = make_articles(tmp_path / "in", 200)
        out = tmp_path / "out.jsonl"
        settings = Settings(
            base_url=server.base_url,
            api_key="k",
            model="embedded",
            provider="llama-cpp",
            passages=False,
            network_retries=0,
            timeout_s=30,
        )
        from extractor.ray import run_ray

        done: dict[str, Any] = {}

        def run() -> None:
            done["result"] = run_ray(
                iter_inputs(ids),
                settings=settings,
                reporter=QuietReporter(RunStats(), io.StringIO()),
                output=out,
                base_urls=[server.base_url],
                workers=2,
                jobs=2,
            )

        thread = threading.Thread(target=run)
        thread.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (
            not out.exists() or len(out.read_text().splitlines()) < 40
        ):
            time.sleep(0.2)
        victims = _worker_pids()
        assert victims, "no Ray worker found to kill"
        os.kill(victims[0], signal.SIGKILL)
        thread.join(timeout=300)
        assert not thread.is_alive()
    records = records_of(out)
    counts = Counter(r["id"] for r in records)
    assert set(counts) == set(ids)
    assert max(counts.values()) == 1  # every input exactly one record
    assert {r["status"] for r in records} == {"ok"}


def test_articles_go_round_a_dead_server(tmp_path: Path, fake_env: FakeOpenAI) -> None:
    make_articles(tmp_path / "in", 8)
    dead = "http://127.0.0.1:9/v1"  # nothing listens there
    result = CliRunner().invoke(
        app,
        [
            "extract",
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out.jsonl"),
            "--ray",
            "--base-url",
            dead,
            "--base-url",
            fake_env.base_url,
            "-j",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    records = records_of(tmp_path / "out.jsonl")
    assert len(records) == 8 and {r["status"] for r in records} == {"ok"}
    assert sum(fake_env.requests.values()) == 8


def test_more_than_one_server_needs_ray(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["extract", "x.txt", "-o", str(tmp_path / "o.jsonl"), "--base-url", "a", "--base-url", "b"],
    )
    assert result.exit_code == 2 and "needs --ray" in result.output


def test_extract_dataset_takes_a_ray_dataset(fake_env: FakeOpenAI) -> None:
    from extractor.ray import extract_dataset

    text = Path(make_articles(Path(os.environ.get("TMPDIR", "/tmp")) / "ds-in", 1)[0]).read_text()
    dataset = ray.data.from_items([{"id": "one", "text": text, "outlet": "Gazette"}])
    rows = extract_dataset(dataset, base_urls=[fake_env.base_url], workers=1).take_all()
    (record,) = [json.loads(r["record"]) for r in rows]
    assert record["id"] == "one" and record["status"] == "ok"
    assert record["metadata"] == {"outlet": "Gazette"}
