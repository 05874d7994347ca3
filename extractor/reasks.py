"""When a model call is re-asked, and what is kept of an answer the token limit cut off.

A 1.5B model sometimes repeats one result until ``max_tokens`` ("Old Bexley and Sidcup" forty
times). Re-asking the same passage repeats the loop: seen on the dev set as two 2,048-token
answers, 541 s, for one passage, and then the whole article failed. So a cut-off answer is not
re-asked, and the complete results written before the cut are kept (with a warning).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pydantic_core
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    Retrying,
    retry_if_exception,
    retry_if_exception_type,
    stop_after_attempt,
)

from extractor.draft import DraftAnswer

CUT_OFF = (
    "the model's answer for one passage hit its token limit (it was repeating itself); "
    "the complete results before the cut were kept"
)

# Output budget of one passage call: room for every result a passage of this length can hold
# (the longest dev-set answer was 524 tokens for 618 characters), not for a loop.
BASE_OUTPUT_TOKENS = 256


def passage_output_tokens(text: str, ceiling: int) -> int:
    """The ``max_tokens`` of a call reading ``text``: 256 plus 2 per 3 characters, capped."""
    return min(ceiling, BASE_OUTPUT_TOKENS + len(text) * 2 // 3)


def is_cut_off(completion_tokens: int, finish_reason: str | None, max_tokens: int) -> bool:
    """True when an answer stopped at its token limit.

    llama.cpp reports a forced tool call as ``finish_reason="tool_calls"`` even when the limit
    cut it, so the token count is checked too.
    """
    return finish_reason == "length" or completion_tokens >= max_tokens


def _retry_condition(cut_off: Callable[[], bool]) -> Any:
    # instructor re-asks on parse and validation errors (all ValueErrors); a cut-off answer
    # would only loop again.
    return retry_if_exception_type(ValueError) & retry_if_exception(lambda _: not cut_off())


def reask_policy(reasks: int, cut_off: Callable[[], bool]) -> Retrying:
    """instructor's ``max_retries`` for one call: ``reasks`` re-asks, none after a cut-off."""
    return Retrying(
        stop=stop_after_attempt(max(reasks, 0) + 1), retry=_retry_condition(cut_off), reraise=True
    )


def async_reask_policy(reasks: int, cut_off: Callable[[], bool]) -> AsyncRetrying:
    """The async twin of :func:`reask_policy`."""
    return AsyncRetrying(
        stop=stop_after_attempt(max(reasks, 0) + 1), retry=_retry_condition(cut_off), reraise=True
    )


def complete_part(raw: str, answer: type[DraftAnswer]) -> DraftAnswer | None:
    """The answer made of the results ``raw`` (JSON cut off mid-way) holds in full.

    Each list is shortened from the end until the answer validates, so the result being
    written when the limit struck is left out. None when nothing complete is left.
    """
    try:
        data = pydantic_core.from_json(raw, allow_partial=True)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    empty: dict[str, list[Any]] = {name: [] for name in answer.model_fields}
    lists = dict(empty)
    for name in answer.model_fields:
        items = data.get(name)
        items = list(items) if isinstance(items, list) else []
        while items:
            try:
                answer.model_validate({**empty, name: items})
            except ValidationError:
                items = items[:-1]
            else:
                break
        lists[name] = items
    try:
        kept = answer.model_validate(lists)
    except ValidationError:
        return None
    return kept if any(getattr(kept, name) for name in answer.model_fields) else None
