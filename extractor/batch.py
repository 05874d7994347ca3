"""Bulk extraction through the OpenAI Batch API (half the price, results within 24 hours).

``submit`` builds one chat-completion request per article chunk, byte-for-byte the request a
live call sends (:func:`extractor.core.request_bodies`), uploads them as a JSONL file and
creates a batch. ``status`` asks how far it is. ``collect`` downloads the results, parses each
into the draft model with instructor's own response parser, grounds it with the same code as a
live extraction (:func:`extractor.core.finish_answers`) and re-runs every article whose result
is missing or invalid live (the repair pass). Records are the same as ``extractor extract``
writes, in ``DIR/records.jsonl``.

The state of a batch lives in ``DIR``: ``batch.json`` (batch id, input file id, article ids,
hashes and custom ids), ``articles.jsonl`` (the prepared article texts, for grounding) and
``requests.jsonl`` (what was uploaded).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import instructor
import openai
from instructor.v2.core.response import process_response
from instructor.v2.core.response_model import prepare_response_model
from openai.types.chat import ChatCompletion

from extractor.bulk import BulkResult, error_record, ok_record, run_bulk
from extractor.config import Settings
from extractor.core import (
    Endpoint,
    answer_models,
    finish_answers,
    make_client,
    request_bodies,
    resolve_endpoint,
)
from extractor.draft import DraftAnswer, ElectionFacts
from extractor.inputs import ArticleInput, PreparedInput, content_sha256
from extractor.outputs import RecordWriter, load_records
from extractor.progress import Reporter, RunStats
from extractor.resume import ResumeIndex, config_key, run_config
from prompts import prompt_version
from schemas import ArticleExtraction, Usage

BATCH_FILE = "batch.json"
ARTICLES_FILE = "articles.jsonl"
REQUESTS_FILE = "requests.jsonl"
RECORDS_FILE = "records.jsonl"
CHAT_ENDPOINT: Literal["/v1/chat/completions"] = "/v1/chat/completions"
MAX_REQUESTS = 50_000  # the Batch API's limits per batch
MAX_FILE_BYTES = 200 * 1024 * 1024
FINISHED = frozenset({"completed", "expired", "cancelled", "failed"})
EXIT_NOT_READY = 3


class BatchUsageError(ValueError):
    """The batch cannot be submitted or collected as asked."""


@dataclass(frozen=True)
class BatchContext:
    """The server, its settings and the configuration key of a batch."""

    settings: Settings
    endpoint: Endpoint
    key: str
    config: dict[str, Any]


def batch_context(settings: Settings) -> BatchContext:
    """Resolve the server for a batch; the embedded model has no Batch API."""
    if settings.uses_embedded_model:
        raise BatchUsageError(
            "the Batch API needs a remote server: set OPENAI_API_KEY (and OPENAI_BASE_URL)"
        )
    endpoint = resolve_endpoint(settings)
    run_settings = settings.with_overrides(model=endpoint.model, provider=endpoint.profile.name)
    config = run_config(settings, endpoint.model, endpoint.base_url, prompt_version("extract"))
    return BatchContext(run_settings, endpoint, config_key(config), config)


def load_state(directory: Path) -> dict[str, Any]:
    """The ``batch.json`` of ``directory``."""
    path = directory / BATCH_FILE
    if not path.is_file():
        raise BatchUsageError(f"{directory} holds no batch ({BATCH_FILE} is missing)")
    state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return state


def save_state(directory: Path, state: dict[str, Any]) -> None:
    """Write ``batch.json`` atomically."""
    partial = directory / (BATCH_FILE + ".partial")
    partial.write_text(json.dumps(state, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(directory / BATCH_FILE)


def _custom_ids(article_id: str, chunks: int, used: set[str]) -> list[str]:
    base = article_id
    suffix = 1
    while any(cid in used for cid in _chunk_ids(base, chunks)):
        suffix += 1
        base = f"{article_id}~{suffix}"
    ids = _chunk_ids(base, chunks)
    used.update(ids)
    return ids


def _chunk_ids(base: str, chunks: int) -> list[str]:
    return [base] if chunks == 1 else [f"{base}#{k}" for k in range(chunks)]


def submit(
    inputs: Iterable[ArticleInput],
    directory: Path,
    *,
    settings: Settings,
    retry_errors: bool = False,
) -> dict[str, Any]:
    """Upload the requests of every article not yet done and create a batch; returns the state.

    Unusable articles get their error record in ``DIR/records.jsonl`` at once. Articles that
    already have an ok record there (same text, same configuration) are skipped.
    """
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / BATCH_FILE).is_file():
        previous = load_state(directory)
        if previous.get("batch_id") and not previous.get("collected"):
            raise BatchUsageError(
                f"batch {previous['batch_id']} in {directory} has not been collected yet: "
                f"run `extractor batch collect {directory}` first (or use another --out)"
            )
    context = batch_context(settings)
    records_path = directory / RECORDS_FILE
    writer = RecordWriter(records_path)
    index = ResumeIndex(load_records(records_path).records, context.key, context.config)
    articles: list[dict[str, Any]] = []  # ids, hashes, custom ids: the texts go to a file
    used: set[str] = set()
    requests = errors = skipped = 0
    try:
        with (
            open(directory / ARTICLES_FILE, "w", encoding="utf-8") as texts,
            open(directory / REQUESTS_FILE, "w", encoding="utf-8") as uploads,
        ):
            for article in inputs:
                item = content_sha256(article, context.settings.max_chars)
                decision, _ = index.decide(item, retry_errors=retry_errors)
                if decision != "run":
                    skipped += 1
                    continue
                if item.error is not None or item.text is None:
                    problem = item.error or ValueError("no text")
                    writer.write(error_record(item, context.key, problem, context.config))
                    errors += 1
                    continue
                bodies = request_bodies(item.text, context.settings, context.endpoint)
                ids = _custom_ids(article.id, len(bodies), used)
                for cid, body in zip(ids, bodies, strict=True):
                    line = {"custom_id": cid, "method": "POST", "url": CHAT_ENDPOINT, "body": body}
                    uploads.write(json.dumps(line, ensure_ascii=False) + "\n")
                requests += len(bodies)
                entry = {"id": article.id, "sha256": item.sha256, "custom_ids": ids}
                full = {**entry, "source": article.source, "metadata": article.metadata}
                texts.write(json.dumps({**full, "text": item.text}, ensure_ascii=False) + "\n")
                articles.append(entry)
    finally:
        writer.close()
    size = (directory / REQUESTS_FILE).stat().st_size
    if requests > MAX_REQUESTS or size > MAX_FILE_BYTES:
        raise BatchUsageError(
            f"{requests} requests ({size / 1e6:.0f} MB) exceed the Batch API limits of "
            f"{MAX_REQUESTS} requests and {MAX_FILE_BYTES // 2**20} MB: submit the inputs in "
            "parts, each with its own --out"
        )
    state: dict[str, Any] = {
        "batch_id": None,
        "input_file_id": None,
        "status": "nothing_to_do",
        "config_key": context.key,
        "model": context.endpoint.model,
        "base_url": context.endpoint.base_url,
        "provider": context.endpoint.profile.name,
        "prompt_version": prompt_version("extract"),
        "submitted_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "requests": requests,
        "skipped": skipped,
        "input_errors": errors,
        "articles": articles,
        "collected": False,
    }
    if requests:
        client = make_client(context.settings, context.endpoint)
        try:
            with open(directory / REQUESTS_FILE, "rb") as handle:
                uploaded = client.files.create(file=(REQUESTS_FILE, handle), purpose="batch")
            batch = client.batches.create(
                input_file_id=uploaded.id,
                endpoint=CHAT_ENDPOINT,
                completion_window="24h",
                metadata={"tool": "election-extractor", "config_key": context.key},
            )
        finally:
            client.close()
        state.update(batch_id=batch.id, input_file_id=uploaded.id, status=batch.status)
    save_state(directory, state)
    return state


def status(directory: Path, *, settings: Settings) -> dict[str, Any]:
    """Ask the server how far the batch of ``directory`` is; updates and returns the state."""
    state = load_state(directory)
    if not state.get("batch_id"):
        return state
    context = batch_context(settings)
    client = make_client(context.settings, context.endpoint)
    try:
        batch = client.batches.retrieve(state["batch_id"])
    finally:
        client.close()
    counts = batch.request_counts
    state.update(
        status=batch.status,
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
        request_counts=counts.model_dump() if counts is not None else None,
        errors=[e.model_dump() for e in (batch.errors.data or [])] if batch.errors else None,
    )
    save_state(directory, state)
    return state


def _saved_articles(directory: Path) -> Iterator[dict[str, Any]]:
    """The articles of the batch (with their prepared texts), read one at a time."""
    path = directory / ARTICLES_FILE
    if not path.is_file():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _download(client: openai.OpenAI, file_id: str | None) -> dict[str, dict[str, Any]]:
    """The result lines of an output or error file, by custom id."""
    if not file_id:
        return {}
    results: dict[str, dict[str, Any]] = {}
    for line in client.files.content(file_id).text.splitlines():
        if line.strip():
            item = json.loads(line)
            results[str(item.get("custom_id"))] = item
    return results


def parse_result(
    item: dict[str, Any] | None,
    mode: instructor.Mode,
    *,
    article: str,
    settings: Settings,
    answer: type[DraftAnswer] = ElectionFacts,
) -> tuple[ElectionFacts, Usage]:
    """One batch result line as a validated draft (instructor's parser), with its usage.

    Raises ``ValueError`` (or a validation error) for a missing, failed or invalid result.
    """
    if item is None:
        raise ValueError("no result for this request")
    response = item.get("response") or {}
    if item.get("error") or response.get("status_code") != 200:
        raise ValueError(f"the request failed: {item.get('error') or response.get('body')}")
    completion = ChatCompletion.model_validate(response.get("body"))
    context = {"article": article} if settings.grounding_reask else None
    facts = process_response(
        completion,
        response_model=prepare_response_model(answer),
        stream=False,
        validation_context=context,
        strict=True,
        mode=mode,
    )
    if not isinstance(facts, answer):
        raise ValueError(f"unexpected parse result {type(facts).__name__}")
    facts = facts.as_facts()
    raw = completion.usage
    usage = Usage(
        prompt_tokens=raw.prompt_tokens if raw else 0,
        completion_tokens=raw.completion_tokens if raw else 0,
        total_tokens=raw.total_tokens if raw else 0,
        requests=1,
    )
    return facts, usage


def _from_batch(
    article: dict[str, Any], results: dict[str, dict[str, Any]], context: BatchContext
) -> ArticleExtraction:
    started = time.perf_counter()
    answers: list[ElectionFacts] = []
    usage = Usage()
    models = answer_models(article["text"], context.settings, context.endpoint)
    for custom_id, model in zip(article["custom_ids"], models, strict=True):
        facts, used = parse_result(
            results.get(custom_id),
            context.endpoint.profile.mode,
            article=article["text"],
            settings=context.settings,
            answer=model,
        )
        answers.append(facts)
        usage = usage.add(used)
    return finish_answers(
        article["text"],
        answers,
        settings=context.settings,
        endpoint=context.endpoint,
        usage=usage,
        started=started,
    )


class _Nested:
    """Forwards a repair run's events to the collect reporter, without starting it again."""

    def __init__(self, outer: Reporter) -> None:
        self.outer = outer
        self.stats: RunStats = outer.stats

    def start(self, total: int | None) -> None:
        pass

    def article_done(self, record: dict[str, Any]) -> None:
        self.outer.article_done(record)

    def skipped(self, article_id: str) -> None:
        self.outer.skipped(article_id)

    def note(self, message: str) -> None:
        self.outer.note(message)

    def close(self, *, summary: bool = True) -> None:
        pass


def collect(
    directory: Path, *, settings: Settings, reporter: Reporter, jobs: int = 4
) -> BulkResult | None:
    """Download, validate and ground the batch results; re-run failures live (repair pass).

    Returns None when the batch has not finished yet. Safe to run again: articles that already
    have an ok record are not written twice.
    """
    state = status(directory, settings=settings)
    if state.get("batch_id") and state.get("status") not in FINISHED:
        return None
    context = batch_context(settings)
    if context.key != state.get("config_key"):
        raise BatchUsageError(
            "the model, server, prompt or an answer-changing setting differs from the one the "
            "batch was submitted with "
            f"({state.get('model')} at {state.get('base_url')}, {state.get('prompt_version')})"
        )
    records_path = directory / RECORDS_FILE
    client = make_client(context.settings, context.endpoint)
    try:
        results = _download(client, state.get("error_file_id"))
        results.update(_download(client, state.get("output_file_id")))
    finally:
        client.close()
    reporter.start(len(state.get("articles") or []))
    result = BulkResult()
    repairs: list[ArticleInput] = []
    writer = RecordWriter(records_path)
    try:
        index = ResumeIndex(load_records(records_path).records, context.key, context.config)
        for article in _saved_articles(directory):
            item = ArticleInput(
                article["id"], article["source"], article["text"], article["metadata"]
            )
            prepared = PreparedInput(item, article["text"], None, article["sha256"])
            decision, existing = index.decide(prepared, retry_errors=True)
            if decision == "skip" and existing is not None:
                result.statuses[item.id] = str(existing.get("status"))
                reporter.skipped(item.id)
                continue
            try:
                extraction = _from_batch(article, results, context)
            except Exception as error:
                reporter.note(f"{item.id}: batch result unusable ({error}); re-running it live")
                repairs.append(item)
                continue
            record = {
                **ok_record(prepared, context.key, extraction, context.config),
                "via": "batch",
            }
            writer.write(record)
            result.statuses[item.id] = "ok"
            reporter.article_done(record)
    finally:
        writer.close()
    try:
        if repairs:
            repaired = run_bulk(
                repairs,
                settings=context.settings,
                reporter=_Nested(reporter),
                output=records_path,
                jobs=jobs,
                retry_errors=True,
                total=len(repairs),
            )
            result.statuses.update(repaired.statuses)
            result.interrupted = repaired.interrupted
            result.aborted = repaired.aborted
    finally:
        reporter.close(summary=True)
    if not result.interrupted:
        state["collected"] = True
        state["repaired"] = len(repairs)
        save_state(directory, state)
    return result
