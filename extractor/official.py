"""The official results of UK general elections, packaged with the toolkit, loaded lazily.

One file per election in ``extractor/data/official/`` (gzipped, one line per constituency
with its GSS code, name and every candidate), built from the House of Commons Library
candidate-level results by ``python -m extractor.official build CSV...``. Contains
Parliamentary information licensed under the Open Parliament Licence v3.0
(see ``extractor/data/official/README.md``).

Nothing is read until an election is asked for (:func:`official_election`); each election is
read once per process, and a constituency's figures are parsed only when it is looked up.
"""

from __future__ import annotations

import csv
import gzip
import html
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from schemas.parties import canonical_party

DATA_DIR = "data/official"
SOURCE = "House of Commons Library, general election {year} results"
LICENCE = "Open Parliament Licence v3.0"
# The columns of one candidate in the packaged files, in order.
CANDIDATE_COLUMNS = ("first_name", "surname", "party", "votes", "share", "change")


@dataclass(frozen=True)
class OfficialCandidate:
    """One candidate as the official count has them."""

    first_name: str
    surname: str
    party: str  # the official party name, e.g. "Labour and Co-operative"
    votes: int
    share: float | None  # a fraction of the valid votes, 0.47436
    change: float | None  # the change of share since the last election, a fraction

    @property
    def name(self) -> str:
        """The candidate's full name."""
        return f"{self.first_name} {self.surname}".strip()

    @property
    def canonical_party(self) -> str:
        """The party's name in the party registry ("Labour" for "Labour and Co-operative")."""
        return canonical_party(self.party) or self.party


# Polling days of the UK general elections since 1997 (the packaged ones and those before, so
# an article naming 2005 is not read as naming 2010).
GENERAL_ELECTIONS: dict[int, date] = {
    1997: date(1997, 5, 1),
    2001: date(2001, 6, 7),
    2005: date(2005, 5, 5),
    2010: date(2010, 5, 6),
    2015: date(2015, 5, 7),
    2017: date(2017, 6, 8),
    2019: date(2019, 12, 12),
    2024: date(2024, 7, 4),
}

# The party abbreviations of the official "Result" column ("Lab gain from Con") that the party
# registry does not know by that spelling.
RESULT_PARTIES: dict[str, str] = {
    "PC": "Plaid Cymru",
    "APNI": "Alliance",
    "Spk": "Speaker",
    "Ind": "Independent",
    "DU": "Democratic Unionist Party",  # a typo of DUP in the 2010 file
    "Lab Coop": "Labour",
    "Res": "Respect",
    "BGPV": "Blaenau Gwent People's Voice",
    "KHHC": "Kidderminster Hospital and Health Concern",
}
_RESULT = re.compile(r"^(?P<winner>.+?) (?:hold|gain from (?P<loser>.+))$")


def result_party(abbreviation: str) -> str:
    """The registry name of a party as the official "Result" column abbreviates it."""
    name = RESULT_PARTIES.get(abbreviation, abbreviation)
    return canonical_party(name) or name


@dataclass(frozen=True)
class OfficialContest:
    """The official result of one constituency at one general election."""

    year: int
    code: str  # the ONS/GSS code, e.g. "E14000768"
    name: str
    country: str
    candidates: tuple[OfficialCandidate, ...]  # most votes first
    electorate: int | None = None
    valid_votes: int | None = None
    invalid_votes: int | None = None
    result: str | None = None  # as the Library writes it: "Lab gain from Con", "Con hold"

    @property
    def winner(self) -> OfficialCandidate:
        """The elected candidate (the most votes)."""
        return self.candidates[0]

    @property
    def majority(self) -> int | None:
        """The winner's votes less the runner-up's."""
        if len(self.candidates) < 2:
            return None
        return self.candidates[0].votes - self.candidates[1].votes

    @property
    def outcome(self) -> str | None:
        """``hold`` or ``gain`` (against the last general election; for 2024, against the
        notional result of 2019 on the new boundaries)."""
        if not self.result:
            return None
        return "hold" if self.result.endswith(" hold") else "gain"

    @property
    def gained_from(self) -> str | None:
        """The party that lost the seat, for a gain."""
        match = _RESULT.match(self.result or "")
        return result_party(match["loser"]) if match and match["loser"] else None

    @property
    def previous_party(self) -> str | None:
        """The party that held the seat before the election (for a hold, the winner's)."""
        if self.outcome == "hold":
            return self.winner.canonical_party
        return self.gained_from

    @property
    def turnout_pct(self) -> float | None:
        """Valid votes as a per cent of the electorate, as the Library computes turnout."""
        if not self.electorate or self.valid_votes is None:
            return None
        return 100 * self.valid_votes / self.electorate

    @property
    def ballot_turnout_pct(self) -> float | None:
        """Every ballot paper counted (valid and rejected) as a per cent of the electorate."""
        if not self.electorate or self.valid_votes is None or self.invalid_votes is None:
            return None
        return 100 * (self.valid_votes + self.invalid_votes) / self.electorate


class _LazyContests(Mapping[str, OfficialContest]):
    """Constituencies by GSS code, each parsed from its line of the packaged file when first
    asked for (an article names a handful of the 650)."""

    def __init__(self, year: int, lines: dict[str, str]) -> None:
        self._year = year
        self._lines = lines
        self._parsed: dict[str, OfficialContest] = {}

    def __getitem__(self, code: str) -> OfficialContest:
        contest = self._parsed.get(code)
        if contest is None:
            contest = _contest(self._year, json.loads(self._lines[code]))
            self._parsed[code] = contest
        return contest

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def lines_containing(self, text: str) -> list[str]:
        """The codes whose raw line contains ``text`` (case-blind): a cheap filter before parsing."""
        needle = text.casefold()
        return [code for code, line in self._lines.items() if needle in line.casefold()]


@dataclass(frozen=True)
class OfficialElection:
    """Every constituency's official result at one general election."""

    year: int
    names: dict[str, str]  # GSS code -> official name
    contests: _LazyContests  # GSS code -> result, parsed on first use

    @property
    def source(self) -> str:
        """Where the figures come from, for a reader."""
        return SOURCE.format(year=self.year)

    def contests_naming(self, text: str) -> list[OfficialContest]:
        """The constituencies whose official record mentions ``text`` (e.g. a surname)."""
        return [self.contests[code] for code in self.contests.lines_containing(text)]


def _data_file(year: int) -> Any:
    return resources.files("extractor").joinpath(f"{DATA_DIR}/ge{year}.jsonl.gz")


@cache
def covered_years() -> tuple[int, ...]:
    """The general elections whose official results are packaged."""
    folder = resources.files("extractor").joinpath(DATA_DIR)
    years = [
        int(entry.name[2:6])
        for entry in folder.iterdir()
        if entry.name.startswith("ge") and entry.name.endswith(".jsonl.gz")
    ]
    return tuple(sorted(years))


def _contest(year: int, entry: dict[str, Any]) -> OfficialContest:
    candidates = tuple(
        OfficialCandidate(**dict(zip(CANDIDATE_COLUMNS, row, strict=True)))
        for row in entry["candidates"]
    )
    return OfficialContest(
        year=year,
        code=entry["code"],
        name=entry["name"],
        country=entry["country"],
        candidates=tuple(sorted(candidates, key=lambda c: -c.votes)),
        electorate=entry.get("electorate"),
        valid_votes=entry.get("valid_votes"),
        invalid_votes=entry.get("invalid_votes"),
        result=entry.get("result"),
    )


@cache
def official_election(year: int) -> OfficialElection | None:
    """The official results of the ``year`` general election, or None when not packaged.

    The file is one header line, then one line per constituency, ``CODE<tab>NAME<tab>JSON``:
    reading it splits lines (a few milliseconds); a constituency's JSON is parsed when used.
    """
    if year not in covered_years():
        return None
    text = gzip.decompress(_data_file(year).read_bytes()).decode("utf-8")
    names: dict[str, str] = {}
    lines: dict[str, str] = {}
    for line in text.splitlines()[1:]:
        code, name, raw = line.split("\t", 2)
        names[code] = name
        lines[code] = raw
    return OfficialElection(year=year, names=names, contests=_LazyContests(year, lines))


# ---- building the packaged files from the House of Commons Library CSVs ----------------------

# Each field and the column names it has in the Library's files: the candidate-level files of
# the Library's briefings (2017, 2019, 2024), and electionresults.parliament.uk's exports
# (every election since 2010).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ONS ID", "ons_id", "Constituency geographic code"),
    "name": ("Constituency name", "constituency_name"),
    "country": ("Country name", "country_name"),
    "first_name": ("Candidate first name", "firstname", "Candidate given name"),
    "surname": ("Candidate surname", "surname", "Candidate family name"),
    "party": ("Party name", "party_name", "Main party name"),
    "votes": ("Votes", "votes", "Candidate vote count"),
    "share": ("Share", "share", "Candidate vote share"),
    "change": ("Change", "change", "Candidate vote change"),
    "speaker": ("Candidate is standing as Commons Speaker",),
    "independent": ("Candidate is standing as independent",),
    "result": ("Result",),
    "electorate": ("Electorate",),
    "valid_votes": ("Valid votes",),
    "invalid_votes": ("Invalid votes",),
}


def _field(row: dict[str, str], name: str, default: str | None = None) -> str:
    for column in _COLUMNS[name]:
        if column in row:
            # The parliament.uk exports keep HTML entities in names ("O&#39;Hara").
            return html.unescape(row[column] or "").strip()
    if default is not None:
        return default
    raise KeyError(f"no column for {name!r} (looked for {', '.join(_COLUMNS[name])})")


def _fraction(raw: str) -> float | None:
    return round(float(raw), 6) if raw else None


def _party(row: dict[str, str]) -> str:
    party = _field(row, "party")
    if not party and _field(row, "speaker", "false") == "true":
        return "Speaker"
    if not party and _field(row, "independent", "false") == "true":
        return "Independent"
    return party


def read_candidates_csv(path: Path) -> dict[str, dict[str, Any]]:
    """The constituencies of one candidate-level results CSV, by GSS code."""
    constituencies: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = _field(row, "code")
            entry = constituencies.setdefault(
                code,
                {
                    "code": code,
                    "name": _field(row, "name"),
                    "country": _field(row, "country"),
                    "candidates": [],
                },
            )
            entry["candidates"].append(
                [
                    _field(row, "first_name"),
                    _field(row, "surname"),
                    _party(row),
                    int(_field(row, "votes")),
                    _fraction(_field(row, "share")),
                    _fraction(_field(row, "change")),
                ]
            )
    for entry in constituencies.values():
        entry["candidates"].sort(key=lambda c: -c[3])
    return constituencies


def read_constituencies_csv(path: Path) -> dict[str, dict[str, Any]]:
    """Electorate, valid and rejected votes and the result, by GSS code, from a Library
    constituency-level results CSV."""
    facts: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            facts[_field(row, "code")] = {
                "electorate": int(_field(row, "electorate")),
                "valid_votes": int(_field(row, "valid_votes")),
                "invalid_votes": int(_field(row, "invalid_votes")),
                "result": _field(row, "result"),
            }
    return facts


def build(sources: Iterable[tuple[int, Path, Path | None]], out_dir: Path) -> dict[int, int]:
    """Write one packaged file per election from ``(year, candidates_csv, constituencies_csv)``;
    return the number of constituencies per year."""
    out_dir.mkdir(parents=True, exist_ok=True)
    seats: dict[int, int] = {}
    for year, candidates_csv, constituencies_csv in sorted(sources):
        constituencies = read_candidates_csv(candidates_csv)
        if constituencies_csv is not None:
            facts = read_constituencies_csv(constituencies_csv)
            missing = sorted(set(constituencies) ^ set(facts))
            if missing:
                raise ValueError(
                    f"{year}: the two files disagree on {len(missing)} codes: {missing[:5]}"
                )
            for code, entry in constituencies.items():
                entry.update(facts[code])
                if sum(c[3] for c in entry["candidates"]) != entry["valid_votes"]:
                    raise ValueError(
                        f"{year} {entry['name']}: candidates' votes do not sum to the valid votes"
                    )
        header = {
            "_source": SOURCE.format(year=year) + f" ({LICENCE})",
            "year": year,
            "format": "one line per constituency: CODE<tab>NAME<tab>JSON",
            "candidate_columns": list(CANDIDATE_COLUMNS),
        }
        lines = [json.dumps(header, ensure_ascii=False)]
        for code, entry in sorted(constituencies.items()):
            raw = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
            lines.append(f"{code}\t{entry['name']}\t{raw}")
        text = "\n".join(lines) + "\n"
        # mtime=0: the same data gives the same bytes, so a rebuild shows no diff.
        (out_dir / f"ge{year}.jsonl.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
        seats[year] = len(constituencies)
    return seats


def _main(argv: list[str]) -> int:  # pragma: no cover - maintenance command
    if len(argv) < 2 or argv[0] != "build":
        print(
            "usage: python -m extractor.official build YEAR=CANDIDATES.csv[,CONSTITUENCIES.csv]...",
            file=sys.stderr,
        )
        return 2
    sources: list[tuple[int, Path, Path | None]] = []
    for spec in argv[1:]:
        year_text, _, paths = spec.partition("=")
        candidates, _, constituencies = paths.partition(",")
        sources.append(
            (int(year_text), Path(candidates), Path(constituencies) if constituencies else None)
        )
    target = Path(__file__).parent / DATA_DIR
    for year, count in build(sources, target).items():
        print(f"{year}: {count} constituencies → {target}/ge{year}.jsonl.gz")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))


__all__ = [
    "OfficialCandidate",
    "OfficialContest",
    "OfficialElection",
    "covered_years",
    "official_election",
]
