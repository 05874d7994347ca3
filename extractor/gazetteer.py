"""Known place names (UK parliamentary constituencies) for locating a contest's area in a passage.

Small models copy an area from elsewhere in the prompt (the example, the headline, a note) when
their passage names another one. A list of real constituency names lets the code find the
area the passage itself names. The table (``extractor/data/constituencies.json``) is built
from the House of Commons candidate-level results of 2017, 2019 and 2024 (Open Parliament
Licence) by ``python -m extractor.gazetteer build CSV...``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from functools import cache
from importlib import resources
from pathlib import Path

from extractor.spans import Span

DATA_FILE = "data/constituencies.json"
_NAME_COLUMNS = ("Constituency name", "constituency_name")


@cache
def constituency_names() -> tuple[str, ...]:
    """Every known constituency name, longest first (so "Luton South and South Bedfordshire"
    is found before "Luton South")."""
    raw = resources.files("extractor").joinpath(DATA_FILE).read_text(encoding="utf-8")
    names = json.loads(raw)["constituencies"]
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def _variants(name: str) -> set[str]:
    # Articles write "and" where the official name has "&", drop bracketed qualifiers, and
    # write "Enfield Southgate" for the official "Enfield, Southgate".
    plain = re.sub(r"\s*\([^)]*\)", "", name).strip()
    spelled = {v for n in (name, plain) for v in (n, n.replace(" & ", " and "))}
    return spelled | {v.replace(", ", " ") for v in spelled}


def _fold(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


@cache
def _folded_names() -> frozenset[str]:
    return frozenset(_fold(v) for n in constituency_names() for v in _variants(n))


def is_constituency(name: str) -> bool:
    """True when ``name`` is a known constituency, as officially named or as articles write it
    (case, punctuation, "and" for "&", no comma: "Enfield Southgate")."""
    return _fold(name) in _folded_names()


@cache
def _pattern() -> re.Pattern[str]:
    variants = sorted(
        {v for n in constituency_names() for v in _variants(n)}, key=len, reverse=True
    )
    # A capitalised word right after the name makes it part of something longer: "Angus
    # Robertson" is a person, not the Angus constituency.
    body = "|".join(re.escape(v) for v in variants)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])(?!\s+[A-Z][a-z])")


def find_constituencies(text: str) -> list[Span]:
    """Non-overlapping mentions of known constituency names in ``text``, in order."""
    return [Span(m.start(), m.end(), m.group(), "exact", 100.0) for m in _pattern().finditer(text)]


def build(csv_paths: list[Path], out: Path) -> int:
    """Write the constituency table from House of Commons results CSVs; return the count."""
    names: set[str] = set()
    for path in csv_paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                name = next((row[c] for c in _NAME_COLUMNS if row.get(c)), None)
                if name:
                    names.add(name.strip())
    payload = {
        "_source": "House of Commons Library candidate-level results, general elections "
        "2017, 2019 and 2024 (Open Parliament Licence v3.0)",
        "constituencies": sorted(names),
    }
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(names)


if __name__ == "__main__":  # pragma: no cover - maintenance command
    if len(sys.argv) < 3 or sys.argv[1] != "build":
        sys.exit("usage: python -m extractor.gazetteer build RESULTS.csv...")
    target = Path(__file__).parent / DATA_FILE
    print(f"{build([Path(p) for p in sys.argv[2:]], target)} names → {target}")
