"""extract_many: the bulk runner from Python, records yielded as articles finish."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract_many
from schemas import ArticleExtraction
from tests.test_bulk import FakeOpenAI, fake_env, make_articles, records_of

__all__ = ["fake_env"]  # the fixture, imported for pytest


def test_texts_paths_and_mappings_each_give_one_record(
    tmp_path: Path, fake_env: FakeOpenAI
) -> None:
    (path,) = make_articles(tmp_path, 1)
    text = Path(path).read_text(encoding="utf-8").replace("REF-A0000", "REF-TEXT")
    mapping = {"id": "mine", "text": text.replace("REF-TEXT", "REF-MAP"), "outlet": "Gazette"}
    records = list(extract_many([Path(path), text, mapping, ""], jobs=2))
    by_id = {r["id"]: r for r in records}
    assert set(by_id) == {path, "article-1", "mine", "article-3"}
    assert by_id["mine"]["metadata"] == {"outlet": "Gazette"}
    assert by_id["article-3"]["status"] == "error"  # an empty text is a record, not an exception
    assert by_id["article-3"]["error"]["type"] == "empty_article"
    assert by_id[path]["status"] == "ok"
    ArticleExtraction.model_validate(by_id[path]["extraction"])  # the output contract


def test_with_an_output_it_resumes(tmp_path: Path, fake_env: FakeOpenAI) -> None:
    paths = [Path(p) for p in make_articles(tmp_path / "in", 3)]
    out = tmp_path / "facts.jsonl"
    first = list(extract_many(paths[:2], output=out, jobs=1))
    assert len(first) == 2 and len(records_of(out)) == 2
    second = list(extract_many(paths, output=out, jobs=1))
    assert [r["id"] for r in second] == [str(paths[2])]  # only the new one
    assert len(records_of(out)) == 3


def test_stopping_the_iteration_stops_the_run(tmp_path: Path, fake_env: FakeOpenAI) -> None:
    paths = [Path(p) for p in make_articles(tmp_path / "in", 20)]
    out = tmp_path / "facts.jsonl"
    for _record in extract_many(paths, output=out, jobs=1):
        break
    written = len(records_of(out))
    assert 1 <= written < 20
    assert sum(fake_env.requests.values()) == written


def test_a_bad_item_type_is_a_clear_error(fake_env: FakeOpenAI) -> None:
    with pytest.raises(TypeError, match="expected str, bytes, Path"):
        list(extract_many([42]))  # type: ignore[list-item]


def test_the_core_package_imports_neither_ray_nor_pyarrow() -> None:
    import subprocess
    import sys

    code = (
        "import extractor, extractor.cli, sys; print(sorted({'ray', 'pyarrow'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
