"""Web pages: recognised by their first bytes, decoded as they declare (checked), reduced to article or visible text.

A saved web page is a reprint as it is usually collected. Whatever its name
(`.html`, `.php`, no extension, `.gz`), a file is a web page when it starts as
HTML or XHTML after any byte-order mark and whitespace; a `.html` file holding
plain text is plain text. A CMS's export of an article's body is a page too: a
fragment (no doctype, `<html>` or `<body>`) that opens with a visible HTML
element, is written as markup (most of its lines begin or end with a tag, or
stand inside a paragraph's element) and closes a block element. It has no
boilerplate to remove, so it is read for its visible text in every mode but
`raw`. So is text written in tags (`is_text_in_tags`): an older CMS's export
broken by <br>s, a CMS field or feed description marked up with inline tags
only. In any fragment one <br> ends a line and two or more a paragraph; in text
written in tags a line end of the source ends a line too. A look for a "<" in
the first 8 KB is all a text file pays: lxml and trafilatura are imported only
when a page, or a file opening with a tag or showing tags, is met.

Decoding follows the browsers' order, but checks what a page declares: a BOM,
then `<meta charset>` / `http-equiv` Content-Type (or the XML declaration),
then detection (tasks/steps/decode.py). A declaration the bytes contradict (a
page declared ISO-8859-1 whose bytes are valid UTF-8, one declared UTF-8 whose
bytes are not, one declared in a single-byte code page whose letters detection
reads in another, with the declaration's head start) is overridden, and the
fix recorded.

`article` keeps the main article (trafilatura, the best-measured open
extractor: docs/web.md, bench/web_extraction.py), `text` every visible text of
the page, one paragraph per block. Entities are decoded once, by the HTML
parser.
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from tasks.model import Rejected
from tasks.steps.decode import BOMS, ENCODING_NAMES, SINGLE_BYTE, decode
from tasks.steps.notices import find_reprint_notice, reprint_source
from tasks.steps.whitespace import INVISIBLE

if TYPE_CHECKING:
    from lxml.html import HtmlElement

HTML_MODES = ("article", "text", "raw")
DEFAULT_HTML_MODE = "article"

SNIFF_BYTES = 1024  # a page's first tag stands within this, after any BOM, whitespace and comments
FRAGMENT_BYTES = 8 * 1024  # a fragment's first lines, enough of them to tell markup from text quoting a tag
PRESCAN_BYTES = 16 * 1024  # where a charset declaration may stand: the head (13 KB into one real page)
# An article has at least this many non-space characters: below it, what an extractor finds on a 404, a list
# page or a login wall is a sentence or two of boilerplate (the shortest article body of the 61 benchmark pages
# has 369 characters; trafilatura itself retries with other algorithms below 250).
MIN_ARTICLE_CHARS = 150
# A list page's "article" is its links: above this share of the text in paragraphs that are a link's whole text,
# what the extractor kept is a list of headlines, not prose (an article's related-links list stays well under it).
MAX_LINK_SHARE = 0.5

_LEADING_JUNK = rb"(?:\s|<!--.*?-->|<\?xml[^>]*>)*"
HTML_START = re.compile(_LEADING_JUNK + rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL)
FEED_START = re.compile(_LEADING_JUNK + rb"<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE | re.DOTALL)
META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
HEAD_END = re.compile(rb"</head\b|<body\b", re.IGNORECASE)
# A fragment's first element, after whitespace and comments only: an XML declaration makes it XML (news_xml.py decides)
FRAGMENT_START = re.compile(rb"(?:\s|<!--.*?-->)*<([a-z][a-z0-9]*)[\s>/]", re.IGNORECASE | re.DOTALL)
LINES = re.compile(rb"^[ \t]*(\S.*?)[ \t\r]*$", re.MULTILINE)
# HTML elements lxml 6.2's list (lxml.html.defs.tags) lacks: a piece of a page opening with one is not other XML
NEWER_HTML_ELEMENTS = frozenset({"bdi", "data", "dialog", "main", "picture", "search", "slot", "template"})
# Text broken by <br>s (an older CMS's export: words first, <br><br> between paragraphs, inline tags for emphasis)
BR_RUN = re.compile(rb"(?:<br\b[^<>]*>\s*)+", re.IGNORECASE)  # one break: a line's end, or a paragraph's (two or more)
# A tag as HTML writes one: a name, attributes named as HTML names them. `a<b && c>d` and `<stdio.h>` are none.
_ATTRIBUTE = rb"""\s+[a-z_:][-\w:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
TAG = re.compile(rb"<(?:!--.*?-->|/?([a-z][a-z0-9]*)(?:" + _ATTRIBUTE + rb")*\s*/?>)", re.IGNORECASE | re.DOTALL)
BR_AT_END = re.compile(rb"<br\b[^<>]*>$", re.IGNORECASE)
LINE_END_AFTER_BR = re.compile(r"^[ \t\r]*\n")  # the source's line end just after a <br>: the <br>'s own
LOWER_CASE = re.compile(rb"[a-z]")
MIN_BR_BREAKS = 2  # a text quoting a tag names it once; two breaks make three pieces of text
# Inline elements (<b>, <a href>, <span>) that text written in tags closes around words: a text quoting tags opens
# one and closes none (`use the <b> element`), or closes it around a space (`wrap it in <b> and </b>`).
MIN_MARKED_WORDS = 2
MAX_LINES_A_TAG = 4  # text written in inline tags has tags in most lines; code quoting HTML in a string, in a few
# What such an element holds: text from a non-space to a non-space, a letter or digit in it (any non-ASCII byte may be
# one), not the "…" of `<b>…</b>` in a text about HTML.
MARKED_WORD = re.compile(rb"(?=.*?[\w\x80-\xff])\S(?:.*\S)?", re.DOTALL)
# HTML's void elements (the HTML standard's list, and the obsolete ones): never closed.
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen"}
)
# A fragment written into a page: trafilatura refuses a tree of one element (a fragment of one <p>, or one <div>) as
# no HTML unless "html" is in its first 50 characters
WHOLE_PAGE = "<html><body>{}</body></html>"
LINE_BREAK = "\u2028"  # what a <br> leaves in a fragment's text: a line's end, which two or more make a paragraph's

# Labels pages use to the codec a browser decodes them with, and the name recorded in `source_encoding`
# (the WHATWG Encoding Standard reads ISO-8859-1 and ASCII as windows-1252, GB2312 and GBK as GB18030).
DECLARED_CODECS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8"), ("utf-8", "utf-8")),
    **dict.fromkeys(
        ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252"),
        ("cp1252", "cp1252"),
    ),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "gb18030", "cp936"), ("gb18030", "gb18030")),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "x-x-big5"), ("big5hkscs", "big5")),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "ms_kanji"), ("cp932", "shift_jis")),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "windows-949", "cp949"), ("cp949", "euc-kr")),
    **dict.fromkeys(("euc-jp", "x-euc-jp"), ("euc_jp", "euc-jp")),
}
# A meta tag can only be read in an ASCII-compatible encoding: a page that declares UTF-16 there is not UTF-16.
SINGLE_BYTE_CODECS = SINGLE_BYTE | {"cp1258"}  # declarations checked by detection (`_checked_single_byte`)
IGNORED_DECLARATIONS = frozenset({"utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be"})

# Elements whose content is never visible text, and elements that start a new paragraph (`--html text`).
INVISIBLE_TAGS = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "select"}
)
BLOCK_TAGS = frozenset(
    ("address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
     "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend",
     "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul")
)  # fmt: skip
VOID_BLOCKS = BLOCK_TAGS & VOID_ELEMENTS  # never closed: a closing tag of the others shows markup, not a quoted tag
BLOCK_END = re.compile(rb"</(?:%s)\s*>" % b"|".join(t.encode() for t in sorted(BLOCK_TAGS - VOID_BLOCKS)), re.IGNORECASE)
UNPAIRED_ELEMENTS = VOID_ELEMENTS | BLOCK_TAGS  # never closed, or (a <p>, an <li>) HTML lets them go unclosed
# A block element's tag, opening or closing, but a <br>'s: text written in inline tags has none
BLOCK_TAG = re.compile(rb"</?(?:%s)[\s/>]" % b"|".join(t.encode() for t in sorted(BLOCK_TAGS - {"br"})), re.IGNORECASE)
# Elements that hold a paragraph's text: a line inside one is markup too (pandoc wraps their text at 72 columns). Not
# <div> or <blockquote>, which a Markdown README wraps around Markdown lines.
_TEXT_BLOCK = rb"(?:p|h[1-6]|li|dt|dd|td|th|caption|figcaption|summary)"
TEXT_BLOCK_START = re.compile(rb"<" + _TEXT_BLOCK + rb"[\s>]", re.IGNORECASE)
TEXT_BLOCK_END = re.compile(rb"</" + _TEXT_BLOCK + rb"\s*>", re.IGNORECASE)
# Blocks of trafilatura's article tree, each a paragraph; `lb` (a <br>) ends one too.
ARTICLE_BLOCKS = frozenset({"p", "head", "item", "quote", "row", "code", "list", "table"})
SPACES = re.compile(r"\s+")
# The whitespace markup and word processors collapse: XML's (space, tab, line ends). A no-break or ideographic space
# is a character of the text, which the text clean-up keeps where it separates words (tasks/steps/whitespace.py).
MARKUP_SPACES = re.compile(r"[ \t\r\n]+")
CELL_SEPARATOR = " | "  # between a table row's cells, its one paragraph, in every format read
# What a block's line collapses into one space: whitespace but the no-break and ideographic spaces, which the text
# clean-up keeps where they separate words (tasks/steps/whitespace.py), as it does in a text file.
LINE_SPACES = re.compile(r"[^\S\xa0\u202f\u3000]+")
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")
# What an exporter titles a page made from an untitled document: no title (LibreOffice 7.4's XHTML export)
PLACEHOLDER_TITLES = frozenset({"- no title specified"})


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    had_bom: bool = False
    fixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class WebPage:
    """What a web page (or a word-processor file, a PDF, a news XML or JSON article) contributes to its records: the
    text to clean, and metadata."""

    paragraphs: list[str]
    encoding: str
    had_bom: bool = False
    fixes: tuple[str, ...] = ()
    title: str | None = None
    source_url: str | None = None
    published: date | None = None
    # a word-processor file's or a PDF's footnotes, endnotes, page headers and footers, each note's paragraphs in the
    # order the reader found them: never the article's text, read by the pipeline for a reprint notice only
    # (tasks/pipeline.py lift_notice, docs/documents.md)
    notes: tuple[str, ...] = ()


def page_kind(raw: bytes) -> str | None:
    """'html' for a web page, 'fragment' for a piece of one (a CMS's export of an article's body), 'feed' for an RSS
    or Atom feed, None for anything else; by content, not name.

    >>> page_kind(b"\\xef\\xbb\\xbf\\n  <!DOCTYPE html><html><body>Hi</body></html>")
    'html'
    >>> page_kind(b"<p>The council met.</p>\\n<h2>Costs</h2>\\n<p>The mayor said <b>no</b>.</p>")
    'fragment'
    >>> page_kind(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    'feed'
    >>> page_kind(b"Prices <b>rose</b> again: a text that quotes a tag is text")
    """
    if raw.find(b"<", 0, FRAGMENT_BYTES) < 0:
        return None  # what almost every text file pays: every kind has a tag in its first bytes
    head = first_bytes(raw)
    if head.lstrip().startswith(b"<"):
        if HTML_START.match(head):
            return "html"
        if FEED_START.match(head):
            return "feed"
    window = first_bytes(raw, FRAGMENT_BYTES)
    if head.lstrip().startswith(b"<") and _opens_with_a_visible_element(head) and is_written_as_markup(window):
        return "fragment"
    return "fragment" if is_text_in_tags(window) else None


def _opens_with_a_visible_element(head: bytes) -> bool:
    """Does the text open (after whitespace and comments) with a visible HTML element's tag, not "<Editor's note>",
    XML, or an element whose content is never shown (an <svg> around everything would leave no text)?"""
    start = FRAGMENT_START.match(head)
    return start is not None and start.group(1).decode("ascii").lower() in html_elements() - INVISIBLE_TAGS


@cache
def html_elements() -> frozenset[str]:
    """The names of HTML's elements: lxml's list and the newer ones it lacks."""
    from lxml.html import defs

    return frozenset(defs.tags) | NEWER_HTML_ELEMENTS


def is_written_as_markup(head: bytes) -> bool:
    """Is markup how the text is written, not an aside: most of its lines are markup, and a block element is
    closed. A line is markup when it begins or ends with a tag (a file of one line of elements is markup), or stands
    inside a paragraph's element (a <p> wrapped over many lines). A README opening with `<p align="center">` and
    then written in Markdown, or prose quoting a tag, is not.

    >>> is_written_as_markup(b"<p>The council met\\non Tuesday, and the\\nmayor said no.</p>\\n<p>Tolls stay.</p>")
    True
    >>> is_written_as_markup(b'<p align="center"><img src="logo.png"></p>\\n# Reprints\\nCleans articles.\\nFast.')
    False
    """
    lines = LINES.findall(head)
    markup = open_blocks = 0
    for line in lines:
        markup += open_blocks > 0 or line.startswith(b"<") or line.endswith(b">")
        open_blocks = max(0, open_blocks + len(TEXT_BLOCK_START.findall(line)) - len(TEXT_BLOCK_END.findall(line)))
    return 2 * markup > len(lines) and BLOCK_END.search(head) is not None


def is_text_in_tags(head: bytes) -> bool:
    """Is this text written in HTML's tags, not quoting them? Every "<" opens a visible HTML element's tag, every inline
    element opened is closed (`_marked_words`), and the tags show that markup is how it is written: <br>s break it
    (`_broken_by_br`), or MIN_MARKED_WORDS inline elements are closed around words, in a text of inline tags only
    (`_written_in_inline_tags`: a CMS's field or a feed's description, `Prime Minister <b>Jane Doe</b> said on
    <a href=…>Tuesday</a>`); and it holds no Markdown and is no e-mail message (its headers would be taken for text).
    Markdown with a <br> or two, a text quoting a tag, code (`a<b && c>d`, or HTML in a program's strings), an
    e-mail's headers and XML are not.

    >>> is_text_in_tags(b"The council met on <b>Tuesday</b>.<br><br>It approved it.<br /><br />The mayor spoke.")
    True
    >>> is_text_in_tags(b'Prime Minister <b>Jane Doe</b> said on <a href="/a">Tuesday</a> that tolls stay.')
    True
    >>> is_text_in_tags(b"Type <br><br> for a blank line, <br> for a line break, in the old editor.")
    False
    >>> is_text_in_tags(b"Wrap a word in <b> and </b> to make it bold, in <i> and </i> for italics.")
    False
    """
    broken = _broken_by_br(head)
    if not broken and head.count(b"</") < MIN_MARKED_WORDS:
        return False  # no two breaks, no two closing tags: what most text with a "<" pays
    marked = _marked_words(head)
    return (
        marked is not None
        and (broken or (marked >= MIN_MARKED_WORDS and _written_in_inline_tags(head)))
        and _only_visible_tags(head)
        and not _holds_markdown(head)
        and not _is_message(head)
    )


def _broken_by_br(head: bytes) -> bool:
    """Is the text broken by <br>s (MIN_BR_BREAKS or more): its lines end with one (more than half of those but the
    last, or it is one line), or MIN_BR_BREAKS paragraphs end with two or more (its lines hard-wrapped, a headline
    above without one); a paragraph's break followed by a lower-case word at most half the time (a text about the
    tag writes `<br><br> for a blank line`)?"""
    if head.lower().count(b"<br") < MIN_BR_BREAKS:
        return False  # a case-blind regex search of 8 KB costs a hundred times more
    breaks = list(BR_RUN.finditer(head))
    if len(breaks) < MIN_BR_BREAKS:
        return False
    paragraph_breaks = [run for run in breaks if run.group().count(b"<") > 1]
    lower_case_after = sum(LOWER_CASE.match(head, run.end()) is not None for run in paragraph_breaks)
    broken = _ends_lines_with_br(head) or len(paragraph_breaks) >= MIN_BR_BREAKS
    return broken and 2 * lower_case_after <= len(paragraph_breaks)


def _ends_lines_with_br(text: bytes) -> bool:
    """Is the text one line, or do more than half of its lines but the last end with a <br>?"""
    ends = _br_line_ends(text)
    return not ends or 2 * sum(ends) > len(ends)


def _br_line_ends(text: bytes) -> list[bool]:
    """Whether each line of the text but the last (which may be cut short) ends with a <br>."""
    return [BR_AT_END.search(line) is not None for line in LINES.findall(text)[:-1]]


def _marked_words(head: bytes) -> int | None:
    """How many inline elements the text closes around words (MARKED_WORD: no space inside either tag); None when it
    closes one where another is open, or leaves one open (unless cut short at FRAGMENT_BYTES), as a text quoting a tag
    does (`use the <b> element`). Block elements do not count: HTML lets a <p> or an <li> go unclosed."""
    opened: list[tuple[bytes, int]] = []  # each open element's name and where its content starts
    marked_words = 0
    for tag in TAG.finditer(head):
        name = (tag.group(1) or b"").lower()
        if not name or name.decode("ascii") in UNPAIRED_ELEMENTS or tag.group().endswith(b"/>"):
            continue  # a comment, a <br>, an <img alt=…>, a block
        if not tag.group().startswith(b"</"):
            opened.append((name, tag.end()))
            continue
        if not opened or opened[-1][0] != name:
            return None
        _, start = opened.pop()
        marked_words += MARKED_WORD.fullmatch(head, start, tag.start()) is not None
    return marked_words if not opened or len(head) >= FRAGMENT_BYTES else None


def _written_in_inline_tags(head: bytes) -> bool:
    """Has the text no block element, and a tag in one line of MAX_LINES_A_TAG or fewer (a program that writes HTML in
    a few of its strings has hundreds of lines of code around them)?"""
    lines = LINES.findall(head)
    tagged = sum(TAG.search(line) is not None for line in lines)
    return BLOCK_TAG.search(head) is None and tagged * MAX_LINES_A_TAG >= len(lines)


def _is_message(head: bytes) -> bool:
    from tasks.steps.mail import message_kind  # here: mail.py reads its HTML parts with this module's functions

    return message_kind(head) is not None


def _only_visible_tags(head: bytes) -> bool:
    """Does every "<" open a tag (or comment) of a visible HTML element? (A tag cut off at the end is left out.)"""
    if head.rfind(b"<") > head.rfind(b">"):
        head = head[: head.rfind(b"<")]
    names = TAG.findall(head)
    visible = html_elements() - INVISIBLE_TAGS
    return len(names) == head.count(b"<") and all(not name or name.decode("ascii").lower() in visible for name in names)


def _holds_markdown(head: bytes) -> bool:
    from tasks.steps.markdown import constructs  # here: markdown.py reads HTML with this module's functions

    return bool(constructs(head.decode("latin-1")))


def first_bytes(raw: bytes, size: int = SNIFF_BYTES, target: str = "ascii") -> bytes:
    """The first `size` bytes, as ASCII-compatible bytes after any BOM: a UTF-16 or UTF-32 file's read through its BOM
    and written in `target` (ASCII by default, "?" for what it lacks; up to 4 * size bytes of such a file are read)."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            if encoding == "utf-8":
                return raw[len(bom) : len(bom) + size]
            text = raw[len(bom) : len(bom) + 4 * size].decode(encoding, "ignore")
            return text.encode(target, "replace")
    return raw[:size]


def declared_encoding(raw: bytes) -> str | None:
    """The charset label the page declares in its XML declaration or a <meta> of its head, lower case.

    >>> declared_encoding(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'iso-8859-1'
    >>> declared_encoding(b'<?xml version="1.0" encoding="Shift_JIS"?><html>')
    'shift_jis'
    """
    xml = XML_ENCODING.match(raw)
    if xml:
        return xml.group(1).decode("ascii").lower()
    prescan = raw[:PRESCAN_BYTES]
    end = HEAD_END.search(prescan)
    meta = META_CHARSET.search(prescan, 0, end.start() if end else len(prescan))
    return meta.group(1).decode("ascii").lower() if meta else None


def decode_page(raw: bytes) -> DecodedPage:
    """Decode a page: BOM, then its declaration when the bytes agree with it, else detection (fix recorded).

    >>> page = '<html><head><meta charset="iso-8859-1"></head><body>Café</body></html>'.encode()
    >>> decoded = decode_page(page)
    >>> decoded.encoding, decoded.fixes, "Café" in decoded.text
    ('utf-8', ('charset_declaration_overridden',), True)
    """
    return decode_declared(raw, declared_encoding(raw))


def decode_declared(raw: bytes, label: str | None) -> DecodedPage:
    """Decode bytes that declare the charset `label` (a page's meta charset, an e-mail part's Content-Type): a BOM
    first, then the declaration when the bytes agree with it, else detection (fix recorded); no label: detection.

    >>> decode_declared("Добрый день".encode("koi8-r"), "koi8-r").encoding
    'koi8-r'
    """
    if raw.startswith(tuple(bom for bom, _ in BOMS)):
        detected = decode(raw)
        return DecodedPage(detected.text, detected.encoding, detected.had_bom)
    declared = _declared_codec(label)
    if declared is None:
        detected = decode(raw)
        return DecodedPage(detected.text, detected.encoding)
    codec, name = declared
    if codec != "utf-8" and not raw.isascii() and _is_utf8(raw):
        return DecodedPage(raw.decode("utf-8"), "utf-8", fixes=("charset_declaration_overridden",))
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        detected = decode(raw)
        return DecodedPage(detected.text, detected.encoding, fixes=("charset_declaration_overridden",))
    if raw.isascii() or codec.replace("-", "_") not in SINGLE_BYTE_CODECS:
        return DecodedPage(text, name)
    return _checked_single_byte(raw, text, codec, name)


def _checked_single_byte(raw: bytes, text: str, codec: str, name: str) -> DecodedPage:
    """A declared single-byte code page decodes almost any bytes, so its word is checked by detection, where it wins
    near ties: pages declared ISO-8859-1 whose bytes are cp1251, windows-1251 whose bytes are cp1252 or UTF-8.

    >>> page = '<meta charset="iso-8859-1"><p>Новости дня: президент выступил в Москве</p>'.encode("cp1251")
    >>> decoded = _checked_single_byte(page, page.decode("cp1252"), "cp1252", "cp1252")
    >>> decoded.encoding, decoded.fixes
    ('cp1251', ('charset_declaration_overridden',))
    """
    try:
        detected = decode(raw, declared=codec)
    except Rejected:
        return DecodedPage(text, name)  # no reading is believable: the declaration is all there is
    if detected.text == text:
        return DecodedPage(text, name)
    return DecodedPage(detected.text, detected.encoding, fixes=("charset_declaration_overridden",))


def _declared_codec(label: str | None) -> tuple[str, str] | None:
    """(Python codec, recorded name) for a declared label; None when there is none or it names no codec."""
    if label is None or label in IGNORED_DECLARATIONS:
        return None
    if label in DECLARED_CODECS:
        return DECLARED_CODECS[label]
    try:
        codec = codecs.lookup(label).name.replace("-", "_")  # lookup names some codecs with "-" (iso8859-2)
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it (a damaged message's charset)
        return None
    return codec, ENCODING_NAMES.get(codec, codec.replace("_", "-"))  # the names decode.py records


def _is_utf8(raw: bytes) -> bool:
    """Valid UTF-8 round-trips; bytes dropped as invalid make it shorter."""
    return len(raw.decode("utf-8", "ignore").encode("utf-8")) == len(raw)


def read_web_page(raw: bytes, mode: str, kind: str | None = None) -> WebPage:
    """The page's paragraphs (`article`: its main article; `text`: all its visible text; a fragment: its visible text
    in both) and metadata. `kind`: its page_kind, when the caller has it.

    Raises Rejected('no_article') in `article` mode for a page without one: a feed, a list page, a 404.

    >>> page = b'''<html><head><title>Bridge reopens | Harbour Times</title></head><body>
    ... <nav><a href="/">Home</a> <a href="/news">News</a></nav><h1>Bridge reopens</h1>
    ... <p>The old harbour bridge reopened on Monday after two years of repairs that cost the city
    ... far more than planned, and traffic on the coast road fell by half within hours.</p>
    ... <p>Engineers said the new deck should last fifty years.</p><footer>&copy; 2026</footer></body></html>'''
    >>> for paragraph in read_web_page(page, "text").paragraphs:
    ...     print(paragraph[:60])
    Home News
    Bridge reopens
    The old harbour bridge reopened on Monday after two years of
    Engineers said the new deck should last fifty years.
    © 2026
    >>> read_web_page(page, "text").title
    'Bridge reopens'
    """
    decoded = decode_page(raw)
    kind = kind or page_kind(raw)
    if mode == "article" and kind == "feed":
        raise Rejected("no_article", "an RSS or Atom feed: a list of items, not an article (try --html text)")
    if kind == "fragment":
        return read_fragment(decoded)
    return read_decoded_page(decoded, mode)


def read_fragment(decoded: DecodedPage) -> WebPage:
    """A fragment's visible text, titled by its <h1> if it has one; no address or date, which only a whole page has.

    A fragment is all article: the extractor, looking for one among boilerplate, drops short paragraphs and finds
    none in a short fragment (docs/web.md, "Fragments: a piece of a page").

    >>> fragment = read_fragment(decode_page(b"<h1>Bridge reopens</h1><h2>Costs</h2><p>It cost &pound;2m.</p>"))
    >>> fragment.paragraphs, fragment.title
    (['Bridge reopens', 'Costs', 'It cost £2m.'], 'Bridge reopens')
    """
    tree = parse_html(decoded.text)
    if tree is None:
        tree = parse_html(WHOLE_PAGE.format(decoded.text))
    if tree is None:
        raise Rejected("no_text", "the fragment has no element to read")
    headlines = (_lines(h1.text_content().replace("\n", " ")) for h1 in tree.iter("h1"))
    title = next((lines[0] for lines in headlines if lines), None)
    paragraphs = visible_paragraphs(tree, LINE_BREAK, source_line_end(decoded.text.encode()))
    return WebPage(paragraphs, decoded.encoding, decoded.had_bom, decoded.fixes, title)


def source_line_end(fragment: bytes) -> str | None:
    """What a line end of a fragment's source stands for: a space where it closes a block element (markup is how it
    is written, pandoc wraps it); else, in text written in tags, a line's end as in a text file, or a paragraph's
    where the first is the only one without a <br> (a headline written above nl2br's export of the text).

    >>> source_line_end(b"<p>The council met\\non Tuesday.</p>"), source_line_end(b"Prime Minister <b>Jane Doe</b>\\nsaid no.")
    (None, '\\u2028')
    """
    if BLOCK_END.search(fragment):
        return None
    ends = _br_line_ends(fragment)
    return LINE_BREAK * 2 if any(ends) and all(ends[1:]) else LINE_BREAK


def read_decoded_page(decoded: DecodedPage, mode: str) -> WebPage:
    """read_web_page of a page already decoded (an e-mail's HTML part, decoded as its MIME header declares)."""
    tree = parse_html(decoded.text)
    if tree is None:
        raise Rejected("no_article" if mode == "article" else "no_text", "the page has no element to read")
    visible = visible_paragraphs(tree)  # before the extractor, which prunes the tree it is given
    written = as_written(visible)
    title, source_url, published = page_metadata(tree)
    metadata = (written.get(title, title) if title else None, source_url, published)
    if mode != "article":
        return WebPage(visible, decoded.encoding, decoded.had_bom, decoded.fixes, *metadata)
    links = link_texts(tree)
    article = [written.get(paragraph, paragraph) for paragraph in article_paragraphs(tree)]
    paragraphs = with_reprint_notice(prose(without_headline(article, metadata[0]), links), visible)
    return WebPage(paragraphs, decoded.encoding, decoded.had_bom, decoded.fixes, *metadata)


def as_written(visible: list[str]) -> dict[str, str]:
    """Each visible paragraph by its form with every whitespace run one space, as trafilatura gives its text and
    title: it turns no-break, narrow no-break and ideographic spaces into plain ones, which the text clean-up keeps
    where they separate words (tasks/steps/whitespace.py). Looked up, they give a page the paragraphs the same
    article gives as a text file, and so its doc_id (docs/dedup.md, "The same article in other formats").

    Its title also loses zero-width characters: each paragraph is found by that form too.

    >>> as_written(["Le maire\\xa0: «\\xa0oui\\xa0»"])
    {'Le maire : « oui »': 'Le maire\\xa0: «\\xa0oui\\xa0»'}
    >>> as_written(["Le\\u200b maire\\xa0: oui"])
    {'Le maire : oui': 'Le\\u200b maire\\xa0: oui', 'Le\\u200b maire : oui': 'Le\\u200b maire\\xa0: oui'}
    """
    written = {SPACES.sub(" ", INVISIBLE.sub("", paragraph)): paragraph for paragraph in visible}
    return written | {SPACES.sub(" ", paragraph): paragraph for paragraph in visible}


def prose(article: list[str], links: set[str]) -> list[str]:
    """The article's paragraphs that are not a link's whole text, or Rejected('no_article') when too little is left.

    A paragraph that is all link is navigation the extractor kept: a related
    story's headline, "Print Article", "Order Reprints". When such paragraphs
    hold most of the text, the page is a list of links, not an article.

    >>> prose(["Harbour story one", "Harbour story two"] * 5, {"Harbour story one", "Harbour story two"})
    Traceback (most recent call last):
    ...
    tasks.model.Rejected: no_article: the page is a list of links (100% of its main text), not an article
    """
    kept = [p for p in article if p not in links]
    chars, kept_chars = _chars(article), _chars(kept)
    if chars and chars - kept_chars > MAX_LINK_SHARE * chars:
        share = 1 - kept_chars / chars
        raise Rejected("no_article", f"the page is a list of links ({share:.0%} of its main text), not an article")
    if kept_chars < MIN_ARTICLE_CHARS:
        raise Rejected("no_article", f"no article found in the page (under {MIN_ARTICLE_CHARS} characters of text)")
    return kept


def _chars(paragraphs: list[str]) -> int:
    return sum(len(p) - p.count(" ") for p in paragraphs)


def link_texts(tree: HtmlElement) -> set[str]:
    """The whole text of every link of the page, whitespace collapsed."""
    return {SPACES.sub(" ", a.text_content()).strip() for a in tree.iter("a")} - {""}


def parse_html(text: str) -> HtmlElement | None:
    """The page's element tree, parsed as trafilatura parses it (lxml's HTML parser, after its repairs for
    libxml2's known faults): the parser decodes every entity once, and forgives broken markup."""
    from trafilatura import load_html

    return load_html(XML_DECLARATION.sub("", text, count=1))  # lxml refuses a str that declares an encoding


def article_paragraphs(tree: HtmlElement) -> list[str]:
    """The main article's blocks, as paragraphs: trafilatura's extraction, without reader comments.

    Comments are not the article (the benchmark's ground truth leaves them out);
    tables stay, as articles report figures in them. The text is read from
    trafilatura's tree, not its text output, which unescapes entities a second time.
    """
    import trafilatura

    document = trafilatura.bare_extraction(tree, include_comments=False, with_metadata=False, include_tables=True)
    assert not isinstance(document, dict)  # a dict only with as_dict=True
    if document is None or document.body is None:
        return []
    return [paragraph for block in _article_blocks(document.body) for paragraph in _lines(block)]


def without_headline(article: list[str], title: str | None) -> list[str]:
    """The article without its headline, when the extractor kept it: a page's title is metadata (the `title`
    column), and whether the headline stands inside the page's <article> is the site's choice, not the reader's.

    >>> without_headline(["Bridge reopens", "The bridge reopened."], "Bridge Reopens")
    ['The bridge reopened.']
    """
    if article and title and SPACES.sub(" ", article[0]).casefold() == SPACES.sub(" ", title).casefold():
        return article[1:]
    return article


def with_reprint_notice(article: list[str], visible: list[str]) -> list[str]:
    """The article, with the page's reprint notice last when the extractor left it out as boilerplate.

    Publishers put "Originally published in …" under the article or in the page's
    footer, which an extractor drops; the pipeline lifts it into `reprint_source`
    from the article's last paragraphs (tasks/steps/notices.py), so it goes there.

    >>> with_reprint_notice(["Text of the article."], ["Menu", "Text of the article.", "Reprinted from The Harbour Times."])
    ['Text of the article.', 'Reprinted from The Harbour Times.']
    """
    if not article or find_reprint_notice(article):
        return article
    kept = set(article)
    notices = [p for p in visible if p not in kept and reprint_source(p)]
    return [*article, notices[0]] if notices else article


def _article_blocks(element) -> list[str]:
    """Text of each outermost block of trafilatura's tree; a block holding blocks (a list, a quote of paragraphs)
    is split into them."""
    blocks: list[str] = []
    for child in element:
        inner = [d for d in child.iterdescendants() if d.tag in ARTICLE_BLOCKS]
        if inner:
            if child.text and child.text.strip():
                blocks.append(child.text)
            blocks += _article_blocks(child)
        else:
            blocks.append(_element_text(child, CELL_SEPARATOR if child.tag == "row" else ""))
        if child.tail and child.tail.strip():
            blocks.append(child.tail)
    return blocks


def _element_text(element, cell_separator: str) -> str:
    """The text of an element, a line break for each <lb/>, its table cells separated."""
    pieces = [element.text or ""]
    for child in element.iterdescendants():
        if child.tag == "lb":
            pieces.append("\n")
        elif child.tag == "cell" and cell_separator and child.getprevious() is not None:
            pieces.append(cell_separator)
        pieces.append(child.text or "")
        if child.tail:
            pieces.append(child.tail)
    return "".join(pieces)


def _lines(block: str) -> list[str]:
    """A block's lines, each with its whitespace collapsed; empty ones dropped."""
    return [line for line in (LINE_SPACES.sub(" ", part).strip() for part in block.split("\n")) if line]


def visible_paragraphs(tree: HtmlElement, line_break: str | None = None, line_end: str | None = None) -> list[str]:
    """Every visible text of the page, one paragraph per block (scripts, styles and the head left out). Each <br>
    ends a paragraph; with `line_break` (a fragment's reading) it ends a line, and two or more a paragraph: a
    paragraph's lines are joined by "\\n", for the text clean-up to read as a text file's (docs/web.md). A line end
    of the source is a space, or with `line_end` that (source_line_end), but just after a <br>.

    >>> visible_paragraphs(parse_html("<p>One <b>bold</b> move<script>x()</script></p><ul><li>a</li><li>b</li></ul>"))
    ['One bold move', 'a', 'b']
    >>> visible_paragraphs(parse_html("Town Hall<br>Springfield<br><br>The council met."), LINE_BREAK)
    ['Town Hall\\nSpringfield', 'The council met.']
    """
    pieces: list[str] = []
    body = tree.find("body")
    _collect_visible(body if body is not None else tree, pieces, line_break, line_end)
    blocks = "".join(pieces).split("\n\n")
    if line_break is None:
        return [line for piece in blocks for line in _lines(piece.replace("\n", " "))]
    return [paragraph for block in blocks for paragraph in _broken_lines(block, line_break)]


def _broken_lines(block: str, line_break: str) -> list[str]:
    """A block's paragraphs, its lines joined by "\\n": an empty line (two line breaks in a row) ends a paragraph."""
    lines = [LINE_SPACES.sub(" ", line).strip() for line in block.split(line_break)]
    runs = itertools.groupby(lines, key=bool)
    return ["\n".join(run) for has_text, run in runs if has_text]


def _collect_visible(element, pieces: list[str], line_break: str | None = None, line_end: str | None = None) -> None:
    """The visible text under `element`, "\\n\\n" around each block; with `line_break`, that for each <br> and the
    markup's whitespace one space (so that neither can pass for the other), but a source line end `line_end`."""
    tag = element.tag if isinstance(element.tag, str) else None  # comments and processing instructions: no tag
    tail = element.tail
    if tag == "br" and line_break is not None:
        pieces.append(line_break)
        tail = LINE_END_AFTER_BR.sub("", tail, count=1) if tail and line_end else tail
    elif tag is not None and tag not in INVISIBLE_TAGS:
        block = tag in BLOCK_TAGS
        if block:
            pieces.append("\n\n")
        pieces.append(_markup_text(element.text, line_break, line_end))
        for child in element:
            _collect_visible(child, pieces, line_break, line_end)
        if block:
            pieces.append("\n\n")
    if tail:
        pieces.append(_markup_text(tail, line_break, line_end))


def _markup_text(text: str | None, line_break: str | None, line_end: str | None) -> str:
    if not text:
        return ""
    if line_break is None:
        return text
    if line_end is None:
        return MARKUP_SPACES.sub(" ", text)
    return line_end.join(MARKUP_SPACES.sub(" ", line) for line in text.split("\n"))


def page_metadata(tree: HtmlElement) -> tuple[str | None, str | None, date | None]:
    """(title, source_url, published) of a page, each None when the page does not give it.

    The title is og:title, the <title> without its site suffix, or the <h1>
    (trafilatura's order), and none where it is an exporter's placeholder; the URL the canonical link or og:url; the date the
    original publication date htmldate finds in the page (not the crawl date).
    """
    from trafilatura.metadata import extract_metadata

    metadata = extract_metadata(tree, extensive=False)
    title = _without_site_name(metadata.title, metadata.sitename)
    return (None if title in PLACEHOLDER_TITLES else title), _absolute_url(metadata.url), _date(metadata.date)


def _without_site_name(title: str | None, site: str | None) -> str | None:
    """'Bridge reopens | Harbour Times' -> 'Bridge reopens' when the site is Harbour Times.

    >>> _without_site_name("Bridge reopens | Harbour Times", "Harbour Times")
    'Bridge reopens'
    """
    if not title:
        return None
    title = SPACES.sub(" ", title).strip()
    if site:
        for separator in TITLE_SEPARATORS:
            suffix = separator + site
            if title.lower().endswith(suffix.lower()) and len(title) > len(suffix):
                return title[: -len(suffix)].strip()
    return title or None


def _absolute_url(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
