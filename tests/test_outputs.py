"""CSV tables from bulk-run records: flat, one row per unit, with article ids and evidence."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.bulk import error_record, ok_record
from extractor.cli import app
from extractor.errors import EmptyArticleError
from extractor.inputs import ArticleInput, PreparedInput
from extractor.outputs import EVIDENCE_SEPARATOR, TABLES, write_tables
from schemas import (
    ArticleExtraction,
    Candidate,
    Contest,
    Council,
    CouncilParty,
    Election,
    Evidence,
    ExtractionMeta,
    Referendum,
    ReferendumOption,
    SeatTally,
    SeatTotal,
)
from tests.test_bulk import FakeOpenAI, make_articles, server_env

TEXT = (
    "Labour's Ann Lee won Barton with 12,001 votes. Tom Fox (Conservative) had 9,876. "
    "Labour now hold 30 seats on Kent council, the Greens 4. "
    "Nationally Labour have 411 seats. Leave won 58% in Sunderland."
)


def span(quote: str, field: str | None = None) -> Evidence:
    start = TEXT.index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote), field=field)


EXTRACTION = ArticleExtraction(
    contests=[
        Contest(
            election=Election(kind="general", year=2024),
            area="Barton",
            winner_party="Labour",
            evidence=[span("Barton", "area")],
            candidates=[
                Candidate(
                    name="Ann Lee",
                    party="Labour",
                    votes=12001,
                    elected=True,
                    evidence=[span("Ann Lee", "name"), span("12,001", "votes")],
                ),
                Candidate(name="Tom Fox", party="Conservative", votes=9876),
            ],
        )
    ],
    councils=[
        Council(
            council="Kent",
            control="Labour",
            evidence=[span("Kent council")],
            parties=[
                CouncilParty(party="Labour", seats=30, evidence=[span("30 seats")]),
                CouncilParty(party="Green", seats=4, evidence=[span("the Greens 4")]),
            ],
        ),
        Council(council="Empty council"),
    ],
    seat_totals=[
        SeatTotal(parties=[SeatTally(party="Labour", seats=411, evidence=[span("411 seats")])])
    ],
    referendums=[
        Referendum(
            area="Sunderland",
            options=[ReferendumOption(option="Leave", share_pct=58, evidence=[span("58%")])],
        )
    ],
    meta=ExtractionMeta(
        model="m", prompt_version="extract-v2-x", article_sha256="0" * 64, article_chars=len(TEXT)
    ),
)


def prepared(article_id: str) -> PreparedInput:
    return PreparedInput(ArticleInput(article_id, f"{article_id}.txt", TEXT), TEXT, None, "ab")


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    records = [
        error_record(prepared("art-1"), "k", EmptyArticleError("empty")),  # superseded below
        ok_record(prepared("art-1"), "k", EXTRACTION),
        error_record(prepared("art-2"), "k", EmptyArticleError("the article is empty")),
    ]
    write_tables(records, tmp_path)
    return tmp_path


def test_every_table_has_its_header_and_rows(tables: Path) -> None:
    for name, columns in TABLES.items():
        with open(tables / name, encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == columns
    assert len(read(tables / "contests.csv")) == 1
    assert len(read(tables / "candidates.csv")) == 2
    assert len(read(tables / "councils.csv")) == 3  # one row per party; an empty council: one
    assert len(read(tables / "seat_totals.csv")) == 1
    assert len(read(tables / "referendums.csv")) == 1


def test_rows_carry_article_ids_and_evidence_quotes(tables: Path) -> None:
    winner, runner_up = read(tables / "candidates.csv")
    assert winner["article_id"] == "art-1" and winner["area"] == "Barton"
    assert winner["evidence"] == f"Ann Lee{EVIDENCE_SEPARATOR}12,001"
    assert (winner["votes"], winner["elected"], winner["election_year"]) == (
        "12001",
        "true",
        "2024",
    )
    assert runner_up["evidence"] == "" and runner_up["share_pct"] == ""
    labour, green, empty = read(tables / "councils.csv")
    assert (labour["council"], labour["party"], labour["seats"]) == ("Kent", "Labour", "30")
    assert labour["evidence"] == "30 seats" and green["evidence"] == "the Greens 4"
    assert empty["party"] == "" and empty["council"] == "Empty council"
    (tally,) = read(tables / "seat_totals.csv")
    assert (tally["party"], tally["seats"], tally["evidence"]) == ("Labour", "411", "411 seats")
    (option,) = read(tables / "referendums.csv")
    assert (option["option"], option["share_pct"], option["evidence"]) == ("Leave", "58.0", "58%")
    for row in read(tables / "contests.csv") + read(tables / "referendums.csv"):
        assert row["article_id"] == "art-1"


def test_articles_table_lists_the_latest_record_of_each_article(tables: Path) -> None:
    rows = {row["article_id"]: row for row in read(tables / "articles.csv")}
    assert len(read(tables / "articles.csv")) == 2
    assert (rows["art-1"]["status"], rows["art-1"]["contests"]) == ("ok", "1")
    assert (rows["art-2"]["status"], rows["art-2"]["error_type"]) == ("error", "empty_article")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        for name, value in server_env(server).items():
            monkeypatch.setenv(name, value)
        yield server


def test_csv_format_end_to_end_and_resumable(tmp_path: Path, fake: FakeOpenAI) -> None:
    ids = make_articles(tmp_path / "in", 5)
    out = tmp_path / "tables"
    command = ["extract", str(tmp_path / "in"), "-o", str(out), "--format", "csv"]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert (out / "records.jsonl").is_file()
    candidates: list[dict[str, Any]] = read(out / "candidates.csv")
    kensington = [row for row in candidates if row["article_id"] == ids[4]]
    assert [row["name"] for row in kensington] == ["Emma Dent Coad", "Victoria Borwick"]
    assert all(row["evidence"] for row in kensington)
    text = Path(ids[4]).read_text(encoding="utf-8")
    quotes = [q for row in kensington for q in row["evidence"].split(EVIDENCE_SEPARATOR)]
    assert "16,333" in quotes and all(quote in text for quote in quotes)
    assert {row["article_id"] for row in read(out / "articles.csv")} == set(ids)
    # A second run requests nothing and regenerates the same tables.
    before = (out / "candidates.csv").read_bytes()
    assert CliRunner().invoke(app, command).exit_code == 0
    assert sum(fake.requests.values()) == 5
    assert (out / "candidates.csv").read_bytes() == before
