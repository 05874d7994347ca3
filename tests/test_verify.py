"""Figures checked against the official count: deliberate errors are found, correct figures match.

The articles in tests/data/verify/ were written for these tests: each repeats the official
result of one seat with one deliberate error (a transposed vote count, a share one point off,
a wrong winner, the previous election's majority) or none. They go through the real pipeline
(readers, grounding, passes) without a model, or with a model answer written out here for
prose the readers do not read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.config import Settings
from extractor.core import _build_request, finish_answers, resolve_endpoint
from extractor.draft import ElectionFacts
from extractor.outputs import table_rows
from extractor.progress import RunStats, official_count_line
from extractor.replay import replay_client
from extractor.text import prepare_article
from extractor.verify import (
    decimals_written,
    same_at_precision,
    verify_contest,
    verify_extraction,
)
from schemas import ArticleExtraction, Candidate, Contest, Election, Usage
from tests.support import cand, contest, facts

DATA = Path(__file__).parent / "data" / "verify"
ROOT = Path(__file__).parent.parent


def extract_offline(
    name: str, answer: ElectionFacts | None = None, **settings: object
) -> ArticleExtraction:
    """The pipeline on a test article: the readers, plus ``answer`` as the model's answer."""
    config = Settings(
        base_url="http://verify.invalid/v1", api_key="k", model="m", passages=False, **settings
    )  # type: ignore[arg-type]
    endpoint = resolve_endpoint(config)
    article = prepare_article((DATA / name).read_text(encoding="utf-8"))
    calls = _build_request(article, config, endpoint).calls
    answers = [answer or facts()] + [facts() for _ in calls[1:]]
    return finish_answers(article, answers, settings=config, endpoint=endpoint, usage=Usage())


def differences(extraction: ArticleExtraction) -> list[tuple[object, ...]]:
    return [
        (d.field, d.candidate, d.article, d.official)
        for c in extraction.contests
        if c.verification
        for d in c.verification.differences
    ]


def only_contest(extraction: ArticleExtraction) -> Contest:
    assert len(extraction.contests) == 1, extraction.contests
    return extraction.contests[0]


# ---- deliberate errors ----------------------------------------------------------------------


def test_a_transposed_vote_count_differs_and_nothing_else_does() -> None:
    result = extract_offline("kensington_2017_transposed.txt")
    kensington = only_contest(result)
    assert (kensington.constituency_code, kensington.official_area) == ("E14000768", "Kensington")
    assert differences(result) == [("votes", "Victoria Borwick", 16133, 16313)]
    assert kensington.verification is not None and kensington.verification.status == "differs"
    # Every other figure of the article is checked and matches.
    checked = {(f.field, f.candidate) for f in kensington.verification.figures}
    assert {("votes", "Emma Dent Coad"), ("share_pct", "Jennifer Nadel"), ("majority", None)} <= (
        checked
    )
    # The article's figure is kept as the article wrote it.
    assert [c.votes for c in kensington.candidates][:2] == [16333, 16133]


def test_a_share_one_point_off_differs_at_the_articles_precision() -> None:
    result = extract_offline("canterbury_2017_share.txt")
    assert differences(result) == [("share_pct", "Julian Brazier", 43.7, 44.6919)]
    canterbury = only_contest(result)
    assert canterbury.constituency_code == "E14000619"
    assert canterbury.verification is not None
    assert canterbury.verification.year == 2017  # told by the vote counts: the text gives none
    assert "vote counts are the official 2017 figures" in (canterbury.verification.year_note or "")


def test_a_wrong_winner_differs_and_says_it_is_the_previous_winner() -> None:
    answer = facts(
        contest(
            "Blyth Valley",
            cand("Susan Dungworth", "Labour", elected=True),
            winner="Labour",
            outcome="hold",
        )
    )
    result = extract_offline("blyth_valley_2019_winner.txt", answer)
    assert sorted(differences(result), key=str) == sorted(
        [
            ("elected", "Susan Dungworth", True, False),
            ("winner_party", None, "Labour", "Conservative"),
            ("outcome", None, "hold", "gain"),
        ],
        key=str,
    )
    blyth = only_contest(result)
    assert blyth.verification is not None
    winner = next(d for d in blyth.verification.differences if d.field == "winner_party")
    assert winner.note == "equals the official 2017 figure in this seat"


def test_the_previous_elections_majority_differs_and_is_recognised() -> None:
    answer = facts(
        contest(
            "Kensington",
            cand("Emma Dent Coad", "Labour", elected=True),
            winner="Labour",
            outcome="gain",
            gained_from="Conservatives",
            majority="7,361",
        )
    )
    result = extract_offline("kensington_2017_old_majority.txt", answer)
    assert differences(result) == [("majority", None, 7361, 20)]
    kensington = only_contest(result)
    assert kensington.verification is not None
    (majority,) = kensington.verification.differences
    assert majority.note == "equals the official 2015 figure in this seat"
    assert kensington.majority == 7361  # never replaced by the official figure


@pytest.mark.parametrize(
    ("name", "code", "figures"),
    [
        ("bristol_central_2024_correct.txt", "E14001131", 31),
        ("richmond_park_2019_correct.txt", "E14000896", 17),
    ],
)
def test_a_correct_article_matches_in_every_figure(name: str, code: str, figures: int) -> None:
    result = extract_offline(name)
    seat = only_contest(result)
    assert seat.constituency_code == code
    assert seat.verification is not None
    assert differences(result) == []
    assert seat.verification.status == "matches"
    assert len(seat.verification.figures) == figures


def test_seed_004_kensington_matches_the_count() -> None:
    name = "004_36c3a55acffc1229"
    result = finish_replay(name)
    kensington = next(c for c in result.contests if c.area == "Kensington")
    assert kensington.constituency_code == "E14000768"
    assert kensington.verification is not None
    votes = {
        f.candidate: (f.article, f.official, f.status)
        for f in kensington.verification.figures
        if f.field == "votes"
    }
    assert votes["Emma Dent Coad"] == (16333, 16333, "matches")
    assert votes["Victoria Borwick"] == (16313, 16313, "matches")
    assert kensington.verification.differences == []
    # Any candidate of another seat put here is not found, said so, never "matches".
    for figure in kensington.verification.figures:
        if figure.candidate not in {"Emma Dent Coad", "Victoria Borwick"}:
            assert figure.status != "matches" or figure.field not in {"votes", "elected"}


def finish_replay(name: str) -> ArticleExtraction:
    from extractor import extract_article

    text = (ROOT / "seeds" / f"{name}.txt").read_text(encoding="utf-8")
    client = replay_client(ROOT / "evals" / "replay" / f"{name}.json")
    return extract_article(
        text, client=client, model="embedded", settings=Settings(provider="embedded")
    )


# ---- what is not verified, and why ------------------------------------------------------------


def test_verify_false_leaves_contests_unverified() -> None:
    result = extract_offline("kensington_2017_transposed.txt", verify=False)
    assert only_contest(result).verification is None
    assert only_contest(result).constituency_code is None


def general(area: str | None, year: int | None, *candidates: Candidate, **kw: object) -> Contest:
    return Contest(
        election=Election(kind="general", year=year), area=area, candidates=list(candidates), **kw
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("area", "year", "reason"),
    [
        ("Durham", 2017, "'Durham' is not a constituency of the 2017 general election"),
        ("Gotham", 2019, "'Gotham' is not a constituency"),
        ("Kensington", 2024, "boundaries changed"),
        ("Kensington", 2005, "no official results packaged for 2005"),
        ("Kensington", None, "the article gives no election year"),
    ],
)
def test_an_unresolved_contest_is_unverified_with_its_reason(
    area: str, year: int | None, reason: str
) -> None:
    checked = verify_contest(general(area, year, Candidate(name="Jo Bloggs", votes=12345)))
    assert checked.constituency_code is None
    assert checked.verification is not None
    assert checked.verification.status == "unverified"
    assert reason in (checked.verification.reason or "")
    assert checked.candidates[0].votes == 12345


def test_other_elections_are_not_checked() -> None:
    by_election = Contest(election=Election(kind="by-election", year=2021), area="Hartlepool")
    assert verify_contest(by_election).verification is None


def test_a_candidate_who_did_not_stand_there_is_unverified_with_where_they_stood() -> None:
    checked = verify_contest(
        general(
            "Kensington", 2017, Candidate(name="Zac Goldsmith", party="Conservative", votes=28588)
        )
    )
    assert checked.verification is not None
    votes = next(f for f in checked.verification.figures if f.field == "votes")
    assert (votes.status, votes.official) == ("unverified", None)
    assert "stood in Richmond Park" in (votes.note or "")


def test_an_undated_article_takes_the_year_its_counts_fit() -> None:
    counted = general(
        "Kensington", None, Candidate(name="Emma Dent Coad", votes=16333), majority=20
    )
    uncounted = general("Richmond Park", None, Candidate(name="Zac Goldsmith", elected=True))
    result = verify_extraction(ArticleExtraction(contests=[counted, uncounted]))
    first, second = result.contests
    assert first.verification is not None and first.verification.year == 2017
    assert second.verification is not None and second.verification.year == 2017
    assert second.constituency_code == "E14000896"
    assert "its other contests" in (second.verification.year_note or "")
    assert second.election.year is None  # the extraction still says what the article says


# ---- people and precision ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "quotes", "official", "same"),
    [
        (47.4, ["47.4%"], 47.436, True),
        (47.0, ["47%"], 46.89, True),
        (47.0, ["47.0%"], 46.89, False),
        (46.4, ["46.4%"], 47.436, False),
        (32.1, ["32.10 per cent"], 32.104, True),
        (32.1, ["32.10 per cent"], 32.114, False),
    ],
)
def test_shares_compare_at_the_precision_the_article_wrote_them(
    written: float, quotes: list[str], official: float, same: bool
) -> None:
    assert same_at_precision(written, official, decimals_written(written, quotes)) is same


# ---- where users see it -----------------------------------------------------------------------


def _records(tmp_path: Path) -> Path:
    rows = []
    for name in ("kensington_2017_transposed.txt", "richmond_park_2019_correct.txt"):
        result = extract_offline(name, verify=False)
        rows.append(
            {
                "id": name,
                "status": "ok",
                "extraction": result.model_dump(mode="json", exclude={"meta"}),
            }
        )
    rows.append({"id": "junk", "status": "error", "error": {"type": "empty_article"}})
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_verify_command_reports_differences_and_writes_verified_records(tmp_path: Path) -> None:
    records = _records(tmp_path)
    out = tmp_path / "verified.jsonl"
    result = CliRunner().invoke(
        app, ["verify", str(records), "-o", str(out), "--csv", str(tmp_path / "tables")]
    )
    assert result.exit_code == 0, result.output
    assert (
        "kensington_2017_transposed.txt: Kensington 2017 (E14000768) Victoria Borwick votes: "
        "article 16133, official 16313" in result.stdout
    )
    assert "1 figure differs from the official count, in 1 article" in result.output
    verified = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in verified] == [
        "kensington_2017_transposed.txt",
        "richmond_park_2019_correct.txt",
        "junk",
    ]
    contest_ = verified[0]["extraction"]["contests"][0]
    assert contest_["constituency_code"] == "E14000768"
    assert contest_["verification"]["status"] == "differs"
    assert contest_["candidates"][1]["votes"] == 16133
    strict = CliRunner().invoke(app, ["verify", str(records), "--strict", "-q"])
    assert strict.exit_code == 1


def test_tables_carry_codes_and_official_figures_beside_the_articles(tmp_path: Path) -> None:
    out = tmp_path / "v.jsonl"
    CliRunner().invoke(app, ["verify", str(_records(tmp_path)), "-o", str(out), "-q"])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    tables = table_rows(records)
    borwick = next(r for r in tables["candidates.csv"] if r["name"] == "Victoria Borwick")
    assert (borwick["votes"], borwick["official_votes"], borwick["status_votes"]) == (
        16133,
        16313,
        "differs",
    )
    assert borwick["constituency_code"] == "E14000768"
    kensington = next(r for r in tables["contests.csv"] if r["area"] == "KENSINGTON")
    assert (kensington["official_area"], kensington["verification"]) == ("Kensington", "differs")
    assert (kensington["official_majority"], kensington["status_majority"]) == (20, "matches")
    articles = {r["article_id"]: r for r in tables["articles.csv"]}
    assert articles["kensington_2017_transposed.txt"]["figures_differ"] == 1
    assert articles["richmond_park_2019_correct.txt"]["figures_differ"] == 0


def test_the_run_summary_counts_figures_that_differ() -> None:
    stats = RunStats()
    for name in ("kensington_2017_transposed.txt", "canterbury_2017_share.txt"):
        extraction = extract_offline(name)
        stats.add({"status": "ok", "extraction": extraction.model_dump(mode="json")})
    assert official_count_line(stats).startswith(
        "2 figures differ from the official count, in 2 articles;"
    )


def test_an_undated_contest_takes_the_general_election_the_article_names() -> None:
    article = "GE2019: Richmond Park. Sarah Olney won the seat back."
    seat = general("Richmond Park", None, Candidate(name="Sarah Olney", elected=True))
    (checked,) = verify_extraction(ArticleExtraction(contests=[seat]), article).contests
    assert checked.verification is not None and checked.verification.year == 2019
    assert checked.verification.status == "matches"
    assert "names the 2019 general election" in (checked.verification.year_note or "")


def test_verify_reads_the_article_again_for_its_named_election(tmp_path: Path) -> None:
    text = "GE2019: Richmond Park. Sarah Olney won the seat back for the Lib Dems."
    (tmp_path / "olney.txt").write_text(text, encoding="utf-8")
    import hashlib

    seat = general("Richmond Park", None, Candidate(name="Sarah Olney", elected=True))
    record = {
        "id": "olney",
        "source": "olney.txt",  # relative: found beside the records file
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "status": "ok",
        "extraction": ArticleExtraction(contests=[seat]).model_dump(mode="json"),
    }
    records = tmp_path / "facts.jsonl"
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "verified.jsonl"
    result = CliRunner().invoke(app, ["verify", str(records), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    (verified,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    contest_ = verified["extraction"]["contests"][0]
    assert contest_["constituency_code"] == "E14000896"
    assert contest_["verification"]["year"] == 2019
    # Without the text (moved away), the year cannot be told: unverified, and said why.
    (tmp_path / "olney.txt").unlink()
    CliRunner().invoke(app, ["verify", str(records), "-o", str(out), "-q"])
    (again,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert again["extraction"]["contests"][0]["verification"]["status"] == "unverified"
