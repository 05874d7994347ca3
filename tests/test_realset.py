"""The real-text corpus: manifest, gold labels and the cache tool (texts are not in git)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals import realset
from evals.textcheck import numbers_not_in_text
from schemas import ArticleExtraction

ENTRIES = realset.load_manifest()


def test_the_manifest_is_whole_and_keeps_the_holdout_out() -> None:
    assert len(ENTRIES) >= 80
    assert len({e.id for e in ENTRIES}) == len(ENTRIES)
    assert len({e.url for e in ENTRIES}) == len(ENTRIES)
    assert len({e.sha256 for e in ENTRIES}) == len(ENTRIES)
    excluded = realset.excluded_hashes()
    assert excluded, "the holdout list is copied into evals/real/"
    for e in ENTRIES:
        assert e.split in realset.SPLITS and e.election in realset.ELECTION_KINDS
        assert e.source in realset.SOURCE_KINDS and len(e.sha256) == 64 and e.query
        assert realset.sha256_text(e.url) not in excluded and e.sha256 not in excluded
    # A site is in one split only: none of its house style is both tuned on and tested.
    sites = {(e.site, e.split) for e in ENTRIES}
    assert len({site for site, _ in sites}) == len(sites)
    assert sum(e.split == "real-test" for e in ENTRIES) >= 30


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_gold_parses_and_its_numbers_are_in_the_text(entry: realset.ManifestEntry) -> None:
    gold = ArticleExtraction.model_validate_json(
        (realset.GOLD_DIR / f"{entry.id}.json").read_text(encoding="utf-8")
    )
    assert gold.meta is None and not gold.all_evidence()  # facts only, never quotes
    if not entry.text_path.is_file():
        pytest.skip("the text is not in the local cache (python -m evals.realset rebuild)")
    text = entry.text_path.read_text(encoding="utf-8")
    assert realset.sha256_text(text) == entry.sha256
    assert numbers_not_in_text(gold, text) == []


def _answer(tmp_path: Path, url: str, text: str) -> Path:
    path = tmp_path / "answer.json"
    path.write_text(
        json.dumps({"query": "q words", "results": [{"rank": 2, "url": url, "excerpt": text}]})
    )
    return path


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(realset, "MANIFEST", tmp_path / "manifest.jsonl")
    monkeypatch.setattr(realset, "TEXTS_DIR", tmp_path / "texts")
    monkeypatch.setattr(realset, "EXCLUDE", tmp_path / "exclude.txt")
    (tmp_path / "exclude.txt").write_text(
        f"# header\n{realset.sha256_text('https://held.out/x')} 00\n"
    )
    return tmp_path


def test_add_verify_and_rebuild_one_search_per_text(corpus: Path) -> None:
    text = "Voting was: LD 1,185, C 769."
    answer = _answer(corpus, "https://a.example/1", text)
    entry = realset.add(
        answer,
        url="https://a.example/1",
        article_id="x1",
        election="council-by-election",
        source="agency",
    )
    assert (entry.rank, entry.site, entry.chars, entry.query) == (
        2,
        "a.example",
        len(text),
        "q words",
    )
    assert realset.verify() == ([entry], [], [])
    entry.text_path.unlink()
    assert realset.verify()[1] == [entry]
    assert realset.rebuild([answer]) == [entry]
    assert entry.text_path.read_text(encoding="utf-8") == text
    entry.text_path.write_text("changed", encoding="utf-8")
    assert realset.verify()[2] == [entry]


def test_add_refuses_held_out_pages_and_duplicates(corpus: Path) -> None:
    with pytest.raises(ValueError, match="holdout"):
        realset.add(
            _answer(corpus, "https://held.out/x", "text"),
            url="https://held.out/x",
            article_id="x2",
            election="local",
            source="agency",
        )
    answer = _answer(corpus, "https://a.example/2", "some text")
    realset.add(
        answer, url="https://a.example/2", article_id="x3", election="local", source="agency"
    )
    with pytest.raises(ValueError, match="already"):
        realset.add(
            answer, url="https://a.example/2", article_id="x4", election="local", source="agency"
        )


def test_the_split_is_by_site_and_stratified(corpus: Path) -> None:
    entries = [
        realset.ManifestEntry(
            f"i{n}",
            f"https://s{n % 7}.example/{n}",
            "q",
            1,
            f"{n:064x}",
            10,
            "general" if n % 2 else "local",
            "agency",
            f"s{n % 7}.example",
            "real-dev",
        )
        for n in range(40)
    ]
    split = realset.assign_splits(entries)
    by_site: dict[str, set[str]] = {}
    for e in split:
        by_site.setdefault(e.site, set()).add(e.split)
    assert all(len(s) == 1 for s in by_site.values())
    assert 0 < sum(e.split == "real-test" for e in split) < len(split)
    assert realset.assign_splits(entries) == split  # deterministic


def test_a_real_set_with_texts_missing_is_an_error_unless_asked_to_skip_them(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evals.dataset import load_real_set

    monkeypatch.setattr(realset, "GOLD_DIR", corpus / "gold")
    (corpus / "gold").mkdir()
    for n in (1, 2):
        realset.add(
            _answer(corpus, f"https://a.example/{n}", f"Text {n}: LD 1,185, C 769."),
            url=f"https://a.example/{n}",
            article_id=f"y{n}",
            election="local",
            source="agency",
        )
        (corpus / "gold" / f"y{n}.json").write_text('{"contests": []}', encoding="utf-8")
    (corpus / "texts" / "y1.txt").unlink()
    with pytest.raises(FileNotFoundError, match="y1: no cached text"):
        load_real_set("real-dev")
    skipped: list[str] = []
    articles = load_real_set("real-dev", skip_missing=True, skipped=skipped)
    assert [a.id for a in articles] == ["y2"]
    assert skipped == ["y1"]
