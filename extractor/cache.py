"""An on-disk cache of model responses, keyed by the full request, bounded in size.

The key is a hash of the server's identity (the embedded model file, or the server URL) and
the whole request body: model name, messages (the article and the prompt, so its version),
the response schema and every sampling setting. A changed prompt, schema, setting or model is a
different key, never a stale answer. Only complete answers are kept (HTTP 200, finished, the
answer well-formed JSON): a cut-off, malformed or failed one is asked again next time. Each entry is one small JSON file written atomically, so concurrent runs and a crash
never leave a broken entry; when the cache outgrows its bound, the least recently used entries
go first.

``extract`` and ``eval`` share it (``~/.cache/election-extractor/responses``, or
``EXTRACTOR_CACHE_DIR``); ``--no-cache`` / ``EXTRACTOR_RESPONSE_CACHE=0`` bypass it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import httpx2

from extractor.replay import ServedTime, load_cassette, request_key, started_at
from extractor.runtime import RUNTIME

HIT_HEADER = "x-extractor-cache"
DEFAULT_MAX_MB = 1024


def server_identity(embedded_model: str | None, base_url: str | None) -> str:
    """What identifies the server answering: the embedded model file and runtime (its port
    changes every start) or the server's URL."""
    if embedded_model is not None:
        return f"embedded:{RUNTIME}:{embedded_model}"
    return (base_url or "").rstrip("/")


class ResponseCache:
    """Responses by request key in ``directory``, at most ``max_bytes`` of them."""

    def __init__(self, directory: Path, *, identity: str, max_bytes: int = DEFAULT_MAX_MB << 20):
        self.directory = directory
        self.identity = identity
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        self._bytes: int | None = None  # counted on the first write

    def key(self, request: httpx2.Request) -> str:
        """The cache key of ``request`` on this server."""
        body_key = request_key(request.method, request.url.path, request.content)
        return hashlib.sha256(f"{self.identity} {body_key}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached interaction for ``key`` (its use refreshes its place), or None."""
        path = self._path(key)
        try:
            entry: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            with self._lock:
                self.misses += 1
            return None
        with self._lock:
            self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used goes first
        return entry

    def put(self, key: str, interaction: dict[str, Any]) -> None:
        """Keep ``interaction`` under ``key``, then trim the cache to its bound."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(interaction, ensure_ascii=False).encode("utf-8")
        partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
        partial.write_bytes(data)
        os.replace(partial, path)
        with self._lock:
            if self._bytes is None:
                self._bytes = self.size_bytes()
            else:
                self._bytes += len(data)
            over = self._bytes > self.max_bytes
        if over:
            self.trim()

    def entries(self) -> list[Path]:
        """Every entry file."""
        return list(self.directory.glob("*/*.json")) if self.directory.is_dir() else []

    def size_bytes(self) -> int:
        """The bytes the entries take."""
        return sum(p.stat().st_size for p in self.entries() if p.exists())

    def trim(self) -> int:
        """Remove the least recently used entries until the cache is 90% of its bound."""
        files = []
        for path in self.entries():
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in files)
        removed = 0
        for _, size, path in sorted(files):
            if total <= self.max_bytes * 0.9:
                break
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            removed += 1
        with self._lock:
            self._bytes = total
        return removed

    def import_cassettes(self, paths: list[Path]) -> int:
        """Add the answers of replay cassettes (the eval's earlier per-article cache)."""
        added = 0
        for cassette in paths:
            for item in load_cassette(cassette):
                request = item.get("request")
                response = item.get("response") or {}
                if not isinstance(request, dict) or response.get("status") != 200:
                    continue
                body = json.dumps(request).encode("utf-8")
                http_request = httpx2.Request(
                    "POST", "http://cache.invalid/v1/chat/completions", content=body
                )
                key = self.key(http_request)
                if not self._path(key).exists():
                    parsed = response.get("body")
                    self.put(key, {**item, "complete": complete_answer(parsed)})
                    added += 1
        return added


_OPEN: dict[tuple[Path, str], ResponseCache] = {}
_OPEN_LOCK = threading.Lock()


def open_cache(
    directory: Path, identity: str, max_bytes: int = DEFAULT_MAX_MB << 20
) -> ResponseCache:
    """The process's one :class:`ResponseCache` for ``directory`` and server (its counts add up
    over every client that uses it)."""
    with _OPEN_LOCK:
        cache = _OPEN.get((directory, identity))
        if cache is None:
            cache = ResponseCache(directory, identity=identity, max_bytes=max_bytes)
            _OPEN[(directory, identity)] = cache
        cache.max_bytes = max_bytes
        return cache


def complete_answer(body: Any) -> bool:
    """True for a chat completion that finished and whose answer is well-formed JSON: a cut-off
    or malformed answer is not kept (a retry may fare better)."""
    try:
        choice = body["choices"][0]
        if choice.get("finish_reason") not in ("stop", "tool_calls"):
            return False
        message = choice["message"]
        calls = message.get("tool_calls") or []
        text = calls[0]["function"]["arguments"] if calls else message.get("content")
        json.loads(text)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return False
    return True


def _interaction(request: httpx2.Request, body: bytes, elapsed: float) -> dict[str, Any] | None:
    try:
        parsed = json.loads(body)
        sent = json.loads(request.content or b"null")
    except ValueError:
        return None
    return {
        "request": sent,
        "response": {"status": 200, "body": parsed},
        "elapsed_s": round(elapsed, 3),
        "started_at": started_at(elapsed),
        "complete": complete_answer(parsed),
        "cached_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def _cacheable(request: httpx2.Request) -> bool:
    return request.method == "POST" and request.url.path.endswith("/chat/completions")


class _Caching:
    """What the sync and async transports share: lookup, storing, and this client's counts."""

    def __init__(self, cache: ResponseCache, keep_incomplete: bool) -> None:
        self.cache = cache
        # An eval run keeps every answer it got, so that running it again is identical; a bulk
        # run keeps only complete ones, so that a fixed server is asked again.
        self.keep_incomplete = keep_incomplete
        self.hits = 0
        self.misses = 0
        self.served = ServedTime()  # what the cached answers took when first asked
        self.used: list[dict[str, Any]] = []  # every interaction this client used, in order

    def lookup(self, request: httpx2.Request) -> tuple[str, httpx2.Response | None]:
        key = self.cache.key(request)
        entry = self.cache.get(key)
        if entry is None or not (entry.get("complete", True) or self.keep_incomplete):
            self.misses += 1
            return key, None
        self.hits += 1
        self.served.add(entry)
        self.used.append(entry)
        return key, httpx2.Response(
            200, json=entry["response"]["body"], headers={HIT_HEADER: "hit"}
        )

    def store(
        self,
        key: str,
        request: httpx2.Request,
        response: httpx2.Response,
        body: bytes,
        started: float,
    ) -> httpx2.Response:
        if response.status_code == 200:
            interaction = _interaction(request, body, time.perf_counter() - started)
            if interaction is not None:
                self.used.append(interaction)
                if interaction["complete"] or self.keep_incomplete:
                    self.cache.put(key, interaction)
        return httpx2.Response(response.status_code, headers=response.headers, content=body)


class CachingTransport(httpx2.BaseTransport, _Caching):
    """Answers a request seen before from the cache; sends the rest on and caches the answer."""

    def __init__(
        self, inner: httpx2.BaseTransport, cache: ResponseCache, *, keep_incomplete: bool = False
    ) -> None:
        _Caching.__init__(self, cache, keep_incomplete)
        self._inner = inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """A cached response, or the server's (then cached)."""
        if not _cacheable(request):
            return self._inner.handle_request(request)
        key, cached = self.lookup(request)
        if cached is not None:
            return cached
        started = time.perf_counter()
        response = self._inner.handle_request(request)
        return self.store(key, request, response, response.read(), started)

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


class AsyncCachingTransport(httpx2.AsyncBaseTransport, _Caching):
    """The async twin of :class:`CachingTransport` (file access is small and local)."""

    def __init__(
        self,
        inner: httpx2.AsyncBaseTransport,
        cache: ResponseCache,
        *,
        keep_incomplete: bool = False,
    ) -> None:
        _Caching.__init__(self, cache, keep_incomplete)
        self._inner = inner

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """A cached response, or the server's (then cached)."""
        if not _cacheable(request):
            return await self._inner.handle_async_request(request)
        key, cached = self.lookup(request)
        if cached is not None:
            return cached
        started = time.perf_counter()
        response = await self._inner.handle_async_request(request)
        return self.store(key, request, response, await response.aread(), started)

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()


__all__ = [
    "AsyncCachingTransport",
    "CachingTransport",
    "ResponseCache",
    "open_cache",
    "server_identity",
]
