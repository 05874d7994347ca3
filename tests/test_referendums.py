from extractor.draft import DraftOption, DraftReferendum
from extractor.ground import ground_facts
from extractor.grounder import ANOTHER_OPTIONS_FIGURE
from tests.support import facts

ARTICLE = (
    "Newcastle upon Tyne had voted to remain: Remain 65,405 (50.7%), Leave 63,598 (49.3%).\n"
    "Gibraltar voted 95.9 per cent to remain.\n"
    "Across the UK, 17,410,742 people, 51.9 per cent, voted to leave and 16,141,241, or 48.1 "
    "per cent, voted to remain."
)


def _referendum(area: str, *options: tuple[str, str | None, str | None]) -> DraftReferendum:
    return DraftReferendum(
        area=area,
        year=None,
        question=None,
        options=[DraftOption(option=o, share=s, votes=v) for o, s, v in options],
    )


def _figures(area: str, extraction: object) -> dict[str, tuple[float | None, int | None]]:
    [referendum] = [r for r in extraction.referendums if r.area == area]  # type: ignore[attr-defined]
    return {o.option: (o.share_pct, o.votes) for o in referendum.options}


def test_swapped_answers_get_the_figures_written_beside_them() -> None:
    draft = facts(
        referendums=[
            _referendum("Newcastle upon Tyne", ("Leave", "50.7", "65,405"),
                        ("Remain", "49.3", "63,598")),
            _referendum("UK", ("Leave", "51.9", "17,410,742"), ("Remain", "48.1", "16,141,241")),
        ]
    )  # fmt: skip
    extraction, dropped = ground_facts(ARTICLE, draft)
    assert _figures("Newcastle upon Tyne", extraction) == {
        "Leave": (49.3, 63598),
        "Remain": (50.7, 65405),
    }
    assert _figures("UK", extraction) == {"Leave": (51.9, 17410742), "Remain": (48.1, 16141241)}
    assert sum(d.reason == ANOTHER_OPTIONS_FIGURE for d in dropped) == 4


def test_a_figure_for_an_answer_the_model_did_not_list_gets_that_answer() -> None:
    draft = facts(referendums=[_referendum("Gibraltar", ("Leave", "95.9", None))])
    extraction, _ = ground_facts(ARTICLE, draft)
    assert _figures("Gibraltar", extraction) == {"Leave": (None, None), "Remain": (95.9, None)}


def test_a_yes_or_no_the_article_never_writes_is_grounded_by_its_side_word() -> None:
    article = "In the mayoral referendum Wakefield rejected the change by 62.16% to 37.84%."
    draft = facts(
        referendums=[_referendum("Wakefield", ("No", "62.16", None), ("Yes", "37.84", None))]
    )
    extraction, _ = ground_facts(article, draft)
    assert _figures("Wakefield", extraction) == {"No": (62.16, None), "Yes": (37.84, None)}
    [referendum] = extraction.referendums
    assert {e.quote for o in referendum.options for e in o.evidence if e.field == "option"} == {
        "rejected"
    }
    # Without a side word near its area the answer is not grounded.
    bare, _ = ground_facts("Wakefield: 62.16% to 37.84%.", draft)
    assert all(not r.options for r in bare.referendums)


def test_a_count_after_its_answer_and_a_linking_word_is_that_answers() -> None:
    article = 'Fife declared first, with "No" winning 19,036 votes and "Yes" on 16,350.'
    draft = facts(
        referendums=[_referendum("Fife", ("No", None, "19,036"), ("Yes", None, "16,350"))]
    )
    extraction, _ = ground_facts(article, draft)
    assert _figures("Fife", extraction) == {"No": (None, 19036), "Yes": (None, 16350)}
