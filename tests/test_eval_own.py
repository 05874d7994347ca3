"""extractor eval --articles DIR --gold DIR: a user's own labelled set, scored live."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import app
from tests.test_bulk import FakeOpenAI, fake_env

__all__ = ["fake_env"]
OWN = Path(__file__).parent / "data" / "own"


def test_a_users_own_set_is_scored(fake_env: FakeOpenAI) -> None:
    args = ["eval", "--articles", str(OWN / "articles"), "--gold", str(OWN / "gold")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "overall F1" in result.output
    asked = sum(fake_env.requests.values())
    assert asked >= 1
    again = CliRunner().invoke(app, args)  # the response cache answers
    assert again.exit_code == 0 and sum(fake_env.requests.values()) == asked


def test_an_article_without_gold_is_a_usage_error(tmp_path: Path, fake_env: FakeOpenAI) -> None:
    shutil.copytree(OWN, tmp_path / "own")
    (tmp_path / "own" / "articles" / "extra.txt").write_text("Another article.", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "--articles",
            str(tmp_path / "own" / "articles"),
            "--gold",
            str(tmp_path / "own" / "gold"),
        ],
    )
    assert result.exit_code == 2
    assert "no gold for extra" in result.output
    lonely = CliRunner().invoke(app, ["eval", "--articles", str(OWN / "articles")])
    assert lonely.exit_code == 2 and "go together" in lonely.output
