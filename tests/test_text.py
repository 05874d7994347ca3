import pytest

from extractor.errors import (
    ArticleDecodeError,
    ArticleTooLargeError,
    BinaryArticleError,
    EmptyArticleError,
)
from extractor.text import (
    html_to_text,
    looks_like_html,
    prepare_article,
    result_passages,
    with_capitals_headings_in_title_case,
)


def test_plain_text_is_never_altered() -> None:
    text = "  Kensington:\r\n Dent Coad  16,333 \n"
    assert prepare_article(text) == text


def test_utf8_bytes_and_bom_are_decoded() -> None:
    assert prepare_article("Labour’s win".encode()) == "Labour’s win"
    assert prepare_article(b"\xef\xbb\xbfHello") == "Hello"


@pytest.mark.parametrize("raw", ["", "   \n\t ", b"", b"  \n"])
def test_empty_input_is_refused(raw: str | bytes) -> None:
    with pytest.raises(EmptyArticleError):
        prepare_article(raw)


def test_binary_input_is_refused() -> None:
    with pytest.raises(BinaryArticleError):
        prepare_article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BinaryArticleError):
        prepare_article("".join(chr(i % 31 + 1) for i in range(500)))


def test_non_utf8_bytes_get_a_clear_error_and_an_escape_hatch() -> None:
    raw = "Labour’s 16,333".encode("cp1252")
    with pytest.raises(ArticleDecodeError, match="not valid UTF-8"):
        prepare_article(raw)
    assert prepare_article(raw, encoding="cp1252") == "Labour’s 16,333"


def test_huge_input_is_refused_with_the_limit_named() -> None:
    with pytest.raises(ArticleTooLargeError, match="1,000"):
        prepare_article("a" * 1001, max_chars=1000)


def test_html_is_reduced_to_text() -> None:
    html = (
        "<html><head><style>p{}</style><script>var x = 'Tories 999';</script></head>"
        "<body><h1>Kensington</h1><p>Dent Coad won <b>16,333</b> votes &amp; the seat.</p>"
        "<div>Borwick 16,313</div></body></html>"
    )
    assert looks_like_html(html)
    text = prepare_article(html)
    assert "Kensington" in text
    assert "Dent Coad won 16,333 votes & the seat." in text
    assert "999" not in text
    assert "<" not in text


def test_plain_text_with_a_stray_angle_bracket_is_not_html() -> None:
    assert not looks_like_html("Labour < 200 votes behind; <b> once")
    assert html_to_text("<p>a</p><p>b</p>").split() == ["a", "b"]


def test_dateline_becomes_metadata_and_a_byline_is_dropped() -> None:
    from extractor.text import with_dateline_as_metadata

    assert with_dateline_as_metadata(" date 2017-06-09 Rebecca Smith\n\nBorwick lost.").startswith(
        "Published: 2017-06-09\n\nBorwick lost."
    )
    headline = with_dateline_as_metadata(
        " date 2024-07-05 General election 2024: Luton\nLuton North"
    )
    assert (
        headline == "Published: 2024-07-05\nHeadline: General election 2024: Luton\n\nLuton North"
    )
    assert with_dateline_as_metadata("No dateline here") == "No dateline here"


def test_split_paragraphs_keeps_paragraphs_whole_and_respects_the_limit() -> None:
    from extractor.text import split_paragraphs

    paragraphs = [f"Paragraph {i} " + "word " * 30 + "\n" for i in range(40)]
    text = "".join(paragraphs)
    chunks = split_paragraphs(text, 1000)
    assert len(chunks) > 1
    assert all(len(c) <= 1000 for c in chunks)
    assert "".join(chunks) == text
    assert all(c.endswith("\n") for c in chunks)
    assert split_paragraphs("short", 1000) == ["short"]


def test_split_paragraphs_cuts_an_overlong_paragraph_between_sentences() -> None:
    from extractor.text import split_paragraphs

    text = "One sentence here. " * 200
    chunks = split_paragraphs(text, 500)
    assert all(len(c) <= 500 for c in chunks)
    assert all(c.rstrip().endswith(".") for c in chunks)


def test_headings_in_capitals_reach_the_model_in_title_case_at_the_same_offsets() -> None:
    text = "SWALE (47 seats)\nDOVER – Labour gain\nBBC NEWS reported\nLabour 19 seats"
    converted = with_capitals_headings_in_title_case(text)
    assert converted == "Swale (47 seats)\nDover – Labour gain\nBBC NEWS reported\nLabour 19 seats"
    assert len(converted) == len(text)


def test_short_lines_with_figures_are_a_result_passage_not_dropped_headings() -> None:
    text = (
        "Headline: Local elections 2023\n\n"
        "MEDWAY (59 seats) – Labour gain from Conservative\nLabour 33 seats (+13)\n"
        "Conservatives 22 (-11)\nIndependents 4 (+2)\n\n"
        "The group leader said work would start straight away.\n\n"
        "Canterbury\nRosie Duffield held the seat with 29,018 votes.\n"
    )
    passages = result_passages(text)
    assert passages == [
        "Headline: Local elections 2023\nMEDWAY (59 seats) – Labour gain from Conservative\n"
        "Labour 33 seats (+13)\nConservatives 22 (-11)\nIndependents 4 (+2)",
        "Headline: Local elections 2023\nCanterbury\nRosie Duffield held the seat with 29,018 votes.",
    ]


def test_a_table_of_more_short_lines_than_headings_loses_none_of_them() -> None:
    # A results page's table of one short line per candidate is results, not a heading
    # stack: every row reaches the model, not only the last MAX_HEADING_LINES.
    rows = [f"Candidate {chr(65 + i)}  Party {i}  {1000 + i:,}" for i in range(12)]
    text = "Mayoral election 2014 official results\n" + "\n".join(rows) + "\n"
    joined = "\n".join(result_passages(text))
    assert all(row in joined for row in rows)
    assert "Mayoral election 2014 official results" in joined


def test_a_live_blogs_clock_time_heading_alone_is_not_a_result_passage() -> None:
    text = (
        "23:35 Houghton and Sunderland South\n"
        "Labour's Bridget Phillipson is re-elected with 16,210 votes.\n"
        "23:50 Rumours from Bishop Auckland\n"
        "Counters said little.\n"
        "02:20 Redcar next?\n"
    )
    passages = result_passages(text)
    assert len(passages) == 1 and "Phillipson" in passages[0]
    assert not any("Redcar" in p or "Bishop Auckland" in p for p in passages)
