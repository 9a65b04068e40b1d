"""PDF read as its text layer: what Word, InDesign, LaTeX and a CMS's "print" view export.

Whatever its name, a file is PDF when `%PDF-` stands in its first 1 KB (readers accept junk before it). pypdf reads
the text layer page by page, in the order the page draws it; this module turns what it draws into lines, each with
its place on the page, and tasks/steps/pdf_paragraphs.py decides what of them is the article and where its
paragraphs are:

- lines come with their place on the page (pypdf's text visitor); a line whose pieces stand far apart is a table's
  row; two columns drawn line by line across the page are read one after the other;
- a note's mark (a number set smaller and raised) is not text, nor are the notes (pdf_paragraphs.without_notes);
  a right-to-left line is read from its rightmost piece, whichever end the producer drew it from (LibreOffice: the
  right).

The title is the document information's /Title when it is plausible: not empty, not a file name or a program's
default ("Microsoft Word - story.docx", "untitled"); bytes of it that are UTF-8 beyond ASCII are read so, not in
PDFDocEncoding. No date is taken: /CreationDate says when the file was made,
not when the article was published. `source_encoding` is `utf-16-be`: a PDF's text is Unicode from its fonts'
ToUnicode maps (UTF-16BE) or their standard encodings, whatever bytes the page's strings hold.

Quarantined, never guessed: an encrypted PDF that does not open with the empty password (`unsupported_format`), one
without a text layer (scanned pages; `no_text`: no OCR is done) or whose layer is one glyph for most letters (exported
without a font for its script; `no_text`), one pypdf cannot read (`unsupported_format`), one
of over MAX_PAGES pages or with a stream that decompresses past --max-bytes (`too_large`).

Columns: a page whose columns are drawn one after the other reads column by column as drawn; one whose two columns
are drawn line by line across the page (a left-column run and a right-column run on each line: some newspaper
systems, "print to PDF" drivers, PDFs rebuilt from OCR or XPS) is read column by column too, where a gutter shows
(in_columns). No other layout is analysed (docs/documents.md, Columns).
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tasks.model import Rejected
from tasks.steps.decode import PDF_MAGIC
from tasks.steps.html import MARKUP_SPACES, WebPage, without_headline
from tasks.steps.paragraphs import split_paragraphs
from tasks.steps.pdf_paragraphs import (
    NOTE_MARK,
    RTL,
    PageLine,
    joined_at_soft_hyphens,
    page_text,
    without_furniture,
    without_notes,
)

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

HEADER_WINDOW = 1024  # where a PDF's header may stand: readers skip up to 1 KB of junk before it
INDIRECT_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
MAX_PAGES = 1000  # an article has tens of pages; a book or a page-tree bomb is not read
# pypdf notes each repair of a damaged file ("incorrect startxref pointer") on stderr, mid progress bar; what a file
# could not be read for is in its quarantine detail, and a repaired file is read as any other.
logging.getLogger("pypdf").setLevel(logging.ERROR)
# pypdf's decompression limits, each set to --max-bytes: a stream that inflates past it is a bomb, not an article
DECOMPRESSION_LIMITS = (
    "zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
    "array_based_stream_maximum_output_length", "brotli_maximum_output_length", "jbig2_maximum_output_length",
)  # fmt: skip
# how pypdf says a stream hit those limits; its other limits (a stream's declared length, a ToUnicode code's, an
# array's size...) are reached by damaged files, not by big ones
INFLATED_PAST_LIMIT = "Limit reached while decompressing"
ENCODING = "utf-16-be"
PROGRAM_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel)\s*-|untitled\b|document\d*$|\S+\.(?:docx?|odt|rtf|pdf|indd|tex|txt|html?|qxp)$)",
    re.IGNORECASE,
)
MAX_TITLE_CHARS = 300
SUPERSCRIPT = 0.8  # a note's mark is set this much smaller than its line, or less
RAISED = 1.0  # points: and raised above the line's baseline at least this much
ONE_GLYPH = 0.5  # letters that repeat the one before them, this share of them: one glyph drew every letter
MIN_LETTERS = 10  # and at least this many letters to judge by
REPEATED_LETTER = re.compile(r"([^\W\d_])(?=\1)")
BEYOND_ASCII_LETTER = re.compile(r"[^\W\d_A-Za-z]")
REPEATED_BEYOND_ASCII = re.compile(r"([^\W\d_A-Za-z])(?=\1)")
CHAR_WIDTH = 0.75  # a generous width of a character that is not a CJK ideograph, in sizes of its font
CELL_GAP = 2.0  # a space of this many sizes of the font between two pieces of a line parts a table's cells
USUAL_CHAR_WIDTH = 0.5  # a usual width of a character that is not a CJK ideograph (Helvetica's), in sizes of its font
SAME_PLACE = 2.0  # points: pieces starting this close start at the same place
GUTTER_SHARE = 1 / 3  # of a page's lines, with text on both sides of its gutter at least (blank lines between paragraphs)
COLUMN_WIDTH = 10.0  # sizes of the font: the narrowest column (a newspaper's holds 25-35 characters)
MIN_COLUMN_LINES = 3  # and that many lines at least, on a page that shows its gutter alone
FULL_COLUMN = 0.6  # a left column's text fills at least this share of the width left of the gutter, on a quarter
# of its lines or more (a paragraph's last lines, and Latin words in a CJK column, fill less)


@dataclass(frozen=True)
class Piece:
    """A piece of a line's text as pypdf draws it, where it starts on the page and its font size."""

    text: str
    x: float
    y: float
    size: float


def is_pdf(raw: bytes) -> bool:
    """A PDF by content, whatever the file's name: it starts with the header, or holds it in its first 1 KB and
    an indirect object (a text that merely names the header, "files start with %PDF-1.7", is text).

    >>> is_pdf(b"%PDF-1.7\\n"), is_pdf(b"\\r\\n" * 10 + b"%PDF-1.4\\n1 0 obj"), is_pdf(b"Files start with %PDF-1.7")
    (True, True, False)
    >>> is_pdf(b"Not a PDF"), is_pdf(b" " * 1024 + b"%PDF-1.4\\n1 0 obj")
    (False, False)
    """
    if raw.startswith(PDF_MAGIC):
        return True
    return raw.find(PDF_MAGIC, 0, HEADER_WINDOW + len(PDF_MAGIC) - 1) >= 0 and bool(INDIRECT_OBJECT.search(raw))


def read_pdf(raw: bytes, max_bytes: int) -> WebPage:
    """A PDF's paragraphs, title and notes (its footnotes and endnotes, running heads and feet); Rejected when it
    cannot be read, saying why."""
    from pypdf import apply_configuration
    from pypdf.errors import LimitReachedError

    try:
        with apply_configuration(None, **dict.fromkeys(DECOMPRESSION_LIMITS, max_bytes)):
            reader = _opened(raw)
            drawn = [_drawn_lines(page) for page in reader.pages]
            metadata_title = reader.metadata.title if reader.metadata else None
    except LimitReachedError as error:
        if str(error).startswith(INFLATED_PAST_LIMIT):
            raise Rejected("too_large", f"a stream of the PDF inflates past --max-bytes ({max_bytes}): {error}") from None
        raise Rejected("unsupported_format", f"a damaged PDF, past one of pypdf's limits: {error}") from None
    except _unreadable() as error:
        raise Rejected("unsupported_format", f"a damaged PDF pypdf cannot read: {type(error).__name__}: {error}") from None
    # Our own work on what pypdf read stands outside the try: a bug in it fails the file instead of passing for damage.
    pages = [[line for pieces in lines if (line := _page_line(pieces))] for lines in in_columns(drawn)]
    title = plausible_title(_title_text(metadata_title))
    if not any(pages):
        pages_of = f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
        raise Rejected("no_text", f"a PDF without a text layer ({pages_of} of images, scanned?): no OCR is done")
    body, heads_and_feet = without_furniture(pages)
    body, notes = without_notes(body)
    text, indents = page_text(body)
    if drawn_in_one_glyph(text):
        raise Rejected(
            "no_text",
            "the PDF's text layer holds one character for most of its letters: a font missing when it was exported "
            "drew every letter as the same glyph (boxes on the page); no OCR is done",
        )
    paragraphs = joined_at_soft_hyphens(split_paragraphs(text, indents))
    if not paragraphs:
        raise Rejected("no_text", "the PDF's text layer holds only running heads, feet and page numbers")
    return WebPage(without_headline(paragraphs, title), ENCODING, title=title, notes=(*notes, *heads_and_feet))


def drawn_in_one_glyph(text: str) -> bool:
    """Does the text layer hold one character for most letters? An exporter without a font for a script (LibreOffice
    without a CJK, Thai or Devanagari font) draws each of its characters as the font's missing glyph, and maps that
    one glyph back to one character: "威威威威威威(AM)威威". A letter repeats the one before it a few times in a
    hundred in real text ("ll", "ee", "人人"), more than ONE_GLYPH of the time in such a layer. The letters beyond
    ASCII are also judged alone: the font may have had the Latin letters of a technical text ("如如如 Python 如如如如
    C library"), and an accented letter seldom follows itself ("créé").

    >>> drawn_in_one_glyph("威威威威威威威威威(AM)威威“威威威威威威”"), drawn_in_one_glyph("威尔士国民议会议员(AM)担心“看起来像”")
    (True, False)
    >>> drawn_in_one_glyph("如如如 Python 如如如如如如 C library, fast prototyping 如 programming language 如如如如")
    True
    """
    letters = sum(map(str.isalpha, text))
    if letters >= MIN_LETTERS and len(REPEATED_LETTER.findall(text)) > ONE_GLYPH * letters:
        return True
    beyond = len(BEYOND_ASCII_LETTER.findall(text))
    return beyond >= MIN_LETTERS and len(REPEATED_BEYOND_ASCII.findall(text)) > ONE_GLYPH * beyond


def _opened(raw: bytes) -> PdfReader:
    """pypdf's reader of the file, decrypted when the empty password opens it (a PDF protected against editing
    only); Rejected for one that needs a password, or has more than MAX_PAGES pages."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise Rejected("unsupported_format", "an encrypted PDF that needs a password: send it without one")
    if len(reader.pages) > MAX_PAGES:
        raise Rejected("too_large", f"a PDF of {len(reader.pages)} pages: over {MAX_PAGES}, a book, not an article")
    return reader


def _unreadable() -> tuple[type[BaseException], ...]:
    """What pypdf raises, or lets escape, on a damaged file: its own errors and the parsing errors of bad bytes (an
    unknown stream filter, a bit flipped in its name: NotImplementedError)."""
    from pypdf.errors import DependencyError, PyPdfError

    return (PyPdfError, DependencyError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            AssertionError, ArithmeticError, OSError, LookupError, EOFError, NotImplementedError)  # fmt: skip


def _drawn_lines(page: PageObject) -> list[list[Piece]]:
    """The page's pieces of text as pypdf draws them, line by line, each with the place it is drawn at."""
    lines: list[list[Piece]] = [[]]

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: object, size: float) -> None:
        for number, piece in enumerate(text.split("\n")):
            if number:
                lines.append([])
            if piece:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                lines[-1].append(Piece(piece, x, y, abs(size * tm[3] * cm[3]) or size))

    page.extract_text(visitor_text=visit)
    return lines


def in_columns(pages: list[list[list[Piece]]]) -> list[list[list[Piece]]]:
    """The pages' lines, the left column's before the right one's (the right's first on a right-to-left page) where a
    page draws two columns line by line across: each line a left-column run and a right-column run. A line that
    crosses the gutter (a heading across both columns) stays where it stands, between the columns above it and those
    below. A page without such a gutter (one column, columns drawn one after the other, a table) is as drawn. A page
    with less to go by (the last, its columns a few lines long) has the gutter of the document's other pages when more
    of its lines split there than cross it.

    >>> lines = [[Piece(left, 72, y, 11), Piece(right, 300, y, 11)] for left, right, y in [
    ...     ("Fish swim in the sea and in", "Birds fly over the hills and", 770),
    ...     ("the rivers, all year round.", "the fields, all day long.", 756),
    ...     ("The sea is their home now.", "The sky is theirs alone too.", 742)]]
    >>> [piece.text for pieces in in_columns([lines])[0] for piece in pieces][:4]
    ['Fish swim in the sea and in', 'the rivers, all year round.', 'The sea is their home now.', 'Birds fly over the hills and']
    """
    gutters = [_gutter(lines) for lines in pages]
    found = Counter(gutter for gutter in gutters if gutter is not None)
    if found:
        usual = found.most_common(1)[0][0]
        gutters = [
            usual if gutter is None and _splits(lines, usual, alone=False) else gutter
            for lines, gutter in zip(pages, gutters, strict=True)
        ]
    return [lines if gutter is None else _column_by_column(lines, gutter) for lines, gutter in zip(pages, gutters, strict=True)]


def _column_by_column(lines: list[list[Piece]], gutter: float) -> list[list[Piece]]:
    """The page's lines, each run of lines split at the gutter read column by column, a line across it in place."""
    read: list[list[Piece]] = []
    block: list[tuple[list[Piece], list[Piece]]] = []
    for pieces in lines:
        halves = _halves(pieces, gutter)
        if halves and (block or all(map(_draws_text, halves))):  # a one-sided line above the columns is not in them
            block.append(halves)
            continue
        read += _columns(block)
        block = []
        read.append(pieces)
    return read + _columns(block)


def _gutter(lines: list[list[Piece]]) -> float | None:
    """Where the right column starts on a page drawn across two columns: the place most lines with a piece right of
    their first start a piece at, if the page's lines split there (_splits)."""
    drawn = [pieces for pieces in _drawn_pieces(lines) if pieces]
    starts = Counter(x for pieces in drawn for x in {round(piece.x) for piece in pieces[1:]} - {round(pieces[0].x)})
    if not starts:
        return None
    gutter = float(starts.most_common(1)[0][0])
    return gutter if _splits(lines, gutter, alone=True) else None


def _splits(lines: list[list[Piece]], gutter: float, alone: bool) -> bool:
    """Do the page's lines split at the gutter: a piece starting there and text a column's width left of it, on a third
    of its lines and MIN_COLUMN_LINES at least, on more lines than cross it, and the text left of it filling the left column
    on many lines (a table's short cells do not)? When the document's other pages show the gutter (`alone` is False),
    one such line is enough, however full (a last page's few lines tell little)."""
    halves = [_halves(pieces, gutter) for pieces in _drawn_pieces(lines) if pieces]
    both = [left for left, right in filter(None, halves) if _split_at(left, right, gutter)]
    least = max(MIN_COLUMN_LINES, GUTTER_SHARE * len(halves)) if alone else 1
    if len(both) < least or halves.count(None) >= len(both):
        return False
    fills = sorted(_text_width(left) / (gutter - left[0].x) for left in both)
    return not alone or fills[len(fills) * 3 // 4] >= FULL_COLUMN


def _split_at(left: list[Piece], right: list[Piece], gutter: float) -> bool:
    """Does a piece of the line (its pieces from the left, halved at the gutter) start at the gutter, a character's
    width or more past the end of the text left of it (not a word of a line drawn word by word that happens to start
    there), which starts a column's width from it (not a bullet, a number or a label)?"""
    if not left or not right or abs(right[0].x - gutter) > SAME_PLACE:
        return False
    last = left[-1]
    return right[0].x - (last.x + _text_width([last])) >= last.size and gutter - left[0].x >= COLUMN_WIDTH * left[0].size


def _drawn_pieces(lines: list[list[Piece]]) -> list[list[Piece]]:
    """Each line's pieces that draw something, from the left."""
    return [sorted((piece for piece in pieces if piece.text.strip()), key=lambda piece: piece.x) for pieces in lines]


def _halves(pieces: list[Piece], gutter: float) -> tuple[list[Piece], list[Piece]] | None:
    """The line's pieces left of the gutter and right of it; None when the left ones run past the gutter's far side
    (a line across both columns)."""
    left = [piece for piece in pieces if piece.x < gutter - SAME_PLACE]
    right = [piece for piece in pieces if piece.x >= gutter - SAME_PLACE]
    drawn = [piece for piece in left if piece.text.strip()]
    if drawn and max(piece.x + _text_width([piece]) for piece in drawn) > gutter + drawn[0].size:
        return None
    return left, right


def _draws_text(pieces: list[Piece]) -> bool:
    return any(piece.text.strip() for piece in pieces)


def _text_width(pieces: list[Piece]) -> float:
    """A usual width of the pieces' text in points: their pieces come without theirs."""
    return sum(
        (1.0 if unicodedata.east_asian_width(char) in "WF" else USUAL_CHAR_WIDTH) * piece.size
        for piece in pieces
        for char in piece.text.strip()
    )


def _columns(block: list[tuple[list[Piece], list[Piece]]]) -> list[list[Piece]]:
    """The block's lines split at the gutter, column by column: the left first, the right first when right to left."""
    lefts, rights = [left for left, _ in block if left], [right for _, right in block if right]
    text = "".join(piece.text for left, right in block for piece in left + right)
    return rights + lefts if _right_to_left(text) else lefts + rights


def _right_to_left(text: str) -> bool:
    """Is the text mostly right-to-left letters?"""
    return len(RTL.findall(text)) * 2 > sum(char.isalpha() for char in text)


def _page_line(pieces: list[Piece]) -> PageLine | None:
    """A line of the page from its pieces, at the place its first piece is drawn at; None for a blank one."""
    drawn = [piece for piece in pieces if piece.text.strip()]
    if not drawn:
        return None
    start = drawn[0]
    marks = [piece for piece in pieces if _is_note_mark(piece, start)]
    kept = [piece for piece in pieces if piece not in marks]
    text = MARKUP_SPACES.sub(" ", in_reading_order([(piece.text, piece.x) for piece in kept])).strip(" ")
    if not text:  # not str.split above: a no-break space stays
        return None
    cells = not RTL.search(text) and _in_cells(kept)
    return PageLine(text, start.x, start.y, start.size, cells, tuple(mark.text.strip() for mark in marks))


def _in_cells(pieces: list[Piece]) -> bool:
    """Is the line a table's row: does a piece start far right of where the piece left of it ends (by a rough
    width of its characters: the line's pieces come without theirs)? Asked of left-to-right lines only: the runs of a
    right-to-left line stand apart in ways these widths do not tell.

    >>> _in_cells([Piece("Year", 57, 668, 11), Piece("Visitors", 297, 668, 11)])
    True
    >>> _in_cells([Piece("هناك إلى ", 128, 753, 11), Piece("MWPs", 96, 753, 11), Piece(" (أعضاء", 57, 753, 11)])
    False
    """
    placed = sorted((piece for piece in pieces if piece.text.strip()), key=lambda piece: piece.x)
    return any(
        right.x - left.x > (len(left.text) * CHAR_WIDTH + CELL_GAP) * left.size  # past 0.75 a character at least
        and right.x - left.x > (sum(map(_char_width, left.text)) + CELL_GAP) * left.size
        for left, right in itertools.pairwise(placed)
    )


def _char_width(char: str) -> float:
    """A generous width of a character, in sizes of its font: a CJK ideograph is square, others narrower (a justified
    line's words stand wider apart: 0.66 of the size a character in LibreOffice's justified German)."""
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else CHAR_WIDTH


def _is_note_mark(piece: Piece, start: Piece) -> bool:
    """Is the piece a footnote's mark in the text: a number (or asterisk, dagger) set smaller and raised above
    the line's baseline ("ridicule.¹")? The footnote is not the article's text, nor is its mark."""
    return bool(NOTE_MARK.fullmatch(piece.text.strip())) and piece.size < SUPERSCRIPT * start.size and piece.y > start.y + RAISED


def in_reading_order(pieces: Sequence[tuple[str, float]]) -> str:
    """A line's pieces of text, as pypdf hands them over with the place each starts at, in reading order.

    pypdf gives the pieces in the order the page draws them, each right-to-left piece already turned into reading
    order. A left-to-right line is read in that order. A right-to-left line (more right-to-left letters than
    others) is read from its right end: its pieces, from the leftmost on the page to the rightmost, go in the
    reverse order, and the spaces between them too (a right-to-left piece's leading space stood at its right on
    the page). Some producers draw such a line from the left (the generator of the tests), others from the right
    in reading order (LibreOffice), so the pieces are put in their places' order first.

    >>> in_reading_order([(".", 72), (" דהו", 72), ("13 ", 72), ("אבג", 72)])
    'אבג 13 דהו.'
    >>> in_reading_order([("إلى ", 128), ("MWPs", 96), (" (أعضاء", 57)])
    'إلى MWPs (أعضاء'
    >>> in_reading_order([("Hello ", 72), ("שלום", 99), (" world", 120)])
    'Hello שלום world'
    """
    text = "".join(piece for piece, _ in pieces)
    if not _right_to_left(text):
        return text
    cores, edges = [], []  # each piece's text without its spaces, and the spaces at its left and right on the page
    for piece, _ in sorted(pieces, key=lambda piece: piece[1]):
        core = piece.strip(" ")
        leading, trailing = piece[: len(piece) - len(piece.lstrip(" "))], piece[len(piece.rstrip(" ")) :]
        cores.append(core)
        edges.append((trailing, leading) if RTL.search(piece) else (leading, trailing))
    between = [right + left for (_, right), (left, _) in itertools.pairwise(edges)]
    read = [cores[-1]]
    for core, spaces in zip(reversed(cores[:-1]), reversed(between), strict=True):
        read += [spaces, core]
    return "".join(read)


def _title_text(title: str | None) -> str | None:
    """The /Title's text. pypdf reads a literal string without a byte-order mark in PDFDocEncoding, as the
    specification says; exporters that take the title as given (FPDF and its PHP kin) write UTF-8 there instead,
    which PDFDocEncoding turns into mojibake ("BrÃ¼cke"). Bytes that are valid UTF-8 beyond ASCII are hardly ever
    meant as PDFDocEncoding (é followed by two symbols of its upper half), so they are read as UTF-8."""
    from pypdf.generic import TextStringObject

    if not isinstance(title, TextStringObject) or not title.autodetect_pdfdocencoding or title.original_bytes.isascii():
        return title
    try:
        return title.original_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return title


def plausible_title(title: str | None) -> str | None:
    """The document information's /Title when it can be the article's: not empty, not a file name or a program's
    default.

    >>> plausible_title("  Bridge reopens\\x00 "), plausible_title("Microsoft Word - story.docx"), plausible_title("")
    ('Bridge reopens', None, None)
    >>> plausible_title("story_final_v2.indd"), plausible_title("Untitled-1"), plausible_title("Harlem\xa0: des églises")
    (None, None, 'Harlem\xa0: des églises')
    """
    if not isinstance(title, str):
        return None
    title = MARKUP_SPACES.sub(" ", title.replace("\x00", " ")).strip(" ")  # not str.split: a no-break space stays
    if not any(char.isalpha() for char in title) or len(title) > MAX_TITLE_CHARS or PROGRAM_TITLE.search(title):
        return None
    return title
