"""The extraction pipeline against a fake OpenAI-compatible server (httpx2 MockTransport)."""

import asyncio
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest

from extractor import (
    EmptyArticleError,
    ExtractionFailedError,
    Settings,
    aextract_article,
    extract_article,
)
from extractor.parsers import infer_kind
from extractor.reasks import CUT_OFF
from extractor.text import result_passages, with_dateline_as_metadata
from extractor.topics import plan_calls
from extractor.transport import AsyncRetryingTransport, NetworkRetryPolicy, RetryingTransport
from prompts import render_prompt

KENSINGTON = (
    Path(__file__).resolve().parent.parent / "seeds" / "004_36c3a55acffc1229.txt"
).read_text(encoding="utf-8")

GOOD_ARGUMENTS = {
    "contests": [
        {
            "area": "Kensington",
            "kind": "general",
            "year": 2017,
            "winner": "Labour",
            "outcome": "gain",
            "gained_from": "Conservative",
            "majority": 20,
            "turnout": 87.5,
            "candidates": [
                {
                    "name": "Emma Dent Coad",
                    "party": "Labour",
                    "votes": 16333,
                    "share": None,
                    "change": None,
                    "elected": True,
                },
                {
                    "name": "Victoria Borwick",
                    "party": "Conservative",
                    "votes": 16313,
                    "share": None,
                    "change": None,
                    "elected": False,
                },
            ],
        }
    ],
    "councils": [],
    "seat_totals": [],
    "referendums": [],
}


def completion(
    arguments: str, *, prompt_tokens: int = 100, completion_tokens: int = 50
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "embedded",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "ElectionFacts", "arguments": arguments},
                        }
                    ],
                },
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class FakeServer:
    """Serves the given replies in order; records the request bodies."""

    def __init__(self, *replies: Callable[[], httpx2.Response]) -> None:
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(json.loads(request.content))
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        return reply()


def tool_reply(arguments: str) -> Callable[[], httpx2.Response]:
    return lambda: httpx2.Response(200, json=completion(arguments))


POLICY = NetworkRetryPolicy(attempts=3, initial_wait_s=0, max_wait_s=0, jitter_s=0)
SETTINGS = Settings(model="embedded", provider="llama-cpp", reasks=1, passages=False)


def client_for(server: FakeServer) -> openai.OpenAI:
    transport = RetryingTransport(httpx2.MockTransport(server), POLICY, sleep=lambda _: None)
    return openai.OpenAI(
        api_key="k",
        base_url="http://fake/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=transport),
    )


def async_client_for(server: Callable[[httpx2.Request], httpx2.Response]) -> openai.AsyncOpenAI:
    transport = AsyncRetryingTransport(httpx2.MockTransport(server), POLICY)
    return openai.AsyncOpenAI(
        api_key="k",
        base_url="http://fake/v1",
        max_retries=0,
        http_client=httpx2.AsyncClient(transport=transport),
    )


def test_valid_answer_is_grounded_and_metadata_filled() -> None:
    server = FakeServer(tool_reply(json.dumps(GOOD_ARGUMENTS)))
    result = extract_article(KENSINGTON, client=client_for(server), settings=SETTINGS)
    contest = result.contests[0]
    assert [(c.name, c.votes) for c in contest.candidates] == [
        ("Emma Dent Coad", 16333),
        ("Victoria Borwick", 16313),
    ]
    assert contest.turnout_pct is None  # invented by the "model": not in the article
    assert result.meta is not None
    assert result.meta.model == "embedded"
    assert result.meta.prompt_version.startswith("extract-v")
    assert (
        result.meta.usage.prompt_tokens,
        result.meta.usage.completion_tokens,
        result.meta.usage.requests,
    ) == (100, 50, 1)
    assert [d.path for d in result.meta.dropped if d.by == "ground"] == ["contests[0].turnout_pct"]
    request = server.requests[0]
    assert request["tool_choice"]["function"]["name"] == "ElectionFacts"
    assert request["messages"][0]["role"] == "system"
    assert "Former deputy London mayor Victoria Borwick" in request["messages"][1]["content"]
    assert (
        "Rebecca Smith" not in request["messages"][1]["content"]
    )  # the byline is not article text


def test_invalid_json_is_reasked_and_usage_counts_both_attempts() -> None:
    server = FakeServer(
        tool_reply('{"contests": [{"area": "Kensington", '), tool_reply(json.dumps(GOOD_ARGUMENTS))
    )
    result = extract_article(KENSINGTON, client=client_for(server), settings=SETTINGS)
    assert len(server.requests) == 2
    assert len(server.requests[1]["messages"]) > len(server.requests[0]["messages"])  # the re-ask
    assert result.meta is not None
    assert result.meta.usage.requests == 2
    assert result.meta.usage.prompt_tokens == 200
    assert result.contests[0].area == "Kensington"


def test_model_that_never_gives_valid_output_raises_typed_error() -> None:
    server = FakeServer(tool_reply('{"contests": "nope"}'))
    with pytest.raises(ExtractionFailedError) as caught:
        extract_article(KENSINGTON, client=client_for(server), settings=SETTINGS)
    error = caught.value
    assert error.attempts == 2  # first try + one re-ask
    assert error.usage.requests == 2
    assert error.usage.completion_tokens == 100
    assert error.last_output == '{"contests": "nope"}'
    assert "no valid output" in str(error)


def test_server_errors_exhaust_network_retries_then_raise_typed_error() -> None:
    server = FakeServer(lambda: httpx2.Response(503, json={"error": {"message": "overloaded"}}))
    with pytest.raises(ExtractionFailedError, match="HTTP 503") as caught:
        extract_article(KENSINGTON, client=client_for(server), settings=SETTINGS)
    assert len(server.requests) == 3  # the network policy's attempts; not multiplied by re-asks
    assert caught.value.cause_type == "InternalServerError"


def test_bad_input_fails_before_any_request() -> None:
    server = FakeServer(tool_reply(json.dumps(GOOD_ARGUMENTS)))
    with pytest.raises(EmptyArticleError):
        extract_article("   ", client=client_for(server), settings=SETTINGS)
    assert server.requests == []


def test_async_twin_gives_the_same_result() -> None:
    server = FakeServer(tool_reply(json.dumps(GOOD_ARGUMENTS)))
    client = async_client_for(server)
    result = asyncio.run(aextract_article(KENSINGTON, client=client, settings=SETTINGS))
    sync = extract_article(
        KENSINGTON,
        client=client_for(FakeServer(tool_reply(json.dumps(GOOD_ARGUMENTS)))),
        settings=SETTINGS,
    )
    assert result.model_dump(exclude={"meta"}) == sync.model_dump(exclude={"meta"})


def test_request_body_carries_only_openai_parameters() -> None:
    server = FakeServer(tool_reply(json.dumps(GOOD_ARGUMENTS)))
    extract_article(KENSINGTON, client=client_for(server), settings=SETTINGS)
    assert set(server.requests[0]) <= {
        "model",
        "messages",
        "tools",
        "tool_choice",
        "temperature",
        "max_tokens",
    }


def test_long_article_is_split_into_chunks_and_merged() -> None:
    server = FakeServer(tool_reply(json.dumps(GOOD_ARGUMENTS)))
    settings = Settings(
        model="embedded", provider="llama-cpp", reasks=1, chunk_chars=1000, passages=False
    )
    result = extract_article(KENSINGTON, client=client_for(server), settings=settings)
    assert len(server.requests) == 3  # 2.4 kB article, 1 kB chunks
    assert len(result.contests) == 1  # the same contest from every chunk, merged
    assert result.meta is not None and result.meta.usage.requests == 3
    assert any("3 chunks" in w for w in result.meta.warnings)


INVENTED_TURNOUT = json.dumps(GOOD_ARGUMENTS).replace('"turnout": 87.5', '"turnout": "87.5"')
FIXED_TURNOUT = json.dumps(GOOD_ARGUMENTS).replace('"turnout": 87.5', '"turnout": null')
REASK = Settings(
    model="embedded", provider="llama-cpp", reasks=1, grounding_reask=True, passages=False
)


def test_number_not_in_article_is_sent_back_as_a_precise_reask() -> None:
    server = FakeServer(tool_reply(INVENTED_TURNOUT), tool_reply(FIXED_TURNOUT))
    result = extract_article(KENSINGTON, client=client_for(server), settings=REASK)
    assert len(server.requests) == 2
    reask = json.dumps(server.requests[1]["messages"][-1])
    assert "contests[0].turnout = '87.5'" in reask
    assert "do not occur in the article" in reask
    assert "context" not in server.requests[0]
    assert result.meta is not None and result.meta.dropped == []
    assert result.meta.usage.requests == 2


def test_after_the_reask_budget_ungrounded_values_are_dropped_not_kept() -> None:
    server = FakeServer(tool_reply(INVENTED_TURNOUT))
    result = extract_article(KENSINGTON, client=client_for(server), settings=REASK)
    assert len(server.requests) == 2
    assert result.contests[0].turnout_pct is None
    assert result.contests[0].candidates[0].votes == 16333
    assert result.meta is not None
    assert [d.path for d in result.meta.dropped if d.by == "ground"] == ["contests[0].turnout_pct"]
    assert any("re-ask budget" in w for w in result.meta.warnings)


def test_passage_mode_makes_the_planned_focused_calls_topic_by_topic() -> None:
    passages = result_passages(with_dateline_as_metadata(KENSINGTON))
    requests = {}
    for chars in (0, 100_000):
        server = FakeServer(tool_reply(json.dumps(GOOD_ARGUMENTS)))
        settings = Settings(
            model="embedded", provider="llama-cpp", reasks=1, passage_chars=chars, calls_in_flight=1
        )
        result = extract_article(KENSINGTON, client=client_for(server), settings=settings)
        plan = plan_calls(passages, infer_kind(KENSINGTON), chars)
        assert len(server.requests) == len(plan)
        assert [r["messages"][1]["content"] for r in server.requests] == [
            render_prompt("extract", article=text, topic=topic.name).messages[1]["content"]
            for topic, text in plan
        ]
        # The fake answers Kensington to every call: merged where the passage names it.
        assert [c.area for c in result.contests].count("Kensington") == 1
        assert result.meta is not None and result.meta.usage.requests == len(plan)
        requests[chars] = len(server.requests)
    assert requests[0] == len(passages) >= 2  # a general election: contests only
    assert requests[100_000] == 1  # the passages joined in one call


def cut_off_reply(arguments: str, server: FakeServer) -> httpx2.Response:
    """An answer that used its request's whole ``max_tokens``."""
    used = server.requests[-1]["max_tokens"]
    return httpx2.Response(200, json=completion(arguments, completion_tokens=used))


def test_an_answer_cut_off_at_its_token_limit_is_not_reasked_and_keeps_its_complete_results() -> (
    None
):
    looping = json.dumps({"contests": [GOOD_ARGUMENTS["contests"][0]] * 3})[:-60]  # cut mid-way
    settings = Settings(model="embedded", provider="llama-cpp", reasks=1, passage_chars=100_000)
    server = FakeServer(lambda: cut_off_reply(looping, server))
    result = extract_article(KENSINGTON, client=client_for(server), settings=settings)
    assert len(server.requests) == 1  # re-asking would only loop again
    assert server.requests[0]["max_tokens"] < settings.max_output_tokens
    assert [c.area for c in result.contests] == ["Kensington"]  # the complete copies, merged
    assert result.contests[0].candidates[0].votes == 16333
    assert result.meta is not None and CUT_OFF in result.meta.warnings


def test_an_answer_cut_off_with_nothing_complete_costs_the_passage_not_the_article() -> None:
    settings = Settings(
        model="embedded", provider="llama-cpp", reasks=1, passage_chars=0, calls_in_flight=1
    )
    first = len(result_passages(with_dateline_as_metadata(KENSINGTON)))
    replies = [
        lambda: cut_off_reply('{"contests":[{"area":"Kens', server),
        *[tool_reply(json.dumps(GOOD_ARGUMENTS))] * first,
    ]
    server = FakeServer(*replies)
    result = extract_article(KENSINGTON, client=client_for(server), settings=settings)
    assert len(server.requests) == first
    assert [c.area for c in result.contests] == ["Kensington"]
    assert result.meta is not None and CUT_OFF in result.meta.warnings


def test_an_invalid_answer_within_its_token_limit_is_still_reasked() -> None:
    server = FakeServer(
        tool_reply('{"contests": "not a list"}'), tool_reply(json.dumps(GOOD_ARGUMENTS))
    )
    result = extract_article(KENSINGTON, client=client_for(server), settings=SETTINGS)
    assert len(server.requests) == 2
    assert result.contests[0].area == "Kensington"


class ConcurrentServer:
    """Answers every topic call after a delay that shrinks with arrival (the first call to
    arrive finishes last); counts how many requests were in flight at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = self.peak = self.arrived = 0

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        with self.lock:
            self.active += 1
            self.arrived += 1
            self.peak = max(self.peak, self.active)
            order = self.arrived
        time.sleep(max(0.0, 0.4 - 0.1 * order))
        with self.lock:
            self.active -= 1
        (tool,) = body["tools"]
        fields = tool["function"]["parameters"]["properties"]
        answer = {name: GOOD_ARGUMENTS.get(name, []) for name in fields}
        return httpx2.Response(200, json=completion(json.dumps(answer), completion_tokens=order))


def passage_settings(in_flight: int) -> Settings:
    return Settings(
        model="embedded", provider="llama-cpp", reasks=1, passage_chars=0, calls_in_flight=in_flight
    )


def test_an_articles_calls_are_in_flight_together_and_merged_in_call_order() -> None:
    one_by_one = extract_article(
        KENSINGTON, client=client_for(serial := ConcurrentServer()), settings=passage_settings(1)
    )
    together = extract_article(
        KENSINGTON, client=client_for(server := ConcurrentServer()), settings=passage_settings(4)
    )
    assert serial.peak == 1
    assert server.arrived == serial.arrived >= 2
    assert server.peak == server.arrived  # the passages are independent: sent at once
    assert together.model_dump(exclude={"meta"}) == one_by_one.model_dump(exclude={"meta"})
    assert together.meta is not None and one_by_one.meta is not None
    assert together.meta.usage == one_by_one.meta.usage  # every call's tokens, counted once
    assert together.meta.usage.requests == server.arrived


def test_the_async_twin_sends_the_calls_together_too() -> None:
    server = ConcurrentServer()
    client = async_client_for(server)
    expected = extract_article(
        KENSINGTON, client=client_for(ConcurrentServer()), settings=passage_settings(1)
    )
    result = asyncio.run(aextract_article(KENSINGTON, client=client, settings=passage_settings(4)))
    assert result.model_dump(exclude={"meta"}) == expected.model_dump(exclude={"meta"})
    assert result.meta is not None and result.meta.usage.requests == server.arrived


def content_reply(
    content: str, *, finish_reason: str = "stop", tokens: int = 50
) -> httpx2.Response:
    """A JSON-schema answer as llama-server gives it: the JSON in the message content."""
    body = completion("", completion_tokens=tokens)
    body["choices"][0]["finish_reason"] = finish_reason
    body["choices"][0]["message"] = {"role": "assistant", "content": content}
    return httpx2.Response(200, json=body)


def test_the_embedded_server_is_asked_for_a_json_schema_answer_not_a_tool_call() -> None:
    server = FakeServer(lambda: content_reply(json.dumps(GOOD_ARGUMENTS)))
    settings = Settings(model="embedded", provider="embedded", reasks=1, passages=False)
    result = extract_article(KENSINGTON, client=client_for(server), settings=settings)
    (body,) = server.requests
    assert "tools" not in body and "tool_choice" not in body
    assert body["response_format"]["type"] == "json_schema"
    assert "contests" in body["response_format"]["json_schema"]["schema"]["properties"]
    assert result.contests[0].candidates[0].votes == 16333


def test_a_json_schema_answer_cut_off_at_its_token_limit_keeps_its_complete_results() -> None:
    looping = json.dumps({"contests": [GOOD_ARGUMENTS["contests"][0]] * 3})[:-60]
    server = FakeServer(lambda: content_reply(looping, finish_reason="length", tokens=900))
    settings = Settings(model="embedded", provider="embedded", reasks=1, passage_chars=100_000)
    result = extract_article(KENSINGTON, client=client_for(server), settings=settings)
    assert len(server.requests) == 1  # not re-asked: it would only loop again
    assert [c.area for c in result.contests] == ["Kensington"]
    assert result.meta is not None and CUT_OFF in result.meta.warnings
    assert any("max_tokens" in w for w in result.meta.warnings)


def test_a_call_that_fails_for_good_fails_the_async_article_with_a_typed_error() -> None:
    answered = ConcurrentServer()

    def server(request: httpx2.Request) -> httpx2.Response:
        if b"Kensington" in request.content:  # the passage naming the seat is refused
            return httpx2.Response(400, json={"error": {"message": "refused"}})
        return answered(request)

    with pytest.raises(ExtractionFailedError, match="HTTP 400"):
        asyncio.run(
            aextract_article(
                KENSINGTON, client=async_client_for(server), settings=passage_settings(4)
            )
        )
