"""Finding the articles of a bulk run: files, directories, globs, JSONL records, stdin."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.errors import ArticleDecodeError
from extractor.inputs import (
    InputReadError,
    InputUsageError,
    InvalidRecordError,
    content_sha256,
    count_inputs,
    expand_inputs,
    iter_inputs,
)
from tests.test_bulk import SEEDS, FakeOpenAI, records_of, server_env


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("news/a.txt", "news/b.md", "news/sub/c.html", "news/sub/d.HTM", "news/e.csv"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(f"article {name}")
    Path("news/.git").mkdir()
    Path("news/.git/f.txt").write_text("hidden")
    return tmp_path


def test_directories_are_walked_recursively_in_order(tree: Path) -> None:
    assert expand_inputs(["news"]) == [
        "news/a.txt",
        "news/b.md",
        "news/sub/c.html",
        "news/sub/d.HTM",
    ]


def test_globs_files_and_duplicates(tree: Path) -> None:
    assert expand_inputs(["news/**/*.html", "news/a.txt", "news/a.txt"]) == [
        "news/sub/c.html",
        "news/a.txt",
    ]
    assert expand_inputs(["news/e.csv"]) == ["news/e.csv"]  # a file named explicitly is read


def test_missing_paths_and_empty_globs_are_usage_errors(tree: Path) -> None:
    with pytest.raises(InputUsageError, match="no such file"):
        expand_inputs(["news/missing.txt"])
    with pytest.raises(InputUsageError, match="no file matches"):
        expand_inputs(["news/*.pdf"])


def test_the_output_file_is_never_an_input(tree: Path) -> None:
    Path("news/out.txt").write_text("{}")
    assert "news/out.txt" not in expand_inputs(["news"], exclude=[Path("news/out.txt")])


def test_ids_are_the_paths_as_given(tree: Path) -> None:
    articles = list(iter_inputs(expand_inputs(["news"])))
    assert [a.id for a in articles] == [a.source for a in articles]
    assert articles[0].id == "news/a.txt" and articles[0].raw == b"article news/a.txt"


def test_jsonl_records_carry_metadata_and_bad_lines_become_problems(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": "Labour won.", "url": "https://e.x/1", "date": "2024"}),
        "",
        json.dumps({"text": "No id here."}),
        json.dumps({"id": 7, "title": "no text"}),
        "{not json",
        json.dumps(["a", "list"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_inputs([str(path)]))
    assert count_inputs([str(path)]) == len(items) == 5
    first, no_id, no_text, broken, listed = items
    assert (first.id, first.raw, first.metadata) == (
        "x1",
        "Labour won.",
        {"url": "https://e.x/1", "date": "2024"},
    )
    assert first.source == f"{path}:1" and first.problem is None
    assert no_id.id == f"{path}:3" and no_id.raw == "No id here."
    assert no_text.id == "7" and isinstance(no_text.problem, InvalidRecordError)
    assert no_text.metadata == {"title": "no text"}
    assert isinstance(broken.problem, InvalidRecordError) and broken.id == f"{path}:5"
    assert isinstance(listed.problem, InvalidRecordError)


def test_stdin_is_one_article_or_jsonl_records() -> None:
    (one,) = iter_inputs(["-"], stdin=io.BytesIO(b"Labour held the seat.\n"))
    assert (one.id, one.source, one.raw) == ("-", "<stdin>", b"Labour held the seat.\n")
    records = io.BytesIO(b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n')
    assert [a.id for a in iter_inputs(["-"], stdin=records)] == ["a", "b"]
    assert count_inputs(["-"]) is None


def test_unreadable_file_is_a_problem_not_a_crash(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    (item, *_) = iter_inputs(["news/a.txt"])
    assert isinstance(item.problem, InputReadError) and item.problem.kind == "read_error"


def test_content_hash_is_of_the_prepared_text_or_the_raw_bytes() -> None:
    (html,) = iter_inputs(
        ["-"], stdin=io.BytesIO(b"<html><body><p>Labour</p><p>won</p></body></html>")
    )
    prepared = content_sha256(html, 1000)
    assert prepared.text == "Labour\n\nwon\n"
    assert prepared.sha256 == hashlib.sha256(prepared.text.encode()).hexdigest()
    (latin,) = iter_inputs(["-"], stdin=io.BytesIO("Liège".encode("latin-1")))
    failed = content_sha256(latin, 1000)
    assert isinstance(failed.error, ArticleDecodeError) and failed.text is None
    assert failed.sha256 == hashlib.sha256("Liège".encode("latin-1")).hexdigest()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        for name, value in server_env(server).items():
            monkeypatch.setenv(name, value)
        yield server


def test_jsonl_input_end_to_end(tmp_path: Path, fake: FakeOpenAI) -> None:
    source = tmp_path / "in.jsonl"
    kensington = SEEDS[4].read_text(encoding="utf-8")
    rows = [
        {"id": "k1", "text": f"REF-K1\n\n{kensington}", "url": "https://news.example/k1"},
        {"id": "k2", "title": "text missing"},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out)])
    assert result.exit_code == 1, result.output
    ok, error = sorted(records_of(out), key=lambda r: r["id"])
    assert ok["id"] == "k1" and ok["status"] == "ok"
    assert ok["metadata"] == {"url": "https://news.example/k1"}
    assert ok["source"] == f"{source}:1"
    assert error["id"] == "k2" and error["error"]["type"] == "invalid_record"
    assert error["metadata"] == {"title": "text missing"}
    assert fake.requests["REF-K1"] == 1


def test_stdin_end_to_end(fake: FakeOpenAI) -> None:
    text = f"REF-STDIN\n\n{SEEDS[4].read_text(encoding='utf-8')}"
    result = CliRunner().invoke(app, ["extract", "--json", "-"], input=text)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["id"] == "-" and record["status"] == "ok"
