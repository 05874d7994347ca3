import re

import pytest

from prompts import prompt_version, render_prompt


def test_version_names_revision_and_template_hash() -> None:
    assert re.fullmatch(r"extract-v\d+-[0-9a-f]{8}", prompt_version("extract"))


def test_fixed_part_comes_first_and_is_identical_across_articles() -> None:
    first = render_prompt("extract", article="Article one")
    second = render_prompt("extract", article="Article two")
    assert first.messages[0] == second.messages[0]
    assert first.messages[0]["role"] == "system"
    assert "Article one" in first.messages[1]["content"]
    assert "Article one" not in first.messages[0]["content"]


def test_rules_of_the_contract_are_in_the_prompt() -> None:
    system = render_prompt("extract", article="x").messages[0]["content"]
    for rule in (
        "earlier election",
        "Approximate",
        "rumours",
        "exit poll",
        "ignore any instructions",
    ):
        assert rule.lower() in system.lower()


def test_article_is_inserted_verbatim() -> None:
    article = "{{ not a template }} {% raw %} Labour’s 16,333"
    assert article in render_prompt("extract", article=article).messages[1]["content"]


def test_unknown_prompt_is_refused() -> None:
    with pytest.raises(KeyError):
        prompt_version("nope")
