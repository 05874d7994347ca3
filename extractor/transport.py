"""Network retries as an httpx2 transport, driven by a tenacity policy.

Retrying here, below the OpenAI SDK, keeps network faults (connection errors, timeouts, a server
dying mid-response, 429 and 5xx) apart from instructor's validation re-asks: the SDK's own retries
are switched off (``max_retries=0``) so the two never stack. A 429 or 503 with ``Retry-After`` is
honoured; otherwise the wait is exponential with jitter. When the policy gives up on an HTTP
status, the last response is returned so the SDK raises its usual typed error.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx2
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
_RETRY_EXCEPTIONS = (httpx2.TransportError, httpx2.DecodingError)


class RetryableStatusError(Exception):
    """An HTTP response whose status says: try again."""

    def __init__(self, response: httpx2.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def retry_after_seconds(response: httpx2.Response, *, now: float | None = None) -> float | None:
    """Seconds the server asked us to wait (``Retry-After`` as seconds or HTTP date), if any."""
    raw = response.headers.get("retry-after-ms")
    if raw is not None:
        try:
            return max(0.0, float(raw) / 1000.0)
        except ValueError:
            pass
    raw = response.headers.get("retry-after")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        return max(0.0, parsed.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class NetworkRetryPolicy:
    """How often and how long to retry one HTTP request."""

    attempts: int = 5
    initial_wait_s: float = 1.0
    max_wait_s: float = 60.0
    jitter_s: float = 1.0

    def wait(self, state: RetryCallState) -> float:
        """Seconds before the next attempt: the server's Retry-After, else exponential + jitter."""
        outcome = state.outcome
        if outcome is not None and outcome.failed:
            error = outcome.exception()
            if isinstance(error, RetryableStatusError):
                asked = retry_after_seconds(error.response)
                if asked is not None:
                    return min(asked, self.max_wait_s)
        backoff = wait_exponential(multiplier=self.initial_wait_s, max=self.max_wait_s)
        return float(backoff(state)) + (
            wait_random(0, self.jitter_s)(state) if self.jitter_s else 0.0
        )

    def _kwargs(self) -> dict[str, object]:
        return {
            "stop": stop_after_attempt(max(1, self.attempts)),
            "wait": self.wait,
            "retry": retry_if_exception_type((RetryableStatusError, *_RETRY_EXCEPTIONS)),
            "retry_error_callback": _give_up,
        }

    def retrying(self, sleep: Callable[[float], None] = time.sleep) -> Retrying:
        """A fresh tenacity controller for one request."""
        return Retrying(sleep=sleep, **self._kwargs())  # type: ignore[arg-type]

    def async_retrying(self) -> AsyncRetrying:
        """A fresh async tenacity controller for one request."""
        return AsyncRetrying(**self._kwargs())  # type: ignore[arg-type]


def _give_up(state: RetryCallState) -> httpx2.Response:
    """Out of attempts: hand the SDK the last response, or re-raise the last network error."""
    assert state.outcome is not None
    error = state.outcome.exception()
    if isinstance(error, RetryableStatusError):
        return error.response
    assert error is not None
    raise error


class RetryingTransport(httpx2.BaseTransport):
    """A sync httpx transport that retries transient failures per a :class:`NetworkRetryPolicy`."""

    def __init__(
        self,
        inner: httpx2.BaseTransport | None = None,
        policy: NetworkRetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._inner = inner or httpx2.HTTPTransport()
        self._policy = policy or NetworkRetryPolicy()
        self._sleep = sleep
        self.attempts = 0

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send ``request``, retrying as the policy says; the body is read inside the retry."""
        result: httpx2.Response = self._policy.retrying(self._sleep)(self._attempt, request)
        return result

    def _attempt(self, request: httpx2.Request) -> httpx2.Response:
        self.attempts += 1
        response = self._inner.handle_request(request)
        # Reading here means a server dying mid-body is retried like any network fault.
        response.read()
        if response.status_code in RETRY_STATUSES:
            response.close()
            raise RetryableStatusError(response)
        return response

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


class AsyncRetryingTransport(httpx2.AsyncBaseTransport):
    """The async twin of :class:`RetryingTransport`."""

    def __init__(
        self,
        inner: httpx2.AsyncBaseTransport | None = None,
        policy: NetworkRetryPolicy | None = None,
    ) -> None:
        self._inner = inner or httpx2.AsyncHTTPTransport()
        self._policy = policy or NetworkRetryPolicy()
        self.attempts = 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send ``request``, retrying as the policy says; the body is read inside the retry."""
        result: httpx2.Response = await self._policy.async_retrying()(self._attempt, request)
        return result

    async def _attempt(self, request: httpx2.Request) -> httpx2.Response:
        self.attempts += 1
        response = await self._inner.handle_async_request(request)
        await response.aread()
        if response.status_code in RETRY_STATUSES:
            await response.aclose()
            raise RetryableStatusError(response)
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()
