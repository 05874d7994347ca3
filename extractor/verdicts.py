"""Referendum verdicts and counts told in prose, read without the model.

Results nights report each counting area's verdict in a sentence, not a table: "Glasgow has
gone for Yes by a margin of 53-47%", "the Borders has voted No (67%)", "Birmingham rejected the
idea by 57.79% to 42.21%", "East Dunbartonshire votes No by a wide margin (61.2%)". The shape
is always an area, a verb of voting that names or implies the winning answer, and optionally
the two shares ("by A-B%", "by A% to B%") or the winner's share in brackets. Code reads it: the
winning answer gets the first share, the other answer the second. The verbs that only imply an
answer ("rejected", "backed") are read only in articles about a yes/no referendum.

Counts are told the same way: "in Bedford 52,399 voted no, while 28,311 voted yes", "in Luton
63,446 voted against the increase while 20,093 voted in favour". A clause with a count for each
answer, in a referendum article, is one area's result (the area is the "in <place>" before the
first count; none when the clause names no place: the whole vote).
"""

from __future__ import annotations

import re

from extractor.draft import DraftOption, DraftReferendum

__all__ = ["parse_verdicts"]

_OTHER = {"Yes": "No", "No": "Yes", "Leave": "Remain", "Remain": "Leave"}
_IMPLIED = {
    "rejected": "No",
    "opposed": "No",
    "voted against": "No",
    "backed": "Yes",
    "approved": "Yes",
    "embraced": "Yes",
    "voted for": "Yes",
    "voted in favour": "Yes",
}
_SHARE = r"\d{1,2}(?:\.\d+)?"
_VERB = (
    r"(?:has\s+|have\s+|had\s+|also\s+|both\s+|narrowly\s+|decisively\s+)*"
    r"(?:(?:voted|votes|vote|goes|go|gone|went|comes\s+out|came\s+out)"
    r"(?:\s+(?:for|narrowly|decisively|heavily|strongly))*\s+(?P<answer>Yes|No|Leave|Remain)\b"
    r"|(?P<implied>" + "|".join(sorted(_IMPLIED, key=len, reverse=True)) + r")\b)"
)
_VERDICT = re.compile(_VERB)
# "by a margin of 53-47%", "by 57.79% to 42.21%", "by 51-49%".
_MARGIN = re.compile(
    rf"^[^.;]{{0,40}}?\bby\s+(?:a\s+(?:\w+\s+)?margin\s+of\s+)?(?P<a>{_SHARE})\s*%?\s*(?:-|–|to)\s*"
    rf"(?P<b>{_SHARE})\s*%"
)
_BRACKET = re.compile(rf"^[^.;(]{{0,40}}?\(\s*(?P<a>{_SHARE})\s*%\s*\)")
# A place: capitalised words, with "and", "&" or "of" inside ("Perth and Kinross").
_PLACE = r"[A-Z][\w'’.-]*(?:\s+(?:and|&|of|upon)\s+[A-Z][\w'’.-]*|\s+[A-Z][\w'’.-]*){0,4}"
_SUBJECT = re.compile(
    rf"(?:^|(?<=\s))(?:the\s+)?(?P<area>{_PLACE})(?:\s+(?:voters|electors|residents))?\s*$"
)
# A stop ends a sentence only before a space or the end ("61.2%" and "53-47%." stay whole).
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+(?:[.!?]+|$)", re.M)
_NOT_PLACES = frozenset({"It", "This", "That", "Voters", "Turnout", "Yes", "No", "Both", "All"})
# Words that open a sentence before the place ("But Birmingham rejected", "Meanwhile Glasgow").
_LEADS = frozenset({"But", "And", "Meanwhile", "Now", "Also", "Then", "So", "While", "In"})
MAX_AREA_WORDS = 6
_SUBJECT_CHARS = 120
_REST_CHARS = 120


def _area(subject: str) -> str | None:
    found = _SUBJECT.search(subject.rstrip(" ,"))
    if found is None:
        return None
    words = found.group("area").split()
    while words and words[0] in _LEADS:
        words = words[1:]
    if not words or words[0] in _NOT_PLACES or len(words) > MAX_AREA_WORDS:
        return None
    return " ".join(words)


def _areas(area: str, both: bool = False) -> list[str]:
    """ "East Ayrshire and South Ayrshire" is two areas; "Perth and Kinross" is one, unless
    the sentence says ``both`` ("Orkney and Shetland both voted against")."""
    parts = re.split(r"\s+(?:and|&)\s+", area)
    if len(parts) == 2 and (both or all(len(p.split()) >= 2 for p in parts)):
        return parts
    return [area]


# "rejected independence by 9,951 votes to 5,669".
_COUNT_FIGURE = r"\d{1,3}(?:,\d{3})+|\d{2,}"
# The words between an answer and its count: '"No" winning 19,036', '"Yes" on 16,350'.
ANSWER_LINKS = r"(?:won|winning|took|taking|polled|polling|got|on|with|had)"
_MARGIN_VOTES = re.compile(
    rf"^[^.;]{{0,40}}?\bby\s+(?P<a>{_COUNT_FIGURE})\s+votes?\s+to\s+"
    rf"(?P<b>{_COUNT_FIGURE})(?![\d,%]|\.\d)"
)


def _options(answer: str, rest: str) -> list[DraftOption]:
    counted = _MARGIN_VOTES.match(rest)
    if counted:
        return [
            DraftOption(option=answer, votes=counted.group("a"), share=None),
            DraftOption(option=_OTHER[answer], votes=counted.group("b"), share=None),
        ]
    margin = _MARGIN.match(rest)
    if margin:
        a, b = margin.group("a"), margin.group("b")
        return [
            DraftOption(option=answer, votes=None, share=a),
            DraftOption(option=_OTHER[answer], votes=None, share=b),
        ]
    bracket = _BRACKET.match(rest)
    return [DraftOption(option=answer, votes=None, share=bracket.group("a") if bracket else None)]


_COUNT_SIDES = {
    "against": "No",
    "no": "No",
    "opposing": "No",
    "opposed": "No",
    "yes": "Yes",
    "for": "Yes",
    "in favour": "Yes",
    "backing": "Yes",
    "supporting": "Yes",
}
_SIDES = r"against|no|yes|for|in\s+favour|backing|supporting|opposing|opposed"
_COUNT = re.compile(
    rf"(?<![\d,.])(?P<n>{_COUNT_FIGURE})\s+(?:people\s+|voters\s+)?"
    rf"(?:who\s+(?:were|voted)\s+|voted\s+|were\s+)?(?P<side>{_SIDES})\b"
    # The answer first: '"No" winning 19,036 votes', '"Yes" on 16,350', 'No won 10,004'.
    rf"|[\"“](?P<side2>yes|no)[\"”]\s+{ANSWER_LINKS}"
    rf"\s+(?P<n2>{_COUNT_FIGURE})(?![\d,]|\.\d)",
    re.I,
)
# The same told in shares: "65.03% were against a mayor, with just 34.97% in favour", "44.87%
# for and 55.13% against", "36.42% backing the change and 63.58% opposing it".
_SHARE_SIDE = re.compile(
    rf"(?<![\d,.])(?P<n>{_SHARE})\s*%\s+(?:of\s+(?:the\s+)?(?:voters|votes|electors)\s+)?"
    rf"(?:were\s+|was\s+|voted\s+)?(?P<side>{_SIDES})\b",
    re.I,
)
# A verdict's verb carried on to the next place: "Manchester voted against by 53.24% to
# 46.76%, and Nottingham by 57.5% to 42.5%".
_ELLIPSIS = re.compile(rf"(?:,\s*|\s)and\s+(?P<area>{_PLACE})\s+(?=by\s)")
_IN_PLACE = re.compile(rf"\b[Ii]n\s+(?P<area>{_PLACE})\s*,?\s*$")
# Shares name their place anywhere before them in the sentence: "In Bradford the vote was".
_IN_PLACE_BEFORE = re.compile(rf"\b[Ii]n\s+(?P<area>{_PLACE})")
_CLAUSES = re.compile(r"[^;]+")


def _side(count: re.Match[str]) -> str:
    side = count.group("side") or count.groupdict().get("side2") or ""
    return _COUNT_SIDES[" ".join(side.lower().split())]


def _figure(count: re.Match[str]) -> str:
    return str(count.group("n") or count.groupdict().get("n2"))


def _counted(sentence: str) -> list[DraftReferendum]:
    """Each clause's Yes and No counts ("in Bedford 52,399 voted no, while 28,311 voted yes"),
    or shares ("in Sheffield 65.03% were against a mayor, with just 34.97% in favour")."""
    results = []
    for clause in _CLAUSES.finditer(sentence):
        text = clause.group()
        for pattern, field in ((_COUNT, "votes"), (_SHARE_SIDE, "share")):
            results += _sides_told(text, pattern, field)
    return results


# The clause's subject when no "in <place>" names it: "Clackmannanshire was the earliest to
# declare, with "No" winning 19,036 votes".
_LEADING_PLACE = re.compile(
    rf"^\s*(?:the\s+)?(?P<area>{_PLACE})\s+(?:was|were|has|had|is|voted|declared)\b"
)


def _sides_told(text: str, pattern: re.Pattern[str], field: str) -> list[DraftReferendum]:
    """A result for each two neighbouring figures of one clause told for either side (each
    figure in one result only: a text printed twice over gives the pairs twice, not thrice)."""
    results = []
    figures = list(pattern.finditer(text))
    i = 0
    while i + 1 < len(figures):
        first, second = figures[i], figures[i + 1]
        sides = {_side(m) for m in (first, second)}
        if sides != {"Yes", "No"}:
            i += 1
            continue
        i += 2
        before = text[max(0, first.start() - _SUBJECT_CHARS) : first.start()]
        if field == "votes":
            place = _IN_PLACE.search(before)
        else:
            place = next(reversed(list(_IN_PLACE_BEFORE.finditer(before))), None)
        if place is None:
            leading = _LEADING_PLACE.match(before)
            place = leading if leading and leading.group("area") not in _NOT_PLACES else None
        options = [
            DraftOption(
                option=_side(m),
                votes=_figure(m) if field == "votes" else None,
                share=_figure(m) if field == "share" else None,
            )
            for m in (first, second)
        ]
        results.append(
            DraftReferendum(
                area=place.group("area") if place else None, question=None, options=options
            )
        )
    return results


def parse_verdicts(article: str) -> list[DraftReferendum]:
    """Each counting area's verdict the article tells in a sentence, with its shares."""
    referendum = re.search(r"\breferend(um|a)s?\b", article, re.I) is not None
    results: list[DraftReferendum] = []
    previous = ""
    for found in _SENTENCE.finditer(article):
        sentence = found.group()
        if referendum:
            results += [_placed(r, previous) for r in _counted(sentence)]
        previous = sentence if sentence.strip() else previous
        for verdict in _VERDICT.finditer(sentence):
            implied = verdict.group("implied")
            if implied and not referendum:
                continue
            answer = verdict.group("answer") or _IMPLIED[implied.lower()]
            # The place is the few words before the verb and the shares follow within a clause:
            # bounded windows keep a huge one-line text linear.
            area = _area(sentence[max(0, verdict.start() - _SUBJECT_CHARS) : verdict.start()])
            if area is None:
                continue
            rest = sentence[verdict.end() : verdict.end() + _REST_CHARS]
            options = _options(answer.capitalize(), rest)
            results += [
                DraftReferendum(area=name, question=None, options=options)
                for name in _areas(area, both="both" in verdict.group().lower().split())
            ]
            if len(options) == 2:
                for carried in _ELLIPSIS.finditer(sentence, verdict.end()):
                    rest = sentence[carried.end() : carried.end() + _REST_CHARS]
                    more = _options(answer.capitalize(), rest)
                    if len(more) == 2 and carried.group("area").split()[0] not in _NOT_PLACES:
                        results.append(
                            DraftReferendum(area=carried.group("area"), question=None, options=more)
                        )
    return _without_placeless_repeats(results)


def _placed(result: DraftReferendum, previous: str) -> DraftReferendum:
    """A count told with no place ("A total of 207,551 people voted against") takes the place
    the sentence before names ("Council taxpayers in Bedfordshire have voted against")."""
    if result.area is not None:
        return result
    place = next(reversed(list(_IN_PLACE_BEFORE.finditer(previous))), None)
    if place is None or place.group("area").split()[0] in _NOT_PLACES:
        return result
    return result.model_copy(update={"area": place.group("area")})


def _counts(result: DraftReferendum) -> frozenset[tuple[str, str]]:
    return frozenset(
        (o.option, str(o.votes or o.share)) for o in result.options if o.votes or o.share
    )


def _without_placeless_repeats(results: list[DraftReferendum]) -> list[DraftReferendum]:
    """A result with no place whose figures a placed one has is that one told again (a page
    printed twice over), not the whole vote."""
    placed = {_counts(r) for r in results if r.area and _counts(r)}
    return [r for r in results if r.area or not _counts(r) or _counts(r) not in placed]
