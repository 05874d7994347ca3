"""``extract_many``: the bulk runner as a Python API, yielding records as articles finish.

    from extractor import extract_many

    for record in extract_many(Path("news").glob("*.txt"), output="facts.jsonl", jobs=4):
        print(record["id"], record["status"])

It is what ``extractor extract`` runs (:func:`extractor.bulk.run_bulk`): at most ``jobs``
articles at a time, one bad article an error record and never an exception, and with an
``output`` every record appended to it as it is made, so a second call with the same output
skips what is done (resume) and redoes what was made under other settings.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from extractor.bulk import run_bulk
from extractor.config import Settings
from extractor.inputs import ArticleInput, iter_inputs
from extractor.outputs import Record
from extractor.progress import QuietReporter, RunStats

Item = str | bytes | Path | Mapping[str, Any] | ArticleInput
_DONE = object()


def as_article(item: Item, index: int) -> ArticleInput:
    """One input as an article: a ``Path`` is a file, ``str``/``bytes`` the article's text, a
    mapping a record with ``text`` (and ``id``; other keys are kept as metadata)."""
    if isinstance(item, ArticleInput):
        return item
    if isinstance(item, Path):
        return next(iter_inputs([str(item)]))
    if isinstance(item, str | bytes):
        return ArticleInput(f"article-{index}", "<python>", item)
    if isinstance(item, Mapping):
        text = item.get("text")
        if not isinstance(text, str | bytes):
            raise TypeError(f"item {index}: a mapping needs 'text' (str or bytes)")
        article_id = str(item.get("id", f"article-{index}"))
        metadata = {k: v for k, v in item.items() if k not in ("id", "text")}
        return ArticleInput(article_id, "<python>", text, metadata)
    raise TypeError(f"item {index}: expected str, bytes, Path, a mapping or ArticleInput")


def _articles(items: Iterable[Item]) -> Iterator[ArticleInput]:
    for index, item in enumerate(items):
        if isinstance(item, Path) and item.suffix == ".jsonl":
            yield from iter_inputs([str(item)])
        else:
            yield as_article(item, index)


def extract_many(
    items: Iterable[Item],
    *,
    jobs: int = 4,
    output: str | Path | None = None,
    settings: Settings | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    verify: bool | None = None,
    retry_errors: bool = False,
    reuse_stale: bool = False,
) -> Iterator[Record]:
    """Extract every item, ``jobs`` at a time, yielding each article's record when it is done.

    Records are the JSON objects ``extract -o`` writes (``status`` ``ok`` with ``extraction``,
    or ``error`` with ``error``). With ``output`` (a JSONL path) they are appended there too and
    the run resumes: articles already done are not yielded again. Stopping the iteration stops
    the run after the articles in flight. On the embedded model (4 slots) ``jobs=2`` keeps
    its slots busy, each article's calls being sent together.
    """
    chosen = (settings or Settings.from_env()).with_overrides(
        model=model, base_url=base_url, api_key=api_key, verify=verify
    )
    finished: queue.Queue[object] = queue.Queue()
    stop = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            run_bulk(
                _articles(items),
                settings=chosen,
                reporter=QuietReporter(RunStats(), io.StringIO()),  # reports go in the records
                output=Path(output) if output is not None else None,
                jobs=jobs,
                retry_errors=retry_errors,
                reuse_stale=reuse_stale,
                on_record=lambda record, _extraction: finished.put(record),
                stop=stop,
            )
        except BaseException as error:  # handed to the caller's thread
            failure.append(error)
        finally:
            finished.put(_DONE)

    worker = threading.Thread(target=run, name="extract_many", daemon=True)
    worker.start()
    try:
        while (record := finished.get()) is not _DONE:
            assert isinstance(record, dict)
            yield record
    finally:
        stop.set()
        worker.join()
    if failure:
        raise failure[0]


__all__ = ["extract_many"]
