"""DOCX and ODT in, article text out (tasks/steps/office.py through the pipeline): NTREX articles of ../shared/corpus
packed here with zipfile as Word and LibreOffice pack them (minimal valid packages, with the parts that are not
article text: headers, footnotes, deleted revisions, field codes, text boxes); a real LibreOffice ODT when the
machine has one; encrypted, damaged and oversized files quarantined; one run of the real command."""

from __future__ import annotations

import io
import sys
import sysconfig
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tasks.model import CleanDocument, PageMetadata, Quarantined, SourceFile
from tasks.pipeline import CleanOptions, StepTimer, clean_files
from tasks.steps.office import OLE_MAGIC
from tests.cli_runs import json_report, rows
from tests.conftest import outcome_as
from tests.test_news_xml import article, clean, expected, paragraphs_of
from tests.test_rtf import rtf

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels"
ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1"
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
Target="docProps/core.xml"/></Relationships>"""
ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}
ODF_NAMESPACES = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in ODF.items())
LANGUAGES = [("en", "utf-8"), ("zh-Hant", "utf-8"), ("ja", "utf-8"), ("ru", "utf-8"), ("ar", "utf-8")]


def package(members: dict[str, str | bytes]) -> bytes:
    """A ZIP archive of the members, in order, compressed as office suites do (the ODF mimetype stored first)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def word_run(text: str, rsid: str = "00A1") -> str:
    return f'<w:r w:rsidR="{rsid}"><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def docx_paragraph(line: str, index: int) -> str:
    """A body paragraph as Word writes it: runs split mid-word (revision ids), a proofing mark, a bookmark; and in
    the first, a footnote reference, a deleted revision, a field's code and a text box: none of them text."""
    cut = len(line) // 2
    extra = ""
    if index == 1:
        extra = (
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
            '<w:del w:id="3" w:author="Editor"><w:r><w:delText>DELETED WORDS</w:delText></w:r></w:del>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN TEXT</w:t></w:r>"
            '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
            "<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>TEXT BOX</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
            "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
            "<v:textbox><w:txbxContent><w:p><w:r><w:t>TEXT BOX</w:t></w:r></w:p></w:txbxContent></v:textbox>"
            "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
    return (
        f'<w:p w:rsidR="00B2" w:rsidRDefault="00B2"><w:pPr><w:spacing w:after="160"/></w:pPr>'
        f'<w:bookmarkStart w:id="{index}" w:name="p{index}"/>{word_run(line[:cut])}<w:proofErr w:type="spellStart"/>'
        f'{word_run(line[cut:], "00C3")}<w:proofErr w:type="spellEnd"/><w:bookmarkEnd w:id="{index}"/>{extra}</w:p>'
    )


def docx(lines: list[str], table: list[list[str]] | None = None) -> bytes:
    """A Word document: the headline in style Title (and core.xml's title), a paragraph a line, a header part."""
    rows = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:tcPr/><w:p>{word_run(cell)}</w:p></w:tc>" for cell in row) + "</w:tr>"
        for row in table or []
    )
    body = "".join(docx_paragraph(line, i) for i, line in enumerate(lines[1:], 1))
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document xmlns:w="{W}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" '
        'mc:Ignorable="wps"><w:body><w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>'
        f"{word_run(lines[0])}</w:p>{body}{f'<w:tbl><w:tblPr/>{rows}</w:tbl>' if rows else ''}"
        '<w:sectPr><w:headerReference w:type="default" r:id="rId8" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></w:sectPr></w:body></w:document>'
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{escape(lines[0])}</dc:title>'
        '<dc:creator>Harbour Desk</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-03-02T08:15:00Z'
        "</dcterms:created></cp:coreProperties>"
    )
    header = f'<w:hdr xmlns:w="{W}"><w:p>{word_run("HARBOUR TIMES PAGE HEADER")}</w:p></w:hdr>'
    footnotes = f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p>{word_run("FOOTNOTE")}</w:p></w:footnote></w:footnotes>'
    return package(
        {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": document,
         "word/header1.xml": header, "word/footnotes.xml": footnotes, "docProps/core.xml": core}
    )  # fmt: skip


def odt(lines: list[str]) -> bytes:
    """An OpenDocument text as LibreOffice writes it: a heading, spans, <text:s/> for repeated spaces, a footnote,
    a soft page break, a drawing's frame; meta.xml's title."""
    paragraphs = "".join(
        f'<text:p text:style-name="P1">{escape(line[: len(line) // 2])}<text:soft-page-break/>'
        f'<text:span text:style-name="T1">{escape(line[len(line) // 2 :])}</text:span>'
        + ("<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body>"
           "<text:p>FOOTNOTE</text:p></text:note-body></text:note>" if i == 1 else "")
        + "</text:p>\n   "
        for i, line in enumerate(lines[1:], 1)
    )  # fmt: skip
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODF_NAMESPACES} office:version="1.3">'
        "<office:automatic-styles/><office:body><office:text><text:sequence-decls><text:sequence-decl "
        'text:display-outline-level="0" text:name="Illustration"/></text:sequence-decls>'
        f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{escape(lines[0])}</text:h>\n   '
        f'<draw:frame draw:name="Image1"><draw:text-box><text:p>CAPTION IN A FRAME</text:p></draw:text-box></draw:frame>'
        f"{paragraphs}</office:text></office:body></office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ODF_NAMESPACES}><office:meta>'
        f"<meta:generator>LibreOffice/24.2</meta:generator><dc:title>{escape(lines[0])}</dc:title>"
        "<meta:creation-date>2026-03-02T08:15:00</meta:creation-date></office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    return package(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content, "meta.xml": meta,
         "META-INF/manifest.xml": manifest}
    )  # fmt: skip


FORMATS = {"docx": docx, "odt": odt}


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize(("language", "codec"), LANGUAGES)
def test_a_word_processor_file_becomes_its_article(tmp_path: Path, kind: str, language: str, codec: str) -> None:
    lines = article(language, codec)
    doc = outcome_as(CleanDocument, clean(tmp_path, "story.bin", FORMATS[kind](lines)))
    assert paragraphs_of(doc) == expected(lines)  # no header, footnote, deletion, field code, text box nor markup
    assert [part.language for part in doc.parts] == [language]
    assert doc.parts[0].title == lines[0]
    assert doc.page == PageMetadata(kind, lines[0], None, None)  # a file's creation date is no publication date
    assert doc.source_encoding == "utf-8" and doc.fixes == []


def test_a_docx_table_row_is_a_paragraph_of_its_cells(tmp_path: Path) -> None:
    lines = article("en")
    table = [["Ferry", "Crossings", ""], ["Harbour Star", "12", ""]]
    doc = outcome_as(CleanDocument, clean(tmp_path, "story.docx", docx(lines, table)))
    assert paragraphs_of(doc) == [*expected(lines), "Ferry | Crossings", "Harbour Star | 12"]


def real_odt() -> Path:
    """A document LibreOffice saved (docutils' ODF writer ships it), or skip: it is not part of this project."""
    base_site_packages = sysconfig.get_paths(vars={"base": sys.base_prefix})["purelib"]  # beside the venv's
    for folder in [*sys.path, base_site_packages]:
        path = Path(folder, "docutils", "writers", "odf_odt", "styles.odt")
        if path.is_file():
            return path
    pytest.skip("no docutils styles.odt (a real LibreOffice ODT) on this machine")


def test_a_real_libreoffice_odt_becomes_its_text(tmp_path: Path) -> None:
    doc = outcome_as(CleanDocument, clean(tmp_path, "styles.odt", real_odt().read_bytes()))
    assert paragraphs_of(doc) == [
        "Table style 0 (rststyle-table-0) – the default table style",
        "Do not change the name of this table. rststyle-table-0 is the default style used by odf-odt writer. | "
        "Name all table styles with prefix “rststyle-table-”.",
        "Table style 1 (rststyle-table-1) – another sample table style. Use the “class” directive to apply this style "
        "to a table.",
    ]
    assert doc.page == PageMetadata("odt") and doc.source_encoding == "utf-8"


def encrypted_docx() -> bytes:
    """The start of what Word saves with a password: an OLE compound file whose directory names the encrypted
    package (its streams' names in UTF-16)."""
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\0") + "EncryptedPackage".encode("utf-16-le")
    return OLE_MAGIC + bytes(504) + directory.ljust(1024, b"\0")


@pytest.mark.parametrize(
    ("content", "reason", "detail"),
    [
        (encrypted_docx(), "unsupported_format", "password-protected"),
        (package({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": f'<w:document xmlns:w="{W}"><w:body>'}),
         "unsupported_format", "word/document.xml is not well-formed"),
        (package({"word/document.xml": f'<w:document xmlns:w="{W}"><w:body><w:p/></w:body></w:document>'}), "no_text",
         "docx document holds no body text"),
        (package({"mimetype": "application/vnd.oasis.opendocument.text", "meta.xml": "<x/>"}), "unsupported_format",
         "a damaged ODT file: \"There is no item named 'content.xml'"),
        (package({"data.csv": "a,b\n1,2\n"}), "binary", "a ZIP file, and no DOCX or ODT"),
        (b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\info{\\title Only a title}}}", "no_text", "rtf document holds no"),
    ],
)  # fmt: skip
def test_files_that_cannot_be_read_are_quarantined_saying_why(tmp_path: Path, content: bytes, reason: str, detail: str) -> None:
    quarantined = outcome_as(Quarantined, clean(tmp_path, "file.docx", content))
    assert quarantined.reason == reason and detail in quarantined.detail, quarantined.detail


@pytest.mark.parametrize("kind", ["docx", "odt"])
@pytest.mark.parametrize("kept", [0.9, 0.5, 0.2])
def test_a_package_cut_short_is_a_damaged_document_not_any_zip(tmp_path: Path, kind: str, kept: float) -> None:
    """A download cut short loses the ZIP's directory, at its end; the members' own headers still say what the file
    is: quarantined as a damaged DOCX or ODT (unsupported_format, which docs/documents.md promises), not `binary`."""
    content = FORMATS[kind](article("en"))
    quarantined = outcome_as(Quarantined, clean(tmp_path, f"cut.{kind}", content[: int(len(content) * kept)]))
    assert quarantined.reason == "unsupported_format" and f"a damaged {kind.upper()} file" in quarantined.detail


def test_a_docx_that_lost_its_document_part_is_a_damaged_docx(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(docx(article("en")))) as archive:
        members: dict[str, str | bytes] = {n: archive.read(n) for n in archive.namelist() if n != "word/document.xml"}
    quarantined = outcome_as(Quarantined, clean(tmp_path, "lost.docx", package(members)))
    assert quarantined.reason == "unsupported_format"
    assert quarantined.detail == "a damaged DOCX file: \"There is no item named 'word/document.xml' in the archive\""


def test_a_zip_bomb_stops_at_max_bytes(tmp_path: Path) -> None:
    """A small DOCX whose document.xml decompresses to 20 MB: read no further than --max-bytes."""
    padding = "<w:p><w:r><w:t>" + "a" * 20_000_000 + "</w:t></w:r></w:p>"
    content = package({"word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{padding}</w:body></w:document>'})
    assert len(content) < 100_000
    path = tmp_path / "bomb.docx"
    path.write_bytes(content)
    source = SourceFile(str(path), "bomb.docx", len(content))
    outcome = clean_files([source], [frozenset()], CleanOptions(max_bytes=1_000_000), StepTimer())[0]
    quarantined = outcome_as(Quarantined, outcome)
    assert quarantined.reason == "too_large" and "word/document.xml decompresses to over 1000000" in quarantined.detail


def test_a_real_run_reads_rtf_docx_and_odt(tmp_path: Path, api_url: str) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    en, zh, ru = article("en"), article("zh-Hant", "cp950"), article("ru")
    (raw / "story.rtf").write_bytes(rtf(zh, 950, 136))
    (raw / "story.docx").write_bytes(docx(en))
    (raw / "story.odt").write_bytes(odt(ru))
    (raw / "locked.docx").write_bytes(encrypted_docx())
    report = json_report(raw, out, api_url)
    assert report["documents"] == 3 and report["quarantined"] == {"unsupported_format": 1}
    columns = ["source_path", "source_format", "title", "published", "source_encoding", "text"]
    found = {row[0]: row[1:] for row in rows(out, "records", columns)}
    assert found == {
        "story.rtf": ("rtf", zh[0], None, "big5", "\n\n".join(expected(zh))),
        "story.docx": ("docx", en[0], None, "utf-8", "\n\n".join(expected(en))),
        "story.odt": ("odt", ru[0], None, "utf-8", "\n\n".join(expected(ru))),
    }
