"""Counts of one contest printed one after another: the later count gives the result.

A supplementary-vote or two-round contest prints its first count (every candidate's votes and
shares) and then, under "(Second Count)" or "Final round", the votes of the candidates left.
Read as two lists, the first count's figures would stand as the result and its leader as the
winner. Folded into one: the candidates of the later count carry its votes (and no share: the
first count's share is of another total), the candidates eliminated keep their first-count
figures, as the labelling rules read such contests.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractor.figures import Row
from extractor.parsers import ParsedBlock
from extractor.resolve import fold

# "(Second Count)", "Final round", "Stage 2", "Round two".
_LATER_COUNT = re.compile(
    r"\b(?:second|2nd|final|last)\s+(?:count|round|stage)\b|\b(?:round|stage|count)\s+(?:2|two)\b",
    re.I,
)
# How far above the later list its label may stand (a line of distribution in between).
LABEL_CHARS = 300


def _key(row: Row) -> str | None:
    return fold(row.name) if row.name else None


def fold_later_counts(article: str, blocks: list[ParsedBlock]) -> list[ParsedBlock]:
    """The parsed lists with each later count folded into the count before it."""
    folded: list[ParsedBlock] = []
    for block in blocks:
        previous = folded[-1] if folded else None
        if previous is None:
            folded.append(block)
            continue
        between = article[max(previous.end, block.start - LABEL_CHARS) : block.start]
        # A later count of shares only ("Final Round" / "Mark Shelford (Con) 52.4%") has no
        # votes to give: the lists stay apart.
        later = {_key(row): row for row in block.rows if _key(row) and row.votes is not None}
        earlier = {_key(row) for row in previous.rows if _key(row)}
        if not (
            _LATER_COUNT.search(between)
            and later
            and set(later) <= earlier
            and len(later) < len(previous.rows)
        ):
            folded.append(block)
            continue
        rows = [
            replace(row, votes=final.votes, share=None, change=None)
            if (final := later.get(_key(row))) is not None
            else row
            for row in previous.rows
        ]
        folded[-1] = replace(
            previous, rows=rows, end=block.end, consumed=previous.consumed + block.consumed
        )
    return folded
