"""Figures typed by how they are written, and result rows read from any line or list shape.

A result row is a label (a person, a party, or both) and figures. What a figure *is* shows in
how it is written, not in which column it stands: ``47.3%`` or ``47.3 per cent`` is a share,
``(+6.2)`` or ``-3.1`` (a sign glued to the digits) is a change, ``18,402`` (an integer) is a
vote count, a bare decimal after a vote count (``18,402 47.3``) is a share. So one reader
serves ``Jane Cole Liberal Democrat 18,402 47.3% (+6.2)``, ``Conservative (Douglas Ross) –
22,637 (47.6%, +16.5)``, ``Name, Party – 7,167``, ``LD 1,234 (45.6%, +3.2)``, ``Ind Andrews
160`` and table cells split by tabs or pipes, instead of one regular expression per format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from schemas import default_registry

FigureKind = Literal["votes", "share", "change"]

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PERCENT = r"\s?(?:%|per\s?cent\b|pc\b)"
# One alternation, most specific first: a signed change, a share, then a bare number.
_FIGURE = re.compile(
    rf"(?P<change>(?<![\w.,])[+−–-](?=\d)(?:{_NUM})(?:{_PERCENT}|\s?(?:pts|points)\b)?)"
    rf"|(?P<share>(?<![\w.,])(?:{_NUM}){_PERCENT})"
    # "Andrew Joyce (Lib Dem),19": a comma after a bracket is a separator, not a thousands one.
    rf"|(?P<bare>(?:(?<![\w.,])|(?<=\),))(?:{_NUM})(?![\w]))",
    re.I,
)
_ELECTED = re.compile(r"\(?\b(?:elected|re-elected)\b\)?|\(E\)|[*✓✔]", re.I)
_SEPARATORS = " \t|,;:–—-()[]•·_"
_PERSON_WORD = r"(?:[A-Z][\w'’.-]*|de|da|van|von|der|le|la|du|bin|al|Mc[A-Z]\w*)"
_PERSON = re.compile(rf"^[A-Z][\w'’.-]*(?:\s+{_PERSON_WORD}){{0,5}}$")
# Words that make an unknown label a party ("Women's Equality Party", "Ashfield Independents").
_PARTYISH = re.compile(
    r"\b(Party|Alliance|Coalition|Movement|Front|Independents?|Residents|Group|Unionists?|"
    r"Democrats?|Socialists?|Greens?)\b",
    re.I,
)
_NOT_A_LABEL = re.compile(
    r"^(majority|turnout|electorate|spoilt|spoiled|rejected|total|swing|votes?|seats?|"
    r"registered|ballots?|count|quota|stage|round|change|share|elected|result)\b",
    re.I,
)
SEAT_WORDS = re.compile(r"\b(seats?|councillors?|MPs|MSPs|AMs|MLAs|members)\b", re.I)
MAX_LABEL_WORDS = 9
_COLUMN_LABEL = re.compile(r"\b(names?|share|votes?|candidates?|change|turnout|majority)\b", re.I)
_BRACKETED = re.compile(r"^[^()]+\([^()\d]{1,40}\)\s*$")
# "ND", "No description": a candidate who stands for no party.
NO_PARTY = re.compile(r"^(?:ND|no description|none)$", re.I)
MAX_PARTY_WORDS = 5
# Lower-case words a name or party may hold ("Party of Women", "Ludwig van Beethoven"); any
# other lower-case word ("came", "with", "ahead") makes the label prose, not a row.
_CONNECTORS = frozenset(
    [
        "of",
        "and",
        "&",
        "the",
        "for",
        "de",
        "da",
        "van",
        "von",
        "der",
        "le",
        "la",
        "du",
        "bin",
        "al",
        "ap",  # Welsh: "Rhun ap Iorwerth"
        "ab",
        "upon",
        "on",
        "party",
    ]
)
# Units written beside a figure ("SNP: 718 votes (33.7%)"): not part of the label.
_UNITS = re.compile(r"\b(?:votes?|per\s?cent)\b", re.I)


@dataclass(frozen=True)
class Figure:
    """One number of a row, typed by how it is written."""

    kind: FigureKind
    value: float
    text: str


@dataclass(frozen=True)
class Row:
    """One candidate's (or one party's) line of a result."""

    name: str | None
    party: str | None
    votes: int | None
    share: float | None
    change: float | None
    elected: bool | None


def _value(text: str) -> float:
    digits = re.sub(r"[^\d.+−–-]", "", text.replace(",", ""))
    return float(digits.replace("−", "-").replace("–", "-"))


def type_figures(text: str) -> tuple[list[Figure], str]:
    """The figures of ``text`` typed by their writing, and the text with them blanked out."""
    figures: list[Figure] = []
    label = list(text)
    for found in _FIGURE.finditer(text):
        kind = found.lastgroup
        raw = found.group()
        kinds = {f.kind for f in figures}
        if kind == "change":
            figures.append(Figure("change", _value(raw), raw))
        elif kind == "share" and "share" in kinds and "change" not in kinds:
            # "15,506 | 31.7% | 1.9%": results print the share, then its change.
            figures.append(Figure("change", _value(raw), raw))
        elif kind == "share":
            figures.append(Figure("share", _value(raw), raw))
        else:
            # A bare decimal after a vote count is its share ("18,402 47.3"); after a share it
            # is nothing we can type (left out rather than guessed).
            is_decimal = "." in raw
            if is_decimal and figures and figures[-1].kind == "votes":
                figures.append(Figure("share", _value(raw), raw))
            elif is_decimal and figures and figures[-1].kind == "share":
                # "30,488 | 50.1 | 4.0": after the share comes its change.
                figures.append(Figure("change", _value(raw), raw))
            elif not is_decimal:
                figures.append(Figure("votes", _value(raw), raw))
            else:
                continue
        label[found.start() : found.end()] = " " * (found.end() - found.start())
    return figures, "".join(label)


def _clean_label(text: str) -> str:
    text = _ELECTED.sub(" ", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(_SEPARATORS + ".").strip()


def _looks_like_person(text: str) -> bool:
    # A full name, or a surname alone ("Andrews", "McDonald", "O'Brien") as lists print them.
    return (bool(_PERSON.match(text)) and 2 <= len(text.split()) <= 6) or bool(
        re.fullmatch(r"(?:Mc|Mac|O['’])?[A-Z][a-z'’-]{2,}", text)
    )


def is_party(text: str) -> bool:
    """True when ``text`` names a party: one the registry knows, or one that says it is one
    ("PC Plaid Cymru", an abbreviation before the name, is one too)."""
    text = text.strip()
    return bool(text) and (default_registry().is_known(party_name(text)) or _party_by_form(text))


def is_prose_label(text: str) -> bool:
    """True when a label holds a lower-case word that is no connector of a name."""
    if default_registry().is_known(text):
        return False
    words = [w.strip(".,'’()") for w in text.split()]
    return any(w and w[0].islower() and w.lower() not in _CONNECTORS for w in words)


def _party_by_form(text: str) -> bool:
    """An unknown party that says it is one: short, capitalised, with a party word (and no
    word of a table's column names: "Party Name", "Share of the vote")."""
    words = text.split()
    return (
        len(words) <= MAX_PARTY_WORDS
        and not _COLUMN_LABEL.search(text)
        and words[0][:1].isupper()
        and bool(_PARTYISH.search(text))
        and not is_prose_label(text)
    )


def party_name(text: str) -> str:
    """The party as the registry knows it where an abbreviation precedes the name ("LAB Welsh
    Labour" is "Welsh Labour"); else ``text``."""
    abbreviated = re.fullmatch(r"[A-Z]{2,5}\s+(.+)", text.strip())
    if (
        abbreviated
        and not default_registry().is_known(text)
        and default_registry().is_known(abbreviated.group(1))
    ):
        return abbreviated.group(1)
    return text


def split_label(label: str) -> tuple[str | None, str | None] | None:
    """(name, party) of a row's label, or None when it is neither a party nor a person.

    Handles "Name (Party)", "Party (Name)", "Name, Party", "Name – Party", "Name Party" and
    "Party Name" (the party found as the longest known run of words at either end).
    """
    label = re.sub(r"\(\s*\)|\[\s*\]", " ", label).strip()  # brackets the figures left empty
    label = label.rstrip(" \t|,;:–—-•·_")  # "Stephen Bowen (People First), 58": the comma before it
    # "Leo Atreides No description": a candidate standing for no party.
    described = re.fullmatch(r"(?P<name>.+?)\s+(?:No description|ND)", label, re.I)
    if described and _looks_like_person(described.group("name")):
        return described.group("name"), None
    pieces = re.split(r"\s*(?:[(),|\t]|\s[–—-]\s)\s*", label)
    parts = [p.strip(_SEPARATORS) for p in pieces if p.strip(_SEPARATORS)]
    if any(is_prose_label(part) for part in parts):
        return None
    if len(parts) == 2:
        a, b = parts
        if is_party(a) and not is_party(b) and _looks_like_person(b):
            return b, party_name(a)
        if is_party(b) and _looks_like_person(a):
            return a, party_name(b)
        if _looks_like_person(a) and re.fullmatch(r"[A-Z]{2,5}", b):
            return a, b  # "Charles Hollingsworth, TBF": a local party's initials
        if _BRACKETED.search(label) and _looks_like_person(a) and len(b.split()) <= 3:
            # "Mike Jordan (ND)", "Luke Wellock (Climate)": the bracket after a name holds
            # the candidate's party or description, whatever the registry knows of it.
            return a, (None if NO_PARTY.match(b) else b)
    text = _clean_label(" ".join(parts))
    if not text or _NOT_A_LABEL.match(text) or len(text.split()) > MAX_LABEL_WORDS:
        return None
    if default_registry().is_known(text):
        return None, text
    words = text.split()
    for cut in range(1, len(words)):  # the longest party run first ("The Labour Party Candidate")
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if default_registry().is_known(tail) and _looks_like_person(head):
            return head, tail
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if default_registry().is_known(head) and _looks_like_person(tail):
            return tail, head
    if _party_by_form(text):
        return None, text
    # "Soraya Kara Citizens for Undead Rights and Equality": a forename and surname, then a
    # party of capitalised words the registry does not know (at least three, one a connector).
    if len(words) >= 5 and _looks_like_person(" ".join(words[:2])):
        rest = words[2:]
        if all(w[0].isupper() or w in _CONNECTORS for w in rest) and any(
            w in _CONNECTORS for w in rest
        ):
            return " ".join(words[:2]), " ".join(rest)
    return None


def read_row(segment: str) -> Row | None:
    """One result row from a line, a table row or a list item; None when it is not one.

    A row needs a label that is a party or a person, and a vote count or a share; at most one
    of each kind of figure (a line with two vote counts is prose or a comparison, not a row).
    """
    text = segment.strip()
    if not text or len(text) > 160:
        return None
    figures, rest = type_figures(text)
    kinds = [f.kind for f in figures]
    if not figures or any(kinds.count(k) > 1 for k in set(kinds)):
        return None
    if "votes" not in kinds and "share" not in kinds:
        return None
    elected = bool(_ELECTED.search(rest))
    split = split_label(_UNITS.sub(" ", _ELECTED.sub(" ", rest)))
    if split is None:
        return None
    name, party = split
    by_kind = {f.kind: f.value for f in figures}
    votes = by_kind.get("votes")
    share = by_kind.get("share")
    if (share is not None and share > 100) or (votes is not None and votes != int(votes)):
        return None
    change = next((f for f in figures if f.kind == "change"), None)
    if SEAT_WORDS.search(text) or (change is not None and share is None and "." not in change.text):
        # "Conservatives 22 (-11)", "Labour 19 seats (+7)": a seat table, not votes.
        return None
    return Row(
        name=name,
        party=party,
        votes=int(votes) if votes is not None else None,
        share=share,
        change=by_kind.get("change"),
        elected=True if elected else None,
    )


def row_like(segment: str, kinds: list[FigureKind]) -> Row | None:
    """A row whose party the registry does not know ("Libertarian: 11 votes (0.5%) +0.5"),
    accepted beside rows of the same figures: a label of one to three capitalised words."""
    figures, rest = type_figures(segment.strip())
    if [f.kind for f in figures] != kinds:
        return None
    label = _clean_label(_UNITS.sub(" ", rest))
    words = label.split()
    if (
        not 1 <= len(words) <= 3
        or not all(w[:1].isupper() for w in words)
        or is_prose_label(label)
        or _NOT_A_LABEL.match(label)  # "Majority: 10,407", "Turnout 31.2%"
    ):
        return None
    by_kind = {f.kind: f.value for f in figures}
    votes = by_kind.get("votes")
    return Row(
        name=None,
        party=label,
        votes=int(votes) if votes is not None else None,
        share=by_kind.get("share"),
        change=by_kind.get("change"),
        elected=None,
    )


def split_items(sentence: str) -> list[str]:
    """The items of an inline list, split at commas, semicolons and 'and' outside brackets
    ("LD 1,234 (45.6%, +3.2), C 769" has two items; thousands separators never split)."""
    items: list[str] = []
    current: list[str] = []
    depth = 0
    index = 0
    while index < len(sentence):
        char = sentence[index]
        depth += (char in "([" and 1) or 0
        depth -= (char in ")]" and 1) or 0
        rest = sentence[index:]
        if depth <= 0 and re.match(r"[,;]\s|\s+and\s", rest):
            items.append("".join(current))
            current = []
            index += len(re.match(r"[,;]\s+|\s+and\s+", rest).group())  # type: ignore[union-attr]
            continue
        current.append(char)
        index += 1
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]
