"""Checks on the hand-labelled gold set in ``evals/gold``.

The dev set is the five seed articles (``seeds/<id>.txt``) plus the hand-written articles in
``evals/articles/<id>.txt``; ``evals/gold/<id>.json`` is the answer for the article with the
same id. Every gold file must be a valid :class:`ArticleExtraction` (without ``meta``), and
every number, name, area and party spelling in it must be found in its article.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evals.textcheck import number_in_text
from schemas.facts import ArticleExtraction
from schemas.parties import default_registry

ROOT = Path(__file__).resolve().parents[1]

GOLD_DIR = ROOT / "evals" / "gold"
SEEDS_DIR = ROOT / "seeds"
ARTICLES_DIR = ROOT / "evals" / "articles"
ARTICLE_DIRS = (SEEDS_DIR, ARTICLES_DIR)
SEED_IDS = [
    "000_0b6dbabe576fbcf3",
    "001_bfc3684ea2f52524",
    "002_caeac6935794b0a1",
    "003_bdcc64164d65e738",
    "004_36c3a55acffc1229",
]
# Every gold file, seeds first; each must have an article in one of ARTICLE_DIRS.
ARTICLE_IDS = sorted(path.stem for path in GOLD_DIR.glob("*.json"))
# Dev-set articles that report no result at all: their gold has four empty lists.
NO_RESULT_IDS = {"118_polling_day_no_results"}
MIN_DEV_SET = 20


def article_path(article_id: str) -> Path | None:
    """``seeds/<id>.txt`` or ``evals/articles/<id>.txt``, whichever exists (None if neither)."""
    for directory in ARTICLE_DIRS:
        path = directory / f"{article_id}.txt"
        if path.is_file():
            return path
    return None


def dev_set_ids() -> list[str]:
    """Ids (file stems) of every article in the dev set."""
    return sorted(path.stem for directory in ARTICLE_DIRS for path in directory.glob("*.txt"))


def article_text(article_id: str) -> str:
    path = article_path(article_id)
    assert path is not None, f"no article for gold {article_id} in seeds/ or evals/articles/"
    return path.read_text(encoding="utf-8")


def gold_text(article_id: str) -> str:
    return (GOLD_DIR / f"{article_id}.json").read_text(encoding="utf-8")


def load_gold(article_id: str) -> ArticleExtraction:
    return ArticleExtraction.model_validate_json(gold_text(article_id))


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
    assert number_in_text(13.0, "Labour – 5,233 (13.0%, +4.2)")
    assert number_in_text(4.0, "up 4.0 points")


def test_number_helper_rejects_numbers_not_in_text() -> None:
    text = article_text("004_36c3a55acffc1229")
    assert not number_in_text(7362, text)
    assert not number_in_text(16334, text)
    assert not number_in_text(201, text)  # only a prefix of 2010 / 2015 / 2017
    assert not number_in_text(333, text)  # only the tail of 16,333
    assert not number_in_text(16.3, text)
    assert not number_in_text(0.576, article_text("000_0b6dbabe576fbcf3"))
    assert not number_in_text(13, "Labour – 5,233 (13.5%, +4.2)")
    assert not number_in_text(4.0, "up 4.05 points")


# --------------------------------------------------------------------------- the dev set


def test_every_gold_file_has_an_article() -> None:
    assert set(SEED_IDS) <= set(ARTICLE_IDS)
    missing = [article_id for article_id in ARTICLE_IDS if article_path(article_id) is None]
    assert not missing, f"gold files without an article in seeds/ or evals/articles/: {missing}"


def test_every_article_has_a_gold_file() -> None:
    missing = [article_id for article_id in dev_set_ids() if article_id not in ARTICLE_IDS]
    assert not missing, f"articles without evals/gold/<id>.json: {missing}"


def test_article_ids_are_unique_across_directories() -> None:
    ids = dev_set_ids()
    assert len(ids) == len(set(ids)), "the same id is used in seeds/ and evals/articles/"


def test_new_article_ids_follow_the_naming_scheme() -> None:
    for path in ARTICLES_DIR.glob("*.txt"):
        assert re.fullmatch(r"1\d\d_[a-z0-9_]+", path.stem), path.name


def test_dev_set_size() -> None:
    assert len(dev_set_ids()) >= MIN_DEV_SET


def test_dev_set_covers_required_cases() -> None:
    golds = [load_gold(article_id) for article_id in ARTICLE_IDS]
    assert any(gold.is_empty() for gold in golds), "no gold file with four empty lists"
    assert any(total.status == "projected" for gold in golds for total in gold.seat_totals), (
        "no projected seat total (exit poll)"
    )
    assert any(contest.area is None for gold in golds for contest in gold.contests), (
        "no contest with area null"
    )
    kinds = {
        election.kind
        for gold in golds
        for election in [c.election for c in gold.contests]
        + [c.election for c in gold.councils]
        + [r.election for r in gold.referendums]
    }
    assert {"general", "local", "by-election", "mayoral", "other"} <= kinds
    assert any(gold.referendums for gold in golds)
    assert any(gold.councils for gold in golds)


# --------------------------------------------------------------------------- every gold file


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_gold_file_parses_without_meta(article_id: str) -> None:
    assert (GOLD_DIR / f"{article_id}.json").is_file()
    gold = load_gold(article_id)
    assert gold.meta is None
    assert "meta" not in json.loads(gold_text(article_id))
    assert gold.is_empty() == (article_id in NO_RESULT_IDS)


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_gold_file_has_all_four_lists(article_id: str) -> None:
    raw = json.loads(gold_text(article_id))
    assert set(raw) == {"contests", "councils", "seat_totals", "referendums"}


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


# --------------------------------------------------------------------------- hand-written articles

# Numbers each article writes that are not facts of its results: earlier elections,
# approximate figures, predictions, polls and seat counts that are not tallies.
EXCLUDED_NUMBERS: dict[str, set[float]] = {
    "101_ge2019_kent_roundup": {187, 13186, 10458, 35000, 21000},
    "104_ge2019_liveblog_northeast": {7915, 1935, 1983},
    "105_ge2024_wales_shares": {32, 56},
    "106_ge2024_count_night_new_mp": {20},
    "107_ge2017_london_approx": {34000, 8000, 19000, 25000, 52, 40},
    "108_ge2024_scotland_snp": {5705, 57},
    "110_local2023_kent_councils": {59, 32, 47},
    "111_local_waverley_residents": {38, 50},
    "112_local2024_sunderland_wards": {20, 25, 75, 321},
    "113_local2022_wales_councils": {69, 79},
    "114_local2025_kent_county": {81, 62, 37, 2000, 20, -57},
    "115_byelection2022_wakefield": {3358, 600, 10000, 5000, 24000},
    "116_mayoral2024_west_midlands": {30, 48.7, 420000},
    "117_referendum2016_eu_north_east": {64.9, 67.6, 72.2, 58, 42, 52},
}


@pytest.mark.parametrize("article_id", sorted(EXCLUDED_NUMBERS))
def test_non_results_are_left_out(article_id: str) -> None:
    numbers = {value for _, value in numeric_values(json.loads(gold_text(article_id)))}
    assert not numbers & EXCLUDED_NUMBERS[article_id]


def test_101_tories_and_earlier_majorities() -> None:
    gold = load_gold("101_ge2019_kent_roundup")
    assert {(c.election.kind, c.election.year) for c in gold.contests} == {("general", 2019)}
    dover = _contest(gold, "Dover")
    assert (dover.winner_party, dover.winner_party_as_written, dover.outcome) == (
        "Conservative",
        "Tories",
        "hold",
    )
    assert dover.majority == 12278
    canterbury = _contest(gold, "Canterbury")
    assert canterbury.majority == 1836
    assert _candidate(canterbury, "Rosie Duffield").votes == 29018
    folkestone = _contest(gold, "Folkestone and Hythe")
    assert folkestone.majority is None
    assert _candidate(folkestone, "Damian Collins").votes is None


def test_103_shares_and_changes() -> None:
    gold = load_gold("103_ge2017_scotland_shares")
    moray = _contest(gold, "Moray")
    assert (moray.outcome, moray.gained_from, moray.majority) == ("gain", "SNP", 4159)
    robertson = _candidate(moray, "Angus Robertson")
    assert (robertson.share_pct, robertson.share_change_pts, robertson.elected) == (
        38.8,
        -10.7,
        False,
    )
    assert _candidate(moray, "Anne Glen").share_change_pts is None
    assert _candidate(_contest(gold, "Angus"), "William Campbell").share_pct == 13.0


def test_104_exit_poll_and_rumours() -> None:
    gold = load_gold("104_ge2019_liveblog_northeast")
    (exit_poll,) = gold.seat_totals
    assert exit_poll.status == "projected" and exit_poll.scope == "UK"
    assert {p.party: p.seats for p in exit_poll.parties} == {
        "Conservative": 368,
        "Labour": 191,
        "SNP": 55,
        "Liberal Democrats": 13,
    }
    areas = {c.area for c in gold.contests}
    assert not areas & {"Bishop Auckland", "Redcar"}
    blyth = _contest(gold, "Blyth Valley")
    assert (blyth.outcome, blyth.gained_from, blyth.majority) == ("gain", "Labour", 712)
    assert _candidate(blyth, "Susan Dungworth").party_as_written == "Labour Co-op"


def test_106_contest_without_area() -> None:
    gold = load_gold("106_ge2024_count_night_new_mp")
    (contest,) = gold.contests
    assert contest.area is None and contest.election.year is None
    assert (contest.winner_party, contest.outcome, contest.majority) == (
        "Liberal Democrats",
        "gain",
        5391,
    )
    assert [c.votes for c in contest.candidates] == [20921, 15530, 6898, 4053, 2563]
    assert "Dorking" not in article_text("106_ge2024_count_night_new_mp")


def test_107_approximate_figures_are_null() -> None:
    gold = load_gold("107_ge2017_london_approx")
    assert all(c.election.year is None for c in gold.contests)
    assert _candidate(_contest(gold, "Twickenham"), "Vince Cable").votes is None
    davey = _candidate(_contest(gold, "Kingston and Surbiton"), "Ed Davey")
    assert (davey.votes, davey.share_pct) == (27810, None)
    richmond = _contest(gold, "Richmond Park")
    assert (richmond.winner_party, richmond.majority, richmond.gained_from) == (
        None,
        45,
        "Liberal Democrats",
    )


def test_110_council_control() -> None:
    gold = load_gold("110_local2023_kent_councils")
    councils = {c.council: c for c in gold.councils}
    assert (councils["Medway"].control, councils["Medway"].control_outcome) == ("Labour", "gain")
    swale = councils["Swale"]
    assert swale.control == "No overall control"
    seats = {p.party: (p.seats, p.seats_change) for p in swale.parties}
    assert seats["Swale Independents"] == (9, 1)
    assert seats["Liberal Democrats"] == (7, 2)
    assert seats["Green"] == (4, None)


def test_112_arithmetic_error_kept_as_written() -> None:
    gold = load_gold("112_local2024_sunderland_wards")
    barnes = _contest(gold, "Barnes")
    winner, runner_up = barnes.candidates[:2]
    assert (winner.votes, runner_up.votes) == (1642, 1321)
    assert barnes.majority == 312 != winner.votes - runner_up.votes
    (sunderland,) = gold.councils
    assert {p.party: p.seats for p in sunderland.parties}["Labour"] == 56


def test_114_tories_only() -> None:
    gold = load_gold("114_local2025_kent_county")
    text = article_text("114_local2025_kent_county")
    assert "Conservative" not in text and "Liberal Democrat" not in text
    (kent,) = gold.councils
    seats = {p.party: (p.party_as_written, p.seats, p.seats_change) for p in kent.parties}
    assert seats["Conservative"] == ("Tories", 5, None)
    assert seats["Liberal Democrats"] == ("Lib Dems", 12, None)


def test_115_by_election() -> None:
    gold = load_gold("115_byelection2022_wakefield")
    wakefield = _contest(gold, "Wakefield")
    assert wakefield.election.kind == "by-election" and wakefield.election.year == 2022
    assert (wakefield.majority, wakefield.turnout_pct, wakefield.outcome) == (4925, 39.1, "gain")
    assert _candidate(wakefield, "Jamie Needle").votes is None


def test_116_mayoral() -> None:
    gold = load_gold("116_mayoral2024_west_midlands")
    west_midlands = _contest(gold, "West Midlands")
    assert west_midlands.election.kind == "mayoral"
    assert (west_midlands.majority, west_midlands.turnout_pct) == (1508, None)
    parker = _candidate(west_midlands, "Richard Parker")
    assert (parker.votes, parker.share_pct, parker.elected) == (225590, 37.8, True)


def test_117_referendums() -> None:
    gold = load_gold("117_referendum2016_eu_north_east")
    by_area = {r.area: r for r in gold.referendums}
    assert set(by_area) == {"Sunderland", "Newcastle upon Tyne", "Gibraltar", "UK", "North East"}
    assert all(r.election.kind == "other" and r.election.year == 2016 for r in gold.referendums)
    uk = {o.option: (o.share_pct, o.votes) for o in by_area["UK"].options}
    assert uk == {"Leave": (51.9, 17410742), "Remain": (48.1, 16141241)}
    assert all(o.share_pct is None for o in by_area["North East"].options)


def test_118_has_no_results() -> None:
    assert load_gold("118_polling_day_no_results").is_empty()
