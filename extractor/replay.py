"""Record real model responses and replay them with no network, no key and no model.

A cassette is a JSON file holding the interactions of one article: each request body (the
prompt, schema and sampling settings, exactly as sent) with the response the server gave.
Requests are matched by a hash of their canonical JSON body, so a changed prompt, schema or
setting is a clear miss (HTTP 404 naming the fix), never a silently stale answer.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx2
import openai

REPLAY_BASE_URL = "http://replay.invalid/v1"


def request_key(method: str, path: str, body: bytes) -> str:
    """A stable hash of one request: method, path and canonical JSON body."""
    try:
        canonical = json.dumps(json.loads(body or b"null"), sort_keys=True, separators=(",", ":"))
    except ValueError:
        canonical = body.decode("utf-8", "replace")
    path = path.split("/v1", 1)[-1]
    return hashlib.sha256(f"{method} {path} {canonical}".encode()).hexdigest()


def _key_of(request: httpx2.Request) -> str:
    return request_key(request.method, request.url.path, request.content)


def load_cassette(path: Path) -> list[dict[str, Any]]:
    """The interactions recorded in ``path`` (empty when the file does not exist)."""
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    interactions: list[dict[str, Any]] = data["interactions"]
    return interactions


def write_cassette(path: Path, interactions: list[dict[str, Any]]) -> None:
    """Write ``interactions`` to ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(
        json.dumps({"interactions": interactions}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    partial.replace(path)


class RecordingTransport(httpx2.BaseTransport):
    """Passes requests to ``inner`` and writes each exchange to a cassette file."""

    def __init__(
        self, inner: httpx2.BaseTransport, cassette: Path, *, append: bool = False
    ) -> None:
        self._inner = inner
        self._cassette = cassette
        self._lock = threading.Lock()
        self._interactions: list[dict[str, Any]] = load_cassette(cassette) if append else []
        self.last_interaction: dict[str, Any] = {}

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Forward ``request`` and record the exchange (with how long the server took)."""
        started = time.perf_counter()
        response = self._inner.handle_request(request)
        body = response.read()
        elapsed = round(time.perf_counter() - started, 3)
        try:
            parsed_body: Any = json.loads(body)
        except ValueError:
            parsed_body = body.decode("utf-8", "replace")
        with self._lock:
            self.last_interaction = {
                "key": _key_of(request),
                "request": json.loads(request.content or b"null"),
                "response": {"status": response.status_code, "body": parsed_body},
                "elapsed_s": elapsed,
                "started_at": started_at(elapsed),
            }
            self._interactions.append(self.last_interaction)
            write_cassette(self._cassette, self._interactions)
        return httpx2.Response(response.status_code, headers=response.headers, content=body)


class ServedTime:
    """How long served answers took when first asked, as wall time: calls that were in flight
    together (an article's passages) count once. Interactions recorded before start times
    were kept count their whole time."""

    def __init__(self) -> None:
        self._spans: list[tuple[float, float]] = []
        self._unplaced_s = 0.0

    def add(self, interaction: dict[str, Any]) -> None:
        """Count one served interaction."""
        elapsed = float(interaction.get("elapsed_s", 0.0))
        started = interaction.get("started_at")
        if started is None:
            self._unplaced_s += elapsed
        else:
            self._spans.append((float(started), float(started) + elapsed))

    @property
    def seconds(self) -> float:
        """The wall time of every served interaction, overlaps counted once."""
        total, reach = self._unplaced_s, float("-inf")
        for start, end in sorted(self._spans):
            if end > reach:
                total += end - max(start, reach)
                reach = end
        return total


def started_at(elapsed_s: float) -> float:
    """When (Unix time) a request that has just taken ``elapsed_s`` was sent."""
    return round(time.time() - elapsed_s, 3)


class ReplayTransport(httpx2.BaseTransport):
    """Answers requests from recorded interactions; an unknown request gets HTTP 404."""

    def __init__(self, interactions: list[dict[str, Any]]) -> None:
        self._by_key = {item["key"]: item for item in interactions}
        self.misses: list[str] = []
        self.served = ServedTime()  # what the served responses took when they were recorded

    @classmethod
    def from_files(cls, *paths: Path) -> ReplayTransport:
        """A transport serving every interaction recorded in ``paths``."""
        return cls([item for path in paths for item in load_cassette(path)])

    def interaction(self, key: str) -> dict[str, Any]:
        """The recorded interaction with request key ``key``."""
        return self._by_key[key]

    def knows(self, request: httpx2.Request) -> bool:
        """True when a response to ``request`` was recorded."""
        return _key_of(request) in self._by_key

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """The recorded response for ``request``, or a 404 explaining the miss."""
        key = _key_of(request)
        item = self._by_key.get(key)
        if item is None:
            self.misses.append(key)
            message = (
                f"no recorded response for this request (key {key[:12]}): the prompt, schema or "
                "settings changed since recording; re-record with "
                "`extractor eval --live --record` against a live model"
            )
            return httpx2.Response(404, json={"error": {"message": message, "type": "replay_miss"}})
        self.served.add(item)
        recorded = item["response"]
        body = recorded["body"]
        if isinstance(body, str):
            return httpx2.Response(recorded["status"], text=body)
        return httpx2.Response(recorded["status"], json=body)


def replay_client(*cassettes: Path) -> openai.OpenAI:
    """An openai client answered entirely from the given cassettes."""
    return openai.OpenAI(
        api_key="replay",
        base_url=REPLAY_BASE_URL,
        max_retries=0,
        http_client=httpx2.Client(transport=ReplayTransport.from_files(*cassettes)),
    )


def recording_client(
    base_url: str, cassette: Path, *, api_key: str = "not-needed"
) -> openai.OpenAI:
    """An openai client that talks to ``base_url`` and records every exchange to ``cassette``."""
    return openai.OpenAI(
        api_key=api_key,
        base_url=base_url,
        max_retries=0,
        timeout=600,
        http_client=httpx2.Client(
            transport=RecordingTransport(httpx2.HTTPTransport(), cassette), timeout=600
        ),
    )
