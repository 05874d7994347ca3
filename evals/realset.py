"""The real-text corpus: published articles kept out of git, rebuilt from a committed manifest.

The texts are other people's writing, so only facts about them are committed:
``evals/real/manifest.jsonl`` (one line per text: id, url, query, rank, sha256, chars, kind of
election, kind of source, site, split) and our own gold labels in ``evals/real/gold/``. The texts
live in the ignored cache ``evals/real/texts/<id>.txt``.

Rebuilding the cache takes one search per text: run the manifest line's ``query`` in the
``pages`` corpus of the search tool, save the JSON answer to a file, and give the file to
``python -m evals.realset rebuild ANSWER.json``; every manifest line whose url and sha256 match a
result of the answer gets its text back. ``python -m evals.realset verify`` checks the cache.

New texts enter with ``python -m evals.realset add ANSWER.json --url URL --id ID ...``, which
refuses a page listed in ``evals/real/holdout-exclude.txt`` (sha256 of its url or of its text).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

REAL_DIR = Path(__file__).resolve().parent / "real"
MANIFEST = REAL_DIR / "manifest.jsonl"
TEXTS_DIR = REAL_DIR / "texts"
GOLD_DIR = REAL_DIR / "gold"
EXCLUDE = REAL_DIR / "holdout-exclude.txt"

ELECTION_KINDS = (
    "general",
    "by-election",
    "council-by-election",
    "local",
    "mayoral",
    "devolved",
    "referendum",
)
SOURCE_KINDS = (
    "national-news",
    "local-news",
    "live-blog",
    "party-blog",
    "press-release",
    "results-page",
    "encyclopaedia",
    "agency",
)
SPLITS = ("real-dev", "real-test")


@dataclass(frozen=True)
class ManifestEntry:
    """One real text: where it was found, its hash, and what kind of text it is."""

    id: str
    url: str
    query: str
    rank: int
    sha256: str
    chars: int
    election: str
    source: str
    site: str
    split: str

    @property
    def text_path(self) -> Path:
        """Where the cached text lives."""
        return TEXTS_DIR / f"{self.id}.txt"


def sha256_text(text: str) -> str:
    """Hash of a text's UTF-8 bytes (the manifest's and the holdout list's hash)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def excluded_hashes(path: Path | None = None) -> set[str]:
    """Every hash in the holdout list (urls and texts alike)."""
    path = path or EXCLUDE
    if not path.is_file():
        return set()
    hashes: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            hashes.update(line.split())
    return hashes


def is_excluded(url: str, text: str, hashes: set[str] | None = None) -> bool:
    """True when the page is kept for an independent check and must not be used."""
    hashes = excluded_hashes() if hashes is None else hashes
    return sha256_text(url) in hashes or sha256_text(text) in hashes


def load_manifest(path: Path | None = None) -> list[ManifestEntry]:
    """Every manifest line, in file order."""
    path = path or MANIFEST
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entries.append(ManifestEntry(**json.loads(line)))
    return entries


def search_results(answer_path: Path) -> Iterator[dict[str, object]]:
    """The results of one saved search answer (the tool's JSON, as returned)."""
    answer = json.loads(answer_path.read_text(encoding="utf-8"))
    results = answer.get("results", []) if isinstance(answer, dict) else answer
    for result in results:
        if isinstance(result, dict) and isinstance(result.get("excerpt"), str):
            yield result


def site_of(url: str) -> str:
    """The source site of a url (host without ``www.``), the unit of the dev/test split."""
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    return host.removeprefix("www.")


def add(
    answer_path: Path,
    *,
    url: str,
    article_id: str,
    election: str,
    source: str,
    rank: int | None = None,
    split: str = "real-dev",
) -> ManifestEntry:
    """Take one result of a saved search answer into the cache and the manifest."""
    if election not in ELECTION_KINDS or source not in SOURCE_KINDS or split not in SPLITS:
        raise ValueError(f"unknown kind: election={election!r} source={source!r} split={split!r}")
    answer = json.loads(answer_path.read_text(encoding="utf-8"))
    query = str(answer.get("query", "")) if isinstance(answer, dict) else ""
    matches = [
        r
        for r in search_results(answer_path)
        if r.get("url") == url and (rank is None or r.get("rank") == rank)
    ]
    if not matches:
        raise ValueError(f"no result with url {url!r} (rank {rank}) in {answer_path}")
    result = matches[0]
    text = str(result["excerpt"])
    if is_excluded(url, text):
        raise ValueError(f"{url} is in the holdout list: pick another page")
    existing = load_manifest()
    if any(e.id == article_id for e in existing):
        raise ValueError(f"id {article_id} is already in the manifest")
    if any(e.url == url for e in existing):
        raise ValueError(f"{url} is already in the manifest")
    if any(e.sha256 == sha256_text(text) for e in existing):
        raise ValueError(f"{url}: this text is already in the manifest")
    entry = ManifestEntry(
        id=article_id,
        url=url,
        query=query,
        rank=int(str(result.get("rank", 0))),
        sha256=sha256_text(text),
        chars=len(text),
        election=election,
        source=source,
        site=site_of(url),
        split=split,
    )
    TEXTS_DIR.mkdir(parents=True, exist_ok=True)
    entry.text_path.write_text(text, encoding="utf-8")
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    with MANIFEST.open("a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # several people may add texts at once
        handle.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
    return entry


def rebuild(answer_paths: list[Path]) -> list[ManifestEntry]:
    """Restore the cached texts that these saved search answers hold; returns those restored."""
    wanted = {(e.url, e.sha256): e for e in load_manifest()}
    restored = []
    for answer_path in answer_paths:
        for result in search_results(answer_path):
            text = str(result["excerpt"])
            entry = wanted.get((str(result.get("url")), sha256_text(text)))
            if entry is not None:
                TEXTS_DIR.mkdir(parents=True, exist_ok=True)
                entry.text_path.write_text(text, encoding="utf-8")
                restored.append(entry)
    return restored


def verify() -> tuple[list[ManifestEntry], list[ManifestEntry], list[ManifestEntry]]:
    """(present and matching, missing, changed) manifest entries."""
    good, missing, changed = [], [], []
    for entry in load_manifest():
        if not entry.text_path.is_file():
            missing.append(entry)
        elif sha256_text(entry.text_path.read_text(encoding="utf-8")) != entry.sha256:
            changed.append(entry)
        else:
            good.append(entry)
    return good, missing, changed


TEST_SHARE = 0.38


def assign_splits(
    entries: list[ManifestEntry], test_share: float = TEST_SHARE
) -> list[ManifestEntry]:
    """Split by source site, stratified by kind of election: within each kind, sites in the
    order of the sha256 of their name go to ``real-test`` until it holds ``test_share`` of the
    kind's texts. A site is in one split only, so no site's house style is tuned on and tested.
    Deterministic and blind: nobody picks which texts are held out."""
    site_split: dict[str, str] = {}
    for kind in ELECTION_KINDS:
        of_kind = [e for e in entries if e.election == kind]
        target = round(len(of_kind) * test_share)
        in_test = sum(1 for e in of_kind if site_split.get(e.site) == "real-test")
        for site in sorted({e.site for e in of_kind}, key=lambda s: sha256_text(s)):
            if site in site_split:
                continue
            texts = sum(1 for e in of_kind if e.site == site)
            split = "real-test" if in_test + texts <= target else "real-dev"
            in_test += texts if split == "real-test" else 0
            site_split[site] = split
    return [replace(e, split=site_split[e.site]) for e in entries]


def write_manifest(entries: list[ManifestEntry], path: Path | None = None) -> None:
    """Rewrite the manifest (sorted by id)."""
    path = path or MANIFEST
    lines = [json.dumps(asdict(e), ensure_ascii=False) for e in sorted(entries, key=lambda e: e.id)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_gold(entry: ManifestEntry) -> list[str]:
    """Problems with one text's gold file: it must parse, and its numbers must be in the text."""
    from evals.textcheck import numbers_not_in_text
    from schemas import ArticleExtraction

    gold_path = GOLD_DIR / f"{entry.id}.json"
    if not gold_path.is_file():
        return [f"{entry.id}: no gold file {gold_path}"]
    try:
        gold = ArticleExtraction.model_validate_json(gold_path.read_text(encoding="utf-8"))
    except ValueError as error:
        return [f"{entry.id}: gold does not parse: {error}"]
    if gold.meta is not None:
        return [f"{entry.id}: gold must have no meta"]
    text = entry.text_path.read_text(encoding="utf-8")
    return [f"{entry.id}: {problem}" for problem in numbers_not_in_text(gold, text)]


def main(argv: list[str] | None = None) -> int:
    """``python -m evals.realset add|rebuild|verify``."""
    parser = argparse.ArgumentParser(
        prog="python -m evals.realset", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    add_p = sub.add_parser("add", help="take one search result into the corpus")
    add_p.add_argument("answer", type=Path)
    add_p.add_argument("--url", required=True)
    add_p.add_argument("--id", required=True, dest="article_id")
    add_p.add_argument("--rank", type=int)
    add_p.add_argument("--election", required=True, choices=ELECTION_KINDS)
    add_p.add_argument("--source", required=True, choices=SOURCE_KINDS)
    rebuild_p = sub.add_parser("rebuild", help="restore cached texts from saved search answers")
    rebuild_p.add_argument("answers", type=Path, nargs="+")
    sub.add_parser("verify", help="check the cache against the manifest")
    sub.add_parser("split", help="assign real-dev / real-test by site (deterministic)")
    check_p = sub.add_parser("check", help="check gold files (parse, numbers in the text)")
    check_p.add_argument("ids", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "add":
        try:
            entry = add(
                args.answer,
                url=args.url,
                article_id=args.article_id,
                election=args.election,
                source=args.source,
                rank=args.rank,
            )
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(
            f"added {entry.id}: {entry.chars} chars, sha256 {entry.sha256[:12]}, {entry.text_path}"
        )
        return 0
    if args.command == "rebuild":
        restored = rebuild(args.answers)
        print(f"restored {len(restored)} texts: {', '.join(e.id for e in restored)}")
        return 0
    if args.command == "split":
        entries = assign_splits(load_manifest())
        write_manifest(entries)
        for split in SPLITS:
            chosen = [e for e in entries if e.split == split]
            print(f"{split}: {len(chosen)} texts from {len({e.site for e in chosen})} sites")
        return 0
    if args.command == "check":
        problems = [
            problem
            for entry in load_manifest()
            if (not args.ids or entry.id in args.ids) and entry.text_path.is_file()
            for problem in check_gold(entry)
        ]
        print("\n".join(problems) or "gold ok")
        return 1 if problems else 0
    good, missing, changed = verify()
    print(f"{len(good)} texts present and matching, {len(missing)} missing, {len(changed)} changed")
    for entry in missing:
        print(f"  missing {entry.id}: search {entry.query!r} (rank {entry.rank}, {entry.url})")
    for entry in changed:
        print(f"  changed {entry.id}: {entry.text_path} does not hash to {entry.sha256[:12]}")
    return 0 if not (missing or changed) else 1


if __name__ == "__main__":
    raise SystemExit(main())
