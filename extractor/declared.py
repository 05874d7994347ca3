"""Who the article itself declares elected: the returning officer's words, read in code.

An official declaration of the result of a poll ends "... do hereby declare that • Smitha
Campbell • Harinder Singh Mahil • Gareth Richard Myton have been duly elected"; a news report
writes "Jane Cole has been elected". In a multi-member ward the vote counts alone do not say
who won (the number of seats is not given), but these words do. Every candidate the
declaration names is elected, and, in a contest where it names any, the others are not.

The names are read from the lines just above the statement (bullets or a sentence, up to the
first line with a figure, so the table of votes above is not read as the list of winners) and
from the statement's own sentence; a candidate matches when every word of their name is on one
of those lines, in any order ("Myton Richard Gareth" is "Gareth Richard Myton").
"""

from __future__ import annotations

import re

from extractor.resolve import fold
from schemas import Candidate, Contest

_DECLARED = re.compile(
    r"\b(?:(?:has|have)\s+been\s+(?:duly\s+)?elected|(?:is|are)\s+(?:hereby\s+)?duly\s+elected"
    r"|declared\s+(?:duly\s+)?elected)\b",
    re.I,
)
_FIGURE = re.compile(r"\d{2,}")
WINDOW_CHARS = 600
MIN_NAME_WORDS = 2


def declared_lines(article: str) -> list[set[str]]:
    """The folded words of each line that may name someone the article declares elected."""
    lines: list[set[str]] = []
    for match in _DECLARED.finditer(article):
        line_start = article.rfind("\n", 0, match.start()) + 1
        own = article[line_start : match.start()]
        sentence = re.split(r"[.!?]\s", own)[-1]
        lines.append(set(fold(sentence).split()))
        above = article[max(0, line_start - WINDOW_CHARS) : line_start].splitlines()
        for line in reversed(above):
            if _FIGURE.search(line):
                break  # the table of votes, or another result: not the list of winners
            words = set(fold(line.strip(" \t•*-–·")).split())
            if words:
                lines.append(words)
    return lines


def _declared(candidate: Candidate, lines: list[set[str]]) -> bool:
    words = fold(candidate.name or "").split()
    return len(words) >= MIN_NAME_WORDS and any(set(words) <= line for line in lines)


def with_declared_elected(contest: Contest, lines: list[set[str]]) -> Contest:
    """``contest`` with the candidates the article declares elected marked so, and the others
    not, where the declaration names any of its candidates."""
    if not lines or not contest.candidates:
        return contest
    declared = [_declared(c, lines) for c in contest.candidates]
    if not any(declared):
        return contest
    candidates = [
        c if c.elected == is_declared else c.model_copy(update={"elected": is_declared})
        for c, is_declared in zip(contest.candidates, declared, strict=True)
    ]
    return contest.model_copy(update={"candidates": candidates})


__all__ = ["declared_lines", "with_declared_elected"]
