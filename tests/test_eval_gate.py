"""The regression gate on the committed recordings: passes as is, fails when a response is worse."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.dataset import load_dev_set
from evals.gate import check, load_baseline
from evals.runner import REPLAY_DIR, run_replay
from evals.summary import EvalSummary
from extractor.cli import app

BASELINE = load_baseline()
pytestmark = pytest.mark.skipif(BASELINE is None, reason="no evals/baseline.json yet")


def test_replayed_dev_set_passes_the_gate_and_has_no_number_outside_the_text() -> None:
    summary = EvalSummary.from_runs("replay", run_replay(load_dev_set()))
    assert summary.errors == []
    assert summary.numbers_not_in_text == 0
    assert BASELINE is not None
    result = check(summary, BASELINE, margin=0.0)
    assert result.passed, result.failures


def _worsen_one_vote(replay_dir: Path) -> str:
    """Change one recorded vote count that the baseline has right; return the candidate's name."""
    assert BASELINE is not None
    correct = [f for f in BASELINE["correct_facts"] if "| candidate.votes = " in f]
    for fact in correct:
        article_id, key, field = (part.strip() for part in fact.split("|"))
        votes = int(field.rsplit("=", 1)[1])
        path = replay_dir / f"{article_id}.json"
        text = path.read_text(encoding="utf-8")
        for written in (f"{votes:,}", str(votes)):
            needle = json.dumps(written)[1:-1]
            if f'\\"{needle}\\"' in text:
                worse = f"{votes - 1:,}" if "," in written else str(votes - 1)
                # Every copy: the model may repeat a figure in several answers of one article.
                path.write_text(text.replace(f'\\"{needle}\\"', f'\\"{worse}\\"'), encoding="utf-8")
                return key.split(" / ")[-1]
    pytest.skip("no recorded model answer carries a vote count the baseline has right")


def test_a_worse_recorded_response_fails_the_gate_naming_the_fact(tmp_path: Path) -> None:
    replay = tmp_path / "replay"
    shutil.copytree(REPLAY_DIR, replay)
    name = _worsen_one_vote(replay)
    result = CliRunner().invoke(app, ["eval", "--replay", "--replay-dir", str(replay)])
    assert result.exit_code == 1, result.output
    assert "regression gate FAILED" in result.output
    assert name in result.output
    assert "candidate.votes" in result.output
