"""Referendum results printed as answer lines, read without the model.

Counting areas' results are printed as answers with their figures, whatever the page:
"East Midlands – No to AV: 71.26% ::: Yes to AV: 28.74%", "Sunderland: Leave 82,394 (61.3%),
Remain 51,930 (38.7%)", or one answer a line under the area's heading ("Yes: 313" / "No:
20"). An answer word next to a figure is typed like a result row's figures
(:mod:`extractor.figures`): a percentage is a share, an integer a vote count. Every value is
grounded like model output.
"""

from __future__ import annotations

import re

from extractor.draft import DraftOption, DraftReferendum
from extractor.figures import is_prose_label, type_figures
from extractor.merge import REFERENDUM_OPTIONS

_ANSWER = "|".join(sorted(REFERENDUM_OPTIONS, key=len, reverse=True))
# An answer, a few words naming it ("No to AV", "voted Leave"), then its figures.
_PAIR = re.compile(
    rf"\b(?P<option>{_ANSWER})\b(?:\s+to\s+[A-Z][\w-]*)?\s*[:–—=-]?\s*"
    r"(?P<figures>\d[\d,]*(?:\.\d+)?"
    # "Yes 6,152,607 32.10%": a count, then its share.
    r"(?:[ \t]+\d{1,3}(?:\.\d+)?\s?%(?![\w.]))?"
    r"\s*(?:%|per\s?cent)?(?:\s*\(\s*\d[\d,.]*\s*%?\s*\))?)",
    re.I,
)
MAX_AREA_CHARS = 60


def _option(found: re.Match[str]) -> DraftOption | None:
    figures, _ = type_figures(found.group("figures"))
    votes = next((f.value for f in figures if f.kind == "votes"), None)
    share = next((f.value for f in figures if f.kind == "share"), None)
    if votes is None and share is None:
        return None
    option = found.group("option").capitalize()
    return DraftOption(
        option=option,
        votes=str(int(votes)) if votes is not None else None,
        share=f"{share:g}" if share is not None else None,
    )


def _area(text: str) -> str | None:
    area = re.sub(r"[\s:–—=|-]+$", "", text).strip(" \t:–—-|")
    area = re.sub(r"\s+(?:results?|declaration)$", "", area, flags=re.I)
    if not area or len(area) > MAX_AREA_CHARS or is_prose_label(area) or re.search(r"\d", area):
        return None
    return area


# "Votes %", "Choice | Votes | %": the answers' column names, no place.
_COLUMN_NAMES = re.compile(
    r"^(?:(?:choice|response|answer|option|votes?|%|percentage|share|result)\b[\s|%]*)+$", re.I
)
# An encyclopaedia infobox names the place on a line of its own: "Location United Kingdom".
_LOCATION = re.compile(r"^\s*(?:location|area|counting area)[:\s]+(?P<place>\S.*)$", re.I)
HEADING_REACH = 3  # lines above the answers where the area's heading may stand
INFOBOX_REACH = 6  # lines above the answers where an infobox's "Location" line may stand


def _heading(lines: list[str], index: int) -> str:
    """The area heading above answer lines: the nearest line with words, past the answers'
    column names; an infobox's "Location X" line names the place."""
    for line in reversed(lines[max(0, index - INFOBOX_REACH) : index]):
        if found := _LOCATION.match(line):
            return found.group("place")
    for line in reversed(lines[max(0, index - HEADING_REACH) : index]):
        if line.strip() and not _COLUMN_NAMES.match(line.strip()):
            return line
    return ""


def parse_answer_lines(article: str) -> list[DraftReferendum]:
    """Referendum results written as answer lines (two answers with figures on one line, or
    answer lines one under another below the area's heading), for the areas they name."""
    lines = article.splitlines()
    results: list[DraftReferendum] = []
    index = 0
    while index < len(lines):
        pairs = list(_PAIR.finditer(lines[index]))
        options = [o for p in pairs if (o := _option(p)) is not None]
        if len(options) >= 2 and len({o.option for o in options}) == len(options):
            area = _area(lines[index][: pairs[0].start()])
            if area is not None:  # a sentence's answers are the model's to place
                results.append(DraftReferendum(area=area, question=None, options=options))
            index += 1
            continue
        if len(options) == 1 and lines[index].strip().lower().startswith(options[0].option.lower()):
            # One answer a line: gather the answers below, the heading above names the area.
            run = [options[0]]
            end = index + 1
            while end < len(lines) and len(run) < len(REFERENDUM_OPTIONS):
                more = [o for p in _PAIR.finditer(lines[end]) if (o := _option(p)) is not None]
                if len(more) != 1 or any(o.option == more[0].option for o in run):
                    break
                run.append(more[0])
                end += 1
            heading = _heading(lines, index)
            if len(run) >= 2 and (area := _area(heading)) is not None:
                results.append(DraftReferendum(area=area, question=None, options=run))
                index = end
                continue
        index += 1
    return results
