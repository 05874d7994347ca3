"""Find the articles of a bulk run: files, directories, globs, JSONL record files and stdin.

Every input becomes an :class:`ArticleInput` with a stable id (the JSONL record's ``id``, else
the path as given), where it came from, the raw content and any extra metadata. Inputs are
produced lazily, one at a time, so a run over a million files does not hold them all in memory.
A problem with one input (unreadable file, a JSONL line that is not a record, a record without
text) is carried on the input as ``problem`` and becomes an error record, never a crash.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from extractor.errors import ExtractorError, InvalidArticleError
from extractor.text import prepare_article

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


class InvalidRecordError(InvalidArticleError):
    """A JSONL line that is not a usable ``{"id", "text"}`` record."""

    kind = "invalid_record"


class InputReadError(ExtractorError):
    """The input could not be read (permissions, vanished file, I/O error)."""

    kind = "read_error"


class InputUsageError(ValueError):
    """An input argument names nothing: a missing path or a glob that matches no file."""


@dataclass
class ArticleInput:
    """One article to extract, with where it came from."""

    id: str
    source: str
    raw: bytes | str
    metadata: dict[str, Any] = field(default_factory=dict)
    problem: ExtractorError | None = None


@dataclass(frozen=True)
class PreparedInput:
    """An input with its prepared text (or the error that preparation raised) and content hash."""

    article: ArticleInput
    text: str | None
    error: ExtractorError | None
    sha256: str


def content_sha256(article: ArticleInput, max_chars: int) -> PreparedInput:
    """Prepare ``article`` and hash it: the prepared text, or the raw bytes when it is unusable."""
    if article.problem is not None:
        return PreparedInput(article, None, article.problem, _sha(article.raw))
    try:
        text = prepare_article(article.raw, max_chars=max_chars)
    except ExtractorError as error:
        return PreparedInput(article, None, error, _sha(article.raw))
    return PreparedInput(article, text, None, _sha(text))


def _sha(raw: bytes | str) -> str:
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    return hashlib.sha256(data).hexdigest()


def _is_glob(spec: str) -> bool:
    return any(ch in spec for ch in _GLOB_CHARS)


def _dir_files(directory: Path, exclude: frozenset[Path]) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if path.suffix.lower() in ARTICLE_SUFFIXES and path.resolve() not in exclude:
                found.append(path)
    return found


def expand_inputs(specs: Sequence[str], *, exclude: Sequence[Path] = ()) -> list[str]:
    """The files (and ``-``) named by ``specs``, in order; directories are walked recursively.

    Raises :class:`InputUsageError` for a path that does not exist or a glob that matches
    nothing. Files under ``exclude`` (the run's own output) are skipped.
    """
    excluded = frozenset(Path(p).resolve() for p in exclude)
    paths: list[str] = []
    for spec in specs:
        if spec == STDIN:
            paths.append(STDIN)
            continue
        if os.path.isdir(spec):
            paths += [str(p) for p in _dir_files(Path(spec), excluded)]
        elif os.path.exists(spec):
            if Path(spec).resolve() in excluded:
                raise InputUsageError(f"{spec!r} is the output of this run, not an input")
            paths.append(spec)
        elif _is_glob(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                raise InputUsageError(f"no file matches {spec!r}")
            for match in matches:
                if os.path.isdir(match):
                    paths += [str(p) for p in _dir_files(Path(match), excluded)]
                elif Path(match).resolve() not in excluded:
                    paths.append(match)
        else:
            raise InputUsageError(f"no such file or directory: {spec!r}")
    return list(dict.fromkeys(paths))


def _is_jsonl(path: str) -> bool:
    return Path(path).suffix.lower() in JSONL_SUFFIXES


def _record_input(line: bytes, source: str, fallback_id: str) -> ArticleInput | None:
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except ValueError as error:
        problem = InvalidRecordError(f"not a JSON record: {error}")
        return ArticleInput(fallback_id, source, line, {}, problem)
    if not isinstance(record, dict):
        problem = InvalidRecordError("a JSONL line must be an object with 'id' and 'text'")
        return ArticleInput(fallback_id, source, line, {}, problem)
    raw_id = record.get("id")
    article_id = str(raw_id) if raw_id is not None and str(raw_id) else fallback_id
    metadata = {k: v for k, v in record.items() if k not in ("id", "text")}
    text = record.get("text")
    if not isinstance(text, str):
        problem = InvalidRecordError("the record has no 'text' string")
        return ArticleInput(article_id, source, line, metadata, problem)
    return ArticleInput(article_id, source, text, metadata)


def _iter_jsonl(stream: BinaryIO, name: str) -> Iterator[ArticleInput]:
    for number, line in enumerate(stream, start=1):
        source = f"{name}:{number}"
        item = _record_input(line, source, source)
        if item is not None:
            yield item


def _looks_like_jsonl(data: bytes) -> bool:
    lines = [line for line in data.splitlines() if line.strip()]
    if not lines:
        return False
    try:
        return all(isinstance(json.loads(line), dict) for line in lines)
    except ValueError:
        return False


def _stdin_inputs(data: bytes) -> Iterator[ArticleInput]:
    if _looks_like_jsonl(data):
        for number, line in enumerate(data.splitlines(), start=1):
            source = f"<stdin>:{number}"
            item = _record_input(line, source, source)
            if item is not None:
                yield item
    else:
        yield ArticleInput(STDIN, "<stdin>", data)


def iter_inputs(paths: Sequence[str], *, stdin: BinaryIO | None = None) -> Iterator[ArticleInput]:
    """The articles in ``paths`` (from :func:`expand_inputs`), read one at a time.

    ``-`` reads standard input: JSONL records when every line is a JSON object, else one article.
    """
    for path in paths:
        if path == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _stdin_inputs(stream.read())
            continue
        try:
            if _is_jsonl(path):
                with open(path, "rb") as handle:
                    yield from _iter_jsonl(handle, path)
                continue
            data = Path(path).read_bytes()
        except OSError as error:
            problem = InputReadError(f"cannot read {path}: {error.strerror or error}")
            yield ArticleInput(path, path, b"", {}, problem)
            continue
        yield ArticleInput(path, path, data)


def count_inputs(paths: Sequence[str]) -> int | None:
    """How many articles :func:`iter_inputs` will yield, or None when stdin makes it unknown."""
    total = 0
    for path in paths:
        if path == STDIN:
            return None
        if _is_jsonl(path):
            try:
                with open(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


# ---- reading the texts of earlier records again ----------------------------------------------


def _source_path(source: str) -> tuple[str, int | None]:
    """``file.jsonl:12`` -> (``file.jsonl``, 12); a plain path -> (path, None)."""
    path, _, line = source.rpartition(":")
    if path and line.isdigit() and Path(path).suffix.lower() in (".jsonl", ".ndjson"):
        return path, int(line)
    return source, None


def read_texts(
    records: Iterable[dict[str, Any]],
    extra_inputs: Sequence[str] = (),
    base_dirs: Sequence[Path] = (),
) -> dict[str, str]:
    """Prepared article texts by sha256, read again from the records' sources (as written, or
    under one of ``base_dirs``, e.g. the records file's folder) and ``extra_inputs`` (files,
    directories, JSONL), kept only when their hash is a record's: the text a record was made
    from, or none."""
    wanted = {str(r.get("sha256")): r for r in records if r.get("sha256")}
    paths: list[str] = list(extra_inputs)
    for record in wanted.values():
        path, _ = _source_path(str(record.get("source") or ""))
        if not path:
            continue
        for candidate in [Path(path), *(base / path for base in base_dirs)]:
            if candidate.is_file():
                if str(candidate) not in paths:
                    paths.append(str(candidate))
                break
    texts: dict[str, str] = {}
    for article in iter_inputs(paths):
        try:
            prepared = content_sha256(article, max_chars=10**9)
        except ExtractorError:
            continue
        if prepared.text is not None and prepared.sha256 in wanted:
            texts[prepared.sha256] = prepared.text
    return texts
