from extractor.passes import run_fact_passes
from schemas import ArticleExtraction, Candidate, Contest, Council, CouncilParty, Election


def contest(*candidates: Candidate, **fields: object) -> Contest:
    return Contest(
        area="Barnes", election=Election(kind="general"), candidates=list(candidates), **fields
    )  # type: ignore[arg-type]


def test_majority_that_is_not_first_minus_second_is_kept_and_flagged() -> None:
    extraction = ArticleExtraction(
        contests=[
            contest(Candidate(name="A", votes=1642), Candidate(name="B", votes=1321), majority=312)
        ]
    )
    checked, warnings = run_fact_passes(extraction)
    assert checked.contests[0].majority == 312
    assert any("321" in w and "312" in w for w in warnings)


def test_consistent_majority_gives_no_warning() -> None:
    extraction = ArticleExtraction(
        contests=[
            contest(Candidate(name="A", votes=16333), Candidate(name="B", votes=16313), majority=20)
        ]
    )
    assert run_fact_passes(extraction)[1] == []


def test_elected_flags_follow_the_votes_in_single_winner_contests() -> None:
    extraction = ArticleExtraction(
        contests=[
            contest(
                Candidate(name="Victoria Borwick", party="Conservative", votes=16313, elected=True),
                Candidate(name="Emma Dent Coad", party="Labour", votes=16333, elected=False),
                winner_party="Labour",
            )
        ]
    )
    checked, warnings = run_fact_passes(extraction)
    assert [c.elected for c in checked.contests[0].candidates] == [False, True]
    assert warnings == [
        "Barnes: elected flags of Victoria Borwick, Emma Dent Coad set from the vote counts"
    ]


def test_a_voteless_winner_against_the_vote_counts_is_left_unknown() -> None:
    # Seed 004: the model filed "Wes Streeting held onto his seat in Ilford North" under
    # Kensington, elected, while the counts name Dent Coad the winner there.
    extraction = ArticleExtraction(
        contests=[
            contest(
                Candidate(name="Victoria Borwick", votes=16313, elected=True),
                Candidate(name="Emma Dent Coad", party="Labour", votes=16333, elected=False),
                Candidate(name="Wes Streeting", elected=True),
                Candidate(name="Jo Bloggs", elected=False),
            )
        ]
    )
    checked, warnings = run_fact_passes(extraction)
    assert [c.elected for c in checked.contests[0].candidates] == [False, True, None, False]
    assert (
        "Barnes: Wes Streeting called elected with no votes, against the vote counts: left unknown"
    ) in warnings


def test_a_voteless_winner_beside_losers_with_votes_is_left_as_read() -> None:
    # "Jo Bloggs won. Ann Moss had 5,000 votes and Tom Grey 3,000": the winner's count is
    # not given, which does not make Ann Moss the winner.
    extraction = ArticleExtraction(
        contests=[
            contest(
                Candidate(name="Jo Bloggs", elected=True),
                Candidate(name="Ann Moss", votes=5000, elected=False),
                Candidate(name="Tom Grey", votes=3000),
            )
        ]
    )
    checked, _ = run_fact_passes(extraction)
    # One winner of one seat: Tom Grey, with a count of his own, was not elected.
    assert [c.elected for c in checked.contests[0].candidates] == [True, False, False]


def test_multi_member_local_wards_are_not_repaired() -> None:
    ward = Contest(
        area="Farnham Castle",
        election=Election(kind="local"),
        candidates=[
            Candidate(name="A", votes=10, elected=True),
            Candidate(name="B", votes=9, elected=True),
        ],
    )
    checked, _ = run_fact_passes(ArticleExtraction(contests=[ward]))
    assert [c.elected for c in checked.contests[0].candidates] == [True, True]


def test_shares_over_100_and_winner_mismatch_are_flagged() -> None:
    extraction = ArticleExtraction(
        contests=[
            contest(
                Candidate(name="A", party="Labour", votes=10, share_pct=60.0),
                Candidate(name="B", party="Green", votes=5, share_pct=45.0),
                winner_party="Green",
            )
        ]
    )
    checked, warnings = run_fact_passes(extraction)
    assert any("105%" in w for w in warnings)
    # The top vote is elected, and the winner follows the elected candidate (flagged).
    assert checked.contests[0].winner_party == "Labour"
    assert any("winner set to Labour" in w and "the model said Green" in w for w in warnings)


def test_seat_gain_larger_than_holding_is_flagged() -> None:
    council = Council(
        council="Medway", parties=[CouncilParty(party="Labour", seats=3, seats_change=5)]
    )
    assert run_fact_passes(ArticleExtraction(councils=[council]))[1] == [
        "Medway: Labour gained 5 seats but holds only 3"
    ]


def test_the_winning_party_is_the_elected_candidates_party_in_a_one_seat_contest() -> None:
    extraction = ArticleExtraction(
        contests=[
            contest(
                Candidate(name="Gareth Bacon", party="Conservative", elected=True),
                Candidate(name="Sam Stopp", party="Labour", elected=False),
                winner_party="Labour",
            )
        ]
    )
    checked, warnings = run_fact_passes(extraction)
    assert checked.contests[0].winner_party == "Conservative"
    assert any("winner set to Conservative" in w for w in warnings)


def test_a_ward_list_naming_only_its_top_candidate_is_one_seat() -> None:
    """'Berechurch: Labour (Dave Harris) 1,958, Conservative 858, UKIP 521': the named winner."""
    ward = Contest(
        area="Berechurch",
        election=Election(kind="local", year=2015),
        candidates=[
            Candidate(name="Dave Harris", party="Labour", votes=1958),
            Candidate(party="Conservative", votes=858),
            Candidate(party="UKIP", votes=521),
        ],
    )
    (checked,) = run_fact_passes(ArticleExtraction(contests=[ward]))[0].contests
    assert [c.elected for c in checked.candidates] == [True, None, None]
    assert checked.winner_party == "Labour"
    # Two people named: a multi-member ward may be; nothing is decided from the counts.
    two = ward.model_copy(
        update={
            "candidates": [
                *ward.candidates[:1],
                Candidate(name="Jo Bloggs", party="Conservative", votes=858),
            ]
        }
    )
    (left,) = run_fact_passes(ArticleExtraction(contests=[two]))[0].contests
    assert [c.elected for c in left.candidates] == [None, None]


def test_a_devolved_constituency_elects_one_member_unless_the_article_tells_of_stv() -> None:
    from extractor.checks import reconcile_elected, uses_stv

    holyrood = Contest(
        area="Midlothian South",
        election=Election(kind="devolved"),
        candidates=[Candidate(name="A", votes=16031), Candidate(name="B", votes=10163)],
    )
    elected, _ = reconcile_elected(holyrood, stv=False)
    assert [c.elected for c in elected.candidates] == [True, False]
    # Stormont's constituencies elect five members by STV: the top count is not the only winner.
    assert uses_stv("Five MLAs were elected after the ninth count; the quota was 7,421.")
    unchanged, _ = reconcile_elected(holyrood, stv=True)
    assert [c.elected for c in unchanged.candidates] == [None, None]
    assert not uses_stv("Labour held Cardiff Central in the Senedd election.")


def test_with_one_winner_of_one_seat_the_other_named_candidates_were_not_elected() -> None:
    from extractor.checks import others_not_elected

    race = Contest(
        election=Election(kind="general", year=2017),
        area="Kensington",
        candidates=[
            Candidate(name="Emma Dent Coad", party="Labour", elected=True),
            Candidate(name="Victoria Borwick", party="Conservative"),
            Candidate(party="Liberal Democrats", share_pct=12.2),
        ],
    )
    settled, _ = others_not_elected(race)
    assert [c.elected for c in settled.candidates] == [True, False, None]
    # Two called elected, or none: nothing is inferred.
    two = race.model_copy(
        update={"candidates": [c.model_copy(update={"elected": True}) for c in race.candidates]}
    )
    assert others_not_elected(two)[0] == two


def test_the_one_named_candidate_of_the_stated_winning_party_is_elected() -> None:
    extraction = ArticleExtraction(
        contests=[
            contest(
                Candidate(name="Victoria Prentis", party="Conservative"),
                Candidate(name="Sean Woodcock", party="Labour"),
                winner_party="Conservative",
            ),
            # Two of the winning party: which one won is not said.
            contest(
                Candidate(name="A", party="Labour"),
                Candidate(name="B", party="Labour"),
                winner_party="Labour",
            ),
        ]
    )
    checked, _ = run_fact_passes(extraction)
    first, second = checked.contests
    assert [c.elected for c in first.candidates] == [True, False]
    assert [c.elected for c in second.candidates] == [None, None]
