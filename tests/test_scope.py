from extractor.draft import DraftCouncil, DraftCouncilParty
from extractor.scope import (
    COUNCIL_NOT_IN_PASSAGE,
    COUNCIL_SIZE,
    NOT_IN_PASSAGE,
    SEATS_AS_VOTES,
    area_in_passage,
    scope_to_passage,
)
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
    scoped, dropped = scope_to_passage(
        answer, "George Galloway has lost in Rochdale to Paul Waugh."
    )
    assert [c.area for c in scoped.contests] == ["Rochdale"]
    assert dropped == []


def test_a_number_the_passage_does_not_contain_is_dropped() -> None:
    answer = facts(contest("Rochdale", cand("Paul Waugh", "Labour", "13,027"), majority="1,500"))
    scoped, dropped = scope_to_passage(answer, "Paul Waugh won Rochdale by 1,500 votes.", 3)
    assert scoped.contests[0].majority == "1,500"
    assert scoped.contests[0].candidates[0].votes is None
    assert [(d.path, d.value, d.reason) for d in dropped] == [
        ("passage[3].contests[0].candidates[0].votes", "13,027", NOT_IN_PASSAGE)
    ]


def test_a_council_must_be_named_in_the_passage_body_and_owns_the_figures_after_it() -> None:
    passage = (
        "Headline: Labour takes Medway and Dover\n"
        "Swale (47 seats)\nLabour is now the largest group with 14 seats (+5). Elsewhere, "
        "Sevenoaks stayed Conservative."
    )
    rows = [DraftCouncilParty(party="Labour", seats="14", change="+5")]
    answer = facts(
        councils=[
            DraftCouncil(council=name, year=None, control=None, outcome=None, parties=rows)
            for name in ("Medway", "Swale", "Sevenoaks")
        ]
    )
    scoped, dropped = scope_to_passage(answer, passage)
    assert [c.council for c in scoped.councils] == ["Swale"]
    assert [d.value for d in dropped] == ["Medway", "Sevenoaks"]
    assert all(d.reason == COUNCIL_NOT_IN_PASSAGE for d in dropped)


def test_a_constituency_in_the_body_outranks_an_area_only_in_the_headline() -> None:
    passage = (
        "Headline: Kent election results 2019\nDover stayed with the Tories. Natalie Elphicke won."
    )
    assert area_in_passage(passage, contest("Kent", cand("Natalie Elphicke", None))) == "Dover"


def test_a_councils_size_is_not_a_partys_seats() -> None:
    rows = [
        DraftCouncilParty(party="Labour", seats="32", change=None),
        DraftCouncilParty(party="Conservatives", seats="11", change="-9"),
    ]
    answer = facts(
        councils=[
            DraftCouncil(council="Dover", year=None, control=None, outcome=None, parties=rows)
        ]
    )
    passage = "Dover (32 seats) – Labour gain\nLabour 19 seats (+7), Conservatives 11 (-9)"
    scoped, dropped = scope_to_passage(answer, passage)
    assert [p.seats for p in scoped.councils[0].parties] == [None, "11"]
    assert [d.reason for d in dropped] == [COUNCIL_SIZE]


def test_a_candidate_listed_under_several_areas_stays_under_the_one_named_before_them() -> None:
    passage = (
        "Bristol East – Labour hold\nBristol North West – Labour hold\n"
        "Labour's Darren Jones was re-elected with 24,058 votes."
    )
    copy = cand("Darren Jones", "Labour", "24,058")
    answer = facts(contest("Bristol East", copy), contest("Bristol North West", copy))
    scoped, _ = scope_to_passage(answer, passage)
    assert [c.area for c in scoped.contests] == ["Bristol North West"]


def test_party_names_listed_as_candidates_are_not_people_to_deduplicate() -> None:
    passage = "Labour gained Plaistow, and the Lib Dems took St Pauls Cray from the Tories."
    answer = facts(
        contest("Plaistow", cand("Lib Dems", "Liberal Democrats")),
        contest("St Pauls Cray", cand("Lib Dems", "Liberal Democrats")),
    )
    scoped, _ = scope_to_passage(answer, passage)
    assert [c.area for c in scoped.contests] == ["Plaistow", "St Pauls Cray"]


def test_a_number_of_seats_is_not_a_candidates_votes() -> None:
    passage = (
        "Nigel Farage's party won 57 of the council's 81 seats. Sarah Quinton won 2,311 votes."
    )
    answer = facts(
        contest(
            "Kent County Council",
            cand("Nigel Farage", "Reform UK", "57"),
            cand("Sarah Quinton", "Lib Dems", "2,311"),
        )
    )
    scoped, dropped = scope_to_passage(answer, passage)
    assert [c.votes for c in scoped.contests[0].candidates] == [None, "2,311"]
    assert [d.reason for d in dropped] == [SEATS_AS_VOTES]
