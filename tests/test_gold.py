"""Checks on the hand-labelled gold set in ``evals/gold``.

Every gold file must be a valid :class:`ArticleExtraction` (without ``meta``), and every
number, name, area and party spelling in it must be found in its article (``seeds/``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from schemas.facts import ArticleExtraction  # noqa: E402
from schemas.parties import default_registry  # noqa: E402

GOLD_DIR = ROOT / "evals" / "gold"
SEEDS_DIR = ROOT / "seeds"
ARTICLE_IDS = [
    "000_0b6dbabe576fbcf3",
    "001_bfc3684ea2f52524",
    "002_caeac6935794b0a1",
    "003_bdcc64164d65e738",
    "004_36c3a55acffc1229",
]

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def article_text(article_id: str) -> str:
    return (SEEDS_DIR / f"{article_id}.txt").read_text(encoding="utf-8")


def gold_text(article_id: str) -> str:
    return (GOLD_DIR / f"{article_id}.json").read_text(encoding="utf-8")


def load_gold(article_id: str) -> ArticleExtraction:
    return ArticleExtraction.model_validate_json(gold_text(article_id))


def number_in_text(value: float, text: str) -> bool:
    """True when ``value`` (sign ignored) is written in ``text``.

    Integers match as digits with or without thousands commas ("16,333" or "16333") or, up
    to twenty, as a number word; decimals match as written ("57.6"). A match must not be
    part of a longer number ("20" is not found in "2015", "333" not in "16,333").
    """
    value = abs(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        forms = {str(value), f"{value:,}"}
    else:
        forms = {repr(value)}
    for form in forms:
        if re.search(rf"(?<![\d.,]){re.escape(form)}(?!\d|[.,]\d)", text):
            return True
    return (
        isinstance(value, int)
        and value < len(NUMBER_WORDS)
        and re.search(rf"\b{NUMBER_WORDS[value]}\b", text, flags=re.IGNORECASE) is not None
    )


def _normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").casefold()


def text_in_article(needle: str, text: str) -> bool:
    """Case-insensitive containment with curly and straight apostrophes equal."""
    return _normalise(needle) in _normalise(text)


def numeric_values(node: object, path: str = "") -> list[tuple[str, float]]:
    """Every number in a JSON tree, with its path (evidence offsets excluded)."""
    found: list[tuple[str, float]] = []
    if isinstance(node, dict):
        for key, child in node.items():
            if key == "evidence":
                continue
            found += numeric_values(child, f"{path}.{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += numeric_values(child, f"{path}[{index}]")
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        found.append((path, node))
    return found


def named_strings(gold: ArticleExtraction) -> list[tuple[str, str]]:
    """Names, areas and as-written party spellings that must occur in the article."""
    out: list[tuple[str, str]] = []
    for i, contest in enumerate(gold.contests):
        out += [
            (f"contests[{i}].area", contest.area),
            (f"contests[{i}].winner_party_as_written", contest.winner_party_as_written),
            (f"contests[{i}].gained_from_as_written", contest.gained_from_as_written),
        ]
        for j, candidate in enumerate(contest.candidates):
            out += [
                (f"contests[{i}].candidates[{j}].name", candidate.name),
                (f"contests[{i}].candidates[{j}].party_as_written", candidate.party_as_written),
            ]
    for i, council in enumerate(gold.councils):
        out += [
            (f"councils[{i}].council", council.council),
            (f"councils[{i}].control_as_written", council.control_as_written),
        ]
        out += [
            (f"councils[{i}].parties[{j}].party_as_written", p.party_as_written)
            for j, p in enumerate(council.parties)
        ]
    for i, total in enumerate(gold.seat_totals):
        out += [
            (f"seat_totals[{i}].parties[{j}].party_as_written", p.party_as_written)
            for j, p in enumerate(total.parties)
        ]
    for i, referendum in enumerate(gold.referendums):
        out.append((f"referendums[{i}].area", referendum.area))
    return [(path, value) for path, value in out if value is not None]


def canonical_parties(gold: ArticleExtraction) -> list[tuple[str, str]]:
    out: list[tuple[str, str | None]] = []
    for i, contest in enumerate(gold.contests):
        out += [
            (f"contests[{i}].winner_party", contest.winner_party),
            (f"contests[{i}].gained_from", contest.gained_from),
        ]
        out += [
            (f"contests[{i}].candidates[{j}].party", c.party)
            for j, c in enumerate(contest.candidates)
        ]
    for i, council in enumerate(gold.councils):
        out.append((f"councils[{i}].control", council.control))
        out += [
            (f"councils[{i}].parties[{j}].party", p.party) for j, p in enumerate(council.parties)
        ]
    for i, total in enumerate(gold.seat_totals):
        out += [
            (f"seat_totals[{i}].parties[{j}].party", p.party) for j, p in enumerate(total.parties)
        ]
    return [(path, value) for path, value in out if value is not None]


# --------------------------------------------------------------------------- helper checks


def test_number_helper_accepts_written_forms() -> None:
    text = "Borwick secured 16,313 votes; turnout 57.6 per cent; a solid ten per cent; 98 votes."
    assert number_in_text(16313, text)
    assert number_in_text(57.6, text)
    assert number_in_text(-57.6, text)
    assert number_in_text(10, text)
    assert number_in_text(10.0, text)
    assert number_in_text(98, text)
    assert number_in_text(16333, "got 16333 votes")


def test_number_helper_rejects_numbers_not_in_text() -> None:
    text = article_text("004_36c3a55acffc1229")
    assert not number_in_text(7362, text)
    assert not number_in_text(16334, text)
    assert not number_in_text(201, text)  # only a prefix of 2010 / 2015 / 2017
    assert not number_in_text(333, text)  # only the tail of 16,333
    assert not number_in_text(16.3, text)
    assert not number_in_text(0.576, article_text("000_0b6dbabe576fbcf3"))


# --------------------------------------------------------------------------- every gold file


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_gold_file_parses_without_meta(article_id: str) -> None:
    assert (GOLD_DIR / f"{article_id}.json").is_file()
    gold = load_gold(article_id)
    assert gold.meta is None
    assert "meta" not in json.loads(gold_text(article_id))
    assert not gold.is_empty()


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_gold_evidence_is_empty(article_id: str) -> None:
    assert load_gold(article_id).all_evidence() == []


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_number_occurs_in_article(article_id: str) -> None:
    text = article_text(article_id)
    values = numeric_values(json.loads(gold_text(article_id)))
    missing = [(path, value) for path, value in values if not number_in_text(value, text)]
    assert not missing, f"numbers not written in {article_id}: {missing}"


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_name_and_area_occurs_in_article(article_id: str) -> None:
    text = article_text(article_id)
    strings = named_strings(load_gold(article_id))
    missing = [(path, value) for path, value in strings if not text_in_article(value, text)]
    assert not missing, f"names not in {article_id}: {missing}"


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_parties_are_canonical_or_local(article_id: str) -> None:
    text = article_text(article_id)
    registry = default_registry()
    for path, party in canonical_parties(load_gold(article_id)):
        if party in registry.aliases_by_canonical:
            continue
        assert not registry.is_known(party), f"{path}: {party!r} is an alias, not canonical"
        assert text_in_article(party, text), f"{path}: local party {party!r} not in article"


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_years_only_when_written(article_id: str) -> None:
    gold = load_gold(article_id)
    text = article_text(article_id)
    elections = [c.election for c in gold.contests] + [c.election for c in gold.councils]
    elections += [t.election for t in gold.seat_totals] + [r.election for r in gold.referendums]
    for election in elections:
        if election.year is not None:
            assert str(election.year) in text


# --------------------------------------------------------------------------- specific articles


def _contest(gold: ArticleExtraction, area: str):
    matches = [c for c in gold.contests if c.area == area]
    assert len(matches) == 1, f"expected one {area} contest, got {len(matches)}"
    return matches[0]


def _candidate(contest, name: str):
    matches = [c for c in contest.candidates if c.name == name]
    assert len(matches) == 1, f"expected one candidate {name}, got {len(matches)}"
    return matches[0]


def test_seed_004_kensington() -> None:
    gold = load_gold("004_36c3a55acffc1229")
    kensington = _contest(gold, "Kensington")
    assert kensington.election.kind == "general"
    assert kensington.election.year == 2017
    assert kensington.outcome == "gain"
    assert kensington.winner_party == "Labour"
    assert kensington.gained_from == "Conservative"
    assert kensington.majority == 20
    assert kensington.turnout_pct is None

    dent_coad = _candidate(kensington, "Emma Dent Coad")
    assert (dent_coad.party, dent_coad.votes, dent_coad.elected) == ("Labour", 16333, True)
    borwick = _candidate(kensington, "Victoria Borwick")
    assert (borwick.party, borwick.votes) == ("Conservative", 16313)

    raw = gold_text("004_36c3a55acffc1229")
    assert "7361" not in raw and "7,361" not in raw
    assert all(value != 7361 for _, value in numeric_values(json.loads(raw)))


def test_seed_004_declared_tally() -> None:
    gold = load_gold("004_36c3a55acffc1229")
    (total,) = gold.seat_totals
    assert total.status == "declared"
    assert {p.party: p.seats for p in total.parties} == {"Conservative": 318, "Labour": 262}


def test_seed_000_no_year_and_no_earlier_figures() -> None:
    gold = load_gold("000_0b6dbabe576fbcf3")
    assert all(c.election.year is None for c in gold.contests)
    numbers = {value for _, value in numeric_values(json.loads(gold_text("000_0b6dbabe576fbcf3")))}
    assert not numbers & {2693, 6481, 15, 10000, 68.7}
    dartford = _contest(gold, "Dartford")
    johnson = _candidate(dartford, "Gareth Johnson")
    assert (johnson.share_pct, johnson.share_change_pts) == (57.6, 8.6)
    assert dartford.outcome == "hold" and dartford.turnout_pct == 69.8


def test_seed_001_council_and_wards() -> None:
    gold = load_gold("001_bfc3684ea2f52524")
    (bromley,) = gold.councils
    assert bromley.control == "Conservative" and bromley.control_outcome == "hold"
    seats = {p.party: (p.seats, p.seats_change) for p in bromley.parties}
    assert seats["Labour"] == (12, 4)
    assert seats["Conservative"] == (36, None)
    numbers = {value for _, value in numeric_values(json.loads(gold_text("001_bfc3684ea2f52524")))}
    assert not numbers & {3094, 50, 60, 200, 990}
    assert _contest(gold, "Chislehurst").winner_party == "Chislehurst Matters"
    plaistow = _contest(gold, "Plaistow")
    assert (plaistow.outcome, plaistow.gained_from, plaistow.majority) == (
        "gain",
        "Conservative",
        None,
    )


def test_seed_002_luton_and_exclusions() -> None:
    gold = load_gold("002_caeac6935794b0a1")
    luton_north = _contest(gold, "Luton North")
    assert len(luton_north.candidates) == 8
    assert (luton_north.majority, luton_north.turnout_pct, luton_north.outcome) == (
        7510,
        51.99,
        "hold",
    )
    assert len(_contest(gold, "Luton South and South Bedfordshire").candidates) == 7
    areas = {c.area for c in gold.contests}
    assert not areas & {"Portsmouth North", "Preston", "Bassetlaw", "Ashton-under-Lyne"}
    assert _contest(gold, "Clacton").candidates[0].votes is None
    assert _contest(gold, "Walthamstow").candidates[0].votes is None
    assert _contest(gold, "Darlington").outcome == "gain"
    (exit_poll,) = gold.seat_totals
    assert exit_poll.status == "projected" and exit_poll.scope == "UK"
    assert [(p.party, p.seats) for p in exit_poll.parties] == [("Labour", 410)]
    numbers = {value for _, value in numeric_values(json.loads(gold_text("002_caeac6935794b0a1")))}
    assert not numbers & {78.15, 52.15, 27000, 20000, 1500, 800, 1000, 170}


def test_seed_003_councils_and_referendum() -> None:
    gold = load_gold("003_bdcc64164d65e738")
    councils = {c.council: c for c in gold.councils}
    brighton = councils["Brighton and Hove"]
    seats = {p.party: (p.seats, p.seats_change) for p in brighton.parties}
    assert seats == {"Green": (23, 10), "Conservative": (18, None), "Labour": (13, None)}
    assert councils["Lewes"].control == "Conservative"
    assert councils["Lewes"].control_outcome == "gain"
    (referendum,) = gold.referendums
    assert referendum.election.kind == "other"
    assert all(option.share_pct is None for option in referendum.options)
