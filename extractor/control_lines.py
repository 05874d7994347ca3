"""Who runs each council, read from results pages' control lines without the model.

Local-election results list each council with its outcome in a fixed vocabulary, on one line
("Bolton: Lab hold", "Cardiff – Labour hold") or two ("Blaenau Gwent" / "IND GAIN FROM LAB",
"Bridgend" / "LAB LOSE TO NOC", "Anglesey" / "NOC NO CHANGE"). The parties are the registry's
(abbreviations included), so the reading is exact; every value is grounded like model output.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractor.draft import DraftCouncil
from schemas import NO_OVERALL_CONTROL, default_registry

_COUNCIL = r"(?P<council>[A-Z][\w'’.&-]*(?:[ \t]+(?:[A-Z][\w'’.&-]*|and|of|upon|on|&)){0,5})"
_NUMBERED = r"^[ \t]*(?:\d{1,3}[.)][ \t]+)?"


@lru_cache(maxsize=1)
def _party() -> str:
    return default_registry().alternation()


@lru_cache(maxsize=1)
def _outcome() -> re.Pattern[str]:
    party = _party()
    return re.compile(
        rf"(?P<party>{party})[ \t]+(?:(?P<hold>hold|holds|retain|retains|no change)"
        rf"|(?P<gain>gain|gains|take|takes)[ \t]+(?:from|off)[ \t]+(?P<loser>{party})"
        rf"|(?P<lose>lose|loses|lost|loss)[ \t]+to[ \t]+(?P<new>{party}))[ \t]*\.?[ \t]*$",
        re.I,
    )


def _council(name: str, found: re.Match[str]) -> DraftCouncil | None:
    registry = default_registry()
    party = found.group("party")
    if found.group("lose"):
        control, outcome = found.group("new"), None  # "LAB LOSE TO NOC": control changed hands
        if registry.canonical(control) != NO_OVERALL_CONTROL:
            outcome = "gain"
    elif found.group("gain"):
        control, outcome = party, "gain"
    else:
        control, outcome = party, "hold"
    if registry.canonical(name) is not None and registry.is_known(name):
        return None  # a party's name, not a council's
    return DraftCouncil(council=name, control=control, outcome=outcome, parties=[])


def parse_control_lines(article: str) -> list[DraftCouncil]:
    """Councils with their control as results pages print it, one or two lines a council."""
    outcome = _outcome()
    one_line = re.compile(rf"{_NUMBERED}{_COUNCIL}[ \t]*[:–—-][ \t]*(?P<rest>.+)$")
    name_line = re.compile(rf"{_NUMBERED}{_COUNCIL}[ \t]*$")
    lines = article.splitlines()
    councils: list[DraftCouncil] = []
    for index, line in enumerate(lines):
        same = one_line.match(line)
        found = outcome.fullmatch(same.group("rest").strip()) if same else None
        name = same.group("council") if same else None
        if found is None and index > 0 and (above := name_line.match(lines[index - 1])):
            found, name = outcome.fullmatch(line.strip()), above.group("council")
        if found is not None and name is not None:
            council = _council(name.strip(), found)
            if council is not None:
                councils.append(council)
    return councils
