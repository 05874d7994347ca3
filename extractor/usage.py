"""Token usage and the finish of each model call, counted while an article's calls run together.

instructor reports every completion (re-asks included) through its ``completion:response``
hook. An article's calls may be in flight at once (threads or asyncio tasks), so the hook finds
the call it belongs to through a context variable that each call sets for itself: the article's
totals add up under a lock, while "did this call's last answer hit max_tokens" and the call's
warnings stay the call's own and are read back in call order, not finishing order.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from extractor.reasks import is_cut_off
from schemas import Usage

_CURRENT_CALL: ContextVar[CallTracker | None] = ContextVar("extractor_call", default=None)


@dataclass
class CallTracker:
    """One model call's last finish and its warnings (its usage goes to the article's)."""

    article: UsageTracker
    max_tokens: int
    last_finish_reason: str | None = None
    last_completion_tokens: int = 0
    warnings: list[str] = field(default_factory=list)

    def cut_off(self) -> bool:
        """Whether this call's last answer stopped at its token limit."""
        return is_cut_off(self.last_completion_tokens, self.last_finish_reason, self.max_tokens)

    @contextmanager
    def current(self) -> Iterator[None]:
        """While inside, completions reported by instructor are this call's."""
        token = _CURRENT_CALL.set(self)
        try:
            yield
        finally:
            _CURRENT_CALL.reset(token)


@dataclass
class UsageTracker:
    """Adds up the usage of every completion of one article, its calls' in call order."""

    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)
    truncated: bool = False  # some call's last answer hit max_tokens
    calls: list[CallTracker] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def for_call(self, call: dict[str, Any]) -> CallTracker:
        """A tracker for one more call (trackers are kept in the order they are made)."""
        tracker = CallTracker(self, int(call["max_tokens"]))
        self.calls.append(tracker)
        return tracker

    def __call__(self, response: Any) -> None:
        """instructor ``completion:response`` hook."""
        raw = getattr(response, "usage", None)
        completion_tokens = int(getattr(raw, "completion_tokens", 0) or 0)
        usage = Usage(
            prompt_tokens=int(getattr(raw, "prompt_tokens", 0) or 0),
            completion_tokens=completion_tokens,
            total_tokens=int(getattr(raw, "total_tokens", 0) or 0),
            requests=1,
        )
        with self._lock:
            self.usage = self.usage.add(usage)
        call = _CURRENT_CALL.get()
        if call is not None and call.article is self:
            call.last_completion_tokens = completion_tokens
            choices = getattr(response, "choices", None) or []
            if choices:
                call.last_finish_reason = getattr(choices[0], "finish_reason", None)

    def finished(self) -> None:
        """Gather the calls' warnings and cut-offs in call order, once all have answered."""
        for call in self.calls:
            self.warnings += call.warnings
            self.truncated = self.truncated or call.last_finish_reason == "length"
        self.calls = []


__all__ = ["CallTracker", "UsageTracker"]
