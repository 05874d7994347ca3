from extractor.draft import (
    DraftCouncil,
    DraftCouncilParty,
    DraftOption,
    DraftReferendum,
    DraftSeatTotal,
    DraftTallyParty,
)
from extractor.merge import (
    merge_contests,
    merge_councils,
    merge_facts,
    referendums_from_contests,
    same_name,
    without_council_contests,
    without_tally_contests,
)
from tests.support import cand, contest, facts


def test_parsed_list_and_model_prose_merge_into_one_contest() -> None:
    parsed = facts(
        contest(
            "Luton North", cand("Jilleane Brown", "Conservative Party", "7,167"), turnout="51.99"
        )
    )
    model = facts(
        contest(
            "Luton north",
            cand("Sarah Owen", "Labour", "14,677", elected=True),
            cand("Jilleane Brown", "Conservative", "7,000"),
            kind="general",
            majority="7,510",
            turnout="52",
        )
    )
    merged = merge_facts([parsed, model]).contests
    assert len(merged) == 1
    luton = merged[0]
    assert (luton.area, luton.kind, luton.majority, luton.turnout) == (
        "Luton North",
        "general",
        "7,510",
        "51.99",
    )
    assert [(c.name, c.votes) for c in luton.candidates] == [
        ("Jilleane Brown", "7,167"),
        ("Sarah Owen", "14,677"),
    ]


def test_area_less_contests_merge_by_a_shared_candidate() -> None:
    first = facts(contest("Kensington", cand("Emma Dent Coad", "Labour")))
    second = facts(
        contest(
            None, cand("Emma Dent Coad", None, "16,333"), cand("Victoria Borwick", None, "16,313")
        )
    )
    merged = merge_facts([first, second]).contests
    assert len(merged) == 1
    assert [(c.name, c.party, c.votes) for c in merged[0].candidates] == [
        ("Emma Dent Coad", "Labour", "16,333"),
        ("Victoria Borwick", None, "16,313"),
    ]


def test_different_areas_stay_apart_and_tallies_deduplicate() -> None:
    total = DraftSeatTotal(
        scope=None,
        year=None,
        status="declared",
        parties=[DraftTallyParty(party="Labour", seats="262")],
    )
    merged = merge_facts(
        [
            facts(contest("Luton North"), seat_totals=[total]),
            facts(contest("Luton South"), seat_totals=[total]),
        ]
    )
    assert [c.area for c in merged.contests] == ["Luton North", "Luton South"]
    assert len(merged.seat_totals) == 1


def test_referendum_filed_as_a_contest_becomes_a_referendum() -> None:
    draft = facts(
        contest(
            "Sunderland",
            cand(None, "Leave", "82,394", share="61.3"),
            cand(None, "Remain", "51,930"),
        ),
        contest("Kensington", cand("Emma Dent Coad", "Labour")),
    )
    repaired = referendums_from_contests(draft)
    assert [c.area for c in repaired.contests] == ["Kensington"]
    (referendum,) = repaired.referendums
    assert referendum.area == "Sunderland"
    assert [(o.option, o.votes, o.share) for o in referendum.options] == [
        ("Leave", "82,394", "61.3"),
        ("Remain", "51,930", None),
    ]


def test_same_name_folds_case_punctuation_and_small_typos() -> None:
    assert same_name("St Pauls Cray", "St. Paul's Cray")
    assert same_name("Evennett", "Evenett")
    assert not same_name("Luton North", "Luton South")
    # Alike but for a word of direction: two places (fuzzy ratios 94 and 92).
    assert not same_name("North West England", "North East England")
    assert not same_name("West Midlands", "East Midlands")
    assert not same_name("Electoral Ward 3", "Electoral Ward 4")
    assert not same_name(None, "x")


def test_a_council_repeated_as_a_contest_without_votes_is_not_a_contest() -> None:
    council = DraftCouncil(
        council="Medway Council", year=None, control="Labour", outcome="gain", parties=[]
    )
    draft = facts(
        contest("Medway", cand("Labour", "Labour"), winner="Labour"),
        contest("Rochester West", cand("Ann Lee", "Labour", "1,204")),
        councils=[council],
    )
    article = "Labour took Medway Council, winning Rochester West with 1,204 votes."
    kept = without_council_contests(draft, article)
    assert [c.area for c in kept.contests] == ["Rochester West"]
    assert kept.councils == [council]
    # Where the article calls the place a ward, the contest stays.
    for text in ("Labour won the Medway ward by-election.",):
        assert [c.area for c in without_council_contests(draft, text).contests] == [
            "Medway",
            "Rochester West",
        ]


def test_councils_of_the_same_name_are_folded_and_their_parties_merged() -> None:
    def council(
        name: str, *rows: tuple[str, str | None, str | None], control: str | None = None
    ) -> DraftCouncil:
        return DraftCouncil(
            council=name,
            year=None,
            control=control,
            outcome=None,
            parties=[DraftCouncilParty(party=p, seats=s, change=c) for p, s, c in rows],
        )

    merged = merge_councils(
        [
            council("Dover", control="Labour"),
            council(
                "Dover District Council", ("Labour", "19", None), ("Conservatives", None, "-9")
            ),
            council("Dover", ("Labour", "18", "+7"), ("Conservatives", "11", None)),
        ]
    )
    assert len(merged) == 1
    assert merged[0].control == "Labour"
    assert [(p.party, p.seats, p.change) for p in merged[0].parties] == [
        ("Labour", "19", "+7"),
        ("Conservatives", "11", "-9"),
    ]


def test_a_contest_that_repeats_a_seat_tally_is_removed_and_a_real_result_is_kept() -> None:
    tally = DraftSeatTotal(
        scope=None,
        status="declared",
        parties=[
            DraftTallyParty(party="Con", seats="318"),
            DraftTallyParty(party="Lab", seats="262"),
        ],
    )
    # The model wrote the parties in the names' place, with the seat counts as votes.
    misread = contest(None, cand("Con", None, "318"), cand("Labour", None, "262"))
    result = contest(
        "Kensington", cand("Emma Dent Coad", "Lab", "16,333"), cand(None, "Con", "318")
    )
    one_row = contest(None, cand(None, "Conservative", "318"))
    kept = without_tally_contests(facts(misread, result, one_row, seat_totals=[tally]))
    assert kept.contests == [result, one_row]


def test_a_result_list_without_an_area_takes_the_outcome_told_apart() -> None:
    listed = contest(None, cand("Christine Grahame", "SNP", "16,031"), cand("M B", "Con", "10,163"))
    told = contest("Midlothian South", winner="Scottish National Party", outcome="hold")
    [merged] = merge_contests([listed, told])
    assert (merged.area, merged.outcome, len(merged.candidates)) == ("Midlothian South", "hold", 2)
    # An outcome whose winner did not top the list is another contest.
    other = contest("Edinburgh Central", winner="Conservative", outcome="gain")
    assert len(merge_contests([listed, other])) == 2


def test_a_shortened_area_merges_with_a_list_that_names_no_winner_but_lists_it() -> None:
    full = contest("Tunbridge Wells East", cand("A B", "Labour", "900"), cand("C D", "Con", "800"))
    short = contest("Tunbridge Wells", winner="Labour", outcome="gain")
    assert len(merge_contests([full, short])) == 1
    assert len(merge_contests([full, contest("Tunbridge Wells", winner="Green")])) == 2


def test_an_outcome_only_contest_in_a_local_round_up_is_a_councils_control() -> None:
    from extractor.merge import councils_from_outcome_contests

    article = "Labour won key target authorities including Hartlepool. In Abbey ward Labour gained."
    draft = facts(
        contest("Hartlepool", cand("Labour", "Labour"), winner="Labour", outcome="gain"),
        contest("Abbey", winner="Labour", outcome="gain"),
        contest("Castle", cand("Ann Lee", "Labour", "1,204"), winner="Labour"),
    )
    moved = councils_from_outcome_contests(draft, article)
    # A ward stays a contest, and so does a contest with a candidate's figure.
    assert [c.area for c in moved.contests] == ["Abbey", "Castle"]
    [council] = moved.councils
    assert (council.council, council.control, council.outcome) == ("Hartlepool", "Labour", "gain")


def test_a_surname_first_list_and_the_prose_name_the_same_person() -> None:
    listed = contest(
        None, cand("HYSLOP, Fiona", "SNP", "19,362"), cand("KENNEDY, Charles", "Con", "7,699")
    )
    told = contest("Linlithgow", cand("Fiona Hyslop", None, elected=True), outcome="hold")
    [merged] = merge_contests([listed, told])
    assert merged.area == "Linlithgow" and len(merged.candidates) == 2
    assert merged.candidates[0].elected is True
    assert same_name("BOYD MOOHAN Angela", "Angela Boyd Moohan")
    assert not same_name("Dr Caroline Lucas", "Caroline Lucas Green")


def test_one_printed_list_under_two_names_is_one_contest() -> None:
    rows = [
        cand("Ann Lee", "IND", "67"),
        cand("Paul Ward", "Green", "22"),
        cand("Alan Smith", "CON", "513"),
    ]
    listed = contest("Cramlington Eastfield", *rows)
    copied = contest("Northumberland", *rows, winner="Conservative")
    [merged] = merge_contests([listed, copied])
    assert merged.area == "Cramlington Eastfield" and merged.winner == "Conservative"
    # Two people in common are not enough: neighbouring wards may share a name and a count.
    assert len(merge_contests([listed, contest("Seaton", *rows[:2])])) == 2


def test_one_areas_referendum_told_twice_is_one_with_the_figures_of_both() -> None:
    verdict = DraftReferendum(
        area="Orkney", question=None, options=[DraftOption(option="No", votes=None, share=None)]
    )
    counted = DraftReferendum(
        area="Orkney",
        question=None,
        options=[
            DraftOption(option="No", votes="10,004", share=None),
            DraftOption(option="Yes", votes="4,883", share=None),
        ],
    )
    [merged] = merge_facts([facts(referendums=[verdict]), facts(referendums=[counted])]).referendums
    assert [(o.option, o.votes) for o in merged.options] == [("No", "10,004"), ("Yes", "4,883")]
    # A model's contest of answers for the same area joins it too.
    as_contest = facts(
        contest("Orkney", cand("No", "No", None, share="67.2")), referendums=[verdict]
    )
    [joined] = referendums_from_contests(as_contest).referendums
    assert [(o.option, o.share) for o in joined.options] == [("No", "67.2")]
