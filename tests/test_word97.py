"""Word 97-2003 .doc in, article text out (tasks/steps/word97.py through reprints.clean and one real run): NTREX
articles of ../shared/corpus written here as .doc files (tests/word97_files.py: Word 2003's layout, one piece as Word
saves a document whole, or many compressed and Unicode pieces stored out of order as after fast saves; fields, a
picture, a footnote reference, a page header's story, a table); encrypted, Word 6, other OLE files and damaged
compound files quarantined, saying what they are."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

import reprints
from tasks.model import PageMetadata, Rejected
from tasks.steps import word97 as word97_reader
from tests.cli_runs import json_report, rows
from tests.test_news_xml import article, expected
from tests.word97_files import SECTOR, compound_file, word97

# language, the code page Windows saves its titles in; Latin text is stored compressed (cp1252), the others in UTF-16
LANGUAGES = [("en", 1252), ("fr", 1252), ("zh-Hant", 950), ("ja", 932), ("ru", 1251), ("ar", 1256), ("el", 1253)]
TABLE = [["Ferry", "", "Crossings", ""], ["Harbour Star", "12", "", ""]]


def paragraphs(doc: reprints.Document) -> list[str]:
    return [p for part in doc.parts for p in part.paragraphs]


@pytest.mark.parametrize("split_every", [0, 40], ids=["one-piece", "fast-saved"])
@pytest.mark.parametrize(("language", "code_page"), LANGUAGES)
def test_a_word_97_document_becomes_its_article(language: str, code_page: int, split_every: int) -> None:
    lines = article(language)
    doc = reprints.clean(word97(lines, lines[0], split_every=split_every, code_page=code_page), name="story.bin")
    assert paragraphs(doc) == expected(lines)  # no field code, picture, footnote mark, page header nor piece order
    assert [part.language for part in doc.parts] == [language]
    assert doc.parts[0].title == lines[0] and doc.page == PageMetadata("doc", lines[0])
    assert doc.source_encoding == ("cp1252" if code_page == 1252 else "utf-16-le") and doc.fixes == []


def test_a_table_row_is_a_paragraph_of_its_cells() -> None:
    """Cells and the row's end are all 0x07 in the text, a cell's paragraphs end with 0x0D as others do: the
    paragraph properties (PAPX) say which ends the row and which are in a cell."""
    lines = article("en")
    table = [*TABLE, ["Sea Breeze\nnew this winter", "4"]]
    doc = reprints.clean(word97(lines, lines[0], table=table, split_every=30))
    assert paragraphs(doc) == [*expected(lines), "Ferry | | Crossings", "Harbour Star | 12", "Sea Breeze new this winter | 4"]


def test_words_the_title_property_starts_the_text_with_are_no_title() -> None:
    """Word fills the title property with the document's first words; that is no headline. A title of the
    writer's own is one."""
    lines = article("en")
    auto = reprints.clean(word97(lines, lines[0][:12]))
    assert auto.page.title is None and auto.parts[0].title == lines[0] and paragraphs(auto)[0] == lines[0]
    own = reprints.clean(word97(lines[1:], "Harbour news"))
    assert own.page.title == "Harbour news" and paragraphs(own) == expected(lines)


def workbook() -> bytes:
    return compound_file({"Workbook": bytes(4096), "\x05SummaryInformation": bytes(4096)})


def message_naming_a_word_document() -> bytes:
    """An Outlook message whose body names a WordDocument (as one with a .doc attached holds that stream, deeper)."""
    body = "See the WordDocument attached.".encode("utf-16-le").ljust(4096, b"\0")
    return compound_file({"__properties_version1.0": bytes(4096), "__substg1.0_1000001F": body})


def with_loop(doc: bytes) -> bytes:
    """The document with its WordDocument stream's first sector chained to itself in the FAT (the last sector)."""
    damaged = bytearray(doc)
    struct.pack_into("<I", damaged, len(damaged) - SECTOR, 0)
    return bytes(damaged)


def with_piece_table(doc: bytes, size: int) -> bytes:
    """The document of one piece with its piece table (0x02, its size: 16 bytes, CP 0) claiming `size` bytes."""
    one_piece = b"\x02" + struct.pack("<Ii", 16, 0)
    assert doc.count(one_piece) == 1
    return doc.replace(one_piece, b"\x02" + struct.pack("<Ii", size, 0))


@pytest.mark.parametrize(
    ("make", "detail"),
    [
        (lambda lines: word97(lines, encrypted=True), "a password-protected (encrypted) Office document"),
        (lambda lines: word97(lines, nfib=0x65), "a Word 6.0/95 or older document (nFib 101)"),
        (lambda lines: workbook(), "an Excel workbook (.xls), not a Word document"),
        (lambda lines: message_naming_a_word_document(), "an Outlook message (.msg), not a Word document"),
        (lambda lines: word97(lines)[: -SECTOR // 2], "a damaged Word 97-2003 file"),
        (lambda lines: with_loop(word97(lines)), "a damaged Word 97-2003 file"),
        (lambda lines: with_piece_table(word97(lines), 0x7FFFFFF0), "a damaged Word 97-2003 file"),
    ],
    ids=["encrypted", "word-6", "excel", "outlook", "cut-short", "sector-loop", "huge-piece-table"],
)
def test_ole_files_that_cannot_be_read_are_quarantined_saying_why(make, detail: str) -> None:
    with pytest.raises(Rejected) as rejected:
        reprints.clean(make(article("en")), name="file.doc")
    assert rejected.value.reason == "unsupported_format" and detail in rejected.value.detail, rejected.value.detail


def test_a_real_run_reads_doc_files(tmp_path: Path, api_url: str) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    en, ru = article("en"), article("ru")
    (raw / "story.doc").write_bytes(word97(en, en[0], table=TABLE))
    (raw / "archive.bin").write_bytes(word97(ru, ru[0], split_every=40, code_page=1251))
    (raw / "locked.doc").write_bytes(word97(en, encrypted=True))
    (raw / "sheet.xls").write_bytes(workbook())
    report = json_report(raw, out, api_url)
    assert report["documents"] == 2 and report["quarantined"] == {"unsupported_format": 2}
    columns = ["source_path", "source_format", "title", "source_encoding", "text"]
    found = {row[0]: row[1:] for row in rows(out, "records", columns)}
    assert found == {
        "story.doc": ("doc", en[0], "cp1252", "\n\n".join([*expected(en), "Ferry | | Crossings", "Harbour Star | 12"])),
        "archive.bin": ("doc", ru[0], "utf-16-le", "\n\n".join(expected(ru))),
    }
    details = {row[0]: row[1] for row in rows(out, "quarantine", ["source_path", "detail"])}
    assert details == {
        "locked.doc": "a password-protected (encrypted) Office document: save it without one",
        "sheet.xls": "an Excel workbook (.xls), not a Word document",
    }


def test_a_bug_in_making_paragraphs_fails_the_file_and_is_not_taken_for_a_damaged_doc(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(block: str) -> str:
        raise IndexError("a bug of ours")

    monkeypatch.setattr(word97_reader, "_block", broken)  # a collaborator of read_word97, not read_word97 itself
    with pytest.raises(IndexError, match="a bug of ours"):
        word97_reader.read_word97(word97(article("en")))
