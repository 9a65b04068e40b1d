"""Word 97-2003 binary documents (.doc) read as their body text, as [MS-DOC] lays it out.

The file is an OLE compound file (read with olefile) whose `WordDocument` stream opens with the FIB. The FIB
gives the main document's length in characters (ccpText) and where the piece table (the Clx) lies in the `0Table`
or `1Table` stream; each piece maps a run of characters to bytes of the `WordDocument` stream, either 8-bit
("compressed": Latin-1 but for COMPRESSED_EXCEPTIONS) or UTF-16LE. The main document is the text; the footnotes,
headers (and footers) and endnotes stored after it, each as long as the FIB's ccpFtn, ccpHdd and ccpEdn say, are
read apart as its notes, for a reprint notice only (tasks/steps/html.py WebPage.notes); comments and text boxes are not
read. In the text, a field is 0x13 code 0x14 result 0x15
(the result is kept), 0x0D ends a paragraph, 0x0B breaks a line, 0x0C and 0x0E (a page, section or column break)
end a paragraph too, 0x07 ends a table cell, or a row when the paragraph's properties (its PAPX in the FKPs of
PlcBtePapx) say it is a row's end; pictures, drawn objects, footnote and comment references (0x01, 0x08, 0x02,
0x05) are no text. The title is the SummaryInformation stream's, unless it is the first words of the first
paragraph (Word fills it in so).
"""

from __future__ import annotations

import codecs
import io
import itertools
import struct
from dataclasses import dataclass

import olefile

from tasks.model import Rejected
from tasks.steps.html import CELL_SEPARATOR, MARKUP_SPACES, WebPage

WORD_DOCUMENT = "WordDocument"
WORD_DOCUMENT_NAME = WORD_DOCUMENT.encode("utf-16-le")  # as the compound file's directory spells it
FIB_IDENT = 0xA5EC
WORD_97_NFIB = 0xC1  # Word 97 and every later version write this nFib in the FIB's base (newer ones add their own)
F_ENCRYPTED, F_WHICH_TABLE = 0x0100, 0x0200  # FibBase flags
CLX_PIECES, CLX_PROPERTIES = 2, 1
FC_COMPRESSED, FC_MASK = 0x40000000, 0x3FFFFFFF
FKP_BYTES = 512
SPRM_IN_TABLE = 0x2416  # sprmPFInTable: the paragraph is in a table's cell
SPRM_ROW_ENDS = (0x2417, 0x244C)  # sprmPFTtp, sprmPFInnerTtp: the paragraph is a (nested) table row's end mark
SPRM_DEF_TABLE, SPRM_CHANGE_TABS = 0xD608, 0xC615  # their operands' sizes are not their first byte
SPRA_SIZES = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # [MS-DOC] 2.2.5.1: an operand's size by the sprm's spra bits
CELL_PARAGRAPHS = " "  # between the paragraphs of one table cell, as DOCX's cells join theirs
# [MS-DOC] 2.4.1: a compressed byte is the character of the same value, but for these.
COMPRESSED_EXCEPTIONS = str.maketrans(
    dict(zip(b"\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9f",
             "\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u2018\u2019\u201c\u201d\u2022\u2013"
             "\u2014\u02dc\u2122\u0161\u203a\u0153\u0178", strict=True))
)  # fmt: skip
PARAGRAPH_END, LINE_BREAK, CELL_MARK = "\r", "\x0b", "\x07"
BREAKS = str.maketrans({"\x0c": PARAGRAPH_END, "\x0e": PARAGRAPH_END})  # a page or section break, a column break
FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
# Characters that are no text: anchors of pictures, drawn objects, footnotes, comments; the separator lines above
# footnotes (in the headers' stories); an optional hyphen.
NO_TEXT = str.maketrans(
    {"\x01": None, "\x02": None, "\x03": None, "\x04": None, "\x05": None, "\x08": None, "\x1f": None, "\x1e": "\u2011"}
)
# FibRgLw97: where the lengths in characters of the document's parts stand, in the order the parts follow one
# another in the text: the main document (ccpText), footnotes (ccpFtn), headers and footers (ccpHdd), a part no
# longer used (ccpMcr), comments (ccpAtn), endnotes (ccpEdn).
CCP_TEXT, CCP_FOOTNOTES, CCP_HEADERS, CCP_COMMENTS, CCP_ENDNOTES = 3, 4, 5, 7, 8
# What else an OLE compound file may be, by a stream at its root: named when it is quarantined.
OTHER_OLE = {"Workbook": "an Excel workbook (.xls)", "Book": "an Excel 5/95 workbook (.xls)",
             "PowerPoint Document": "a PowerPoint presentation (.ppt)", "VisioDocument": "a Visio drawing (.vsd)",
             "__properties_version1.0": "an Outlook message (.msg)"}  # fmt: skip
OUTLOOK = OTHER_OLE["__properties_version1.0"]
OUTLOOK_ADVICE = ": reprints does not read it; convert it to .eml (msgconvert; docs/email.md)"
# A .msg names its property streams so (UTF-16LE in its directory): found even where olefile cannot read the file.
OUTLOOK_STREAM = "__substg1.0_".encode("utf-16-le")
ENCRYPTED = "a password-protected (encrypted) Office document: save it without one"
# What a damaged compound file or FIB raises in olefile and struct; not a bug of ours.
DAMAGED = (OSError, ValueError, IndexError, KeyError, EOFError, struct.error, RecursionError)


@dataclass(frozen=True)
class Piece:
    """Characters [start, end) of the document, stored from byte `offset` of the WordDocument stream."""

    start: int
    end: int
    offset: int
    compressed: bool


def read_word97(raw: bytes) -> WebPage:
    """A .doc file's body paragraphs and title; Rejected (unsupported_format) for another kind of OLE file, a
    damaged one, an encrypted one, or one of Word 6/95 or older."""
    try:
        with olefile.OleFileIO(io.BytesIO(raw)) as ole:  # a file object: olefile takes short bytes for a path
            if not ole.exists(WORD_DOCUMENT):
                raise _not_word(_other_ole_kind(ole))
            stream = _stream(ole, WORD_DOCUMENT)
            table_name = _check_fib(stream)
            if not ole.exists(table_name):
                raise Rejected("unsupported_format", f"a damaged Word 97-2003 file: its {table_name} stream is missing")
            table = _stream(ole, table_name)
            title = _summary_title(ole)
            text, encoding, notes = _body(stream, table)
    except DAMAGED as error:
        if OUTLOOK_STREAM in raw:
            raise _not_word(OUTLOOK) from None
        what = "Word 97-2003 file" if WORD_DOCUMENT_NAME in raw else "OLE compound file"
        raise Rejected("unsupported_format", f"a damaged {what}: {error}") from None
    paragraphs = text_paragraphs(text)  # past the except: a bug of ours in it fails the file, not taken for damage
    if title and paragraphs and len(title) < len(paragraphs[0]) and paragraphs[0].startswith(title):
        title = None  # Word's default title: the document's first words
    return WebPage(paragraphs, encoding, title=title, notes=tuple(text_paragraphs(notes)))


def _stream(ole: olefile.OleFileIO, name: str) -> bytes:
    """A stream's bytes; Rejected when its chain of sectors loops (olefile reads a looping chain's sectors again
    until the stream's size is reached: junk, not text)."""
    data = ole.openstream(name).read()
    entry = ole.root.kids_dict[name.lower()]
    fat = ole.minifat if entry.size < ole.minisectorcutoff else ole.fat
    seen, sector = set(), entry.isectStart
    while sector < len(fat) and sector not in seen:  # ENDOFCHAIN and the other marks lie past the table's end
        seen.add(sector)
        sector = fat[sector]
    if sector in seen:
        raise Rejected("unsupported_format", f"a damaged Word 97-2003 file: the sectors of its {name} stream loop")
    return data


def _not_word(kind: str) -> Rejected:
    """The quarantine of an OLE compound file that is no Word document, naming what it is."""
    return Rejected("unsupported_format", f"{kind}, not a Word document" + (OUTLOOK_ADVICE if kind == OUTLOOK else ""))


def _other_ole_kind(ole: olefile.OleFileIO) -> str:
    """What an OLE compound file without a WordDocument stream is, by the streams at its root."""
    root = {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    found = [what for stream, what in OTHER_OLE.items() if stream in root]
    return found[0] if found else f"an OLE compound file of another kind (holding {', '.join(sorted(root)[:5])})"


def _check_fib(stream: bytes) -> str:
    """The name of the table stream the FIB points to; Rejected for a file Word 97 did not write or encrypted."""
    ident, nfib = struct.unpack_from("<HH", stream)
    if ident != FIB_IDENT:
        raise Rejected("unsupported_format", "a damaged Word file: its WordDocument stream holds no FIB")
    if nfib < WORD_97_NFIB:
        raise Rejected("unsupported_format", f"a Word 6.0/95 or older document (nFib {nfib}): save it as a Word 97-2003 "
                       "or later document")  # fmt: skip
    flags = struct.unpack_from("<H", stream, 0x0A)[0]
    if flags & F_ENCRYPTED:
        raise Rejected("unsupported_format", ENCRYPTED)
    return "1Table" if flags & F_WHICH_TABLE else "0Table"


def _fib_numbers(stream: bytes) -> tuple[tuple[int, ...], list[tuple[int, int]]]:
    """The longs of FibRgLw97 (the parts' lengths: CCP_TEXT...), and the (fc, lcb) pairs of FibRgFcLcb, where the
    FIB's variable-length parts put them."""
    csw = struct.unpack_from("<H", stream, 0x20)[0]
    lw = 0x22 + 2 * csw
    cslw = struct.unpack_from("<H", stream, lw)[0]
    longs = struct.unpack_from("<9i", stream, lw + 2)
    blob = lw + 2 + 4 * cslw
    pairs = struct.unpack_from("<H", stream, blob)[0]
    numbers = struct.unpack_from(f"<{2 * pairs}I", stream, blob + 2)
    return longs, list(zip(numbers[::2], numbers[1::2], strict=True))


@dataclass(frozen=True)
class TableMarks:
    """Where paragraphs end in the WordDocument stream (a paragraph's run in an FKP ends right after its mark):
    those inside a table's cells, and the row end marks."""

    in_cells: frozenset[int] = frozenset()
    row_ends: frozenset[int] = frozenset()


def _body(stream: bytes, table: bytes) -> tuple[str, str, str]:
    """The main document's characters (a table row's end mark made a paragraph's end), their encoding, and the
    characters of its footnotes, headers and endnotes, each part ending a paragraph."""
    longs, pairs = _fib_numbers(stream)
    fc_clx, lcb_clx = pairs[33]  # FibRgFcLcb97's 34th pair
    pieces = _pieces(table[fc_clx : fc_clx + lcb_clx])
    marks = _table_marks(stream, table, *pairs[13])  # fcPlcfBtePapx, lcbPlcfBtePapx
    ccp_text = longs[CCP_TEXT]
    encoding = "cp1252" if all(piece.compressed for piece in pieces if piece.start < ccp_text) else "utf-16-le"
    return _characters(stream, pieces, 0, ccp_text, marks), encoding, _notes(stream, pieces, longs, marks)


def _notes(stream: bytes, pieces: list[Piece], longs: tuple[int, ...], marks: TableMarks) -> str:
    """The characters of the footnotes, headers and endnotes, each part ending a paragraph; a part whose pieces
    lie past the stream is left out: it loses a reprint notice it may hold, not the document."""
    ends = list(itertools.accumulate(max(longs[at], 0) for at in range(CCP_TEXT, CCP_ENDNOTES + 1)))
    notes = []
    for part in (CCP_FOOTNOTES, CCP_HEADERS, CCP_ENDNOTES):
        try:
            notes.append(_characters(stream, pieces, ends[part - CCP_TEXT - 1], ends[part - CCP_TEXT], marks))
        except Rejected:
            continue
    return PARAGRAPH_END.join(notes)


def _characters(stream: bytes, pieces: list[Piece], start: int, end: int, marks: TableMarks) -> str:
    """Characters [start, end) of the document, through the pieces that hold them."""
    return "".join(
        _piece_text(stream, piece, max(piece.start, start), min(piece.end, end), marks)
        for piece in pieces
        if piece.start < end and piece.end > start
    )


def _pieces(clx: bytes) -> list[Piece]:
    """The PlcPcd of the Clx, after the property runs (Prc) that may precede it."""
    at = 0
    while at < len(clx) and clx[at] == CLX_PROPERTIES:
        at += 3 + struct.unpack_from("<h", clx, at + 1)[0]
    if at >= len(clx) or clx[at] != CLX_PIECES:
        raise Rejected("unsupported_format", "a damaged Word 97-2003 file: no piece table")
    size = struct.unpack_from("<I", clx, at + 1)[0]
    count = (size - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}i", clx, at + 5)
    pieces = []
    for index in range(count):
        fc = struct.unpack_from("<I", clx, at + 5 + 4 * (count + 1) + 8 * index + 2)[0]
        compressed = bool(fc & FC_COMPRESSED)
        offset = (fc & FC_MASK) // 2 if compressed else fc & FC_MASK
        pieces.append(Piece(cps[index], cps[index + 1], offset, compressed))
    return sorted(pieces, key=lambda piece: piece.start)


def _piece_text(stream: bytes, piece: Piece, start: int, end: int, marks: TableMarks) -> str:
    """The piece's characters [start, end); a table row's end mark made a paragraph end, a cell's paragraphs joined."""
    width = 1 if piece.compressed else 2
    offset = piece.offset + width * (start - piece.start)
    data = stream[offset : offset + width * (end - start)]
    if len(data) < width * (end - start):
        raise Rejected("unsupported_format", "a damaged Word 97-2003 file: a piece lies past its WordDocument stream")
    text = data.decode("latin-1").translate(COMPRESSED_EXCEPTIONS) if piece.compressed else data.decode("utf-16-le", "replace")
    if not marks.row_ends and not marks.in_cells:
        return text
    return "".join(_table_character(c, offset + width * (i + 1), marks) for i, c in enumerate(text))


def _table_character(char: str, end: int, marks: TableMarks) -> str:
    if char == CELL_MARK and end in marks.row_ends:
        return PARAGRAPH_END
    return CELL_PARAGRAPHS if char == PARAGRAPH_END and end in marks.in_cells else char


def _table_marks(stream: bytes, table: bytes, fc_plc: int, lcb_plc: int) -> TableMarks:
    """The ends of paragraphs whose PAPX (in the FKPs PlcBtePapx lists) sets sprmPFInTable, sprmPFTtp or
    sprmPFInnerTtp."""
    count = (lcb_plc - 4) // 8
    if count <= 0:
        return TableMarks()
    pages = struct.unpack_from(f"<{count}I", table, fc_plc + 4 * (count + 1))
    in_cells: set[int] = set()
    row_ends: set[int] = set()
    for page_number in pages:
        page = stream[(page_number & 0x3FFFFF) * FKP_BYTES :][:FKP_BYTES]
        runs = page[-1] if len(page) == FKP_BYTES else 0
        fcs = struct.unpack_from(f"<{runs + 1}I", page)
        for run in range(runs):
            sprms = _table_sprms(page, 2 * page[4 * (runs + 1) + 13 * run])
            if SPRM_IN_TABLE in sprms:
                in_cells.add(fcs[run + 1])
            if sprms & set(SPRM_ROW_ENDS):
                row_ends.add(fcs[run + 1])
    return TableMarks(frozenset(in_cells), frozenset(row_ends))


def _table_sprms(page: bytes, at: int) -> set[int]:
    """Which of sprmPFInTable, sprmPFTtp and sprmPFInnerTtp the PapxInFkp at `at` of an FKP page sets true;
    reading stops at a property cut short."""
    found: set[int] = set()
    if not at:
        return found
    size, start = (2 * page[at + 1], at + 2) if page[at] == 0 else (2 * page[at] - 1, at + 1)
    grpprl, position = page[start : start + size], 2  # after the style index (istd)
    try:
        while position + 2 <= len(grpprl):
            sprm = struct.unpack_from("<H", grpprl, position)[0]
            if sprm in (SPRM_IN_TABLE, *SPRM_ROW_ENDS) and grpprl[position + 2] == 1:
                found.add(sprm)
            position += 2 + _operand_size(sprm, grpprl, position + 2)
    except (IndexError, struct.error):
        pass
    return found


def _operand_size(sprm: int, grpprl: bytes, operand: int) -> int:
    """[MS-DOC] 2.2.5.1: by the sprm's spra bits; a variable-length operand counts the rest in its first byte, but
    sprmTDefTable's in its first two, and sprmPChgTabs' (when that byte is 255) in its lists of tabs."""
    if sprm == SPRM_DEF_TABLE:
        return 1 + struct.unpack_from("<H", grpprl, operand)[0]
    if sprm == SPRM_CHANGE_TABS and grpprl[operand] == 255:
        deleted = grpprl[operand + 1]
        return 3 + 4 * deleted + 3 * grpprl[operand + 2 + 4 * deleted]
    return 1 + grpprl[operand] if sprm >> 13 == 6 else SPRA_SIZES[sprm >> 13]


def text_paragraphs(text: str) -> list[str]:
    """The main document's characters as paragraphs: fields' codes left out, table cells of a row joined.

    >>> text_paragraphs("Head\\rSee \\x13 HYPERLINK x \\x14the site\\x15.\\x01\\x0bNext line\\x0cA\\x07\\x07B\\x07\\r")
    ['Head', 'See the site.\\nNext line', 'A |  | B']
    """
    blocks = _without_field_codes(text).translate(NO_TEXT).translate(BREAKS).split(PARAGRAPH_END)
    return [block for block in map(_block, blocks) if block]


def _without_field_codes(text: str) -> str:
    """The text without its fields' codes and marks: a field's result stays, nested fields alike."""
    if FIELD_BEGIN not in text:
        return text
    kept, fields = [], []  # per field still open: whether its code is being read (before 0x14)
    for char in text:
        if char == FIELD_BEGIN:
            fields.append(True)
        elif char == FIELD_SEPARATOR and fields:
            fields[-1] = False
        elif char == FIELD_END and fields:
            fields.pop()
        elif not any(fields):
            kept.append(char)
    return "".join(kept)


def _block(block: str) -> str:
    """A paragraph, or a table row: its cells, the empty ones that end it dropped, joined by CELL_SEPARATOR."""
    cells = [MARKUP_SPACES.sub(" ", cell).strip() for cell in block.replace(LINE_BREAK, "\n").split(CELL_MARK)]
    if len(cells) == 1:
        return block.replace(LINE_BREAK, "\n").strip()
    while cells and not cells[-1]:
        cells.pop()
    return CELL_SEPARATOR.join(cells)


def _summary_title(ole: olefile.OleFileIO) -> str | None:
    """PIDSI_TITLE of the SummaryInformation stream, decoded in the code page it names; None when it has none."""
    if not ole.exists("\x05SummaryInformation"):
        return None
    properties = ole.getproperties("\x05SummaryInformation")
    title, code_page = properties.get(2), properties.get(1, 1252)
    if isinstance(title, bytes):
        if code_page == 1200:  # olefile strips UTF-16's zero bytes from a VT_LPSTR: nothing right is left
            return None
        try:
            title = title.decode(codecs.lookup(f"cp{code_page & 0xFFFF}").name, "replace")
        except LookupError:
            title = title.decode("cp1252", "replace")
    if not isinstance(title, str):
        return None
    return MARKUP_SPACES.sub(" ", title).strip() or None
