"""Who the article declares elected (a returning officer's declaration, a news sentence)."""

from __future__ import annotations

from extractor.declared import declared_lines, with_declared_elected
from schemas import Candidate, Contest, Election

DECLARATION = """I, Ann Officer, being the Returning Officer at the election of Councillors for Riverside ward
do hereby give notice that the number of votes given for each candidate was as follows:

Surname Other names Description Number of votes
Ahmed Sara Labour Party 1,726
Brown Thomas James Labour Party 1,634
Clarke Jo Conservative Party 901
Dent Peter Green Party 527

And declare that:

  • Sara Ahmed
  • Thomas James Brown

Have been duly elected as the councillors for the ward.
"""


def ward() -> Contest:
    return Contest(
        election=Election(kind="local", year=2023),
        area="Riverside",
        candidates=[
            Candidate(name="Sara Ahmed", votes=1726),
            Candidate(name="Thomas James Brown", votes=1634),
            Candidate(name="Jo Clarke", votes=901, elected=True),  # the model's mistake
            Candidate(name="Peter Dent", votes=527),
        ],
    )


def test_a_declaration_list_marks_the_winners_and_only_them() -> None:
    checked = with_declared_elected(ward(), declared_lines(DECLARATION))
    assert [c.elected for c in checked.candidates] == [True, True, False, False]


def test_the_table_of_votes_above_is_not_read_as_the_winners() -> None:
    # Every candidate is named in the table; only the two in the declaration are elected.
    lines = declared_lines(DECLARATION)
    assert not any({"clarke", "jo"} <= line for line in lines)


def test_a_news_sentence_declares_one_winner_in_any_name_order() -> None:
    text = "After a recount, Brown Thomas James has been elected for Riverside."
    checked = with_declared_elected(ward(), declared_lines(text))
    assert checked.candidates[1].elected is True
    assert checked.candidates[0].elected is False


def test_nothing_changes_without_a_declaration() -> None:
    text = "Sara Ahmed was first elected in 2019 and stood again."
    assert declared_lines(text) == []
    assert with_declared_elected(ward(), declared_lines(text)) == ward()
