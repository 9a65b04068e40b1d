"""RTF (Rich Text Format) read as its body text: what Word, WordPad, TextEdit and LibreOffice save as `.rtf`.

Whatever its name, a file is RTF when, after a UTF-8 byte-order mark and
whitespace, it opens with `{\\rtf`. Its body is read group by group:

- `\\par`, `\\sect`, `\\page` and a table's `\\row` end a paragraph; `\\line` is a line
  break inside one; a table row is one paragraph, its cells joined by " | ";
- destinations that are not body text are skipped whole: the font, colour,
  style and list tables, `\\info` (but its `\\title` is the title), pictures
  and objects, annotations, a field's instruction (its result is kept), list
  numbers and bullets, every `\\*\\...` group, hidden text; page headers and
  footers and footnotes (endnotes too) are read apart, as the document's notes,
  for a reprint notice only (tasks/steps/html.py WebPage.notes);
- a `\\'hh` byte, or a run of them (a double-byte character is two), is decoded in
  the code page of the font in use (`\\fN`, else `\\deffN`: its `\\fcharset`) or else the document's
  (`\\ansicpgN`; `\\ansi` alone is cp1252); `\\uN` is a Unicode character, after
  which the `\\ucN` characters of its fallback are skipped;
- `\\~` is a no-break space, `\\_` a non-breaking hyphen, `\\-` (an optional
  hyphen) nothing, `\\tab` a tab, `\\emdash`, `\\lquote`, `\\rdblquote`... their
  characters; `\\{`, `\\}` and `\\\\` the characters escaped.

The result is the document's code page as `source_encoding`, whether or not a
character was written in it (docs/documents.md). A code page reprints has no
name for (docs/schema.md's list) is quarantined, not guessed.
"""

from __future__ import annotations

import re
from codecs import BOM_UTF8
from dataclasses import dataclass, replace

from tasks.model import Rejected
from tasks.steps.decode import ENCODING_NAMES
from tasks.steps.html import CELL_SEPARATOR, MARKUP_SPACES, WebPage

RTF_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*\{\\rtf")
# A control word and its parameter (the one space after it is its delimiter), bytes in hex (\'hh, a run at once), a control
# symbol, a group's brace, a run of text; line ends in RTF source are not text.
TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|((?:\\'[0-9a-fA-F]{2})+)|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.DOTALL)
MAX_UNICODE = 0x10FFFF
SURROGATES = re.compile("[\ud800-\udfff]")
DEFAULT_FONT = re.compile(rb"\\deff(\d+)")
FONT_CHARSET = re.compile(rb"\{\\f(\d+)[^{}]*?\\fcharset(\d+)")

# Windows code pages (`\ansicpgN`) to Python's codec; their recorded name is decode's (ENCODING_NAMES).
CODE_PAGES = {
    874: "cp874", 932: "cp932", 936: "gb18030", 949: "cp949", 950: "cp950", 1250: "cp1250", 1251: "cp1251",
    1252: "cp1252", 1253: "cp1253", 1254: "cp1254", 1255: "cp1255", 1256: "cp1256", 1257: "cp1257", 1258: "cp1258",
    1361: "johab", 10007: "mac_cyrillic", 20866: "koi8_r", 21866: "koi8_u", 28591: "latin_1", 28592: "iso8859_2",
    28595: "iso8859_5", 28597: "iso8859_7", 54936: "gb18030",
}  # fmt: skip
# A font's \fcharset to its code page; 0 (ANSI) and 1 (default) are the document's own.
CHARSETS = {
    128: 932, 129: 949, 130: 1361, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258, 177: 1255,
    178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250,
}  # fmt: skip

BREAK = "\0"  # between paragraphs: a character no decoded RTF text holds
CELL = "\x01"  # between a table row's cells
BREAKS = {
    "par": BREAK, "sect": BREAK, "page": BREAK, "row": BREAK, "nestrow": BREAK, "line": "\n", "cell": CELL,
    "nestcell": CELL, "tab": "\t",
}  # fmt: skip
SYMBOLS = {
    "emdash": "\u2014", "endash": "\u2013", "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c",
    "rdblquote": "\u201d", "bullet": "\u2022", "emspace": "\u2003", "enspace": "\u2002", "qmspace": "\u2005",
    "zwj": "\u200d", "zwnj": "\u200c", "ltrmark": "\u200e", "rtlmark": "\u200f",
    "~": "\u00a0", "_": "\u2011", "-": "", "\n": BREAK, "\r": BREAK,
}  # fmt: skip
SKIPPED = frozenset(
    {"fonttbl", "colortbl", "stylesheet", "listtable", "listoverridetable", "revtbl", "rsidtbl", "generator", "pict",
     "object", "objdata", "annotation", "fldinst", "listtext", "pntext", "pntxta", "pntxtb", "xe", "tc", "themedata",
     "colorschememapping", "latentstyles", "datastore", "filetbl", "pgdsctbl", "xmlnstbl"}
)  # fmt: skip
# Destinations read as the document's notes, not its body: page headers and footers, footnotes and endnotes.
NOTES = frozenset(
    {"header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "footnote"}
)  # fmt: skip
ESCAPED = (b"\\", b"{", b"}")
NEUTRAL_CHARSETS = (0, 1)  # ANSI and default: the document's code page


@dataclass(frozen=True)
class Group:
    """What a group's content does, inherited by the groups it holds."""

    sink: str = "body"  # body, skip, info (skip, but for its title), title, notes
    codec: str = "cp1252"
    skip_after_unicode: int = 1  # \ucN: the fallback characters after each \uN
    hidden: bool = False


class Reader:
    """The state of one pass over an RTF document: its groups, pending bytes, body and title."""

    def __init__(self, codec: str, fonts: dict[int, str]) -> None:
        self.fonts = fonts
        self.stack = [Group(codec=codec)]
        self.group_start = False  # the token before was `{`: a destination's name may follow
        self.pending = bytearray()  # bytes of the current code page not yet decoded: a character may span two
        self.to_skip = 0  # fallback characters of a \uN still to skip
        self.out: dict[str, list[str]] = {"body": [], "title": [], "notes": []}

    @property
    def group(self) -> Group:
        return self.stack[-1]

    def open(self) -> None:
        self.flush()
        self.stack.append(self.group)
        self.group_start, self.to_skip = True, 0

    def close(self) -> None:
        self.flush()
        if len(self.stack) > 1:
            self.stack.pop()
        self.group_start, self.to_skip = False, 0

    def set(self, **changes: object) -> None:
        self.flush()
        self.stack[-1] = replace(self.group, **changes)  # type: ignore[arg-type]

    def destination(self, word: str) -> None:
        """A group opened by `\\*` or a known destination is skipped; `\\info`'s `\\title` is the title; a header,
        footer or footnote of the body (Word writes `{\\footnote`, LibreOffice `{\\*\\footnote`: the group the star
        skips holds it) is a note, which starts a paragraph of the notes."""
        if word in NOTES and self.stack[-2].sink == "body":
            self.set(sink="notes")
            self.text(BREAK)
        elif word == "*" or word in SKIPPED:
            self.set(sink="skip")
        elif word == "info":
            self.set(sink="info")
        elif word == "title" and self.group.sink == "info":
            self.set(sink="title")

    def control(self, word: str, parameter: int | None) -> None:
        if self.group_start:
            self.group_start = word == "*"  # the destination's name follows the star
            self.destination(word)
        if word == "u" and parameter is not None:
            code = parameter % 0x10000 if parameter < 0 else parameter  # signed 16-bit, as Word writes it
            self.text(chr(code) if code <= MAX_UNICODE else "\ufffd")
            self.to_skip = self.group.skip_after_unicode
            return
        if self.skipped_fallback():
            return
        if word == "uc" and parameter is not None and parameter != self.group.skip_after_unicode:
            self.set(skip_after_unicode=parameter)
        elif word == "f" and parameter is not None:
            codec = self.fonts.get(parameter, self.stack[0].codec)
            if codec != self.group.codec:
                self.set(codec=codec)
        elif word == "v":
            self.set(hidden=parameter != 0)
        elif word in BREAKS or word in SYMBOLS:
            self.text(BREAKS.get(word) or SYMBOLS[word])

    def skipped_fallback(self) -> bool:
        if self.to_skip:
            self.to_skip -= 1
            return True
        return False

    def chars(self, run: bytes) -> None:
        """Text, or `\\'hh` bytes: in the current code page (a double-byte character's second byte may be plain ASCII);
        the first of them may be a \\uN's fallback."""
        self.group_start = False
        skipped = min(self.to_skip, len(run))
        self.to_skip -= skipped
        if self.sink():
            self.pending += run[skipped:]

    def text(self, text: str) -> None:
        self.group_start = False
        sink = self.sink()
        if sink:
            self.flush()
            self.out[sink].append(text)

    def sink(self) -> str | None:
        group = self.group
        return group.sink if group.sink in self.out and not group.hidden else None

    def flush(self) -> None:
        sink = self.sink()
        if self.pending and sink:
            self.out[sink].append(self.pending.decode(self.group.codec, "replace"))
        self.pending.clear()


def is_rtf(raw: bytes) -> bool:
    r"""Whether the file is RTF, by its first bytes.

    >>> is_rtf(b"\xef\xbb\xbf\n{\\rtf1\\ansi Hi}"), is_rtf(b"{Draft} a note")
    (True, False)
    """
    return raw[:1] in b"{ \t\r\n\xef" and RTF_START.match(raw) is not None


def read_rtf(raw: bytes) -> WebPage:
    r"""The document's paragraphs, its code page, its title and its notes.

    >>> page = read_rtf(rb"{\rtf1\ansi\ansicpg1251{\fonttbl{\f0 Arial;}}{\info{\title \'cd\'ee\'e2\'ee\'f1\'f2\'e8}}"
    ...                 rb"\f0 \'cd\'ee\'e2\'ee\'f1\'f2\'e8\par\ldblquote Mir\rdblquote  \u1076?\'e0\tab x\cell y\cell\row}")
    >>> page.paragraphs, page.encoding, page.title
    (['Новости', '“Mir” да\tx | y'], 'cp1251', 'Новости')
    """
    had_bom = raw.startswith(BOM_UTF8)
    code_page = _code_page(raw)
    fonts = _font_codecs(raw, code_page)
    default_font = DEFAULT_FONT.search(raw[:4096])  # the font of text before any \fN
    reader = Reader(
        fonts.get(int(default_font.group(1)), CODE_PAGES[code_page]) if default_font else CODE_PAGES[code_page], fonts
    )
    position = raw.index(b"{")  # past the byte-order mark and whitespace
    while match := TOKEN.match(raw, position):
        position = match.end()
        word, parameter, hex_bytes, symbol, brace, run = match.groups()
        if word:
            parameter = int(parameter) if parameter is not None else None
            if word == b"bin":  # that many bytes of binary data follow: never text, and they may hold braces
                position += max(parameter or 0, 0)
            reader.control(word.decode("ascii"), parameter)
        elif hex_bytes:
            reader.chars(bytes.fromhex(hex_bytes.replace(b"\\'", b"").decode("ascii")))
        elif symbol in ESCAPED:  # as bytes: in a double-byte code page, \\ may be a character's second byte
            reader.chars(symbol)
        elif symbol:
            reader.control(symbol.decode("latin-1"), None)
        elif brace:
            reader.open() if brace == b"{" else reader.close()
        elif run:
            reader.chars(run)
    reader.flush()
    paragraphs = [_row(p) for p in _joined(reader.out["body"]).split(BREAK)]
    title = MARKUP_SPACES.sub(" ", _joined(reader.out["title"])).strip() or None
    notes = tuple(note for note in map(_row, _joined(reader.out["notes"]).split(BREAK)) if note)
    encoding = ENCODING_NAMES[CODE_PAGES[code_page]]
    return WebPage([p for p in paragraphs if p], encoding, had_bom, title=title, notes=notes)


def _joined(pieces: list[str]) -> str:
    """The pieces as one string, a character beyond U+FFFF that \\uN wrote as a surrogate pair made whole (a lone
    surrogate, which no text can hold, becomes U+FFFD)."""
    text = "".join(pieces)
    if SURROGATES.search(text):
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def _code_page(raw: bytes) -> int:
    r"""The document's code page: `\ansicpgN`, else cp1252 for `\ansi`; Rejected for one reprints cannot name."""
    declared = re.search(rb"\\ansicpg(\d+)", raw[:4096])
    code_page = int(declared.group(1)) if declared else 1252
    if code_page not in CODE_PAGES:
        raise Rejected("unsupported_format", f"an RTF document in code page {code_page}, which reprints does not read")
    return code_page


def _font_codecs(raw: bytes, code_page: int) -> dict[int, str]:
    """Each font's codec, from the font table's `\\fcharset`: the document's for ANSI and default fonts."""
    fonts = {}
    for number, charset in FONT_CHARSET.findall(raw):
        font_page = code_page if int(charset) in NEUTRAL_CHARSETS else CHARSETS.get(int(charset), code_page)
        fonts[int(number)] = CODE_PAGES.get(font_page, CODE_PAGES[code_page])
    return fonts


def _row(paragraph: str) -> str:
    """A paragraph, and a table row's cells joined by CELL_SEPARATOR (the empty cells it ends with dropped)."""
    if CELL not in paragraph:
        return paragraph.strip()
    cells = [cell.strip() for cell in paragraph.split(CELL)]
    while cells and not cells[-1]:
        cells.pop()
    return CELL_SEPARATOR.join(cells)
