"""Table rows whose cells are printed one per line."""

from __future__ import annotations

from extractor.parsers import parse_result_blocks, text_for_model
from extractor.stacked_cells import join_stacked_cells

# A by-election round-up as such pages print it (invented figures): a heading, a column header,
# then each party's cells on lines of their own, a party that did not stand this time (only
# changes) and the total.
ROUNDUP = """Westbury, Hillside - Green gain from Labour
Party   2022 votes      2022 share   since 2018   since 2014
Green
612
44.0%
+20.5%
from nowhere
Labour
401
28.8%
-9.9%
-4.0%
Conservative
378
27.2%
+1.1%
+2.2%
Liberal Democrat


-11.7%
-6.6%
Total
1,391

31%
28%

Council now 20 Labour, 14 Conservative, 3 Green
"""


def _line(text: str) -> tuple[int, int, str]:
    return (0, len(text), text)


def test_a_partys_cells_on_lines_of_their_own_are_one_row_with_its_first_change() -> None:
    lines, position = [], 0
    for line in ROUNDUP.splitlines(keepends=True):
        lines.append((position, position + len(line.rstrip("\n")), line.rstrip("\n")))
        position += len(line)
    joined = [text for _, _, text in join_stacked_cells(lines)]
    assert "Green | 612 | 44.0% | +20.5%" in joined
    # The columns after the first change compare with older elections: not kept.
    assert "Labour | 401 | 28.8% | -9.9%" in joined
    assert "Liberal Democrat | -11.7%" in joined  # joined, though it reads as no result


def test_a_label_with_one_figure_or_prose_is_left_as_it_is() -> None:
    lines = [_line("Labour"), _line("401"), _line("Turnout was low.")]
    assert [t for _, _, t in join_stacked_cells(lines)] == ["Labour", "401", "Turnout was low."]


def test_cells_between_lone_pipes_join_too() -> None:
    text = "SNP\n|\n1,055\n|\n39.8%\n|\n-2.5%\n|\nLabour\n|\n702\n|\n26.5%\n|\n+3.1%\n"
    rows = [
        (r.party, r.votes, r.share, r.change) for b in parse_result_blocks(text) for r in b.rows
    ]
    assert rows == [("SNP", 1055, 39.8, -2.5), ("Labour", 702, 26.5, 3.1)]


def test_the_round_up_reads_as_one_contest_under_its_ward_and_leaves_the_models_text() -> None:
    blocks = parse_result_blocks(ROUNDUP)
    assert len(blocks) == 1
    block = blocks[0]
    assert (block.area, block.winner, block.outcome, block.gained_from) == (
        "Hillside",
        "Green",
        "gain",
        "Labour",
    )
    assert [(r.party, r.votes, r.share, r.change) for r in block.rows] == [
        ("Green", 612, 44.0, 20.5),
        ("Labour", 401, 28.8, -9.9),
        ("Conservative", 378, 27.2, 1.1),
    ]
    rest = text_for_model(ROUNDUP, blocks)
    # The rows, the party with only changes and the total all leave; the heading stays.
    assert "612" not in rest and "-11.7%" not in rest and "1,391" not in rest
    assert "Westbury, Hillside - Green gain from Labour" in rest
    # The chamber line is no result list: its figures are seats.
    assert "Council now 20 Labour" in rest
