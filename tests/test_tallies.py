from extractor.draft import DraftSeatTotal, DraftTallyParty
from extractor.merge import merge_facts
from extractor.tallies import parse_seat_tallies
from tests.support import facts


def _rows(total: DraftSeatTotal) -> list[tuple[str, str | None]]:
    return [(p.party, p.seats) for p in total.parties]


def test_an_exit_poll_sentence_is_a_projected_tally() -> None:
    article = (
        "The exit poll is out. It projects the Conservatives winning 368 seats, Labour 191, "
        "the SNP 55 and the Lib Dems 13. Labour's share fell 8 per cent."
    )
    [total] = parse_seat_tallies(article)
    assert total.status == "projected"
    assert _rows(total) == [("Conservatives", "368"), ("Labour", "191"), ("SNP", "55"),
                            ("Lib Dems", "13")]  # fmt: skip


def test_number_words_and_a_national_scope_are_read() -> None:
    article = "Labour won 27 of the 32 Welsh seats, Plaid Cymru four and the Liberal Democrats one."
    [total] = parse_seat_tallies(article)
    assert (total.scope, total.status) == ("Wales", "declared")
    assert _rows(total) == [("Labour", "27"), ("Plaid Cymru", "four"), ("Liberal Democrats", "one")]


def test_one_party_needs_the_word_seats_after_its_figure() -> None:
    assert _rows(parse_seat_tallies("The exit poll has given Labour 410 seats.")[0]) == [
        ("Labour", "410")
    ]
    # Votes, shares and sentences without "seats" are not tallies.
    assert parse_seat_tallies("Labour won 410 votes and the seat.") == []
    assert parse_seat_tallies("Labour 41 per cent, the Tories 20 per cent of seats") == []
    assert parse_seat_tallies("Labour 12,000, Conservatives 9,000.") == []


def test_a_parsed_tally_merges_with_the_models_and_an_exit_poll_is_not_duplicated() -> None:
    parsed = DraftSeatTotal(
        scope=None, year=None, status="projected",
        parties=[DraftTallyParty(party="Conservatives", seats="368"),
                 DraftTallyParty(party="Labour", seats="191")],
    )  # fmt: skip
    model = DraftSeatTotal(
        scope="UK", year=2019, status="declared",
        parties=[DraftTallyParty(party="Conservative", seats="368"),
                 DraftTallyParty(party="Labour", seats="191"),
                 DraftTallyParty(party="SNP", seats="55")],
    )  # fmt: skip
    [total] = merge_facts([facts(seat_totals=[parsed]), facts(seat_totals=[model])]).seat_totals
    assert total.status == "projected" and total.scope == "UK"
    assert _rows(total) == [("Conservatives", "368"), ("Labour", "191"), ("SNP", "55")]


def test_a_capitalised_word_may_stand_between_the_figure_and_seats() -> None:
    [total] = parse_seat_tallies("Overall Labour held 30 Senedd seats out of a total of 60.")
    assert _rows(total) == [("Labour", "30")]
    # Lower-case words are not a name of the seats: "30 of the seats" is no tally of one party.
    assert parse_seat_tallies("Labour won 30 of the seats.") == []


def test_a_tally_may_follow_a_sentence_of_seats_and_n_of_m_seats_is_a_count() -> None:
    article = (
        "Projections suggest David Cameron will form a Government with 329 seats. Labour are "
        "expected to win 233, the Lib Dems eight and the SNP 56."
    )
    [total] = parse_seat_tallies(article)
    assert total.status == "projected"
    assert _rows(total) == [("Labour", "233"), ("Lib Dems", "eight"), ("SNP", "56")]
    [scotland] = parse_seat_tallies("It is a landslide for the SNP as they gain 56 of 59 seats.")
    assert _rows(scotland) == [("SNP", "56")]


def test_a_margin_or_a_change_of_seats_is_no_tally() -> None:
    assert parse_seat_tallies("The SNP managed to come within two seats of a majority.") == []
    assert parse_seat_tallies("Labour won ten more seats than the Greens.") == []


def test_a_figure_told_before_its_party_is_that_partys_and_all_but_n_is_nobodys() -> None:
    article = (
        "Labour won all but five of the 40 Welsh seats, with four going to Plaid Cymru and "
        "one, Ceredigion, Preseli & Fishguard, to the Liberal Democrats."
    )
    [total] = parse_seat_tallies(article)
    assert (total.scope, _rows(total)) == (
        "Wales",
        [("Plaid Cymru", "four"), ("Liberal Democrats", "one")],
    )
    [told] = parse_seat_tallies("Three seats went to the SNP and Labour won 41 seats.")
    assert _rows(told) == [("SNP", "Three"), ("Labour", "41")]


def test_an_aside_between_the_party_and_n_seats_is_read_through() -> None:
    [total] = parse_seat_tallies("Labour, by contrast, are projected to win 410 seats.")
    assert (total.status, _rows(total)) == ("projected", [("Labour", "410")])


def test_a_change_in_brackets_may_stand_between_the_count_and_seats() -> None:
    article = (
        "Voters elected another SNP minority, with their 64 (+1) seats falling one short. "
        "Labour hit another historic low with 22 (-2) seats. "
        "The Conservatives, expected to lose ground, actually emerged with 31 (nc) seats."
    )
    rows = [row for total in parse_seat_tallies(article) for row in _rows(total)]
    assert rows == [("SNP", "64"), ("Labour", "22"), ("Conservatives", "31")]
    # A change alone is still no tally.
    assert parse_seat_tallies("Labour were down (-2) seats on the night.") == []


def test_a_count_right_before_the_party_and_its_members_after_it() -> None:
    [total] = parse_seat_tallies(
        "The electorate returned 318 Conservative MPs compared to 262 Labour MPs."
    )
    assert _rows(total) == [("Conservative", "318"), ("Labour", "262")]
    # A count of MPs without a party beside it is nobody's tally.
    assert parse_seat_tallies("Some 120 MPs voted with Labour on the night.") == []
