"""The scorer itself: gold vs gold is perfect, empty is zero, one perturbation costs one fact."""

import random

import pytest

from evals.dataset import load_dev_set
from evals.match import align, hungarian, name_similarity
from evals.score import Tally, score_article, values_equal
from schemas import ArticleExtraction

DEV_SET = load_dev_set()
IDS = [a.id for a in DEV_SET]


def tally(gold: ArticleExtraction, predicted: ArticleExtraction) -> Tally:
    return Tally().add_all(score_article(gold, predicted))


@pytest.mark.parametrize("article", DEV_SET, ids=IDS)
def test_gold_against_itself_is_perfect(article) -> None:  # type: ignore[no-untyped-def]
    result = tally(article.gold, article.gold).overall
    assert result.fp == result.fn == 0
    if not article.gold.is_empty():
        assert result.f1 == 1.0


@pytest.mark.parametrize(
    "article", [a for a in DEV_SET if not a.gold.is_empty()], ids=lambda a: a.id
)
def test_empty_extraction_scores_zero(article) -> None:  # type: ignore[no-untyped-def]
    result = tally(article.gold, ArticleExtraction()).overall
    assert result.tp == 0
    assert result.f1 == 0.0
    assert result.fn > 0


def test_a_perturbed_vote_count_costs_exactly_one_fact() -> None:
    article = next(a for a in DEV_SET if a.id.startswith("002"))
    perfect = tally(article.gold, article.gold).overall
    changed = article.gold.model_copy(deep=True)
    changed.contests[0].candidates[1].votes = 7168  # Jilleane Brown: 7,167 in the article
    result = tally(article.gold, changed)
    assert result.overall.tp == perfect.tp - 1
    assert (result.overall.fp, result.overall.fn) == (1, 1)
    assert result.by_field["candidate.votes"].fp == 1


def test_reordering_lists_changes_nothing() -> None:
    rng = random.Random(7)
    for article in DEV_SET:
        shuffled = article.gold.model_copy(deep=True)
        rng.shuffle(shuffled.contests)
        for contest in shuffled.contests:
            rng.shuffle(contest.candidates)
        rng.shuffle(shuffled.councils)
        for council in shuffled.councils:
            rng.shuffle(council.parties)
        assert (
            tally(article.gold, shuffled).overall.as_dict()
            == tally(article.gold, article.gold).overall.as_dict()
        )


def test_percentages_within_tolerance_and_parties_canonical() -> None:
    assert values_equal("candidate.share_pct", 57.6, 57.65)
    assert not values_equal("candidate.share_pct", 57.6, 57.7)
    assert not values_equal("candidate.votes", 16333, 16334)
    assert values_equal("contest.winner_party", "Conservative", "Tories")
    assert not values_equal("contest.winner_party", "Labour", "Conservative")


def test_extra_contest_counts_as_false_positives() -> None:
    article = next(a for a in DEV_SET if a.id.startswith("004"))
    extra = article.gold.model_copy(deep=True)
    extra.contests.append(extra.contests[0].model_copy(update={"area": "Portsmouth North"}))
    result = tally(article.gold, extra).overall
    assert result.fn == 0 and result.fp > 0


def test_hungarian_is_optimal_not_greedy() -> None:
    # Greedy on row 0 would take column 0 (cost 1) and force row 1 onto cost 10: total 11.
    assert hungarian([[1, 2], [2, 10]]) == [(0, 1), (1, 0)]
    assert hungarian([[5, 1, 9]]) == [(0, 1)]
    assert hungarian([[5], [1], [9]]) == [(1, 0)]
    pairs, missed, extra = align(
        ["Luton North", "Kensington"], ["Kensington", "Luton Nrth"], name_similarity
    )
    assert sorted(pairs) == [("Kensington", "Kensington"), ("Luton North", "Luton Nrth")]
    assert missed == extra == []


def test_a_referendum_pairs_with_gold_by_its_area_or_with_none_named() -> None:
    from schemas import Referendum, ReferendumOption

    def ref(area: str | None) -> Referendum:
        return Referendum(area=area, options=[ReferendumOption(option="No", votes=100)])

    gold = ArticleExtraction(referendums=[ref("South Lanarkshire"), ref(None)])
    # Glasgow is not South Lanarkshire: its facts are extra, and the gold area's missing.
    result = tally(gold, ArticleExtraction(referendums=[ref("Glasgow")])).overall
    assert result.tp == 2 and result.fp == 0  # it pairs with the gold result named by no area
    named_only = ArticleExtraction(referendums=[ref("South Lanarkshire")])
    assert tally(ArticleExtraction(referendums=[ref("Glasgow")]), named_only).overall.tp == 0
