"""Spans of an article: where a located value was found, and how."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MatchMethod = Literal["exact", "normalised", "fuzzy"]


@dataclass(frozen=True)
class Span:
    """A located piece of the article.

    ``text`` is always exactly ``article[start:end]`` of the ORIGINAL article, whatever
    normalisation was needed to find it.
    """

    start: int
    end: int
    text: str
    method: MatchMethod
    score: float
