"""A reprint notice outside the body text fills `reprint_source`: in a footnote, an endnote, a page header or footer of
a DOCX, ODT, RTF or Word 97 .doc (built here as the tests of tasks/steps/office.py, rtf.py and word97.py build them,
around NTREX articles of ../shared/corpus), or in the running foot of a PDF and the footnote of a .doc LibreOffice
wrote (skipped without soffice). The notes stay out of the text; ordinary notes (a citation, a "Source: …" label, a
photo credit, a page number, a running title) name no outlet; a notice in the body comes first."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import reprints
from bench.notices import WRITTEN_NOTICES
from bench.paragraph_shapes import wrap
from tasks.model import CleanDocument, PageMetadata
from tasks.steps.notices import MAX_NOTE_LENGTH, MAX_NOTICE_LENGTH, note_reprint_source
from tasks.steps.office import read_document
from tasks.steps.pdf_paragraphs import PageLine, without_furniture
from tests.conftest import outcome_as
from tests.corpus import ntrex_articles
from tests.test_news_xml import article, clean, expected, paragraphs_of
from tests.test_office import W, docx, odt, package, word_run
from tests.test_rtf import rtf, wrapped
from tests.word97_files import word97

# NTREX language, the codec its RTF is written in (code page, font charset), a notice of its language and its outlet
NOTICES = [
    ("en", 1252, 0, *WRITTEN_NOTICES["en"][2]),  # This article first appeared in the South China Morning Post.
    ("fr", 1252, 0, *WRITTEN_NOTICES["fr"][0]),
    ("ru", 1251, 204, *WRITTEN_NOTICES["ru"][0]),
    ("zh-Hant", 950, 136, *WRITTEN_NOTICES["zh"][5]),  # 本文經《端傳媒》授權轉載。
]
ORDINARY_NOTES = (
    "World Bank, World Development Indicators 2024, p. 17.",
    "Source: IMF, World Economic Outlook, October 2025.",  # a label names a citation's source in a note
    "First published in 1990 by Penguin Books.",  # a book's history, not a reprint notice
    "Photo: AFP",
    "Page 2 of 3",
)
PLACES = ("footnote", "endnote", "header", "footer")
OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def docx_with_notes(lines: list[str], notes: dict[str, list[str]]) -> bytes:
    """tests/test_office.py's DOCX with these footnotes, endnotes, header and footer paragraphs in their parts."""
    parts = {
        "footnote": ("word/footnotes.xml", "footnotes", "footnote"),
        "endnote": ("word/endnotes.xml", "endnotes", "endnote"),
        "header": ("word/header1.xml", "hdr", ""),
        "footer": ("word/footer1.xml", "ftr", ""),
    }
    with zipfile.ZipFile(io.BytesIO(docx(lines))) as archive:
        members: dict[str, str | bytes] = {name: archive.read(name) for name in archive.namelist()}
    for place, paragraphs in notes.items():
        name, root, item = parts[place]
        # a footnote's paragraph as Word writes it: its reference mark, then the text after a space
        body = "".join(
            f'<w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:{item}Ref/></w:r>{word_run(" " + text)}</w:p>'
            if item
            else f"<w:p>{word_run(text)}</w:p>"
            for text in paragraphs
        )
        separator = f'<w:{item} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{item}>' if item else ""
        content = f'{separator}<w:{item} w:id="1">{body}</w:{item}>' if item else body
        members[name] = f'<w:{root} xmlns:w="{W}" xmlns:r="{OFFICE_RELATIONSHIPS}">{content}</w:{root}>'
    return package(members)


def archive_text(member: str | bytes) -> str:
    return member.decode("utf-8") if isinstance(member, bytes) else member


def odt_with_notes(lines: list[str], footnote: str, header: str, footer: str) -> bytes:
    """tests/test_office.py's ODT, its footnote's text `footnote`, and a styles.xml whose master page has the header
    and footer (a page number field in the footer)."""
    with zipfile.ZipFile(io.BytesIO(odt(lines))) as archive:
        members: dict[str, str | bytes] = {name: archive.read(name) for name in archive.namelist()}
    content = archive_text(members["content.xml"])
    members["content.xml"] = content.replace("<text:p>FOOTNOTE</text:p>", f"<text:p>{escape(footnote)}</text:p>")
    members["styles.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:master-styles>'
        '<style:master-page style:name="Standard" style:page-layout-name="pm1">'
        f"<style:header><text:p>{escape(header)}</text:p></style:header>"
        f'<style:footer><text:p>{escape(footer)} <text:page-number text:select-page="current">1</text:page-number>'
        "</text:p></style:footer></style:master-page></office:master-styles></office:document-styles>"
    )
    return package(members)


def rtf_with_notes(lines: list[str], code_page: int, charset: int, notes: dict[str, str], starred: bool) -> bytes:
    """tests/test_rtf.py's RTF (Word's way) with a footnote on the headline, `{\\footnote …}` as Word writes it or
    `{\\*\\footnote …}` as LibreOffice does (an endnote is a footnote marked \\ftnalt), and the header and footer's
    text."""
    codec = {1252: "cp1252", 1251: "cp1251", 950: "cp950"}[code_page]
    content = rtf(lines, code_page, charset).decode("ascii")
    star = "\\*" if starred else ""
    for place, text in notes.items():
        escaped = wrapped(text, codec, False)
        if place in ("footnote", "endnote"):
            alternative = "\\ftnalt" if place == "endnote" else ""
            mark = "{\\super \\chftn}"
            group = f"{mark}{{{star}\\footnote{alternative} \\pard\\plain \\fs20 {mark} {escaped}\\par}}"
            content = content.replace("}\\par\r\n", "}" + group + "\\par\r\n", 1)
        elif place == "header":
            content = content.replace("Harbour Times\\par }", escaped + "\\par }")
        else:  # after the page number
            content = content.replace("{\\fldrslt {1}}}\\par }", "{\\fldrslt {1}}}\\par " + escaped + "\\par }")
    return content.encode("ascii")


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("language", "code_page", "charset", "notice", "outlet"), NOTICES)
def test_a_notice_in_a_docx_note_header_or_footer_names_the_outlet(
    tmp_path: Path, place: str, language: str, code_page: int, charset: int, notice: str, outlet: str
) -> None:
    lines = article(language)
    notes = {other: [ORDINARY_NOTES[0]] for other in PLACES} | {place: [ORDINARY_NOTES[1], notice]}
    doc = outcome_as(CleanDocument, clean(tmp_path, "story.docx", docx_with_notes(lines, notes)))
    assert doc.reprint_source == outlet
    assert paragraphs_of(doc) == expected(lines)  # the notes stay out of the text
    assert doc.page == PageMetadata("docx", lines[0])  # and out of the record's metadata


@pytest.mark.parametrize("place", ["footnote", "header", "footer"])
@pytest.mark.parametrize(("language", "code_page", "charset", "notice", "outlet"), NOTICES)
def test_a_notice_in_an_odt_note_header_or_footer_names_the_outlet(
    tmp_path: Path, place: str, language: str, code_page: int, charset: int, notice: str, outlet: str
) -> None:
    lines = article(language)
    texts = {"footnote": ORDINARY_NOTES[0], "header": lines[0], "footer": ORDINARY_NOTES[3]} | {place: notice}
    doc = outcome_as(CleanDocument, clean(tmp_path, "story.odt", odt_with_notes(lines, **texts)))
    assert doc.reprint_source == outlet
    assert paragraphs_of(doc) == expected(lines)


@pytest.mark.parametrize("starred", [False, True], ids=["word", "libreoffice"])
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("language", "code_page", "charset", "notice", "outlet"), NOTICES)
def test_a_notice_in_an_rtf_note_header_or_footer_names_the_outlet(
    tmp_path: Path, place: str, starred: bool, language: str, code_page: int, charset: int, notice: str, outlet: str
) -> None:
    lines = article(language, {1252: "cp1252", 1251: "cp1251", 950: "cp950"}[code_page])
    content = rtf_with_notes(lines, code_page, charset, {place: notice}, starred)
    doc = outcome_as(CleanDocument, clean(tmp_path, "story.rtf", content))
    assert doc.reprint_source == outlet
    assert paragraphs_of(doc) == expected(lines)


@pytest.mark.parametrize("place", ["footnote", "header"])
@pytest.mark.parametrize(("language", "code_page", "charset", "notice", "outlet"), NOTICES)
def test_a_notice_in_a_word_97_footnote_or_header_names_the_outlet(
    place: str, language: str, code_page: int, charset: int, notice: str, outlet: str
) -> None:
    lines = article(language)
    header, footnote = (notice, "") if place == "header" else ("Harbour Times", notice)
    doc = reprints.clean(word97(lines, lines[0], split_every=40, code_page=code_page, header=header, footnote=footnote))
    assert doc.reprint_source == outlet
    assert [p for part in doc.parts for p in part.paragraphs] == expected(lines)


@pytest.mark.parametrize("note", ORDINARY_NOTES)
def test_ordinary_notes_name_no_outlet(tmp_path: Path, note: str) -> None:
    lines = article("en")
    documents = {
        "docx": docx_with_notes(lines, {place: [note] for place in PLACES}),
        "odt": odt_with_notes(lines, note, lines[0], note),
        "rtf": rtf_with_notes(lines, 1252, 0, {"footnote": note, "header": note, "footer": note}, starred=True),
    }
    for name, content in documents.items():
        doc = outcome_as(CleanDocument, clean(tmp_path, f"story.{name}", content))
        assert doc.reprint_source is None, name
        assert paragraphs_of(doc) == expected(lines), name
    assert reprints.clean(word97(lines, lines[0], header=note, footnote=note)).reprint_source is None


def test_a_notice_in_the_body_comes_before_one_in_a_note(tmp_path: Path) -> None:
    """The body's notice is lifted from the text and names the outlet; the footnote's is not looked at."""
    lines = article("en")
    footnote = {"footnote": ["Reprinted with permission from Nikkei Asia."]}
    content = docx_with_notes([*lines, "Originally published in The Diplomat."], footnote)
    doc = outcome_as(CleanDocument, clean(tmp_path, "story.docx", content))
    assert doc.reprint_source == "The Diplomat" and paragraphs_of(doc) == expected(lines)


def test_a_damaged_notes_part_loses_only_its_notice(tmp_path: Path) -> None:
    lines = article("en")
    with zipfile.ZipFile(io.BytesIO(docx(lines))) as archive:
        members: dict[str, str | bytes] = {name: archive.read(name) for name in archive.namelist()}
    members["word/footnotes.xml"] = f'<w:footnotes xmlns:w="{W}"><w:footnote>'  # cut short
    doc = outcome_as(CleanDocument, clean(tmp_path, "story.docx", package(members)))
    assert doc.reprint_source is None and paragraphs_of(doc) == expected(lines)


def libreoffice(tmp_path: Path, fodt: str, target: str) -> bytes:
    """The flat OpenDocument text converted by soffice (`target`: its --convert-to argument), or skip without it."""
    if shutil.which("soffice") is None:
        pytest.skip("soffice (LibreOffice) is not installed: no PDF or .doc it writes to read")
    source = tmp_path / "story.fodt"
    source.write_text(fodt, encoding="utf-8")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", target,
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return next(path for path in tmp_path.iterdir() if path.stem == "story" and path.suffix != ".fodt").read_bytes()


@pytest.mark.parametrize(
    ("language", "place", "target"),
    [("en", "header", "pdf"), ("ru", "footer", "pdf"), ("fr", "footnote", "doc:MS Word 97"), ("ja", "footer", "doc:MS Word 97")],
)
def test_a_notice_libreoffice_put_in_a_running_foot_or_a_footnote_names_the_outlet(
    tmp_path: Path, language: str, place: str, target: str
) -> None:
    """A5 pages: the article takes two or more, so the PDF's head and foot repeat and are page furniture."""
    from bench.note_notices import LANGUAGES, fodt, notices

    lines = article(language)
    notice, outlet = notices(LANGUAGES[language])[0]
    doc = reprints.clean(libreoffice(tmp_path, fodt(tuple(lines), notice, place), target))
    assert doc.reprint_source == outlet
    assert notice not in [p for part in doc.parts for p in part.paragraphs]


def running_pages(heads: list[str], per_page: int = 12) -> list[list[PageLine]]:
    """The English article wrapped in lines of at most 55 characters (an A5 page's), on pages of `per_page` lines
    14 pt apart, under the head's lines set as closely (as LibreOffice sets a header without spacing): on every page
    the head's last line stands right above the page's first line."""
    lines = [line for paragraph in article("en") for line in wrap(paragraph, "en", 55)]
    pages = []
    for start in range(0, len(lines), per_page):
        texts = heads + lines[start : start + per_page]
        pages.append([PageLine(text, 72, 560 - 14 * row, 12) for row, text in enumerate(texts)])
    return pages


def test_a_running_head_notice_is_not_joined_with_the_text_below_it() -> None:
    """A notice in a running head that ends without a full stop stands right above each page's first line: that line
    changes from page to page, so it is no part of the notice, and the outlet is the head's alone."""
    notice = "Reprinted with permission from The Straits Times"
    _, heads_and_feet = without_furniture(running_pages([notice]))
    assert note_reprint_source(heads_and_feet) == "The Straits Times"


def test_a_notice_wrapped_past_a_running_head_is_named_whole() -> None:
    """The notice's last line, below the two lines a head may take, repeats with the head on every page: it is read
    with the line above it (and, not furniture, stays in the text, as docs/documents.md says)."""
    heads = ["The Harbour Times", "Reprinted with permission from the South China", "Morning Post"]
    _, heads_and_feet = without_furniture(running_pages(heads))
    assert note_reprint_source(heads_and_feet) == "the South China Morning Post"


def test_a_notice_libreoffice_put_in_a_running_head_without_a_full_stop_names_the_outlet_alone(tmp_path: Path) -> None:
    """The head's notice line stands right above the text on every page, as in the PageLine tests above."""
    from bench.note_notices import fodt

    lines = next(lines for lines in ntrex_articles("en") if len(lines[0]) < 56 and len(lines) > 12)
    notice = "Reprinted with permission from The Straits Times"
    doc = reprints.clean(libreoffice(tmp_path, fodt(lines, notice, "header"), "pdf"))
    assert doc.reprint_source == "The Straits Times"


def test_the_notes_parts_of_a_docx_decompress_to_max_bytes_together() -> None:
    """Each part of a package is bounded by --max-bytes, and so are its notes parts all together: a ZIP bomb of a
    thousand header parts, each just under the bound, would otherwise decompress a thousand times as much. The
    parts past the bound are left out (only a notice they may hold is lost); the text is read whole."""
    lines = article("en")
    with zipfile.ZipFile(io.BytesIO(docx(lines))) as archive:
        members: dict[str, str | bytes] = {name: archive.read(name) for name in archive.namelist()}
    padding = " " * 30_000  # XML whitespace between the paragraphs: compressed to nearly nothing
    for number in range(1, 6):
        members[f"word/header{number}.xml"] = f'<w:hdr xmlns:w="{W}">{padding}<w:p>{word_run(f"Head {number}")}</w:p></w:hdr>'
    page = read_document(package(members), "docx", max_bytes=100_000)
    assert page.notes == ("FOOTNOTE", "Head 1", "Head 2", "Head 3")  # 90 KB; a fourth header would make 120
    assert page.paragraphs == lines[1:]


def test_a_note_too_long_to_be_a_notice_is_passed_over_and_a_mangled_notice_is_not() -> None:
    """A note is cleaned before it is looked at only when it may clean down to a notice (MAX_NOTE_LENGTH): a
    footnote of a long essay is passed over, and the notice after it, written in mojibake (UTF-8 read as cp1252,
    three characters for one Chinese character) between runs of tabs, is still found."""
    notice, outlet = NOTICES[3][3:]
    mangled = "\t" * 400 + notice.encode("utf-8").decode("cp1252") + "\t" * 400
    essay = " ".join(article("fr")) * 3
    assert len(essay) > MAX_NOTE_LENGTH >= len(mangled) > MAX_NOTICE_LENGTH and notice not in mangled
    content = docx_with_notes(article("en"), {"footnote": [essay, mangled]})
    assert reprints.clean(content).reprint_source == outlet


def test_a_foot_notice_is_not_joined_with_the_page_number_below_it() -> None:
    """A page number right below a foot's notice stands at its height on every page, as a wrapped notice's last line
    would: it is a page number all the same, no part of the outlet's name."""
    pages = running_pages([])
    for number, lines in enumerate(pages, 1):
        bottom = min(line.y for line in lines)
        lines += [PageLine("Reprinted with permission from The Straits Times", 72, bottom - 28, 12),
                  PageLine(str(number), 290, bottom - 42, 12)]  # fmt: skip
    assert note_reprint_source(without_furniture(pages)[1]) == "The Straits Times"
