"""Run the extractor over the dev set, live (with an on-disk cache) or from recordings."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx2
import openai

from evals.dataset import PROJECT_ROOT, EvalArticle
from extractor import ExtractionFailedError, Settings, extract_article
from extractor.cache import CachingTransport, ResponseCache, open_cache, server_identity
from extractor.core import Endpoint, resolve_endpoint
from extractor.replay import ReplayTransport, load_cassette, request_key, write_cassette
from extractor.transport import NetworkRetryPolicy, RetryingTransport
from schemas import ArticleExtraction, Usage

REPLAY_DIR = PROJECT_ROOT / "evals" / "replay"
CACHE_DIR = PROJECT_ROOT / "evals" / "cache"


@dataclass
class ArticleRun:
    """The outcome of extracting one dev-set article."""

    article: EvalArticle
    result: ArticleExtraction | None
    error: str | None
    model_seconds: float
    usage: Usage
    cached: bool


def _client(transport: httpx2.BaseTransport, base_url: str, api_key: str) -> openai.OpenAI:
    return openai.OpenAI(
        api_key=api_key,
        base_url=base_url,
        max_retries=0,
        timeout=900,
        http_client=httpx2.Client(transport=transport, timeout=900),
    )


def _run_one(
    article: EvalArticle,
    client: openai.OpenAI,
    settings: Settings,
    recorded: ReplayTransport | None,
) -> tuple[ArticleExtraction | None, str | None, float, Usage]:
    started = time.perf_counter()
    try:
        result = extract_article(article.text, client=client, settings=settings)
    except Exception as error:
        return (
            None,
            f"{type(error).__name__}: {error}",
            time.perf_counter() - started,
            error.usage if isinstance(error, ExtractionFailedError) else Usage(),
        )
    assert result.meta is not None
    # A replayed answer took no time now: report what it took when it was recorded.
    seconds = recorded.served.seconds if recorded is not None else result.meta.seconds
    return result, None, seconds, result.meta.usage


def run_replay(
    articles: list[EvalArticle], replay_dir: Path = REPLAY_DIR, settings: Settings | None = None
) -> list[ArticleRun]:
    """Extract every article from its committed recording (no model, no network); only the
    ``disabled`` passes of ``settings`` apply (the recordings fix everything else)."""
    runs = []
    cassette_settings = {"model": "embedded", "provider": "embedded"}
    for article in articles:
        cassette = replay_dir / f"{article.id}.json"
        interactions = load_cassette(cassette)
        if interactions:
            cassette_settings["model"] = interactions[0]["request"].get("model", "embedded")
        transport = ReplayTransport(interactions)
        replayed = Settings(
            **cassette_settings,  # type: ignore[arg-type]
            disabled=settings.disabled if settings else frozenset(),
        )
        result, error, seconds, usage = _run_one(
            article, _client(transport, "http://replay.invalid/v1", "replay"), replayed, transport
        )
        runs.append(ArticleRun(article, result, error, seconds, usage, cached=True))
    return runs


LEGACY_MARK = ".imported-into-response-cache"


def import_legacy_cache(cache: ResponseCache, legacy_dir: Path = CACHE_DIR) -> int:
    """Move the answers of the eval's earlier per-article cassettes (``evals/cache/*.json``)
    into the shared response cache, once."""
    mark = legacy_dir / LEGACY_MARK
    cassettes = sorted(legacy_dir.glob("*.json")) if legacy_dir.is_dir() else []
    if not cassettes or mark.exists():
        return 0
    added = cache.import_cassettes(cassettes)
    mark.write_text(f"{added} answers imported into {cache.directory}\n", encoding="utf-8")
    return added


def run_live(
    articles: list[EvalArticle],
    settings: Settings,
    *,
    cache_dir: Path | None = None,
    record_dir: Path | None = None,
    on_done: Callable[[ArticleRun], None] | None = None,
    jobs: int = 1,
) -> list[ArticleRun]:
    """Extract every article with the configured (or embedded) model, caching answers on disk.

    ``jobs`` articles at a time (the runs come back in article order; a run's seconds are its
    own wall time, which articles in flight beside it lengthen).

    The cache is the response cache ``extract`` uses (:mod:`extractor.cache`; ``cache_dir``
    overrides where), keyed by the full request (article, model, prompt version, schema), so a
    second identical run is instant and identical: an eval keeps even cut-off answers. With
    ``record_dir`` the exchanges are also written there (``evals/replay/`` is what the replay
    mode and CI use).
    """
    endpoint: Endpoint = resolve_endpoint(settings)
    settings = settings.with_overrides(model=endpoint.model, provider=endpoint.profile.name)
    cache = open_cache(
        cache_dir or settings.response_cache_dir,
        server_identity(settings.embedded_model_name, endpoint.base_url),
        max_bytes=settings.response_cache_mb << 20,
    )
    if cache_dir is None:
        import_legacy_cache(cache)

    def one(article: EvalArticle) -> ArticleRun:
        network = RetryingTransport(
            policy=NetworkRetryPolicy(attempts=settings.network_retries + 1)
        )
        caching = CachingTransport(network, cache, keep_incomplete=True)
        client = _client(caching, endpoint.base_url or "", endpoint.api_key)
        # The client is ours: the extraction must not wrap it in a second cache.
        result, error, seconds, usage = _run_one(
            article, client, settings.with_overrides(response_cache=False), None
        )
        if record_dir is not None:
            write_cassette(
                record_dir / f"{article.id}.json",
                [
                    {**i, "key": request_key("POST", "/v1/chat/completions", _body(i))}
                    for i in caching.used
                ],
            )
        if caching.misses == 0:
            seconds = caching.served.seconds
        run = ArticleRun(article, result, error, seconds, usage, cached=caching.misses == 0)
        if on_done is not None:
            on_done(run)
        return run

    if jobs <= 1:
        return [one(article) for article in articles]
    with ThreadPoolExecutor(jobs, thread_name_prefix="eval-article") as pool:
        return list(pool.map(one, articles))


def _body(interaction: dict[str, object]) -> bytes:
    return json.dumps(interaction["request"]).encode("utf-8")
