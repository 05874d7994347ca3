"""Counts of one contest printed one after another."""

from extractor.counts import fold_later_counts
from extractor.parsers import parse_result_blocks

TWO_COUNTS = (
    "HUMBERSIDE PCC RESULT\n\n(First Count)\n"
    "John Prescott (Lab) 33,282 (24.88%)\n"
    "Matthew Grove (C) 29,440 (22.01%)\n"
    "Paul Davison (Ind) 28,807 (21.54%)\n"
    "~\nEliminated: Paul Davison\n~\n(Second Count)\n"
    "John Prescott (Lab) 39,933\n"
    "Matthew Grove (C) 42,164\n"
)


def test_the_later_count_gives_the_finalists_votes_and_the_eliminated_keep_theirs() -> None:
    [block] = fold_later_counts(TWO_COUNTS, parse_result_blocks(TWO_COUNTS))
    assert [(r.name, r.votes, r.share) for r in block.rows] == [
        ("John Prescott", 39933, None),
        ("Matthew Grove", 42164, None),
        ("Paul Davison", 28807, 21.54),
    ]


def test_lists_with_no_count_label_or_shares_only_stay_apart() -> None:
    apart = TWO_COUNTS.replace("(Second Count)", "Another ward")
    assert len(fold_later_counts(apart, parse_result_blocks(apart))) == 2
    shares = (
        "Avon & Somerset (Con GAIN from Ind)\nMark Shelford (Con) 136,988 (34.7%)\n"
        "Kerry Barker (Lab) 93,495 (23.7%)\nCleo Lake (Green) 64,790 (16.4%)\n"
        "Final Round\nMark Shelford (Con) 52.4%\nKerry Barker (Lab) 47.6%\n"
    )
    blocks = parse_result_blocks(shares)
    assert fold_later_counts(shares, blocks) == blocks
