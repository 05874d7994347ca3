"""Referendums: ground each answer's share and votes, each figure with the answer it is
written beside."""

from __future__ import annotations

import re

from extractor.align import find_text
from extractor.draft import DraftReferendum
from extractor.grounder import (
    ANOTHER_OPTIONS_FIGURE,
    CONTEST_WINDOW,
    PERCENT,
    Grounder,
    Near,
    first_start,
)
from extractor.merge import REFERENDUM_OPTIONS, name_key
from extractor.verdicts import ANSWER_LINKS
from schemas import (
    Election,
    Evidence,
    Referendum,
    ReferendumOption,
)

# An answer the article tells by its side, not its name: "Wakefield rejected the change by
# 62.16% to 37.84%", "in Sheffield 65.03% were against a mayor, with just 34.97% in favour".
# In a yes/no vote the side word names both answers (the other is the rest of the vote).
_SIDE_WORD = re.compile(
    r"\b(?:in favou?r|backing|backed|approved|supporting|against|rejected|opposing|opposed)\b",
    re.I,
)
SIDE_WINDOW = 160  # characters after the area's name in which its side word stands
_SIDED = frozenset({"yes", "no"})


def _side_evidence(article: str, option: str | None, area_start: int | None) -> Evidence | None:
    """The side word that tells a Yes or No the article never writes, just after its area."""
    if option is None or name_key(option) not in _SIDED or area_start is None:
        return None
    if find_text(article, option.strip()) is not None:
        return None  # the article names the answer: ground it by its name
    found = _SIDE_WORD.search(article, area_start, area_start + SIDE_WINDOW)
    if found is None:
        return None
    return Evidence(quote=found.group(), start=found.start(), end=found.end(), field="option")


def ground_referendum(g: Grounder, draft: DraftReferendum, path: str) -> Referendum | None:
    """The grounded referendum of ``draft`` (None when neither its area nor an answer is)."""
    evidence: list[Evidence] = []
    year = g.year(f"{path}.election.year", draft.year)
    area, area_span = g.text(f"{path}.area", draft.area, evidence)
    options: list[ReferendumOption] = []
    for i, d in enumerate(draft.options):
        o_path = f"{path}.options[{i}]"
        o_evidence: list[Evidence] = []
        side = _side_evidence(g.article, d.option, first_start([area_span]))
        if side is not None:
            option: str | None = d.option.strip().capitalize()
            o_evidence.append(side)
            near = Near([side.start], CONTEST_WINDOW)
        else:
            option, _ = g.text(
                f"{o_path}.option", d.option, o_evidence, near=first_start([area_span])
            )
            if option is None:
                continue
            near = Near(g.mentions(option), CONTEST_WINDOW)
        share = g.number(
            f"{o_path}.share_pct", d.share, o_evidence, near, year=year, bounds=PERCENT
        )
        votes = g.count(f"{o_path}.votes", d.votes, o_evidence, near, year=year)
        options.append(
            ReferendumOption(option=option, share_pct=share, votes=votes, evidence=o_evidence)
        )
    options = _figures_beside_their_option(g, options, path)
    if area is None and not options:
        return None
    return Referendum(
        election=Election(kind="other", year=year),
        area=area,
        question=draft.question,
        options=options,
        evidence=evidence,
    )


_LINK = re.compile(rf"^[\"”’']?\s+{ANSWER_LINKS}\s+$", re.I)
_OPTION_WORD = re.compile(rf"\b({'|'.join(sorted(REFERENDUM_OPTIONS))})\b", re.I)
BESIDE = 30  # characters between a figure and the option it belongs to: "Remain 65,405"


def _option_beside(article: str, span: Evidence) -> re.Match[str] | None:
    """The option word a figure belongs to: the last one before it with only figures and
    punctuation between ("Leave 82,394 (61.3%)"), else the first one after it in its sentence
    with no other figure between ("95.9 per cent to remain")."""
    before = article[max(0, span.start - BESIDE) : span.start]
    for m in reversed(list(_OPTION_WORD.finditer(before))):
        # "No to AV: 71.26%": the answer's own name may stand between it and its figure.
        between = re.sub(r"^\s+to\s+[A-Z][\w-]*", "", before[m.end() :])
        # '"No" winning 19,036 votes', '"Yes" on 16,350': a linking word, then the figure.
        between = re.sub(_LINK, "", between)
        if not re.search(r"[A-Za-z]", between):
            return m
        break
    after = article[span.end : span.end + BESIDE]
    for m in _OPTION_WORD.finditer(after):
        between = after[: m.start()]
        if not re.search(r"\d|\.\s|\n", between):
            return m
        break
    return None


def _figures_beside_their_option(
    g: Grounder, options: list[ReferendumOption], path: str
) -> list[ReferendumOption]:
    """Each figure goes to the option the article writes beside it: a small model swaps
    "Remain 65,405 (50.7%), Leave 63,598 (49.3%)" between the two answers. Two figures for
    one answer's field cannot both be right: neither is kept."""
    own = {name_key(o.option): o for o in options}
    names = {key: o.option for key, o in own.items()}
    figures: dict[tuple[str, str], list[tuple[float | int, Evidence]]] = {}
    for index, (key, option) in enumerate(own.items()):
        for e in option.evidence:
            field = e.field or ""
            value = {"share_pct": option.share_pct, "votes": option.votes}.get(field)
            if value is None:
                continue
            beside = _option_beside(g.article, e)
            owner = name_key(beside.group()) if beside else key
            if owner != key:
                g.drop(f"{path}.options[{index}].{field}", value, ANOTHER_OPTIONS_FIGURE)
                names.setdefault(owner, beside.group().capitalize() if beside else key)
            figures.setdefault((owner, field), []).append((value, e))
    result = []
    for key, name in names.items():
        kept = {f: v[0] for (k, f), v in figures.items() if k == key and len(v) == 1}
        label = [e for e in own[key].evidence if e.field == "option"] if key in own else []
        if not label and not kept:
            continue
        share, votes = kept.get("share_pct"), kept.get("votes")
        result.append(
            ReferendumOption(
                option=name,
                share_pct=float(share[0]) if share else None,
                votes=int(votes[0]) if votes else None,
                evidence=[*label, *(f[1] for f in (share, votes) if f)],
            )
        )
    return result
