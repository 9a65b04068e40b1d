"""Markdown files (CMS exports, static-site newsrooms, partners' feeds) read as articles: text, never markup.

Whatever its name, a file is Markdown when its first SCAN_BYTES show at least
MIN_CONSTRUCTS distinct constructs of CONSTRUCTS, ones plain text essentially
never has: YAML front matter, an ATX heading (`# ` at a line's start), an
inline link or image (`[text](url)`), strong emphasis (`**bold**`), a fenced
code block, a reference link definition (`[id]: url`), a setext heading (a
line underlined with `===` or `---`). One alone is not enough, and what plain
text does write (`#hashtags`, `*emphasis*`, `- ` dashes, `1.` numbering, `>`
e-mail quoting, a bracketed `[Editor's note]`) counts for nothing.

A file pays one pass over its first bytes that keeps only the characters of
MARKERS; only one holding the characters of two constructs is searched for the
markers, and only one holding two constructs' markers is decoded
(tasks/steps/decode.py, as any text) and its constructs matched. Markdown is then read by markdown-it-py
(CommonMark, with tables and strikethrough), and rendered to paragraphs as
html.py reads a page: one paragraph per heading, paragraph, list item, table
row (cells joined by " | ") and code line; emphasis markers, link targets,
images and HTML tags dropped; the lines of a paragraph joined (Markdown's rule:
only a blank line ends one). The front matter's `title`, else the first `# `
heading, is the title, and the date its `date`. docs/markdown.md says why.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, reduce
from typing import TYPE_CHECKING

import yaml

from tasks.model import Rejected
from tasks.steps.decode import Decoded, decode
from tasks.steps.html import CELL_SEPARATOR, MARKUP_SPACES, WebPage, first_bytes, parse_html, visible_paragraphs, without_headline
from tasks.steps.paragraphs import UNSPACED_LETTER, SpacingHabit, join_wrapped

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SCAN_BYTES = 8 * 1024  # a Markdown article shows its front matter, headline and first links or bold within this
MIN_CONSTRUCTS = 2  # distinct constructs: plain text may hold one by chance (a "# 1" line, a "[1](2)")

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n((?:[A-Za-z_][\w-]*[ \t]*:.*\r?\n)(?:.*\r?\n)*?)---[ \t]*(?:\r?\n|\Z)")
CONSTRUCTS = {
    "heading": re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE),
    "link": re.compile(r"\[[^\]\n]+\]\([^\s()]+(?:[ \t]+\"[^\"\n]*\")?\)"),
    "strong": re.compile(r"\*\*[^\s*](?:[^\n]*?[^\s*])?\*\*"),
    "fence": re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE),
    "reference": re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]+\S", re.MULTILINE),
    "setext": re.compile(r"^ {0,3}\S.*\r?\n {0,3}(?:===+|---+)[ \t]*\r?$", re.MULTILINE),
}
# Substrings without which a construct cannot be there: the cheap first look every file gets.
MARKERS = {
    "heading": (b"# ", b"#\t"),
    "link": (b"](",),
    "strong": (b"**",),
    "fence": (b"```", b"~~~"),
    "reference": (b"]:",),
    "setext": (b"===", b"---"),
}
MARKER_BYTES = frozenset(b"".join(marker for markers in MARKERS.values() for marker in markers)) - frozenset(b" \t(:")
NOT_MARKER_BYTES = bytes(byte for byte in range(256) if byte not in MARKER_BYTES)
DATE_KEYS = ("date", "published")
BREAK = "\n"  # between the lines of a paragraph that a hard break (two trailing spaces, a backslash) ends
# Scripts without spaces between words, but with spaces between phrases, which a line break in Markdown stands for.
SPACED_BREAK = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")  # Thai, Lao, Myanmar, Khmer
# What lxml refuses in a string: controls (the clean-up removes them from text anyway), lone surrogates, non-characters.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
INLINE_TEXT = frozenset({"text", "code_inline"})


@dataclass(frozen=True)
class FrontMatter:
    title: str | None = None
    published: date | None = None


def markdown_text(raw: bytes) -> Decoded | None:
    """The decoded file when it is Markdown, else None (read as text, or by another reader).

    >>> markdown_text(b"# Council meets\\n\\n**The council** met on Tuesday.\\n").encoding
    'utf-8'
    >>> markdown_text(b"#budget #council: the *council* met.\\n- a dash\\n> quoted\\n[Editor's note] 1. Text") is None
    True
    """
    if not maybe_markdown(raw):
        return None
    decoded = decode(raw)
    return decoded if len(constructs(decoded.text[:SCAN_BYTES])) >= MIN_CONSTRUCTS else None


def maybe_markdown(raw: bytes) -> bool:
    """Do the first bytes hold the markers of MIN_CONSTRUCTS constructs (a UTF-16 or UTF-32 file read through its BOM)?

    Searching a file for each marker costs more than the rest of the routing, so the marker characters are picked
    out first, in one pass: a plain file holds a few hyphens, and rarely two constructs' characters.
    """
    head = _head(raw)
    front = head.startswith(b"---")
    marks = head.translate(None, NOT_MARKER_BYTES)
    if not front and not marks.strip(b"-"):
        return False  # no marker but hyphens, which only a setext heading uses: what almost every text file pays
    possible = [name for name, markers in MARKERS.items() if any(_enough(marks, marker) for marker in markers)]
    if front + len(possible) < MIN_CONSTRUCTS:
        return False
    return front + sum(any(marker in head for marker in MARKERS[name]) for name in possible) >= MIN_CONSTRUCTS


def _head(raw: bytes) -> bytes:
    """The first SCAN_BYTES, without a BOM, a UTF-16 or UTF-32 file's as UTF-8."""
    return first_bytes(raw, SCAN_BYTES, "utf-8")[:SCAN_BYTES]


def _enough(marks: bytes, marker: bytes) -> bool:
    """Do the marker characters found hold those of `marker` (as many of each)?"""
    return all(marks.count(byte) >= marker.count(byte) for byte in marker if byte in MARKER_BYTES)


def constructs(text: str) -> set[str]:
    """The distinct Markdown constructs the text holds.

    >>> sorted(constructs("---\\ntitle: Budget\\n---\\nBudget\\n======\\n\\nSee [the plan](https://example.com)."))
    ['front matter', 'link', 'setext']
    >>> sorted(constructs("[1] The council met. [Editor's note] (Updated) **"))
    []
    """
    found = set()
    front = FRONT_MATTER.match(text)
    if front and isinstance(_yaml(front.group(1)), dict):
        found.add("front matter")
        text = text[front.end() :]  # its closing --- underlines no heading
    return found | {name for name, pattern in CONSTRUCTS.items() if pattern.search(text)}


def read_markdown(decoded: Decoded) -> WebPage:
    """The article of a Markdown file: its paragraphs, title and date; Rejected('no_text') when it holds no text.

    >>> page = read_markdown(decode(b'''---
    ... title: Council meets on budget
    ... date: 2026-03-02
    ... ---
    ... # Council meets on budget
    ...
    ... **The council** met on Tuesday to discuss the
    ... [new budget](https://example.com/budget "Budget").
    ...
    ... ![photo](img.jpg)
    ...
    ... > "It is a fair budget," the mayor said.
    ...
    ... * Ferries: *more* crossings
    ... 1. Schools
    ... '''))
    >>> page.paragraphs
    ['The council met on Tuesday to discuss the new budget.', '"It is a fair budget," the mayor said.', \
'Ferries: more crossings', 'Schools']
    >>> page.title, page.published
    ('Council meets on budget', datetime.date(2026, 3, 2))
    """
    text = decoded.text
    front = FRONT_MATTER.match(text)
    metadata = _front_matter(front.group(1)) if front else FrontMatter()
    tokens = _parser().parse(text[front.end() :] if front else text)
    paragraphs = block_paragraphs(tokens)
    title = metadata.title or first_heading(tokens)
    paragraphs = without_headline(paragraphs, title)
    if not paragraphs:
        raise Rejected("no_text", "the Markdown file holds no text, only markup")
    return WebPage(paragraphs, decoded.encoding, decoded.had_bom, decoded.fixes, title, None, metadata.published)


@cache
def _parser() -> MarkdownIt:
    """CommonMark with GitHub's tables and strikethrough; imported on the first Markdown file only."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def block_paragraphs(tokens: list[Token]) -> list[str]:
    """One paragraph per block: heading, paragraph, list item, quoted paragraph, table row, code line, HTML block.

    >>> block_paragraphs(_parser().parse("| Port | Ferries |\\n|---|---|\\n| North | 12 |\\n\\n```\\nx = 1\\n\\ny = 2\\n```\\n"
    ...                                  "<div><p>A <b>bold</b> box</p></div>\\n"))
    ['Port | Ferries', 'North | 12', 'x = 1', 'y = 2', 'A bold box']
    """
    paragraphs: list[str] = []
    row: list[str] | None = None  # the cells of the table row being read
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            paragraphs.append(CELL_SEPARATOR.join(row))
            row = None
        elif token.type == "inline" and row is not None:
            row.append(inline_text(token))
        elif token.type == "inline":
            paragraphs += inline_text(token).split(BREAK)
        elif token.type in ("fence", "code_block"):
            paragraphs += token.content.split("\n")
        elif token.type == "html_block":
            paragraphs += html_paragraphs(token.content)
    return [paragraph for paragraph in (p.strip() for p in paragraphs) if paragraph]


def html_paragraphs(block: str) -> list[str]:
    """The visible text of a block of HTML inside Markdown, one paragraph per HTML block (html.py's rule)."""
    from lxml.etree import ParserError
    from lxml.html import fragment_fromstring

    markup = NOT_XML.sub("", block)
    try:
        tree = fragment_fromstring(markup, create_parent="div")
    except (ParserError, AssertionError):  # lxml finds no document in a DOCTYPE alone, and asserts on an <html>
        tree = parse_html(markup)  # whose <body> never comes (another file's start run into this one): as a page
    return visible_paragraphs(tree) if tree is not None else []


def inline_text(token: Token) -> str:
    """A block's text without its markup: emphasis markers, link targets, images and HTML tags dropped; wrapped
    lines joined as paragraphs.py joins them (no space between two Chinese or Japanese characters); a hard break
    kept as BREAK.

    >>> inline_text(_parser().parse("美國總統**川普**\\n今日抵達[安克拉治](https://example.com)。<br>")[1])
    '美國總統川普今日抵達安克拉治。'
    """
    lines = [""]
    for child in token.children or []:
        if child.type in INLINE_TEXT:
            lines[-1] += child.content
        elif child.type == "softbreak":
            lines.append("")
        elif child.type == "hardbreak":
            lines[-1] += BREAK
    if len(lines) == 1:
        return lines[0]
    unspaced = bool(UNSPACED_LETTER.search(token.content))
    habit = SpacingHabit(token.content)
    return reduce(lambda left, right: _join(left, right, unspaced, habit), lines)


def _join(left: str, right: str, unspaced: bool, habit: SpacingHabit) -> str:
    left, right = left.rstrip(" "), right.lstrip(" ")
    if not (left and right):
        return left + right
    if SPACED_BREAK.match(left[-1]) or SPACED_BREAK.match(right[0]):
        return f"{left} {right}"  # a Thai line ends where a space was: an editor breaks no word (CSS Text: a space)
    return join_wrapped(left, right, unspaced, habit)


def first_heading(tokens: list[Token]) -> str | None:
    """The text of the first `# ` (level 1) heading."""
    for opening, inline in itertools.pairwise(tokens):
        if opening.type == "heading_open" and opening.tag == "h1":
            return _title(inline_text(inline))
    return None


def _front_matter(block: str) -> FrontMatter:
    """The title and date of YAML front matter; what it does not give (or gives as something else) is None.

    >>> _front_matter('title: "Council: budget"\\ndate: 2026-03-02T08:15:00+01:00\\ntags: [council]\\n')
    FrontMatter(title='Council: budget', published=datetime.date(2026, 3, 2))
    """
    values = _yaml(block)
    if not isinstance(values, dict):
        return FrontMatter()
    title = values.get("title")
    dates = (_date(values.get(key)) for key in DATE_KEYS)
    return FrontMatter(_title(title) if isinstance(title, str) else None, next(filter(None, dates), None))


def _title(text: str) -> str | None:
    """A title as the text's paragraphs are stored: NFC, whitespace collapsed (BREAK too); None for none."""
    return MARKUP_SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip() or None


def _yaml(block: str) -> object:
    """The YAML value of a front matter block; None for one that is not YAML."""
    try:
        return yaml.safe_load(block)
    except yaml.YAMLError:
        return None


def _date(value: object) -> date | None:
    """A date from a YAML date or timestamp, or an ISO 8601 string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            return None
    return None
