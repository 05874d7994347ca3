"""The on-disk response cache: full-request keys, complete answers only, bounded, shared."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx2
import pytest

from extractor.cache import (
    HIT_HEADER,
    CachingTransport,
    ResponseCache,
    complete_answer,
    server_identity,
)

URL = "http://server.invalid/v1/chat/completions"


def completion(text: str, finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {"index": 0, "finish_reason": finish, "message": {"role": "assistant", "content": text}}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


class Server(httpx2.BaseTransport):
    def __init__(self, answer: dict[str, Any], status: int = 200) -> None:
        self.answer = answer
        self.status = status
        self.requests = 0

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        self.requests += 1
        return httpx2.Response(self.status, json=self.answer)


def ask(transport: httpx2.BaseTransport, body: dict[str, Any]) -> httpx2.Response:
    with httpx2.Client(transport=transport) as client:
        return client.post(URL, json=body)


def test_a_request_seen_before_is_answered_from_disk(tmp_path: Path) -> None:
    server = Server(completion('{"contests": []}'))
    body = {"model": "m", "messages": [{"role": "user", "content": "article"}], "temperature": 0}
    first = ask(CachingTransport(server, ResponseCache(tmp_path, identity="s")), body)
    # A new process, a new transport: the same directory answers.
    second = ask(CachingTransport(server, ResponseCache(tmp_path, identity="s")), body)
    assert server.requests == 1
    assert first.json() == second.json()
    assert second.headers[HIT_HEADER] == "hit"


@pytest.mark.parametrize(
    "change",
    [
        {"temperature": 0.5},
        {"model": "other"},
        {"messages": [{"role": "user", "content": "another article"}]},
        {"response_format": {"type": "json_object"}},
    ],
)
def test_any_change_to_the_request_is_another_key(tmp_path: Path, change: dict[str, Any]) -> None:
    server = Server(completion('{"contests": []}'))
    body = {"model": "m", "messages": [{"role": "user", "content": "article"}], "temperature": 0}
    cache = ResponseCache(tmp_path, identity="s")
    ask(CachingTransport(server, cache), body)
    ask(CachingTransport(server, cache), {**body, **change})
    assert server.requests == 2


def test_another_server_is_another_key(tmp_path: Path) -> None:
    server = Server(completion('{"contests": []}'))
    body = {"model": "m", "messages": []}
    ask(
        CachingTransport(server, ResponseCache(tmp_path, identity=server_identity("a.gguf", None))),
        body,
    )
    ask(
        CachingTransport(
            server, ResponseCache(tmp_path, identity=server_identity(None, "http://b/v1"))
        ),
        body,
    )
    assert server.requests == 2


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (completion('{"contests": [{"area": "Ken'), 200),  # malformed JSON
        (completion('{"contests": []}', finish="length"), 200),  # cut off
        ({"error": {"message": "overloaded"}}, 503),
    ],
)
def test_incomplete_answers_are_asked_again(
    tmp_path: Path, answer: dict[str, Any], status: int
) -> None:
    server = Server(answer, status)
    cache = ResponseCache(tmp_path, identity="s")
    ask(CachingTransport(server, cache), {"model": "m"})
    ask(CachingTransport(server, cache), {"model": "m"})
    assert server.requests == 2
    # An eval keeps them, so that running it again is identical.
    if status == 200:
        keeping = ResponseCache(tmp_path / "eval", identity="s")
        ask(CachingTransport(server, keeping, keep_incomplete=True), {"model": "m"})
        ask(CachingTransport(server, keeping, keep_incomplete=True), {"model": "m"})
        assert server.requests == 3


def test_the_cache_keeps_to_its_bound_dropping_the_least_recently_used(tmp_path: Path) -> None:
    server = Server(completion(json.dumps({"text": "x" * 2000})))
    cache = ResponseCache(tmp_path, identity="s", max_bytes=12_000)
    transport = CachingTransport(server, cache)
    for n in range(4):
        ask(transport, {"model": "m", "n": n})
    oldest = cache._path(cache.key(httpx2.Request("POST", URL, json={"model": "m", "n": 0})))
    os.utime(oldest, (1, 1))
    for n in range(4, 8):
        ask(transport, {"model": "m", "n": n})
    assert cache.size_bytes() <= 12_000
    assert not oldest.exists()
    ask(transport, {"model": "m", "n": 7})  # the newest is still there
    assert server.requests == 8


def test_complete_answer_reads_tool_calls_too() -> None:
    tool = completion("")
    tool["choices"][0]["finish_reason"] = "tool_calls"
    tool["choices"][0]["message"] = {
        "role": "assistant",
        "tool_calls": [
            {"id": "1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
        ],
    }
    assert complete_answer(tool)
    assert not complete_answer({"choices": []})
