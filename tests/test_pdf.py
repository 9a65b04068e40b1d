"""PDF in, article text out (tasks/steps/pdf_text_layer.py and pdf_paragraphs.py, through the pipeline): NTREX
articles of ../shared/corpus laid out here as PDFs (tests/pdf_files.py: Helvetica for Latin text, a Type0 font with a
ToUnicode map for any other script) with gaps or indents between paragraphs, page breaks inside paragraphs, running
heads and page numbers, hyphenated line ends; encrypted, image-only, damaged, bomb and book-length PDFs quarantined;
one run of the real command."""

from __future__ import annotations

import io
import itertools
import json
import re
import textwrap
import unicodedata
from pathlib import Path

import pytest

from reprints.api import clean
from tasks.model import CleanDocument, Quarantined, Rejected, SourceFile
from tasks.pipeline import CleanOptions, StepTimer, clean_files
from tasks.steps import pdf_text_layer
from tasks.steps.pdf_paragraphs import PageLine
from tests.cli_runs import finish, rows, run_cli
from tests.conftest import outcome_as
from tests.corpus import ntrex_articles
from tests.pdf_files import (
    GUTTER,
    LEADING,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PARAGRAPH_GAP,
    Line,
    across,
    article_pdf,
    bomb_pdf,
    drawn_width,
    image_only_pdf,
    pdf_bytes,
)
from tests.test_news_xml import article, expected


def paragraphs(data: bytes) -> list[str]:
    return [p for part in clean(data).parts for p in part.paragraphs]


@pytest.mark.parametrize("shape", ["blocks", "indented", "running"])
@pytest.mark.parametrize("language", ["en", "fr", "ru", "el", "zh-Hant", "ja"])  # fr: no-break spaces
def test_a_pdf_article_with_marked_paragraphs_comes_out_paragraph_for_paragraph(shape: str, language: str) -> None:
    lines = article(language)
    width = 30 if language in ("zh-Hant", "ja") else 70
    document = clean(article_pdf(lines, language, shape, width, title=lines[0]))
    assert document.page.source_format == "pdf"
    assert document.parts[0].title == expected([lines[0], lines[0]])[0]
    assert [p for part in document.parts for p in part.paragraphs] == expected(lines)
    assert document.source_encoding == "utf-16-be"


def test_a_paragraph_crossing_a_page_break_is_one_paragraph_and_heads_feet_and_page_numbers_are_gone() -> None:
    lines = article("en")
    data = article_pdf(lines, "en", "running", 70)
    pages = data.count(b"/Type /Page ")
    assert pages >= 2, "the article must cross a page break"
    found = paragraphs(data)
    assert found == [expected([lines[0], line])[0] for line in lines]  # the headline is a paragraph: no /Title
    assert not any(p.isdigit() for p in found)
    assert len(found) == len(lines)  # the running head (the headline, every page) is not repeated


def test_a_two_column_page_drawn_column_after_column_reads_in_order_even_where_a_paragraph_crosses_columns() -> None:
    lines = article("en")[1:9]
    flow = [
        (text, index == 0 and number > 0)  # a line, and whether a gap stands above it
        for number, paragraph in enumerate(lines)
        for index, text in enumerate(textwrap.wrap(paragraph, 40))
    ]
    half = len(flow) // 2 + 1  # mid-paragraph: the article's line there is wrapped, not its first
    assert not flow[half][1], "the paragraph at the columns' break must cross it"
    page: list[Line] = []
    for x, column in ((MARGIN, flow[:half]), (PAGE_WIDTH / 2, flow[half:])):
        y = PAGE_HEIGHT - MARGIN
        for text, gap in column:
            y -= PARAGRAPH_GAP if gap and y < PAGE_HEIGHT - MARGIN else 0
            page.append(Line(text, x, -(PAGE_HEIGHT - y)))  # placed from the page's top
            y -= LEADING
    assert paragraphs(pdf_bytes([page])) == lines


def without_latin(lines: list[str]) -> list[str]:
    """The article's lines of a right-to-left script alone: a Latin word or number inside one comes back on the
    other side of its neutral neighbours (docs/documents.md, PDF: figures), whatever the layout."""
    return [line for line in lines if not any(char.isascii() and char.isalnum() for char in line)]


@pytest.mark.parametrize(("language", "width"), [("en", 70), ("ru", 70), ("zh-Hant", 40), ("ja", 40), ("ar", 70), ("he", 40)])
def test_two_columns_drawn_line_by_line_across_the_page_read_column_after_column(language: str, width: int) -> None:
    lines = article(language)
    lines = without_latin(lines) if language in ("ar", "he") else lines
    data = article_pdf(lines, language, "across", width)
    assert data.count(b"/Type /Page ") >= 2, "the columns must cross a page break"
    # the headline across the page above the columns; a right-to-left article starts in the right column
    assert paragraphs(data) == expected([lines[0], *lines])


def column_flow(paragraphs: list[str]) -> list[str]:
    """The paragraphs' lines in a column of 35 characters, a blank line between two paragraphs."""
    return [
        text for number, paragraph in enumerate(paragraphs) for text in ([""] if number else []) + textwrap.wrap(paragraph, 35)
    ]


def test_a_heading_across_both_columns_stays_between_the_columns_above_and_below_it() -> None:
    lines = article("en")
    above, heading, below = lines[1:4], lines[4], lines[5:9]
    rows = []
    for chunk in (above, below):
        flow = column_flow(chunk)
        half = (len(flow) + 1) // 2
        rows.append((flow[:half], flow[half:] + [""] * (2 * half - len(flow))))
    right_column = MARGIN + max(drawn_width(text) for left, right in rows for text in left + right) + GUTTER
    heading_lines = [Line(text, MARGIN, size=16, leading=20) for text in textwrap.wrap(heading, 45)]
    assert MARGIN + drawn_width(heading_lines[0].text) > right_column, "a heading across the gutter"
    page = [*across(*rows[0], right_column), Line("", MARGIN), *heading_lines, Line("", MARGIN), *across(*rows[1], right_column)]
    assert paragraphs(pdf_bytes([page])) == expected([lines[0], *above, heading, *below])


def test_a_last_page_of_a_few_lines_in_two_columns_is_read_by_the_gutter_of_the_page_before() -> None:
    lines = article("en")[1:7]
    flow = column_flow(lines)
    body, last = flow[:-3], flow[-3:]  # the last page: the last paragraph's three lines, in two rows
    assert "" not in last, "a paragraph of three lines at the end"
    rows = (len(body) + 1) // 2
    right_column = MARGIN + max(map(drawn_width, flow)) + GUTTER
    first_page = across(body[:rows], [*body[rows:], ""][:rows], right_column)
    last_page = across(last[:2], [last[2], ""], right_column)
    assert paragraphs(pdf_bytes([first_page, last_page])) == expected([lines[0], *lines])


def test_a_table_of_many_rows_is_not_taken_for_two_columns() -> None:
    lines = article("en")
    towns = ("Cardiff", "Swansea", "Newport", "Wrexham", "Bangor", "St Davids", "Aberystwyth", "Caernarfon", "Llandudno")
    rows = [(town, f"{visitors:,}") for town, visitors in zip(towns, range(1204, 9999, 613), strict=False)]
    table = [Line(town, MARGIN, cells=((count, PAGE_WIDTH / 2),)) for town, count in rows]
    page = [Line(lines[1], MARGIN), Line("", MARGIN), *table, Line("", MARGIN), Line(lines[2], MARGIN)]
    assert paragraphs(pdf_bytes([page])) == [
        *expected(lines[:2]),
        *(f"{town} {count}" for town, count in rows),
        *expected(lines[1:3]),
    ]


def test_a_right_to_left_article_reads_in_logical_order() -> None:
    lines = [line for line in article("ar") if not any(char.isascii() and char.isalnum() for char in line)]
    assert len(lines) >= 4, "an article with lines of Arabic alone"
    assert paragraphs(article_pdf(lines, "ar", "blocks", 70)) == expected([lines[0], *lines])


def spaced(paragraphs: list[str], width: int, **drawn: object) -> list[Line]:
    """The paragraphs as a word processor lays them out with space after each (Word's default), wrapped at `width`
    characters; `drawn` says how each line is drawn (Line's fields)."""
    return [
        Line(text, MARGIN, PARAGRAPH_GAP if index == 0 and number else 0, **drawn)  # type: ignore[arg-type]
        for number, paragraph in enumerate(paragraphs)
        for index, text in enumerate(textwrap.wrap(paragraph, width))
    ]


def test_right_to_left_lines_drawn_run_by_run_from_their_right_end_read_in_order() -> None:
    # LibreOffice draws "…وتعني pwp الحماقة." as three runs, the rightmost first; brackets left out: this generator
    # does not mirror them, as its docstring says
    lines = [line for line in article("ar") if not set('()[]"') & set(line)]
    assert sum(any(char.isascii() and char.isalpha() for char in line) for line in lines) >= 2, "Latin words inside"
    assert paragraphs(pdf_bytes([spaced(lines, 200, runs_from_right=True)])) == expected([lines[0], *lines])


def test_paragraphs_mostly_one_line_long_are_told_apart_by_their_gaps() -> None:
    lines = [line for line in article("ar") if not any(char.isascii() and char.isalnum() for char in line)]
    width = sorted(map(len, lines))[-3] - 1  # the three longest wrap, the others are one line long
    assert paragraphs(article_pdf(lines, "ar", "blocks", width)) == expected([lines[0], *lines])


def test_footnote_marks_are_not_text() -> None:
    lines = article("en")
    page = spaced(lines, 70)
    ends = {id(line) for line, following in itertools.pairwise(page) if following.gap_before}
    marked = [
        Line(line.text, line.x, line.gap_before, note=str(number)) if id(line) in ends else line
        for number, line in enumerate(page, 1)
    ]
    assert sum(bool(line.note) for line in marked) >= 5
    assert paragraphs(pdf_bytes([marked])) == expected([lines[0], *lines])


def test_a_headline_wrapped_in_a_larger_font_is_one_paragraph() -> None:
    lines = article("en")
    headline = [Line(text, MARGIN, size=18, leading=22) for text in textwrap.wrap(lines[0], 30)]
    assert len(headline) >= 2, "a headline over two lines"
    assert paragraphs(pdf_bytes([headline + spaced(lines[1:], 70)])) == expected([lines[0], *lines])


def test_a_tables_rows_are_paragraphs_of_their_cells_and_the_text_below_starts_a_paragraph() -> None:
    lines = article("en")
    rows = [("Year", "Visitors"), ("2018", "1,204"), ("2019", "1,377")]
    table = [Line(year, MARGIN, size=10, leading=12, cells=((count, PAGE_WIDTH / 2),)) for year, count in rows]
    below = spaced(lines[3:], 70)
    below[0] = Line(below[0].text, MARGIN)  # a table keeps no space below it
    found = paragraphs(pdf_bytes([spaced(lines[:3], 70) + table + below]))
    assert found == [*expected([lines[0], *lines[:3]]), "Year Visitors", "2018 1,204", "2019 1,377", *expected(lines[2:])]


def is_letter_or_mark(char: str) -> bool:
    return not char.isascii() and unicodedata.category(char)[0] in "LM"


@pytest.mark.parametrize("language", ["zh-Hans", "hi", "th"])
def test_a_pdf_whose_font_drew_every_letter_as_one_missing_glyph_is_no_text(language: str) -> None:
    # LibreOffice without a font for the script draws each character as the missing glyph, mapped back to the
    # first character it stood for: what the text layer then holds, drawn here
    lines = article(language)
    one_glyph = ["".join(lines[0][0] if is_letter_or_mark(char) else char for char in line) for line in lines]
    with pytest.raises(Rejected) as rejected:
        clean(article_pdf(one_glyph, language, "blocks", 30))
    assert rejected.value.reason == "no_text" and "missing" in rejected.value.detail
    assert paragraphs(article_pdf(lines, language, "blocks", 30))  # the same article with its font is read


@pytest.mark.parametrize("language", ["zh-Hant", "ja"])
def test_one_missing_glyph_among_latin_words_the_font_had_is_no_text(language: str) -> None:
    # a technical article: the Latin words drawn in the font's own glyphs, every CJK letter as the missing one
    # ("如如如 Python 如如如如如如 C library?", a LibreOffice export seen on a machine without a CJK font)
    english = "written in Python for fast prototyping, with a C library"
    lines = [f"{line[: len(line) // 2]} {english} {line[len(line) // 2 :]} {english}" for line in article(language)]
    one_glyph = ["".join(lines[0][0] if is_letter_or_mark(char) else char for char in line) for line in lines]
    with pytest.raises(Rejected) as rejected:
        clean(article_pdf(one_glyph, language, "blocks", 30))
    assert rejected.value.reason == "no_text"
    assert paragraphs(article_pdf(lines, language, "blocks", 30))  # with its font: read


@pytest.mark.parametrize("language", ["fr", "vi", "de", "el"])
def test_letters_beyond_ascii_that_repeat_in_real_text_are_read(language: str) -> None:
    lines = article(language)
    assert paragraphs(article_pdf(lines, language, "blocks", 30))


def test_the_title_is_the_documents_own_unless_a_program_made_it_up() -> None:
    lines = article("en")
    named = clean(article_pdf(lines, "en", "blocks", 70, title="Welsh AMs and their title"))
    assert named.parts[0].title == "Welsh AMs and their title"
    assert named.parts[0].paragraphs[0] == lines[0]  # a title other than the headline leaves the headline in place
    made_up = clean(article_pdf(lines, "en", "blocks", 70, title="Microsoft Word - ams_final.docx"))
    assert made_up.parts[0].paragraphs[0] == lines[0]
    assert made_up.parts[0].title != "Microsoft Word - ams_final.docx"


@pytest.mark.parametrize("encoding", ["latin-1", "utf-8"])  # PDFDocEncoding (Latin-1 for these letters); UTF-8
def test_a_title_written_as_bytes_reads_in_pdfdocencoding_or_the_utf_8_a_php_exporter_writes(encoding: str) -> None:
    lines = article("de")
    document = clean(article_pdf(lines, "de", "blocks", 70, title=lines[0].encode(encoding)))
    assert document.parts[0].title == expected([lines[0], lines[0]])[0], document.parts[0].title


def test_a_hyphen_at_a_line_end_goes_only_where_the_document_shows_the_whole_word() -> None:
    texts = [
        "The information desk of the harbour opens at nine, and the infor-",
        "mation it gives costs nothing at all. A well-known guide says that",
        "the old harbour-master knows every ship and every captain; harbour-",
        "master is a job for life there, they say, and the captains are well-",
        "known to all. Soft hyphens break words as well: this one is a docu\u00ad",
        "ment of its own, and the paragraph ends here.",
    ]
    assert paragraphs(pdf_bytes([[Line(text, 72) for text in texts]])) == [
        "The information desk of the harbour opens at nine, and the information it gives costs nothing at all. A "
        "well-known guide says that the old harbour-master knows every ship and every captain; harbour-master is a job "
        "for life there, they say, and the captains are well-known to all. Soft hyphens break words as well: this one "
        "is a document of its own, and the paragraph ends here."
    ]


def test_a_pdf_is_known_by_its_content_whatever_its_name_and_a_text_naming_the_header_stays_text(tmp_path: Path) -> None:
    lines = article("en")
    data = b"\r\n" * 20 + article_pdf(lines, "en", "blocks", 70)  # what a bad upload leaves before the header
    story, notes = tmp_path / "story.txt", tmp_path / "notes.pdf"
    story.write_bytes(data)
    notes.write_bytes(b"Every PDF file starts with %PDF-1.7 or an older version number.\n")
    outcomes = clean_files(
        [SourceFile(str(path), path.name, path.stat().st_size) for path in (story, notes)],
        [frozenset(), frozenset()],
        CleanOptions(),
        StepTimer(),
    )
    story_doc, notes_doc = (outcome_as(CleanDocument, outcome) for outcome in outcomes)
    assert story_doc.page.source_format == "pdf"
    assert [p for part in story_doc.parts for p in part.paragraphs] == [expected([lines[0], line])[0] for line in lines]
    assert notes_doc.page.source_format == "text"


def encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(article_pdf(article("en"), "en", "blocks", 70))))
    writer.encrypt(user_password=user_password, owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_locked_against_editing_only_is_read_and_one_needing_a_password_is_quarantined() -> None:
    assert paragraphs(encrypted(""))[1:] == expected(article("en"))
    with pytest.raises(Rejected) as rejected:
        clean(encrypted("secret"))
    assert rejected.value.reason == "unsupported_format" and "encrypted" in rejected.value.detail


@pytest.mark.parametrize(
    ("content", "reason", "detail"),
    [
        (image_only_pdf(), "no_text", "without a text layer"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "unsupported_format", "damaged PDF"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 40, "unsupported_format", "damaged PDF"),
        (  # a bit flipped in a filter's name (found by bench/fuzz_formats.py): pypdf raises NotImplementedError
            article_pdf(article("en"), "en", "blocks", 70).replace(b"/FlateDecode", b"/FlateDecodE"),
            "unsupported_format",
            "NotImplementedError",
        ),
        (  # a ToUnicode code of 17 bytes: past one of pypdf's limits, but no big file (too_large is for those)
            article_pdf(article("ru"), "ru", "blocks", 70).replace(b"<0001> <", b"<" + b"01" * 17 + b"> <", 1),
            "unsupported_format",
            "past one of pypdf's limits",
        ),
    ],
)
def test_pdfs_without_text_or_that_cannot_be_read_are_quarantined_saying_why(content: bytes, reason: str, detail: str) -> None:
    with pytest.raises(Rejected) as rejected:
        clean(content)
    assert rejected.value.reason == reason and detail in rejected.value.detail


def run_one(tmp_path: Path, data: bytes, max_bytes: int) -> Quarantined:
    path = tmp_path / "big.pdf"
    path.write_bytes(data)
    outcome = clean_files(
        [SourceFile(str(path), path.name, len(data))], [frozenset()], CleanOptions(max_bytes=max_bytes), StepTimer()
    )[0]
    return outcome_as(Quarantined, outcome)


def test_a_bug_in_reading_the_lines_fails_the_file_and_is_not_taken_for_a_damaged_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(pieces: object) -> str:
        raise TypeError("a bug of ours")

    monkeypatch.setattr(pdf_text_layer, "in_reading_order", broken)  # a collaborator of read_pdf, not read_pdf itself
    with pytest.raises(TypeError, match="a bug of ours"):
        pdf_text_layer.read_pdf(article_pdf(article("en"), "en", "blocks", 70), 1 << 20)


def test_a_decompression_bomb_stops_at_max_bytes(tmp_path: Path) -> None:
    data = bomb_pdf(8 << 20)
    assert len(data) < 64 << 10
    outcome = run_one(tmp_path, data, 1 << 20)
    assert outcome.reason == "too_large", outcome.detail


def test_a_pdf_of_thousands_of_pages_is_not_read(tmp_path: Path) -> None:
    data = pdf_bytes([[Line(f"Page {number}.", 72)] for number in range(3000)], compress=False)
    outcome = run_one(tmp_path, data, 64 << 20)
    assert outcome.reason == "too_large" and "3000 pages" in outcome.detail


def test_a_real_run_reads_a_pdf_beside_a_text_file(tmp_path: Path, api_url: str) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    en, ru = article("en"), article("ru")
    (raw / "reprint.pdf").write_bytes(article_pdf(en, "en", "running", 70, title=en[0]))
    (raw / "scan.pdf").write_bytes(image_only_pdf())
    (raw / "story.txt").write_text("\n\n".join(ru) + "\n", encoding="utf-8")
    code, stdout, stderr = finish(run_cli(raw, out, api_url, "--runner", "thread", "--no-progress", "--json"))
    assert code == 0, stderr
    records = rows(out, "records", ["source_path", "source_format", "title", "source_encoding", "text"])
    assert sorted(records)[0] == ("reprint.pdf", "pdf", en[0], "utf-16-be", "\n\n".join(expected(en)))
    assert [row[:2] for row in sorted(records)[1:]] == [("story.txt", "text")]
    assert json.loads(stdout)["quarantined"] == {"no_text": 1}  # scan.pdf, and the report adds up (else exit 1)


@pytest.mark.parametrize(("language", "place"), [("en", "footnote"), ("ru", "endnote"), ("de", "footnote"), ("fr", "endnote")])
def test_a_libreoffice_pdfs_footnotes_and_endnotes_are_notes_not_text(tmp_path: Path, language: str, place: str) -> None:
    """bench/note_notices.py's document: a notice in a footnote on the headline or in the last endnote, a citation
    and a "Source: …" label in footnotes; LibreOffice sets the footnotes at the page's foot in 10 pt under the text's
    12 pt, the endnotes on a page after it. The notice names the outlet, and the text is that of the same document
    without any note."""
    from bench.note_notices import LANGUAGES, fodt, notices
    from tests.test_note_notices import libreoffice

    notice, outlet = notices(LANGUAGES[language])[0]
    written = fodt(tuple(article(language)), notice, place)
    for folder in ("notes", "plain"):
        (tmp_path / folder).mkdir()
    doc = clean(libreoffice(tmp_path / "notes", written, "pdf"))
    without_notes = clean(libreoffice(tmp_path / "plain", re.sub(r"<text:note .*?</text:note>", "", written), "pdf"))
    assert doc.reprint_source == outlet
    assert [part.paragraphs for part in doc.parts] == [part.paragraphs for part in without_notes.parts]


def test_text_that_merely_ends_a_page_stays_text() -> None:
    """A page's last line opening with a number stays text when it is set in the body's size, though the number is
    a note's mark in the body, or set smaller when its number is no mark the body draws (a caption, "2 dead")."""
    from tasks.steps.pdf_paragraphs import without_notes

    lines = article("en")
    body = [PageLine(text, 72, 770 - 14 * row, 12) for row, text in enumerate(lines[1:6])]
    body[0] = PageLine(body[0].text, 72, body[0].y, 12, marks=("1",))
    last = [PageLine(f"1 {lines[6]}", 72, 90, 12)], [PageLine(f"2 {lines[6]}", 72, 90, 10)]
    for foot in last:
        kept, notes = without_notes([body + foot])
        assert kept == [body + foot] and notes == []


def test_the_running_foot_under_a_one_page_pdfs_footnotes_is_notes_too(tmp_path: Path) -> None:
    """The second German NTREX article fills one A5 page (its endnote a second), so its foot ("Photo: AFP — 1" over
    a notice wrapped or not) repeats nowhere; under the page's footnotes a word processor sets nothing but the foot."""
    from bench.note_notices import LANGUAGES, PHOTO, fodt, notices
    from tests.test_note_notices import libreoffice

    notice, outlet = notices(LANGUAGES["de"])[1]
    doc = clean(libreoffice(tmp_path, fodt(tuple(ntrex_articles("de")[1]), notice, "footer"), "pdf"))
    assert doc.reprint_source == outlet
    assert not [p for part in doc.parts for p in part.paragraphs if p.startswith(PHOTO)]
