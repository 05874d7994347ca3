from collections.abc import Callable, Iterator

import httpx2
import openai
import pytest

from extractor.transport import NetworkRetryPolicy, RetryingTransport, retry_after_seconds

Step = Callable[[httpx2.Request], httpx2.Response]

OK_BODY = {
    "id": "x",
    "object": "chat.completion",
    "created": 0,
    "model": "m",
    "choices": [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


def ok(_: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(200, json=OK_BODY)


def status(code: int, headers: dict[str, str] | None = None) -> Step:
    return lambda _: httpx2.Response(
        code, json={"error": {"message": f"HTTP {code}"}}, headers=headers
    )


def refuse(request: httpx2.Request) -> httpx2.Response:
    raise httpx2.ConnectError("connection refused", request=request)


def time_out(request: httpx2.Request) -> httpx2.Response:
    raise httpx2.ReadTimeout("timed out", request=request)


class _DyingStream(httpx2.SyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        yield b'{"id": "x", "choi'
        raise httpx2.RemoteProtocolError("peer closed connection mid-body")


def dies_mid_body(_: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(200, headers={"content-type": "application/json"}, stream=_DyingStream())


class Script:
    """A MockTransport handler that plays the given steps in order."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.calls = 0

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        step = self.steps[min(self.calls, len(self.steps) - 1)]
        self.calls += 1
        return step(request)


def client_for(script: Script, sleeps: list[float], attempts: int = 4) -> openai.OpenAI:
    transport = RetryingTransport(
        httpx2.MockTransport(script),
        NetworkRetryPolicy(attempts=attempts, initial_wait_s=0.5, max_wait_s=30, jitter_s=0),
        sleep=sleeps.append,
    )
    return openai.OpenAI(
        api_key="k",
        base_url="http://test/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=transport),
    )


def ask(client: openai.OpenAI) -> str | None:
    reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    return reply.choices[0].message.content


@pytest.mark.parametrize(
    "fault", [refuse, time_out, dies_mid_body, status(500), status(502), status(503)]
)
def test_transient_faults_are_retried_until_success(fault: Step) -> None:
    script, sleeps = Script(fault, fault, ok), []
    assert ask(client_for(script, sleeps)) == "ok"
    assert script.calls == 3
    assert len(sleeps) == 2
    assert sleeps[1] > sleeps[0]  # exponential backoff


def test_429_honours_retry_after_seconds() -> None:
    script, sleeps = Script(status(429, {"retry-after": "7"}), ok), []
    assert ask(client_for(script, sleeps)) == "ok"
    assert sleeps == [7.0]


def test_429_without_retry_after_backs_off_exponentially() -> None:
    script, sleeps = Script(status(429), status(429), ok), []
    assert ask(client_for(script, sleeps)) == "ok"
    assert sleeps == [0.5, 1.0]


def test_retry_after_is_capped_by_the_policy() -> None:
    script, sleeps = Script(status(503, {"retry-after": "3600"}), ok), []
    ask(client_for(script, sleeps))
    assert sleeps == [30.0]


def test_exhausted_status_surfaces_as_the_sdk_typed_error() -> None:
    script, sleeps = Script(status(429)), []
    with pytest.raises(openai.RateLimitError):
        ask(client_for(script, sleeps, attempts=3))
    assert script.calls == 3  # ours only: the SDK's own retries are off


def test_exhausted_connection_errors_surface_as_connection_error() -> None:
    script, sleeps = Script(refuse), []
    with pytest.raises(openai.APIConnectionError):
        ask(client_for(script, sleeps, attempts=2))
    assert script.calls == 2


def test_client_errors_are_not_retried() -> None:
    script, sleeps = Script(status(400), ok), []
    with pytest.raises(openai.BadRequestError):
        ask(client_for(script, sleeps))
    assert script.calls == 1
    assert sleeps == []


def test_retry_after_parsing() -> None:
    def response(**headers: str) -> httpx2.Response:
        return httpx2.Response(429, headers=headers)

    assert retry_after_seconds(response()) is None
    assert retry_after_seconds(response(**{"retry-after": "2.5"})) == 2.5
    assert retry_after_seconds(response(**{"retry-after-ms": "1500"})) == 1.5
    http_date = "Wed, 21 Oct 2015 07:28:10 GMT"
    assert retry_after_seconds(response(**{"retry-after": http_date}), now=1445412480.0) == 10.0
    assert retry_after_seconds(response(**{"retry-after": "soon"})) is None
