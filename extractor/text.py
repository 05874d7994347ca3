"""Turn raw input (text or bytes, plain or HTML) into the article text that offsets refer to.

Policy: bytes are decoded as UTF-8 (a BOM is dropped); anything else is refused with
:class:`ArticleDecodeError` unless the caller names an encoding. Plain text is never altered,
so evidence offsets point into exactly what the caller passed. HTML is reduced to its text
(scripts and styles dropped, block elements become line breaks); offsets then refer to that text.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from extractor.errors import (
    ArticleDecodeError,
    ArticleTooLargeError,
    BinaryArticleError,
    EmptyArticleError,
)

_HTML_SNIFF = re.compile(r"<\s*(html|body|p|div|article|br|h[1-6]|span|table|li)\b[^>]*>", re.I)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "article",
        "section",
        "header",
        "footer",
        "table",
        "ul",
        "ol",
        "blockquote",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head"})


def decode_bytes(data: bytes, encoding: str | None = None) -> str:
    """Decode article bytes: UTF-8 (BOM dropped) unless ``encoding`` is given."""
    if b"\x00" in data[:8192]:
        raise BinaryArticleError("input contains NUL bytes: this is binary data, not an article")
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleDecodeError(
            f"input is not valid {encoding or 'UTF-8'} (byte {exc.start}: {data[exc.start : exc.start + 4]!r}); "
            "convert it to UTF-8 or pass the encoding explicitly (e.g. --encoding cp1252)"
        ) from exc


def looks_like_html(text: str) -> bool:
    """True when the text carries HTML markup worth stripping."""
    return len(_HTML_SNIFF.findall(text[:20000])) >= 2


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skipping:
            self._skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML document, one block per paragraph."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = unescape("".join(collector.parts))
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(1, len(sample))


def prepare_article(
    raw: str | bytes, *, max_chars: int = 400_000, encoding: str | None = None
) -> str:
    """Validate and normalise one article; raise a typed :class:`InvalidArticleError` if unusable."""
    text = decode_bytes(raw, encoding) if isinstance(raw, bytes) else raw
    if "\x00" in text[:8192] or _control_ratio(text) > 0.05:
        raise BinaryArticleError("input is mostly control characters: this is not article text")
    if looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise EmptyArticleError("the article is empty (no text after removing whitespace/markup)")
    if len(text) > max_chars:
        raise ArticleTooLargeError(
            f"the article has {len(text):,} characters, more than the limit of {max_chars:,} "
            "(raise it with EXTRACTOR_MAX_CHARS or --max-chars)"
        )
    return text


_DATELINE = re.compile(r"^\s*date (?P<date>\d{4}-\d{2}-\d{2})[ \t]*(?P<rest>[^\n]*)\n?")
_BYLINE = re.compile(r"^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}$")


def first_line(text: str) -> str:
    """The first non-blank line: a scraped article's headline (or its dateline)."""
    return next((line for line in text.splitlines() if line.strip()), "")


def dateline_year(text: str) -> int | None:
    """The year of a scraped ``date 2024-07-05 …`` first line, or None without one."""
    found = _DATELINE.match(text)
    return int(found.group("date")[:4]) if found else None


def with_dateline_as_metadata(text: str) -> str:
    """Turn a scraped ``date 2017-06-09 <headline or byline>`` first line into plain metadata.

    A byline ("Rebecca Smith") in the first line was read as a candidate by the small model;
    the date and a headline are kept, a byline is dropped.
    """
    found = _DATELINE.match(text)
    if not found:
        return text
    rest = found.group("rest").strip()
    lines = [f"Published: {found.group('date')}"]
    if rest and not _BYLINE.match(rest):
        lines.append(f"Headline: {rest}")
    return "\n".join(lines) + "\n\n" + text[found.end() :].lstrip("\n")


_CAPS_HEADING = re.compile(r"^(?P<caps>[A-Z][A-Z'’&\- ]{2,59})(?=\s*(\(|[–—-]\s|$))", re.M)


def with_capitals_headings_in_title_case(text: str) -> str:
    """``DOVER (32 seats)`` as ``Dover (32 seats)``: the small model passes over names in capitals.

    Lengths are unchanged, and grounding matches names case-insensitively in the original.
    """
    return _CAPS_HEADING.sub(lambda m: m.group("caps").title(), text)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_paragraphs(text: str, max_chars: int) -> list[str]:
    """Split ``text`` into chunks of at most ``max_chars``, at paragraph boundaries when possible.

    Long live blogs do not fit the model's context; each chunk is extracted on its own and the
    results are merged. A paragraph longer than the limit is split between sentences, and a
    sentence longer than the limit is cut.
    """
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    for paragraph in re.split(r"(?<=\n)", text):
        if len(paragraph) <= max_chars:
            pieces.append(paragraph)
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            pieces += [sentence[i : i + max_chars] for i in range(0, len(sentence), max_chars)]
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) > max_chars:
            chunks.append(current)
            current = ""
        current += piece if not current or current.endswith(("\n", " ")) else " " + piece
    if current.strip():
        chunks.append(current)
    return chunks


# Sentences that address the model rather than the reader (prompt injection).
_INSTRUCTION_CUES = re.compile(
    r"(ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|rules|prompts?)"
    r"|disregard (all |any )?(the )?(previous|prior|above) "
    r"|you are (now )?(an? )?(ai|assistant|language model|chatbot)"
    r"|(system|developer) prompt"
    r"|(as an? )?(ai|llm|language model)[, ]+(you must|please|report|output)"
    r"|(output|report|respond|answer|return) (only |instead )?(that|with|the following|json)"
    r"|new instructions?:)",
    re.I,
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")


def instruction_spans(text: str) -> list[tuple[int, int]]:
    """Spans of sentences that look like instructions to a model (prompt injection).

    Facts found only inside them are not reported: an article states results, it does not
    tell the reader what to output.
    """
    return [
        (m.start(), m.end())
        for m in _SENTENCE.finditer(text)
        if m.group().strip() and _INSTRUCTION_CUES.search(m.group())
    ]


_RESULT_CUES = re.compile(
    r"\d|\b(won|wins?|held|holds?|hold|kept|elected|re-elected|gain(s|ed)?|took|takes|lost|loses|"
    r"majority|seats?|defeat(ed)?|beat|unseated|ousted|declared|victory|control|turnout)\b",
    re.I,
)


PREAMBLE = ("Published:", "Headline:")


def passage_body_start(passage: str) -> int:
    """Where a passage proper begins, after the ``Published:``/``Headline:`` lines."""
    position = 0
    for line in passage.splitlines(keepends=True):
        if not line.startswith(PREAMBLE):
            break
        position += len(line)
    return position


MAX_HEADING_LINES = 8
_CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


def _has_figures(headings: list[str]) -> bool:
    """True when heading lines hold figures ("Labour 33 seats (+13)"); a live blog's clock
    times ("23:50 Rumours from Bishop Auckland") are not figures."""
    return any(char.isdigit() for heading in headings for char in _CLOCK_TIME.sub("", heading))


def result_passages(text: str, max_chars: int = 1200) -> list[str]:
    """Short passages of the article that may state results, for one focused model call each.

    Paragraphs without a digit or a result word ("won", "held", "majority", …) are skipped;
    the short heading lines above a paragraph stay with it; neighbours are grouped up to
    ``max_chars``; a passage starts with the last line of the one before it (so a council or
    seat named there is not lost); the ``Published:``/``Headline:`` lines head every passage.
    Small models extract far better from a short passage than from a long article.
    """
    lines = [p.strip() for p in text.split("\n") if p.strip()]
    preamble = [line for line in lines[:2] if line.startswith(PREAMBLE)]
    lines = lines[len(preamble) :]
    passages: list[list[str]] = []
    current: list[str] = []
    headings: list[str] = []

    def add(heads: list[str], body: list[str]) -> None:
        nonlocal current
        if current and (heads or sum(map(len, current)) + sum(map(len, body)) > max_chars):
            passages.append(current)
            current = [] if heads else current[-1:]
        current += [*heads, *body]

    for line in lines:
        if len(line) < 90 and not line.endswith((".", '"', "”", ":")):
            if len(headings) >= MAX_HEADING_LINES and _has_figures(headings):
                # A run of short lines with figures is a table or list, not headings: its
                # lines are results, so none of them is dropped from the model's passages.
                add(headings, [])
                headings = []
            headings = [*headings[-(MAX_HEADING_LINES - 1) :], line]
            continue
        if not _RESULT_CUES.search(line):
            # Short lines with figures ("Labour 33 seats (+13)") are results, not headings.
            if _has_figures(headings):
                add(headings, [])
            headings = []
            continue
        add(headings, [line])
        headings = []
    if _has_figures(headings):
        add(headings, [])
        headings = []
    if current:
        passages.append(current)
    if not passages and headings:
        passages.append(headings)
    return ["\n".join([*preamble, *passage]) for passage in passages]
