"""PDF files written here, as word processors and typesetters lay articles out, to test and measure the PDF reader.

Latin text is drawn in standard Helvetica (WinAnsiEncoding, no font embedded); any other script in a Type0 font whose
character ids are numbered per document and mapped back to Unicode by a ToUnicode CMap, which is all a text
extractor reads (no glyphs are embedded, so a viewer shows boxes). Text is written in logical order, right-to-left
scripts in visual order, as PDF producers draw them (right-to-left runs reversed, Latin words and digits inside
them left to right: a simple form of the Unicode bidi algorithm, without mirrored brackets). Each line is one text
object at its position on the page: what an extractor sees of a real PDF's lines.

Shapes (`layout`): `blocks` (wrapped lines, a gap between paragraphs, as Word and CMS print views export),
`wrapped` (no gap, no indent: only a short last line ends a paragraph), `indented` (first lines indented, no gap,
as LaTeX sets), `hyphenated` (`wrapped`, words over 7 letters broken at a line end with a hyphen where that fills
the line), `running` (`blocks` with a running head on every page and a page number at its foot), `across` (the
headline across the page, the body in two columns drawn line by line across the page, as some newspaper systems,
"print to PDF" drivers and PDFs rebuilt from OCR or XPS draw them: each line of the page a left-column run and a
right-column run, each its own text operation at its place; a blank line between paragraphs, on the columns' common
grid; right-to-left articles start in the right column, their lines drawn from their column's left edge as this
generator draws every right-to-left line, and as a justified column draws its full lines).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from bench.paragraph_shapes import UNSPACED, wrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4, in points
MARGIN = 72
FONT_SIZE = 11
LEADING = 14
PARAGRAPH_GAP = 8  # extra points between the paragraphs of `blocks`
INDENT = 18  # a first line's indent in `indented`
LINES_PER_PAGE = 25  # a short page, so that every article crosses page breaks (a full A4 page holds 49 lines)
SHAPES = ("blocks", "wrapped", "indented", "hyphenated", "running", "across")
GUTTER = 17  # points between two columns (0.6 cm)
HEADLINE_SIZE = 18  # `across`: the headline's font size
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
HYPHENATE_FROM = 8  # letters a word needs to be broken at a line end


@dataclass(frozen=True)
class Line:
    text: str
    x: float
    gap_before: float = 0  # extra points above the line
    size: float = FONT_SIZE
    leading: float = LEADING  # points from this line's baseline down to the next one's
    note: str = ""  # a footnote's mark after the text, smaller and raised, as word processors set it
    runs_from_right: bool = False  # drawn as LibreOffice draws a right-to-left line (see _runs_from_right)
    cells: Sequence[tuple[str, float]] = ()  # more text on the line, each at its place: a table's other cells


def pdf_bytes(
    pages: Sequence[Sequence[Line]],
    title: str | bytes | None = None,
    heads: Sequence[str] = (),
    feet: Sequence[str] = (),
    compress: bool = True,
) -> bytes:
    """A PDF of the pages' lines, top to bottom, each page with its running head and foot (if any) and the document
    info's /Title."""
    text = "".join(line.text + "".join(cell for cell, _ in line.cells) for page in pages for line in page)
    text += "".join(heads) + "".join(feet)
    latin = all(_winansi(char) is not None for char in text)
    cids = {} if latin else {char: number + 1 for number, char in enumerate(dict.fromkeys(text))}
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: pages (filled in below)
    font_ref = _add(objects, _helvetica() if latin else b"")
    if not latin:
        objects[font_ref - 1] = _type0(objects, cids)
    page_refs = []
    for number, page in enumerate(pages):
        drawn = [*page]
        if number < len(heads) and heads[number]:
            drawn.append(Line(heads[number], MARGIN, -(MARGIN - 36)))
        if number < len(feet) and feet[number]:
            drawn.append(Line(feet[number], PAGE_WIDTH / 2, -(PAGE_HEIGHT - 40)))
        content = _content(drawn, cids)
        stream = zlib.compress(content) if compress else content
        filters = b"/Filter /FlateDecode " if compress else b""
        content_ref = _add(objects, b"<< %s/Length %d >>\nstream\n%s\nendstream" % (filters, len(stream), stream))
        page_refs.append(
            _add(
                objects,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> "
                b"/Contents %d 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, font_ref, content_ref),
            )
        )
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = b" ".join(b"%d 0 R" % ref for ref in page_refs)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_refs))
    info = _add(objects, b"<< /Title %s /Producer (tests/pdf_files.py) >>" % _text_string(title)) if title else None
    return assemble(objects, info)


def article_pdf(
    paragraphs: Sequence[str], language: str, shape: str, width: int, title: str | bytes | None = None, compress: bool = True
) -> bytes:
    """An article (its paragraphs, headline first) laid out in `shape`, lines of at most `width` characters (in
    `across`, the columns' lines of half as many)."""
    if shape == "across":
        return pdf_bytes(_across(paragraphs, language, width), title, compress=compress)
    lines: list[Line] = []
    for paragraph in paragraphs:
        wrapped = _hyphenated(paragraph, width) if shape == "hyphenated" and language not in UNSPACED else wrap(
            paragraph, language, width
        )  # fmt: skip
        for index, text in enumerate(wrapped):
            gap = PARAGRAPH_GAP if shape in ("blocks", "running") and index == 0 and lines else 0
            x = MARGIN + INDENT if shape == "indented" and index == 0 else MARGIN
            lines.append(Line(text, x, gap))
    pages = [lines[start : start + LINES_PER_PAGE] for start in range(0, len(lines), LINES_PER_PAGE)]
    if shape != "running":
        return pdf_bytes(pages, title, compress=compress)
    head = paragraphs[0][:60]
    feet = [str(number + 1) for number in range(len(pages))]
    return pdf_bytes(pages, title, heads=[head] * len(pages), feet=feet, compress=compress)


def _across(paragraphs: Sequence[str], language: str, width: int) -> list[list[Line]]:
    """The pages of `across`: the headline's lines across the page in a larger font, then rows of two columns of `width // 2`
    characters, LINES_PER_PAGE rows a page; the article's text runs down the first column, then the second, and the
    last page's two columns are as long as each other, as layout programs balance them."""
    headline = [
        Line(text, MARGIN, size=HEADLINE_SIZE, leading=HEADLINE_SIZE + 4)
        for text in wrap(paragraphs[0], language, width * FONT_SIZE // HEADLINE_SIZE)  # as wide as both columns
    ] + [Line("", MARGIN)]
    flow: list[str] = []
    for paragraph in paragraphs[1:]:
        flow += ([""] if flow else []) + wrap(paragraph, language, width // 2)
    right_column = MARGIN + max(map(drawn_width, flow)) + GUTTER
    right_to_left = sum(bool(RTL.search(text)) for text in flow) * 2 > len(flow)
    pages: list[list[Line]] = []
    while flow:
        full = LINES_PER_PAGE - (len(headline) if not pages else 0)
        # the fewest rows that hold the rest: the last page's columns balanced
        rows = next((rows for rows in range(1, full) if not _column(_column(flow, rows)[1], rows)[1]), full)
        first, flow = _column(flow, rows)
        second, flow = _column(flow, rows)
        left, right = (second, first) if right_to_left else (first, second)
        pages.append((headline if not pages else []) + across(left, right, right_column))
    return pages


def _column(flow: list[str], rows: int) -> tuple[list[str], list[str]]:
    """A column's `rows` lines from the flow (blank below its end; no blank line at its top) and the rest."""
    flow = flow[1:] if flow[:1] == [""] else flow
    return flow[:rows] + [""] * (rows - len(flow[:rows])), flow[rows:]


def across(left: Sequence[str], right: Sequence[str], right_column: float) -> list[Line]:
    """Two columns' lines (of as many rows; "" where a column has none) drawn row by row across the page, a text
    operation for each column's line, the right column's at `right_column`."""
    return [
        Line(right_text, right_column)
        if not left_text
        else Line(left_text, MARGIN, cells=((right_text, right_column),) if right_text else ())
        for left_text, right_text in zip(left, right, strict=True)
    ]


def drawn_width(text: str) -> float:
    """How wide the text is drawn at FONT_SIZE in the Type0 font (a CJK character a square, the others half; for
    Helvetica this is its average)."""
    return sum(FONT_SIZE if ord(char) >= 0x2E80 and not char.isspace() else FONT_SIZE / 2 for char in text)


def _hyphenated(paragraph: str, width: int) -> list[str]:
    """Lines of at most `width` characters, a long word at a line's end broken after its first part with a hyphen
    (at least 3 letters on each side) when that part fits, as typesetters hyphenate."""
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width or not current:
            current = candidate
            continue
        room = width - len(current) - 2  # a space and the hyphen
        if word.isalpha() and len(word) >= HYPHENATE_FROM and room >= 3:
            cut = min(room, len(word) - 3)
            lines.append(f"{current} {word[:cut]}-")
            current = word[cut:]
        else:
            lines.append(current)
            current = word
    return [*lines, current]


def _winansi(char: str) -> int | None:
    try:
        code = char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None
    return code


def _content(lines: Sequence[Line], cids: dict[str, int]) -> bytes:
    """Each line a text object at its position: a running head and foot where their gap puts them, the rest from
    the top margin down."""
    operations = []
    y: float = PAGE_HEIGHT - MARGIN
    for line in lines:
        if line.gap_before < 0:  # placed from the page's top, not in the flow
            top = PAGE_HEIGHT + line.gap_before
        else:
            y -= line.gap_before
            top = y
            y -= line.leading
        placed = _runs_from_right(line.text, line.x, line.size) if line.runs_from_right else [(line.text, line.x)]
        placed += line.cells
        for text, x in placed:
            operations.append(b"BT /F1 %.1f Tf %.2f %.2f Td <%s> Tj ET" % (line.size, x, top, _hex(text, cids)))
        if line.note:
            x = line.x + _width(line.text, line.size)
            shown = _hex(line.note, cids)
            operations.append(b"BT /F1 %.1f Tf %.2f %.2f Td <%s> Tj ET" % (line.size * 0.6, x, top + line.size / 3, shown))
    return b"\n".join(operations)


def _runs_from_right(text: str, x: float, size: float) -> list[tuple[str, float]]:
    """A right-to-left line's runs in reading order, each with the place it starts at: LibreOffice draws such a
    line run by run from its right end (a right-to-left run, then a Latin word left of it...), each run in its own
    text object.

    >>> _runs_from_right("אבג MWPs דה", 72, 10)
    [('אבג ', 107.0), ('MWPs', 87.0), (' דה', 72.0)]
    """
    runs = [run for run in re.split(r"([A-Za-z0-9](?:[^\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]*[A-Za-z0-9])?)", text) if run]
    right = x + _width(text, size)
    placed = []
    for run in runs:
        right -= _width(run, size)
        placed.append((run, right))
    return placed


def _width(text: str, size: float) -> float:
    """Roughly how wide the text is drawn: half its size a character (the Type0 font's width of every non-CJK
    character; Helvetica's average)."""
    return len(text) * size / 2


def visual(text: str) -> str:
    """A line as a right-to-left line is drawn, left to right on the page: reversed, but for its runs of Latin letters
    and digits (with the spaces and marks between two of them), which keep their order.

    >>> visual("אבג 12 ab, cd.")
    '.12 ab, cd גבא'
    """
    if not RTL.search(text):
        return text
    runs = re.findall(r"[A-Za-z0-9](?:[^\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]*[A-Za-z0-9])?|.", text)
    return "".join(reversed(runs))


def _hex(text: str, cids: dict[str, int]) -> bytes:
    text = visual(text)
    if not cids:
        return text.encode("cp1252").hex().encode("ascii")
    return b"".join(b"%04x" % cids[char] for char in text)


def _helvetica() -> bytes:
    return b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _type0(objects: list[bytes], cids: dict[str, int]) -> bytes:
    """A Type0 font over CIDs 1..n, its ToUnicode CMap mapping each back to its character (no glyphs embedded)."""
    entries = [b"<%04x> <%s>" % (cid, char.encode("utf-16-be").hex().encode("ascii")) for char, cid in cids.items()]
    blocks = b"\n".join(
        b"%d beginbfchar\n%s\nendbfchar" % (len(entries[start : start + 100]), b"\n".join(entries[start : start + 100]))
        for start in range(0, len(entries), 100)
    )
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering "
        b"(UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange "
        b"<0000> <FFFF> endcodespacerange\n%s\nendcmap CMapName currentdict /CMap defineresource pop end end" % blocks
    )
    to_unicode = _add(objects, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap))
    widths = b" ".join(
        b"%d [%d]" % (cid, 1000 if not char.isspace() and ord(char) >= 0x2E80 else 500) for char, cid in cids.items()
    )
    descendant = _add(
        objects,
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ArialUnicodeMS /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /ArialUnicodeMS "
        b"/Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >> "
        b"/DW 500 /W [%s] >>" % widths,
    )
    return (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ArialUnicodeMS /Encoding /Identity-H /DescendantFonts [%d 0 R] "
        b"/ToUnicode %d 0 R >>" % (descendant, to_unicode)
    )


def _text_string(text: str | bytes | None) -> bytes:
    """A PDF text string: UTF-16BE with its byte-order mark, in hex; bytes as they are, in a literal string (as
    exporters write a title in PDFDocEncoding, or in UTF-8 against the specification)."""
    if isinstance(text, bytes):
        return b"(%s)" % text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"<feff%s>" % (text or "").encode("utf-16-be").hex().encode("ascii")


def _add(objects: list[bytes], body: bytes) -> int:
    objects.append(body)
    return len(objects)


def image_only_pdf() -> bytes:
    """A scanned page: an image (one grey pixel drawn over the page) and no text."""
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
            b"/Length 1 >>\nstream\n\x80\nendstream",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        ]
    )


def bomb_pdf(inflated: int) -> bytes:
    """A one-page PDF whose content stream, a few KB compressed, inflates to `inflated` bytes."""
    stream = zlib.compress(b"BT /F1 11 Tf 72 700 Td (" + b"A" * inflated + b") Tj ET", 9)
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
            _helvetica(),
        ]
    )


def assemble(objects: list[bytes], info: int | None = None) -> bytes:
    """A PDF file of the objects (numbered from 1; the first is the catalog), its cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info_entry = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, info_entry, xref)
    return bytes(out)
