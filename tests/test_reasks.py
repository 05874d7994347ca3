import json

import pytest

from extractor.draft import ContestResults, CouncilResults
from extractor.reasks import complete_part, is_cut_off, passage_output_tokens, reask_policy

COUNCIL = {"council": "Medway", "control": "Labour", "outcome": "gain", "parties": []}


def test_the_complete_results_before_the_cut_are_kept() -> None:
    raw = json.dumps({"councils": [COUNCIL, {**COUNCIL, "council": "Dover"}]})
    part = complete_part(raw[:-25], CouncilResults)  # cut inside Dover
    assert part is not None
    assert [c.council for c in part.councils] == ["Medway"]


@pytest.mark.parametrize("raw", ['{"councils":[{"coun', "", "[1, 2", '{"councils": 3}'])
def test_nothing_complete_gives_nothing(raw: str) -> None:
    assert complete_part(raw, CouncilResults) is None


def test_a_cut_off_is_seen_by_the_token_count_as_well_as_the_finish_reason() -> None:
    assert is_cut_off(512, "tool_calls", 512)  # llama.cpp's forced tool call says tool_calls
    assert is_cut_off(10, "length", 512)
    assert not is_cut_off(511, "tool_calls", 512)


def test_a_passage_call_has_room_for_its_results_but_not_for_a_loop() -> None:
    assert passage_output_tokens("x" * 618, 2048) >= 524  # the longest dev-set answer
    assert passage_output_tokens("x" * 1200, 2048) < 2048
    assert passage_output_tokens("x" * 100_000, 2048) == 2048


def test_the_policy_reasks_invalid_output_but_not_a_cut_off_one() -> None:
    cut = [False]
    policy = reask_policy(2, lambda: cut[0])
    tries = 0
    with pytest.raises(ValueError):
        for attempt in policy:
            with attempt:
                tries += 1
                raise ValueError("invalid")
    assert tries == 3
    cut[0] = True
    tries = 0
    with pytest.raises(ValueError):
        for attempt in reask_policy(2, lambda: cut[0]):
            with attempt:
                tries += 1
                raise ValueError("invalid")
    assert tries == 1
    assert ContestResults.model_fields.keys() == {"contests"}
