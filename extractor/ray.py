"""Bulk extraction on a Ray cluster, over one or many OpenAI-compatible model servers.

``pip install 'election-extractor[ray]'``, then ``extractor extract INPUTS -o OUT --ray
[ADDRESS] --base-url URL --base-url URL2 ...``, or from Python
:func:`extract_dataset` on a ``ray.data.Dataset`` of ``{id, text, ...}`` rows.

Every Ray worker (an actor of a Ray Data ``map_batches``) runs the very pipeline of a local
run (:func:`extractor.bulk.extract_record`, so the records are the same, ``config_key``
included) on its articles, ``jobs`` at a time, spreading them over the servers
(:class:`ServerPool`): a server that cannot be reached or fails is taken out for a while and
the article tried on the next one. With no server given, each worker starts its own embedded
model. The driver keeps the output: it writes each record (one fsynced line) as batches come
back, so a rerun skips what is done, a worker killed mid-run loses only its batch in flight
(Ray restarts the worker and runs the batch again), and one bad article is an error record.

Nothing here is imported by the core package: Ray is needed only on this path.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extractor.bulk import BulkResult, copied_record, extract_record, run_identity
from extractor.config import Settings
from extractor.core import Endpoint, make_async_client, resolve_endpoint
from extractor.errors import import_extra
from extractor.inputs import ArticleInput, content_sha256
from extractor.outputs import Record, RecordWriter, load_records
from extractor.progress import Reporter
from extractor.providers import resolve_provider
from extractor.resume import ResumeIndex, config_key, run_config
from prompts import prompt_version

# Record causes that say the server, not the article, failed: the article goes to another one.
SERVER_FAILURES = frozenset(
    {"APIConnectionError", "APITimeoutError", "InternalServerError", "RateLimitError"}
)
COOLDOWN_S = 30.0
BATCH_SIZE = 8


def _ray() -> Any:
    return import_extra("ray", "ray", "The Ray path")


@dataclass
class ServerPool:
    """Round robin over servers; a failing one is out for ``cooldown_s``, then tried again."""

    urls: list[str]
    cooldown_s: float = COOLDOWN_S
    _next: int = 0
    _out_until: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def order(self) -> list[str]:
        """The servers to try for the next article: those in service first, in turn."""
        with self._lock:
            now = time.monotonic()
            start = self._next % len(self.urls)
            self._next += 1
            turn = self.urls[start:] + self.urls[:start]
            up = [u for u in turn if self._out_until.get(u, 0.0) <= now]
            down = sorted((u for u in turn if u not in up), key=lambda u: self._out_until[u])
            return up + down

    def failed(self, url: str) -> None:
        """Take ``url`` out of service for a while."""
        with self._lock:
            self._out_until[url] = time.monotonic() + self.cooldown_s

    def succeeded(self, url: str) -> None:
        """``url`` answered: back in service."""
        with self._lock:
            self._out_until.pop(url, None)


def cluster_config(settings: Settings, base_urls: Sequence[str]) -> dict[str, Any]:
    """The configuration of a Ray run: a local run's (:func:`extractor.resume.run_config`),
    with the servers as its server (one server: exactly a local run's)."""
    if not base_urls:
        model, server = run_identity(settings)
    else:
        profile = resolve_provider(settings.provider, base_urls[0])
        model = settings.model or profile.default_model or ""
        server = ",".join(u.rstrip("/") for u in base_urls)
    return run_config(settings, model, server, prompt_version("extract"))


def _settings_payload(settings: Settings) -> dict[str, Any]:
    payload = asdict(settings)
    payload["disabled"] = sorted(settings.disabled)
    for name in ("gguf_path", "cache_dir", "response_cache_dir"):
        payload[name] = None if payload[name] is None else str(payload[name])
    return payload


def _settings_from(payload: dict[str, Any]) -> Settings:
    values = dict(payload)
    values["disabled"] = frozenset(values["disabled"])
    for name in ("gguf_path", "cache_dir", "response_cache_dir"):
        if values[name] is not None:
            values[name] = Path(values[name])
    return Settings(**values)


class ExtractWorker:
    """One Ray worker: extracts a batch of rows into records (as JSON strings)."""

    def __init__(self, settings: dict[str, Any], base_urls: list[str], jobs: int) -> None:
        self.settings = _settings_from(settings)
        self.config = cluster_config(self.settings, base_urls)
        self.key = config_key(self.config)
        self.jobs = jobs
        self.pool = ServerPool(base_urls) if base_urls else None
        self.endpoints: dict[str, Endpoint] = {}
        self.base_urls = base_urls

    def _endpoint(self, url: str | None) -> tuple[Endpoint, Settings]:
        settings = self.settings if url is None else self.settings.with_overrides(base_url=url)
        name = url or "embedded"
        if name not in self.endpoints:
            self.endpoints[name] = resolve_endpoint(settings)  # the embedded model starts here
        endpoint = self.endpoints[name]
        return endpoint, settings.with_overrides(
            model=endpoint.model, provider=endpoint.profile.name
        )

    async def _one(self, row: dict[str, Any]) -> Record:
        metadata = json.loads(row.get("metadata") or "{}")
        article = ArticleInput(str(row["id"]), str(row.get("source") or ""), row["raw"], metadata)
        item = content_sha256(article, self.settings.max_chars)
        urls: list[str | None] = list(self.pool.order()) if self.pool else [None]
        record: Record = {}
        for url in urls:
            endpoint, settings = self._endpoint(url)
            client = make_async_client(settings, endpoint)
            try:
                record, _ = await extract_record(
                    item, key=self.key, settings=settings, client=client, config=self.config
                )
            finally:
                await client.close()
            cause = (record.get("error") or {}).get("cause")
            if self.pool is None or url is None or cause not in SERVER_FAILURES:
                if self.pool is not None and url is not None:
                    self.pool.succeeded(url)
                break
            self.pool.failed(url)
        return record

    async def _all(self, rows: list[dict[str, Any]]) -> list[Record]:
        slots = asyncio.Semaphore(max(1, self.jobs))

        async def bounded(row: dict[str, Any]) -> Record:
            async with slots:
                return await self._one(row)

        return list(await asyncio.gather(*(bounded(r) for r in rows)))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        columns = list(batch)
        rows = [{c: _plain(batch[c][i]) for c in columns} for i in range(len(batch[columns[0]]))]
        records = asyncio.run(self._all(rows))
        return {"record": [json.dumps(r, ensure_ascii=False) for r in records]}


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") and not isinstance(value, bytes | str) else value


def extract_dataset(
    dataset: Any,
    *,
    settings: Settings | None = None,
    base_urls: Sequence[str] = (),
    workers: int = 2,
    jobs: int = 4,
    batch_size: int = BATCH_SIZE,
) -> Any:
    """A ``ray.data.Dataset`` of records (one ``record`` column of JSON strings) for a dataset of
    ``{id, text}`` rows (other columns are kept as metadata), extracted by ``workers`` Ray actors,
    ``jobs`` articles at a time each. A killed worker is restarted and its batch run again."""
    _ray()
    chosen = settings or Settings.from_env()

    def as_rows(batch: dict[str, Any]) -> dict[str, list[Any]]:
        columns = list(batch)
        count = len(batch[columns[0]])
        out: dict[str, list[Any]] = {"id": [], "source": [], "raw": [], "metadata": []}
        for i in range(count):
            row = {c: _plain(batch[c][i]) for c in columns}
            out["id"].append(str(row.get("id", f"row-{i}")))
            out["source"].append(str(row.get("source") or "<dataset>"))
            raw = row.get("raw", row.get("text", ""))
            out["raw"].append(raw.encode("utf-8") if isinstance(raw, str) else raw)
            extra = {
                k: v for k, v in row.items() if k not in ("id", "source", "raw", "text", "metadata")
            }
            out["metadata"].append(row.get("metadata") or json.dumps(extra, default=str))
        return out

    prepared = dataset if "raw" in dataset.columns() else dataset.map_batches(as_rows)
    return prepared.map_batches(
        ExtractWorker,
        fn_constructor_args=(_settings_payload(chosen), list(base_urls), jobs),
        batch_size=batch_size,
        concurrency=workers,
        num_cpus=0,  # the work is waiting on model servers; the servers hold the compute
        # Ray Data restarts a dead actor and runs its batch again by default (max_restarts and
        # max_task_retries -1); tests/test_ray.py kills one mid-run to hold it to that.
    )


def run_ray(
    inputs: Iterable[ArticleInput],
    *,
    settings: Settings,
    reporter: Reporter,
    output: Path,
    base_urls: Sequence[str] = (),
    address: str | None = None,
    workers: int = 2,
    jobs: int = 4,
    retry_errors: bool = False,
    reuse_stale: bool = False,
    total: int | None = None,
) -> BulkResult:
    """``extract -o OUT --ray``: the driver side. Resumes from ``output``, sends what is left to
    the cluster, and writes each record to ``output`` as it comes back."""
    ray = _ray()
    if not ray.is_initialized():
        ray.init(address=address, log_to_driver=False, include_dashboard=False)
    # The run's own progress is the reporter's; Ray Data's bars and logs would interleave.
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    config = cluster_config(settings, base_urls)
    key = config_key(config)
    loaded = load_records(output, repair=True)
    index = ResumeIndex(loaded.records, key, config, reuse_stale=reuse_stale)
    stale = index.stale_note()
    if stale:
        reporter.note(stale)
    result = BulkResult(torn_line_removed=loaded.torn_line_removed)
    writer = RecordWriter(output)
    rows = []
    reporter.start(total)
    try:
        for article in inputs:
            item = content_sha256(article, settings.max_chars)
            decision, existing = index.decide(item, retry_errors=retry_errors)
            if decision in ("skip", "copy") and existing is not None:
                if decision == "copy":
                    writer.write(copied_record(existing, article))
                result.statuses[article.id] = str(existing.get("status"))
                reporter.skipped(article.id)
                continue
            raw = article.raw if isinstance(article.raw, bytes) else article.raw.encode("utf-8")
            rows.append(
                {
                    "id": article.id,
                    "source": article.source,
                    "raw": raw,
                    "metadata": json.dumps(article.metadata, default=str),
                }
            )
        if rows:
            records = extract_dataset(
                ray.data.from_items(rows),
                settings=settings,
                base_urls=base_urls,
                workers=workers,
                jobs=jobs,
            )
            for batch in records.iter_batches(batch_size=BATCH_SIZE, batch_format="pyarrow"):
                for text in batch.column("record").to_pylist():
                    record = json.loads(text)
                    writer.write(record)
                    result.statuses[str(record["id"])] = str(record["status"])
                    reporter.article_done(record)
    finally:
        writer.close()
        reporter.close(summary=True)
    return result


__all__ = ["ExtractWorker", "ServerPool", "cluster_config", "extract_dataset", "run_ray"]
