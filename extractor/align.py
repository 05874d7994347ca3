"""Locate ("ground") model-proposed values in the original article text.

Every fact the extractor keeps must point at exact character offsets in the article, so this
module answers two questions:

* :func:`find_text` / :func:`find_all_text` - where does a name or phrase occur?  Exact match
  first, then a case-insensitive match on a normalised view of the text (whitespace, curly
  quotes, dashes, NFKC), then an optional fuzzy match.  Offsets always refer to the original
  article.
* :func:`find_number` (in :mod:`extractor.number_spans`, re-exported here) - where does a
  numeric value occur, and is that occurrence usable?  Each hit reports whether a qualifier
  makes it approximate ("more than 20,000") and whether the sentence ties it to a particular
  year ("3,094 votes in 2018").

Everything is pure Python (stdlib + ``rapidfuzz``) and deterministic.  Per-article work
(normalisation, number tokenisation, sentence boundaries) is cached, because the caller asks
a few hundred questions about the same article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

# Numbers live in their own module; re-exported so callers need one import.
from extractor.number_spans import NumberMatch, find_number
from extractor.spans import MatchMethod, Span

__all__ = [
    "MatchMethod",
    "NumberMatch",
    "Span",
    "find_all_text",
    "find_number",
    "find_text",
]


# --------------------------------------------------------------------------------------------
# Text normalisation with an offset map back to the original string
# --------------------------------------------------------------------------------------------

_DASHES = (
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u058a\u05be\u1806\u2e17\u2e1a"
    "\u2e3a\u2e3b\u2e40\ufe31\ufe32\ufe58\ufe63\uff0d"
)
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\uff02"
# Invisible characters that only break words apart in the byte stream (soft hyphen,
# zero-width space/joiners, word joiner, BOM); dropping them lets "Lab\u00adour" read "labour".
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_TRANSLATE: dict[int, str | None] = {}
_TRANSLATE.update({ord(c): "-" for c in _DASHES})
_TRANSLATE.update({ord(c): "'" for c in _SINGLE_QUOTES})
_TRANSLATE.update({ord(c): '"' for c in _DOUBLE_QUOTES})
_TRANSLATE.update({ord(c): None for c in _INVISIBLE})


def _is_mark(c: str) -> bool:
    """Combining mark: belongs to the preceding base character."""
    return c >= "\u0300" and unicodedata.category(c)[0] == "M"


def _is_word(c: str) -> bool:
    """Character that can be part of a word (for word-boundary checks).

    Invisible format chars count as word chars: a soft hyphen sits inside a word.
    """
    return c.isalnum() or c == "_" or _is_mark(c) or c in _INVISIBLE


def _normalise_cluster(cluster: str) -> str:
    """Normalise one base character plus its combining marks.

    NFKC, then casefold, then NFKC again (casefold can decompose, e.g. U+01F0); punctuation
    variants are mapped before and after so compatibility forms (fullwidth quotes) fold too.
    """
    t = unicodedata.normalize("NFKC", cluster.translate(_TRANSLATE))
    t = unicodedata.normalize("NFKC", t.casefold()).translate(_TRANSLATE)
    return "".join(" " if ch.isspace() else ch for ch in t)


@dataclass(frozen=True, eq=False)
class _Normalised:
    """Normalised text plus, for every normalised char, the source range it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    def aligned(self, a: int, b: int) -> bool:
        """True if normalised [a, b) does not cut through the output of one source cluster."""
        starts = self.starts
        return (a == 0 or starts[a - 1] != starts[a]) and (
            b == len(starts) or starts[b] != starts[b - 1]
        )


def _normalise(s: str) -> _Normalised:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(s)
    i = 0
    prev_space = False
    while i < n:
        c = s[i]
        j = i + 1
        while j < n and _is_mark(s[j]):
            j += 1
        if j == i + 1 and c < "\x80":
            # Fast path: a lone ASCII char is its own NFKC form; lower() == casefold() here.
            piece = " " if c.isspace() else c.lower()
        else:
            piece = _normalise_cluster(s[i:j])
        for ch in piece:
            if ch == " ":
                if prev_space:
                    # Collapse whitespace runs: one normalised space covers the whole run.
                    ends[-1] = j
                    continue
                prev_space = True
            else:
                prev_space = False
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return _Normalised("".join(out), starts, ends)


@lru_cache(maxsize=8)
def _normalised_article(article: str) -> _Normalised:
    # Cached: normalising a 100 KB article is the expensive step, and the same article is
    # queried hundreds of times.
    return _normalise(article)


def _normalised_needle(needle: str) -> str:
    return _normalise(needle).text.strip(" ")


def _at_word_boundary(hay: str, start: int, end: int, needle: str) -> bool:
    """Reject matches that start or end inside a word ("Lab" inside "Labour").

    The check only applies on a side where the needle itself starts/ends with a word char, so
    needles like "(Lab)" or "'s" still work.
    """
    # Table cells copied without their separators run together ("NathLiberal Democrat1,959"):
    # a lowercase letter meeting a capital or a digit is the seam between two cells.
    inside_left = (
        start > 0
        and _is_word(needle[0])
        and _is_word(hay[start - 1])
        and not _is_seam(hay[start - 1], hay[start])
    )
    inside_right = (
        end < len(hay)
        and _is_word(needle[-1])
        and _is_word(hay[end])
        and not _is_seam(hay[end - 1], hay[end])
    )
    return not (inside_left or inside_right)


def _is_seam(left: str, right: str) -> bool:
    """A lowercase letter followed by a capital or a digit, or a digit followed by a capital:
    where two table cells or two rows were joined ("Democrat1,959", "– 67Paul Evans")."""
    return (left.islower() and (right.isupper() or right.isdigit())) or (
        left.isdigit() and right.isupper()
    )


def _occurrences(hay: str, needle: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of needle in hay."""
    found: list[int] = []
    i = hay.find(needle)
    while i != -1:
        found.append(i)
        i = hay.find(needle, i + 1)
    return found


def _exact_spans(article: str, needle: str) -> list[Span]:
    return [
        Span(i, i + len(needle), needle, "exact", 100.0)
        for i in _occurrences(article, needle)
        if _at_word_boundary(article, i, i + len(needle), needle)
    ]


def _normalised_spans(article: str, needle: str) -> list[Span]:
    needle_n = _normalised_needle(needle)
    if not needle_n:
        return []
    norm = _normalised_article(article)
    spans: list[Span] = []
    for a in _occurrences(norm.text, needle_n):
        b = a + len(needle_n)
        if not norm.aligned(a, b) or not _at_word_boundary(norm.text, a, b, needle_n):
            continue
        start, end = norm.starts[a], norm.ends[b - 1]
        text = article[start:end]
        spans.append(Span(start, end, text, "exact" if text == needle else "normalised", 100.0))
    return spans


def _pick(spans: list[Span], near: int | None) -> Span | None:
    """First span, or the one starting closest to `near` (earlier one on ties)."""
    if not spans:
        return None
    if near is None:
        return min(spans, key=lambda s: (s.start, s.end))
    return min(spans, key=lambda s: (abs(s.start - near), s.start, s.end))


# --------------------------------------------------------------------------------------------
# Fuzzy matching over word-aligned windows
# --------------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+")


@lru_cache(maxsize=8)
def _word_tokens(article: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every word in the normalised article."""
    return tuple(m.span() for m in _WORD_RE.finditer(_normalised_article(article).text))


@lru_cache(maxsize=32)
def _windows(article: str, n_words: int) -> tuple[list[str], list[tuple[int, int]]]:
    """All runs of `n_words` consecutive words of the normalised article, with their ranges."""
    text = _normalised_article(article).text
    tokens = _word_tokens(article)
    ranges = [(tokens[i][0], tokens[i + n_words - 1][1]) for i in range(len(tokens) - n_words + 1)]
    return [text[a:b] for a, b in ranges], ranges


def _fuzzy_spans(article: str, needle: str, threshold: float) -> list[Span]:
    """Fuzzy candidates whose rapidfuzz ratio against the needle is >= threshold.

    Candidates are windows of k-1..k+1 whole words (k = words in the needle) of the normalised
    lower-cased article, i.e. a partial-ratio alignment restricted to word boundaries: this keeps
    spans on whole words ("Evenett", never "venett s") and lets `near` choose among several
    hits.  Overlapping candidates are reduced to the best-scoring one.
    """
    needle_n = _normalised_needle(needle)
    if len(needle_n) < 4 or threshold > 100.0:
        return []
    k = len(_WORD_RE.findall(needle_n))
    if k == 0:
        return []
    norm = _normalised_article(article)
    cands: list[tuple[float, int, int]] = []
    for n_words in (k - 1, k, k + 1):
        if n_words < 1:
            continue
        choices, ranges = _windows(article, n_words)
        if not choices:
            continue
        hits = process.extract(
            needle_n, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        )
        for _choice, score, idx in hits:
            a, b = ranges[idx]
            if norm.aligned(a, b):
                cands.append((float(score), a, b))
    # Non-maximum suppression: best score first; ties prefer the length closest to the
    # needle's, then the earlier position.
    cands.sort(key=lambda c: (-c[0], abs((c[2] - c[1]) - len(needle_n)), c[1]))
    kept: list[tuple[float, int, int]] = []
    for cand in cands:
        if all(cand[2] <= k_[1] or cand[1] >= k_[2] for k_ in kept):
            kept.append(cand)
    spans: list[Span] = []
    for score, a, b in kept:
        start, end = norm.starts[a], norm.ends[b - 1]
        spans.append(Span(start, end, article[start:end], "fuzzy", score))
    return spans


# --------------------------------------------------------------------------------------------
# Public text API
# --------------------------------------------------------------------------------------------


def find_text(
    article: str, needle: str, *, near: int | None = None, fuzzy_threshold: float = 90.0
) -> Span | None:
    """Locate a name or phrase in `article`; return its Span or None.

    Stages, first success wins:

    1. exact, case-sensitive substring (``method="exact"``);
    2. case-insensitive match after normalising both sides - whitespace runs collapsed, curly
       quotes and all dashes made ASCII, NFKC - mapped back to original offsets
       (``method="normalised"``);
    3. fuzzy: rapidfuzz ratio against word-aligned windows of the normalised text, accepted if
       score >= `fuzzy_threshold` and the needle has at least 4 characters
       (``method="fuzzy"``, ``score`` = the rapidfuzz score).

    Stages 1-2 only accept matches at word boundaries ("Lab" is not found in "Labour", "Reeves"
    is found in "Reeves's").  With several matches in the winning stage, the one starting
    closest to `near` is returned, else the first.  An empty or whitespace needle gives None.
    """
    needle = needle.strip()
    if not needle:
        return None
    for stage in (_exact_spans, _normalised_spans):
        span = _pick(stage(article, needle), near)
        if span is not None:
            return span
    return _pick(_fuzzy_spans(article, needle, fuzzy_threshold), near)


def find_all_text(article: str, needle: str) -> list[Span]:
    """All exact-or-normalised (never fuzzy) word-boundary matches, in document order.

    A match whose text equals the needle is reported as ``"exact"``, others as
    ``"normalised"``.  Empty or whitespace needle gives [].
    """
    needle = needle.strip()
    if not needle:
        return []
    by_range: dict[tuple[int, int], Span] = {}
    for span in _exact_spans(article, needle) + _normalised_spans(article, needle):
        by_range.setdefault((span.start, span.end), span)
    return [by_range[key] for key in sorted(by_range)]
