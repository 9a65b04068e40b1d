"""Word-processor files read as their body text: RTF (tasks/steps/rtf.py), DOCX (Word), ODT (OpenDocument) and
Word 97-2003 .doc (tasks/steps/word97.py).

Whatever its name, a file is DOCX when it is a ZIP archive holding
`word/document.xml`, and ODT when its `mimetype` member says
`application/vnd.oasis.opendocument.text`; any other ZIP stays binary. A
password-protected DOCX is no ZIP but an OLE compound file holding an
`EncryptedPackage` stream: quarantined, saying so. Any other OLE compound file
naming a `WordDocument` stream is a .doc; one that names none (.xls, .ppt, .msg)
is quarantined, saying what it is.

The body's XML is read without network access, DTD loading or entity
expansion, and no member is decompressed past --max-bytes (a ZIP bomb stops
there). One paragraph per `<w:p>` or `<text:p>`/`<text:h>`, in document order;
a table row is one paragraph of its cells joined by " | "; tabs, line breaks and
non-breaking hyphens are kept; deleted revisions, field instructions, hidden
text, footnotes, comments, headers, footers, text boxes and drawings are not
article text. The text of footnotes, endnotes, headers and footers (DOCX: their
parts; ODT: `<text:note>` bodies, styles.xml's master pages) is read apart, as
the document's notes, for a reprint notice only (tasks/steps/html.py WebPage.notes).
The title is the document's own (`docProps/core.xml` or `meta.xml`
dc:title); no date is taken: a file's creation date is not its publication date.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tasks.model import Rejected
from tasks.steps.html import CELL_SEPARATOR, MARKUP_SPACES, WebPage, without_headline
from tasks.steps.news_xml import xml_parser
from tasks.steps.rtf import is_rtf, read_rtf
from tasks.steps.word97 import ENCRYPTED, WORD_DOCUMENT_NAME, read_word97

if TYPE_CHECKING:
    from lxml import etree

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream's name in the compound file's directory
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
# The parts of a DOCX that hold its notes, headers and footers (header1.xml, footer2.xml...: one per section and
# kind), and the order they are read in.
DOCX_NOTE_PARTS = re.compile(r"word/(footnotes|endnotes|header|footer)\d*\.xml")
DOCX_NOTE_ORDER = ("footnotes", "endnotes", "header", "footer")
# What zipfile raises for a damaged or encrypted archive: bad headers, a CRC or deflate error, a cut-off or missing
# member.
UNREADABLE_ZIP = (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, OSError, EOFError, ValueError, KeyError)

# DOCX: what a run's elements are as text; the elements whose content is not the article's text.
DOCX_CHARACTERS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "\u2011"}
DOCX_SKIPPED = frozenset(
    f"{W}{name}" for name in ("drawing", "pict", "object", "footnoteReference", "endnoteReference", "commentReference")
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
# ODT: what an element is as text; the elements not read.
ODT_CHARACTERS = {f"{TEXT}tab": "\t", f"{TEXT}line-break": "\n"}
ODT_SKIPPED = frozenset(
    (f"{TEXT}note", f"{TEXT}tracked-changes", f"{TEXT}sequence-decls", f"{OFFICE}annotation", f"{OFFICE}forms",
     f"{TABLE}covered-table-cell", "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}frame")
)  # fmt: skip


def document_kind(raw: bytes) -> str | None:
    """'rtf', 'docx', 'odt', 'doc', 'encrypted' (a password-protected DOCX) or 'ole' (another OLE compound file)
    by content; None for anything else."""
    if raw.startswith(ZIP_MAGIC):
        return _zip_kind(raw)
    if raw.startswith(OLE_MAGIC):
        return "encrypted" if ENCRYPTED_PACKAGE in raw else "doc" if WORD_DOCUMENT_NAME in raw else "ole"
    return "rtf" if is_rtf(raw) else None


def read_document(raw: bytes, kind: str, max_bytes: int) -> WebPage:
    """A word-processor file's paragraphs, title and notes; Rejected when it cannot be read, saying why."""
    if kind == "rtf":
        page = read_rtf(raw)
    elif kind in ("doc", "ole"):
        page = read_word97(raw)
    elif kind == "encrypted":
        raise Rejected("unsupported_format", ENCRYPTED)
    else:
        page = _read_zipped(raw, kind, max_bytes)
    if not page.paragraphs:
        raise Rejected("no_text", f"the {kind} document holds no body text")
    paragraphs = without_headline(page.paragraphs, page.title)
    return WebPage(paragraphs, page.encoding, page.had_bom, page.fixes, page.title, notes=page.notes)


def _zip_kind(raw: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names or _word_parts_without_body(names):
                return "docx"
            if "mimetype" in names:
                with archive.open("mimetype") as mimetype:
                    return "odt" if mimetype.read(len(ODT_MIMETYPE) + 2).strip() == ODT_MIMETYPE else None
    except UNREADABLE_ZIP:
        return _kind_by_local_headers(raw)
    return None


def _word_parts_without_body(names: set[str]) -> bool:
    """An Office package with Word's parts but word/document.xml lost: a damaged DOCX, not any ZIP archive."""
    return "[Content_Types].xml" in names and any(name.startswith("word/") for name in names)


def _kind_by_local_headers(raw: bytes) -> str | None:
    """'docx' or 'odt' for a ZIP package whose directory is lost (a download cut short, a damaged copy), known by
    the member names its local headers still give (a Word part, ODF's mimetype); None for a damaged archive of
    another kind, or one cut before any such member (binary)."""
    for header in re.finditer(re.escape(ZIP_MAGIC), raw):
        start = header.start()
        name_length, extra_length = struct.unpack_from("<HH", raw, start + 26) if len(raw) >= start + 30 else (0, 0)
        name = raw[start + 30 : start + 30 + name_length]
        if name.startswith(b"word/"):
            return "docx"
        content = start + 30 + name_length + extra_length
        if name == b"mimetype" and raw[content : content + len(ODT_MIMETYPE)] == ODT_MIMETYPE:
            return "odt"
    return None


def _read_zipped(raw: bytes, kind: str, max_bytes: int) -> WebPage:
    body, metadata, read = ("word/document.xml", "docProps/core.xml", docx_paragraphs) if kind == "docx" else (
        "content.xml", "meta.xml", odt_paragraphs)  # fmt: skip
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            root = _parse(archive, body, max_bytes)
            paragraphs = read(root)
            names = set(archive.namelist())
            title = _title(_parse(archive, metadata, max_bytes)) if metadata in names else None
            notes = _docx_notes(archive, max_bytes) if kind == "docx" else _odt_notes(root, archive, max_bytes)
    except UNREADABLE_ZIP as error:
        raise Rejected("unsupported_format", f"a damaged {kind.upper()} file: {error}") from None
    return WebPage(paragraphs, "utf-8", title=title, notes=tuple(notes))


def _docx_notes(archive: zipfile.ZipFile, max_bytes: int) -> list[str]:
    """The paragraphs of the footnotes, endnotes, headers and footers parts, in that order. The parts share
    max_bytes: a package of a thousand header parts (one a section and kind), each just within the bound, would
    decompress a thousand times what one may. zipfile reads a member no further than the size its entry states, so
    that size, within what is left, is what the part costs; a part past the bound is left out."""
    parts = [(DOCX_NOTE_ORDER.index(part[1]), name) for name in archive.namelist() if (part := DOCX_NOTE_PARTS.fullmatch(name))]
    notes: list[str] = []
    left = max_bytes
    for _, name in sorted(parts):
        notes += _blocks(_note_part(archive, name, left), DOCX)
        left -= min(archive.getinfo(name).file_size, left)
    return notes


def _odt_notes(content: etree._Element, archive: zipfile.ZipFile, max_bytes: int) -> list[str]:
    """The paragraphs of content.xml's footnotes and endnotes, then of styles.xml's master pages' headers and
    footers (first page, left and right pages alike)."""
    notes = [p for body in content.iter(f"{TEXT}note-body") for p in _blocks(body, ODT)]
    styles = _note_part(archive, "styles.xml", max_bytes) if "styles.xml" in archive.namelist() else None
    for master_page in styles.iter(f"{STYLE}master-page") if styles is not None else ():
        notes += [p for head_or_foot in master_page for p in _blocks(head_or_foot, ODT)]
    return notes


def _note_part(archive: zipfile.ZipFile, name: str, max_bytes: int) -> etree._Element | None:
    """A part that holds notes, or None when it cannot be read: the notes are not the article, so a damaged or
    oversized one loses only a reprint notice it may hold, never the document."""
    try:
        return _parse(archive, name, max_bytes)
    except (Rejected, *UNREADABLE_ZIP):
        return None


def _parse(archive: zipfile.ZipFile, name: str, max_bytes: int) -> etree._Element:
    """A member's XML root, decompressed up to max_bytes (--max-bytes) and parsed safely (news_xml.xml_parser)."""
    from lxml import etree

    info = archive.getinfo(name)
    if info.flag_bits & 0x1:
        raise Rejected("unsupported_format", f"{name} is encrypted in the ZIP archive: save the file without a password")
    with archive.open(info) as member:
        data = member.read(max_bytes + 1)  # what it holds, not what its header claims: that can lie
    if len(data) > max_bytes:
        raise Rejected("too_large", f"{name} decompresses to over {max_bytes} bytes (--max-bytes)")
    try:
        return etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as error:
        raise Rejected("unsupported_format", f"{name} is not well-formed XML ({error})") from None


@dataclass(frozen=True)
class Vocabulary:
    """A format's element names: its paragraphs, table rows and cells, what is not read, and its paragraphs' text."""

    paragraphs: frozenset[str]
    row: str
    cell: str
    skipped: frozenset[str]
    text: Callable[[etree._Element], str]


def docx_paragraphs(document: etree._Element) -> list[str]:
    """The paragraphs of word/document.xml's body: one per <w:p>, a table row's cells joined.

    >>> from lxml import etree
    >>> xml = (f'<w:document xmlns:w="{W[1:-1]}"><w:body><w:p><w:r><w:t xml:space="preserve">Well</w:t><w:tab/>'
    ...        '<w:t>-</w:t><w:noBreakHyphen/><w:delText>gone</w:delText><w:t>known</w:t></w:r></w:p><w:tbl><w:tr>'
    ...        '<w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>')
    >>> docx_paragraphs(etree.fromstring(xml))
    ['Well\\t-\\u2011known', 'a']
    """
    return _blocks(document.find(f"{W}body"), DOCX)


def odt_paragraphs(content: etree._Element) -> list[str]:
    """The paragraphs of content.xml's text: one per <text:p> or <text:h>, a table row's cells joined.

    >>> from lxml import etree
    >>> xml = (f'<office:document-content xmlns:office="{OFFICE[1:-1]}" xmlns:text="{TEXT[1:-1]}"><office:body>'
    ...        '<office:text><text:h>Head</text:h><text:p>One <text:span>two</text:span><text:s text:c="2"/>three'
    ...        '<text:note><text:note-body><text:p>note</text:p></text:note-body></text:note></text:p>'
    ...        '</office:text></office:body></office:document-content>')
    >>> odt_paragraphs(etree.fromstring(xml))
    ['Head', 'One two  three']
    """
    return _blocks(content.find(f"{OFFICE}body/{OFFICE}text"), ODT)


def _blocks(element: etree._Element | None, vocabulary: Vocabulary) -> list[str]:
    """The text of each paragraph and table row under the element, in document order, leaving out empty ones."""
    blocks: list[str] = []
    for child in element if element is not None else ():
        if child.tag in vocabulary.skipped:
            continue
        if child.tag in vocabulary.paragraphs:
            blocks.append(vocabulary.text(child).strip())
        elif child.tag == vocabulary.row:
            cells = [" ".join(_blocks(cell, vocabulary)) for cell in child.iterchildren(vocabulary.cell)]
            while cells and not cells[-1]:
                cells.pop()  # a row's empty cells at its end: a layout's, not the text's
            blocks.append(CELL_SEPARATOR.join(cells))
        else:  # a list, a section, a table, a content control: containers of paragraphs
            blocks += _blocks(child, vocabulary)
    return [block for block in blocks if block]


def _docx_text(paragraph: etree._Element) -> str:
    pieces: list[str] = []
    _collect_docx(paragraph, pieces)
    return "".join(pieces)


def _collect_docx(element: etree._Element, pieces: list[str]) -> None:
    """A <w:p>'s text: its runs' <w:t>, tabs and breaks; not hidden runs (<w:vanish/>) nor what DOCX_SKIPPED holds.
    Only <w:t> holds text: deleted text is <w:delText>, a field's instruction <w:instrText>."""
    for child in element:
        if child.tag == f"{W}t":
            pieces.append(child.text or "")
        elif child.tag in DOCX_CHARACTERS:
            pieces.append(DOCX_CHARACTERS[child.tag])
        elif child.tag not in DOCX_SKIPPED and not (child.tag == f"{W}r" and child.find(f"{W}rPr/{W}vanish") is not None):
            _collect_docx(child, pieces)


def _odt_text(paragraph: etree._Element) -> str:
    pieces = [MARKUP_SPACES.sub(" ", paragraph.text or "")]
    for child in paragraph:
        _collect_odt(child, pieces)
    return "".join(pieces)


def _collect_odt(element: etree._Element, pieces: list[str]) -> None:
    """An ODF element's text and tail, whitespace collapsed; <text:s text:c="N"/> is N spaces."""
    if element.tag == f"{TEXT}s":
        pieces.append(" " * int(element.get(f"{TEXT}c", "1")))
    elif element.tag in ODT_CHARACTERS:
        pieces.append(ODT_CHARACTERS[element.tag])
    elif element.tag not in ODT_SKIPPED:
        pieces.append(MARKUP_SPACES.sub(" ", element.text or ""))
        for child in element:
            _collect_odt(child, pieces)
    pieces.append(MARKUP_SPACES.sub(" ", element.tail or ""))


DOCX = Vocabulary(frozenset({f"{W}p"}), f"{W}tr", f"{W}tc", DOCX_SKIPPED, _docx_text)
ODT = Vocabulary(frozenset({f"{TEXT}p", f"{TEXT}h"}), f"{TABLE}table-row", f"{TABLE}table-cell", ODT_SKIPPED, _odt_text)


def _title(metadata: etree._Element) -> str | None:
    """The document's dc:title, whitespace collapsed; None when it has none."""
    title = metadata.find(f".//{DC_TITLE}")
    return MARKUP_SPACES.sub(" ", title.text or "").strip() or None if title is not None else None
