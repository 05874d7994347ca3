"""The compact model-facing schema: positional rows, and the prompt's examples that teach them."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, ValidationError

from extractor.draft import (
    ContestResults,
    CouncilResults,
    DraftCandidate,
    DraftCouncilParty,
    DraftOption,
    DraftTallyParty,
    ElectionFacts,
    ReferendumResults,
    SeatTotalResults,
)
from prompts import render_prompt


def test_a_candidate_row_maps_onto_its_named_fields() -> None:
    candidate = DraftCandidate.model_validate(["Jane Cole", "Labour", "12,480", None, True])
    assert (candidate.name, candidate.party, candidate.votes, candidate.share) == (
        "Jane Cole",
        "Labour",
        "12,480",
        None,
    )
    assert candidate.elected is True
    assert candidate.change is None  # not a column: the model is never asked for it


def test_an_object_is_still_accepted_where_a_row_is_asked() -> None:
    # Answers recorded before rows, and servers that ignore the schema, send objects.
    as_object = DraftCandidate.model_validate(
        {"name": "Jane Cole", "party": "Labour", "votes": 12480, "share": None, "elected": True}
    )
    as_row = DraftCandidate.model_validate(["Jane Cole", "Labour", "12480", None, True])
    assert as_object == as_row


def test_a_row_of_the_wrong_length_is_refused_with_its_columns_named() -> None:
    with pytest.raises(ValidationError, match=r"\[name, party, votes, share, elected\], not 3"):
        DraftCandidate.model_validate(["Jane Cole", "Labour", "12,480"])


@pytest.mark.parametrize(
    ("row_model", "columns"),
    [
        (DraftCandidate, ["name", "party", "votes", "share", "elected"]),
        (DraftCouncilParty, ["party", "seats", "change"]),
        (DraftTallyParty, ["party", "seats"]),
        (DraftOption, ["option", "votes", "share"]),
    ],
)
def test_row_columns_follow_field_order_without_hidden_fields(
    row_model: type[DraftCandidate], columns: list[str]
) -> None:
    assert list(row_model.columns()) == columns


def test_the_schema_asks_for_fixed_length_rows_whose_columns_keep_their_names() -> None:
    schema = ContestResults.model_json_schema()
    rows = schema["properties"]["contests"]["items"]["properties"]["candidates"]
    assert rows["maxItems"] == 20
    row = rows["items"]
    assert row["type"] == "array"
    assert row["minItems"] == row["maxItems"] == 5
    assert [column["description"].split(":")[0] for column in row["prefixItems"]] == [
        "name",
        "party",
        "votes",
        "share",
        "elected",
    ]
    assert "x-row" not in json.dumps(schema)


@pytest.mark.parametrize(
    ("topic", "answer_model"),
    [
        ("contests", ContestResults),
        ("councils", CouncilResults),
        ("seat_totals", SeatTotalResults),
        ("referendums", ReferendumResults),
        ("all", ElectionFacts),
    ],
)
def test_each_prompt_example_answer_is_valid_against_its_schema(
    topic: str, answer_model: type[BaseModel]
) -> None:
    system = render_prompt("extract", article="x", topic=topic).messages[0]["content"]
    example = system.split("Example answer:\n", 1)[1]
    answer_model.model_validate_json(example)
    assert '"name":' not in example and '"party":"' not in example  # rows, not objects
