"""Bulk extraction: many articles, bounded concurrency, one JSONL record per article, resumable.

Design, so that a run can be stopped in any way and restarted:

- one record per article is appended to the output as one ``write`` of one line, then flushed
  and fsynced; a ``kill -9`` loses at most the articles in flight, never a finished one;
- on start the existing output is read; a torn last line (from a crash mid-write) is cut away,
  and every article whose content hash and configuration (:mod:`extractor.resume`: model,
  server, prompt, schema, package version and every setting that changes answers) already has
  an ``ok`` record is skipped; a record of other settings is redone, and the run says why; error records are retried only with ``retry_errors``;
- Ctrl-C / SIGTERM stops launching work, lets the articles in flight finish for a short grace
  period, cancels the rest (a cancelled article writes nothing) and ends with exit code 130;
- one bad article (unusable input, a model that never gives valid output, any exception)
  becomes an error record and the run goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai

from extractor.cache import ResponseCache
from extractor.config import EMBEDDED_MODEL_ALIAS, Settings
from extractor.core import (
    Endpoint,
    aextract_article,
    make_async_client,
    resolve_endpoint,
    response_cache_for,
)
from extractor.errors import ExtractionFailedError, ExtractorError
from extractor.inputs import ArticleInput, PreparedInput, content_sha256
from extractor.outputs import (
    Record,
    RecordWriter,
    load_records,
)
from extractor.progress import Reporter
from extractor.resume import ResumeIndex, config_key, run_config
from extractor.runtime import RUNTIME
from prompts import prompt_version
from schemas import ArticleExtraction

PROMPT_NAME = "extract"
GRACE_S = 10.0
# This many articles in a row failing because the server cannot be used (unreachable, bad key,
# unknown model) stops the run instead of writing an error record for every remaining article.
SERVER_FAILURE_LIMIT = 8
_SERVER_FAILURES = frozenset(
    {
        "APIConnectionError",
        "APITimeoutError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
    }
)

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

ClientFactory = Callable[[Settings, Endpoint], openai.AsyncOpenAI]
RecordCallback = Callable[[Record, ArticleExtraction | None], None]


def run_identity(settings: Settings) -> tuple[str, str | None]:
    """The model and base URL that identify ``settings``' server, without starting anything.

    The embedded server listens on a fresh port each time, so it is identified by its model file
    instead of its URL (a resumed run against a restarted embedded server still matches).
    """
    if settings.uses_embedded_model:
        name = settings.gguf_path.name if settings.gguf_path else settings.local_model
        return f"{EMBEDDED_MODEL_ALIAS}:{name}", None
    endpoint = resolve_endpoint(settings)
    return endpoint.model, endpoint.base_url


def run_configuration(settings: Settings) -> dict[str, Any]:
    """:func:`~extractor.resume.run_config` of the server ``settings`` point at, today's prompt."""
    model, base_url = run_identity(settings)
    config = run_config(settings, model, base_url, prompt_version(PROMPT_NAME))
    if settings.uses_embedded_model:
        # The runtime decides the answers too: records of llama-cpp-python's server are stale.
        config["runtime"] = RUNTIME
    return config


def run_config_key(settings: Settings) -> str:
    """:func:`~extractor.resume.config_key` of :func:`run_configuration`."""
    return config_key(run_configuration(settings))


# --- records -----------------------------------------------------------------------------------


def _error_info(error: BaseException) -> dict[str, Any]:
    kind = error.kind if isinstance(error, ExtractorError) else type(error).__name__
    info: dict[str, Any] = {"type": kind, "message": str(error) or type(error).__name__}
    if isinstance(error, ExtractionFailedError):
        info["attempts"] = error.attempts
        if error.cause_type:
            info["cause"] = error.cause_type
        if error.last_output is not None:
            info["last_output"] = error.last_output[:2000]
    return info


def error_record(
    item: PreparedInput, key: str, error: BaseException, config: dict[str, Any] | None = None
) -> Record:
    """The record of an article that could not be extracted."""
    record: Record = {
        "id": item.article.id,
        "source": item.article.source,
        "sha256": item.sha256,
        "config_key": key,
        "config": config,
        "status": "error",
        "error": _error_info(error),
        "metadata": item.article.metadata,
    }
    if isinstance(error, ExtractionFailedError):
        record["usage"] = error.usage.model_dump(mode="json")
    return record


def ok_record(
    item: PreparedInput, key: str, result: ArticleExtraction, config: dict[str, Any] | None = None
) -> Record:
    """The record of an extracted article: facts with evidence, and the run metadata beside."""
    meta = result.meta
    assert meta is not None
    return {
        "id": item.article.id,
        "source": item.article.source,
        "sha256": item.sha256,
        "config_key": key,
        "config": config,
        "status": "ok",
        "extraction": result.model_dump(mode="json", exclude={"meta"}),
        "warnings": list(meta.warnings),
        "dropped": [d.model_dump(mode="json") for d in meta.dropped],
        "usage": meta.usage.model_dump(mode="json"),
        "seconds": meta.seconds,
        "model": meta.model,
        "prompt_version": meta.prompt_version,
        "metadata": item.article.metadata,
    }


def copied_record(existing: Record, article: ArticleInput) -> Record:
    """The record of ``article`` made from another article's with the same text (no model call)."""
    return {
        **existing,
        "id": article.id,
        "source": article.source,
        "metadata": article.metadata,
        "usage": {},
        "reused_from": existing.get("id"),
    }


# --- the run -----------------------------------------------------------------------------------


@dataclass
class BulkResult:
    """How a run ended."""

    statuses: dict[str, str] = field(default_factory=dict)  # article id -> ok | error
    interrupted: bool = False
    aborted: str | None = None
    torn_line_removed: bool = False

    @property
    def errors(self) -> int:
        """Articles of this run's inputs whose latest record is an error."""
        return sum(1 for status in self.statuses.values() if status != "ok")

    @property
    def exit_code(self) -> int:
        """130 when interrupted, 1 when any article failed (or the run was aborted), else 0."""
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_ERRORS if self.errors or self.aborted else EXIT_OK


async def extract_record(
    item: PreparedInput,
    *,
    key: str,
    settings: Settings,
    client: openai.AsyncOpenAI,
    config: dict[str, Any] | None = None,
) -> tuple[Record, ArticleExtraction | None]:
    """Extract one prepared article; any failure becomes an error record (never raises)."""
    if item.error is not None:
        return error_record(item, key, item.error, config), None
    try:
        result = await aextract_article(item.article.raw, settings=settings, client=client)
    except Exception as error:
        return error_record(item, key, error, config), None
    return ok_record(item, key, result, config), result


@dataclass
class _Run:
    settings: Settings
    key: str
    config: dict[str, Any]
    reporter: Reporter
    writer: RecordWriter | None
    on_record: RecordCallback | None
    make_client: ClientFactory
    result: BulkResult = field(default_factory=BulkResult)
    client: openai.AsyncOpenAI | None = None
    run_settings: Settings | None = None
    cache: ResponseCache | None = None
    cache_hits_before: int = 0
    external_stop: threading.Event | None = None
    server_failures: int = 0
    fatal: BaseException | None = None
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def emit(self, record: Record, extraction: ArticleExtraction | None) -> None:
        if self.writer is not None:
            self.writer.write(record)
        self.result.statuses[str(record["id"])] = str(record["status"])
        if self.on_record is not None:
            self.on_record(record, extraction)
        self.reporter.article_done(record)
        cause = (record.get("error") or {}).get("cause")
        self.server_failures = self.server_failures + 1 if cause in _SERVER_FAILURES else 0
        if self.server_failures >= SERVER_FAILURE_LIMIT and not self.stop.is_set():
            self.result.aborted = (
                f"stopped: {self.server_failures} articles in a row failed because the server "
                f"could not be used ({cause}); fix the server settings and run again with "
                "--retry-errors"
            )
            self.reporter.note(self.result.aborted)
            self.stop.set()

    def ensure_client(self) -> tuple[openai.AsyncOpenAI, Settings]:
        if self.client is None or self.run_settings is None:
            endpoint = resolve_endpoint(self.settings)  # starts the embedded server if needed
            self.run_settings = self.settings.with_overrides(
                model=endpoint.model, provider=endpoint.profile.name
            )
            self.client = self.make_client(self.settings, endpoint)
            self.cache = response_cache_for(self.settings, endpoint)
            self.cache_hits_before = self.cache.hits if self.cache else 0
        return self.client, self.run_settings

    async def work(self, item: PreparedInput, slots: asyncio.Semaphore) -> None:
        try:
            client, settings = self.ensure_client()
            record, extraction = await extract_record(
                item, key=self.key, settings=settings, client=client, config=self.config
            )
            self.emit(record, extraction)
        except asyncio.CancelledError:
            raise
        except BaseException as error:  # a write failed (disk full...): stop the run
            if self.fatal is None:
                self.fatal = error
            self.stop.set()
        finally:
            slots.release()

    def on_signal(self, grace_s: float) -> None:
        loop = asyncio.get_running_loop()
        if self.stop.is_set() and self.result.interrupted:
            self.reporter.note("second interrupt: cancelling the articles in flight")
            self.cancel_all()
            return
        self.result.interrupted = True
        self.stop.set()
        if self.tasks:
            self.reporter.note(
                f"interrupted: waiting up to {grace_s:g}s for {len(self.tasks)} article(s) in "
                "flight (interrupt again to cancel them); finished records are kept"
            )
        loop.call_later(grace_s, self.cancel_all)

    def cancel_all(self) -> None:
        for task in list(self.tasks):
            task.cancel()


async def _run_async(
    run: _Run,
    inputs: Iterable[ArticleInput],
    index: ResumeIndex | None,
    *,
    jobs: int,
    retry_errors: bool,
    grace_s: float,
) -> None:
    loop = asyncio.get_running_loop()
    installed = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, run.on_signal, grace_s)
            installed.append(signum)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread / OS
            pass
    slots = asyncio.Semaphore(max(1, jobs))
    try:
        for count, article in enumerate(inputs):
            if count % 64 == 0:
                await asyncio.sleep(0)  # let signals in during a long run of skips
            if run.external_stop is not None and run.external_stop.is_set():
                run.stop.set()
            if run.stop.is_set():
                break
            item = content_sha256(article, run.settings.max_chars)
            decision, existing = (
                index.decide(item, retry_errors=retry_errors) if index else ("run", None)
            )
            if decision == "skip" and existing is not None:
                run.result.statuses[item.article.id] = str(existing.get("status"))
                run.reporter.skipped(item.article.id)
                continue
            if decision == "copy" and existing is not None:
                if run.writer is not None:
                    run.writer.write(copied_record(existing, item.article))
                run.result.statuses[item.article.id] = "ok"
                run.reporter.skipped(item.article.id)
                continue
            await slots.acquire()
            if run.stop.is_set():
                slots.release()
                break
            task = asyncio.create_task(run.work(item, slots))
            run.tasks.add(task)
            task.add_done_callback(run.tasks.discard)
        if run.tasks:
            await asyncio.gather(*run.tasks, return_exceptions=True)
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)
        if run.client is not None:
            with contextlib.suppress(Exception):
                await run.client.close()


def _quiet_instructor_logs() -> None:
    """Keep instructor's per-attempt error logs off stderr: each failure is in its record.

    A :class:`logging.NullHandler` stops Python's last-resort handler from printing them and
    still lets an application that configures logging see them.
    """
    logger = logging.getLogger("instructor")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def run_bulk(
    inputs: Iterable[ArticleInput],
    *,
    settings: Settings,
    reporter: Reporter,
    output: Path | None = None,
    jobs: int = 4,
    retry_errors: bool = False,
    reuse_stale: bool = False,
    total: int | None = None,
    on_record: RecordCallback | None = None,
    grace_s: float = GRACE_S,
    make_client: ClientFactory = make_async_client,
    stop: threading.Event | None = None,
) -> BulkResult:
    """Extract every article of ``inputs``, at most ``jobs`` at a time, into ``output`` (JSONL).

    Without ``output`` records only go to ``on_record`` (and nothing is resumed). Setting
    ``stop`` (from another thread) ends the run like an interrupt, without the 130. Records of
    ``output`` made under other settings are redone, and the run says so first, unless
    ``reuse_stale`` (:mod:`extractor.resume`). Raises
    :class:`OutputBusyError` when another run holds ``output``, ``ValueError`` for settings
    that name no model; everything that goes wrong with an article is a record instead.
    """
    config = run_configuration(settings)
    key = config_key(config)
    _quiet_instructor_logs()
    writer = RecordWriter(output) if output is not None else None
    run = _Run(settings, key, config, reporter, writer, on_record, make_client)
    run.external_stop = stop
    index = None
    try:
        if output is not None:
            loaded = load_records(output, repair=True)
            run.result.torn_line_removed = loaded.torn_line_removed
            if loaded.torn_line_removed:
                reporter.note(f"removed a torn last line from {output} (an interrupted write)")
            index = ResumeIndex(loaded.records, key, config, reuse_stale=reuse_stale)
            stale = index.stale_note()
            if stale:
                reporter.note(stale)
        reporter.start(total)
        try:
            asyncio.run(
                _run_async(
                    run, inputs, index, jobs=jobs, retry_errors=retry_errors, grace_s=grace_s
                )
            )
        finally:
            if run.cache is not None:
                reporter.stats.cached_requests = run.cache.hits - run.cache_hits_before
            reporter.close(summary=output is not None)
    finally:
        if writer is not None:
            writer.close()
    if run.fatal is not None:
        raise run.fatal
    return run.result
