"""A candidate's share printed beside its votes, read in code.

"Lord Houchen polled 81,930 votes – 53.64% of the total – with Mr McEwan receiving 63,141
votes (41.34%)": a percentage that follows a candidate's grounded vote count, across no more
than the word "votes" and a dash, bracket or comma, is that candidate's share. A small model
that copies the votes often leaves such a share out; where it stands is what it is, so the
share is taken from the article at the votes' own evidence, never from the model.
"""

from __future__ import annotations

import re

from extractor.number_spans import find_number
from schemas import Candidate, Contest, Evidence

# After the votes: " votes – 53.64%", " (41.34%)", ", 45.6 per cent".
_SHARE_AFTER = re.compile(
    r"(?:\s+votes?)?\s*(?:[–—-]\s*|\(\s*|,\s*)"
    r"(?P<share>(?:100|\d{1,2})(?:\.\d+)?)(?P<unit>\s?%|\s?per\s?cent)",
    re.I,
)
# "43% turnout", "45% of the electorate": a share of something else.
_NOT_THE_CANDIDATES = re.compile(r"\s*(?:turnout|of\s+(?:the\s+)?(?:electorate|voters))", re.I)


def _share_after_votes(article: str, candidate: Candidate) -> Evidence | None:
    votes = next((e for e in candidate.evidence if e.field == "votes"), None)
    if votes is None:
        return None
    found = _SHARE_AFTER.match(article, votes.end)
    if found is None or _NOT_THE_CANDIDATES.match(article, found.end()):
        return None
    start, end = found.start("share"), found.end("share")
    match = next(
        (m for m in find_number(article, float(found.group("share"))) if m.span.start == start),
        None,
    )
    if match is None or match.approximate or match.earlier_year is not None:
        return None
    return Evidence(quote=article[start:end], start=start, end=end, field="share_pct")


def with_shares_beside_votes(contest: Contest, article: str) -> Contest:
    """The contest with each candidate's missing share read where its votes stand."""
    taken = {e.start for c in contest.candidates for e in c.evidence if e.field == "share_pct"}
    candidates = []
    for candidate in contest.candidates:
        if candidate.share_pct is None and candidate.votes is not None:
            share = _share_after_votes(article, candidate)
            if share is not None and share.start not in taken:
                taken.add(share.start)
                candidate = candidate.model_copy(
                    update={
                        "share_pct": float(share.quote),
                        "evidence": [*candidate.evidence, share],
                    }
                )
        candidates.append(candidate)
    return contest.model_copy(update={"candidates": candidates})
