from extractor.scope import area_in_passage, scope_to_passage
from tests.support import cand, contest, facts

HEADER = "Published: 2024-07-05\nHeadline: General election 2024: results for Luton\n"


def test_an_area_named_in_the_passage_is_kept() -> None:
    passage = HEADER + "In Hillford, Labour's Jane Cole won with 12,480 votes."
    assert area_in_passage(passage, contest("Hillford", cand("Jane Cole", "Labour"))) == "Hillford"


def test_an_area_copied_from_elsewhere_becomes_the_constituency_the_passage_names() -> None:
    passage = HEADER + (
        "Former Conservative leader Iain Duncan Smith has been re-elected in Chingford and "
        "Woodford Green. Duncan Smith won 17,281 votes."
    )
    draft = contest("Luton North", cand("Iain Duncan Smith", "Conservative"))
    assert area_in_passage(passage, draft) == "Chingford and Woodford Green"


def test_the_constituency_nearest_the_candidates_is_chosen() -> None:
    passage = (
        "Stella Creasy was re-elected as Walthamstow MP. While new Leyton and Wanstead MP "
        "Calvin Bailey warned of the far right."
    )
    creasy = contest("Luton North", cand("Stella Creasy", "Labour"))
    bailey = contest("Luton North", cand("Calvin Bailey", "Labour"))
    assert area_in_passage(passage, creasy) == "Walthamstow"
    assert area_in_passage(passage, bailey) == "Leyton and Wanstead"


def test_a_first_name_is_not_a_constituency() -> None:
    passage = "Angus Robertson lost his seat to Douglas Ross."
    assert area_in_passage(passage, contest("Moray", cand("Douglas Ross", None))) is None


def test_a_shorter_name_inside_a_longer_constituency_becomes_the_longer_one() -> None:
    passage = "Luton South and South Bedfordshire – 49.87% turnout"
    assert area_in_passage(passage, contest("Luton South")) == "Luton South and South Bedfordshire"


def test_with_nothing_in_the_passage_the_area_is_left_empty() -> None:
    passage = HEADER + "Our new MP thanked the counting staff."
    assert area_in_passage(passage, contest("Hillford", cand("Jane Cole", "Labour"))) is None


def test_the_headline_is_used_only_when_the_body_names_no_constituency() -> None:
    passage = "Headline: Wakefield by-election: Labour takes the seat\nSimon Lightwood won."
    assert area_in_passage(passage, contest(None, cand("Simon Lightwood", "Labour"))) == "Wakefield"


def test_scope_to_passage_rewrites_every_contest() -> None:
    answer = facts(contest("Luton North", cand("Paul Waugh", "Labour")))
    scoped = scope_to_passage(answer, "George Galloway has lost in Rochdale to Paul Waugh.")
    assert [c.area for c in scoped.contests] == ["Rochdale"]


def test_a_constituency_in_the_body_outranks_an_area_only_in_the_headline() -> None:
    passage = (
        "Headline: Kent election results 2019\nDover stayed with the Tories. Natalie Elphicke won."
    )
    assert area_in_passage(passage, contest("Kent", cand("Natalie Elphicke", None))) == "Dover"
