"""News-industry XML (NITF, IPTC NewsML-G2) read as articles; other XML quarantined; JSON told apart from text.

Wire services and syndication partners deliver reprints as XML. Whatever its
name, a file is NITF when, after any byte-order mark, whitespace, comments, XML
declaration and DOCTYPE, its root element is `<nitf>`, and NewsML-G2 when it is
`<newsItem>` or a `<newsMessage>` holding one. Web pages, XHTML and RSS/Atom are
recognised before this (tasks/steps/html.py). That look at the first kilobyte is
all a text file pays.

The file is decoded as a web page is (its XML declaration, checked against the
bytes: `decode_page`), then parsed by lxml without network access, DTD loading
or entity expansion. Its body text becomes paragraphs, one per block element in
document order; its headline is the page title, its issue or first-created date
`published` (docs/news-xml.md says which element gives what).

Any other XML document (an XML declaration and a root element none of those, or
without the declaration, which XML makes optional, a whole file of well-formed
XML whose root is no HTML element, or in a namespace other than XHTML's) is
quarantined `unsupported_format`: its vocabulary does not say which text is the
article, and records of identifiers, URLs and numbers would be worse than a row
that says what the file is and what to do. A file opening with a bracket is a
JSON candidate, which tasks/steps/json_article.py reads.
"""

from __future__ import annotations

import re
from datetime import date
from html.entities import html5
from typing import TYPE_CHECKING

from tasks.model import Rejected
from tasks.steps.decode import BOMS
from tasks.steps.html import (
    BLOCK_TAGS,
    CELL_SEPARATOR,
    INVISIBLE_TAGS,
    MARKUP_SPACES,
    XML_DECLARATION,
    WebPage,
    decode_page,
    first_bytes,
    html_elements,
    without_headline,
)

if TYPE_CHECKING:
    from lxml import etree

_LEADING = rb"(?:\s|<!--.*?-->|<\?[^>]*>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*"
NEWS_START = re.compile(_LEADING + rb"<(?:[\w.-]+:)?(nitf|newsItem|newsMessage)[\s>/]", re.DOTALL)
STRUCTURED_OPENINGS = (b"<", b"[", b"{")
XML_START = re.compile(rb"\s*<\?xml\s")
# An element first (after comments, processing instructions, a DOCTYPE): a candidate only, as JSON_START is: XML
# without its (optional) declaration when the whole text is well-formed and its root no HTML element
ELEMENT_START = re.compile(_LEADING + rb"<[^\W\d][\w.:-]*[\s>/]", re.DOTALL)
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
HIDING_LEADS = frozenset(bom[:1] for bom, _ in BOMS)  # a BOM's first byte, or a NUL: where first_bytes may hide JSON
JSON_START = re.compile(rb"\s*[\[{]")  # a candidate only: json.loads of the whole text decides (json_article.py)

# One paragraph per block: HTML's blocks (XHTML bodies, and NITF borrows them) and NITF's own, but a table row is
# one paragraph with its cells separated by CELL_SEPARATOR, as in --html article.
NITF_BLOCKS = frozenset({"hl1", "hl2", "bq", "block", "media", "media-caption", "tagline", "note", "fn", "credit"})
BLOCKS = (BLOCK_TAGS - {"td", "th"}) | NITF_BLOCKS
CELLS = frozenset({"td", "th"})
# Never text: a media object's data (base64), its reference and metadata; NITF keeps what to show in the caption.
SKIPPED = INVISIBLE_TAGS | {"media-reference", "media-object", "media-metadata", "media-producer"}
BREAK = "\0"  # between blocks: a character XML text cannot hold
NITF_PARTS = ("{*}body/{*}body.head/{*}hedline/{*}hl2", "{*}body/{*}body.head/{*}abstract", "{*}body/{*}body.content",
              "{*}body/{*}body.end")  # fmt: skip
NITF_DATES = (
    ("{*}head/{*}docdata/{*}date.issue", "norm"),
    ("{*}head/{*}pubdata", "date.publication"),
    ("{*}head/{*}docdata/{*}date.release", "norm"),
)
NEWSML_DATES = ("{*}itemMeta/{*}firstCreated", "{*}contentMeta/{*}contentCreated", "{*}itemMeta/{*}versionCreated")
ISO_DATE = re.compile(r"\s*(\d{4})-?(\d{2})-?(\d{2})")
CONVERT = (
    "reprints reads plain text, web pages, RSS/Atom, NITF, NewsML-G2, JSON articles, e-mail, RTF, DOCX, ODT, "
    "Word 97-2003 .doc, Markdown and PDF: convert it to one"
)


def structured_kind(raw: bytes) -> str | None:
    """'nitf', 'newsml', 'xml' (any other XML document), 'element' or 'json' (maybe: an element or a bracket first, for
    read_structured or json_article.read_json_article to parse) by the first bytes; None for text.

    >>> structured_kind(b'\\xef\\xbb\\xbf<?xml version="1.0"?>\\n<!DOCTYPE nitf SYSTEM "nitf.dtd">\\n<nitf><body/></nitf>')
    'nitf'
    >>> structured_kind(b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x">')
    'newsml'
    >>> structured_kind(b"<nitfy> is no element this reads, and prose may open with a bracket")
    'element'
    >>> structured_kind(b"<Editor's note> prose opens with a bracket") is None
    True
    >>> structured_kind('{"title": "UTF-16BE without a BOM"}'.encode("utf-16-be"))
    'json'
    """
    head = first_bytes(raw).lstrip()
    if head[:1] not in STRUCTURED_OPENINGS:  # what almost every text file pays: a look at its first byte, and the raw one
        return "json" if raw[:1] in HIDING_LEADS and _hidden_json(raw, head) else None
    news = NEWS_START.match(head)
    if news:
        return "nitf" if news.group(1) == b"nitf" else "newsml"
    if XML_START.match(head):
        return "xml"
    if ELEMENT_START.match(head):
        return "element"
    return "json" if JSON_START.match(head) else None


def _hidden_json(raw: bytes, head: bytes) -> bool:
    """Does JSON open the file where first_bytes cannot see it: in UTF-16BE or UTF-32BE without a BOM (NULs first, as
    RFC 4627 detects them), or behind a BOM its bytes contradict (a UTF-16 mark before UTF-8: decode drops it)?"""
    if head[:1] == b"\0":
        return JSON_START.match(head.replace(b"\0", b"")) is not None
    bom = next((bom for bom, _ in BOMS if raw.startswith(bom)), b"")
    return bool(bom) and JSON_START.match(raw, len(bom)) is not None


def read_structured(raw: bytes, kind: str) -> WebPage | None:
    """A NITF or NewsML-G2 file's article; Rejected('unsupported_format') for other XML; None for a file that only
    looked like XML (prose that opens with a tag, a piece of HTML), which is text."""
    decoded = decode_page(raw)
    if kind == "element":
        _refuse_xml(decoded.text)
        return None  # prose that opens with a tag, or a piece of HTML
    root = parse_xml(decoded.text)
    if kind == "nitf":
        paragraphs, title, published = nitf_article(root)
    elif kind == "newsml":
        paragraphs, title, published = newsml_article(root)
    else:
        raise Rejected("unsupported_format", f"an XML document whose root element is <{root.tag}>; {CONVERT}")
    if not paragraphs:
        raise Rejected("no_text", f"the {kind} document holds no body text")
    return WebPage(paragraphs, decoded.encoding, decoded.had_bom, decoded.fixes, title, None, published)


def _refuse_xml(text: str) -> None:
    """Rejected('unsupported_format') naming the root element, when the text is well-formed XML whose root is no
    HTML element: named as none, or in a namespace other than XHTML's (a standalone SVG or MathML file must declare
    its own, which a piece of a page never does)."""
    try:
        root = parse_xml(text)
    except Rejected:
        return None
    namespace = root.tag.rpartition("}")[0].lstrip("{")
    if namespace not in ("", XHTML_NAMESPACE) or local_name(root).lower() not in html_elements():
        raise Rejected("unsupported_format", f"an XML document whose root element is <{root.tag}>; {CONVERT}")


def parse_xml(text: str) -> etree._Element:
    """The document's root, parsed safely (xml_parser). lxml is imported here, so that a run without XML never
    loads it."""
    from lxml import etree

    try:
        return etree.fromstring(XML_DECLARATION.sub("", text, count=1), xml_parser())  # lxml refuses a str with one
    except etree.XMLSyntaxError as error:
        raise Rejected("unsupported_format", f"XML that is not well-formed ({error}); {CONVERT}") from None


def xml_parser() -> etree.XMLParser:
    """lxml's XML parser, safe on anyone's file: no network, no DTD, entities left as they are (no expansion, so no
    external file is read and no entity bomb grows); comments and processing instructions dropped."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True)


def nitf_article(nitf: etree._Element) -> tuple[list[str], str | None, date | None]:
    """(paragraphs, headline, date) of a NITF document.

    The paragraphs: the hedline's sub-headlines (hl2) and the abstract, then
    the body content and its end (tagline: credits and reprint notices), one per
    block; byline, dateline and the head's metadata are not text of the article.
    """
    paragraphs = [p for path in NITF_PARTS for element in nitf.iterfind(path) for p in block_paragraphs(element)]
    title = _text(nitf.find("{*}body/{*}body.head/{*}hedline/{*}hl1")) or _text(nitf.find("{*}head/{*}title"))
    dates = (iso_date(element.get(attribute)) for path, attribute in NITF_DATES for element in nitf.iterfind(path))
    return paragraphs, title, next(filter(None, dates), None)


def newsml_article(root: etree._Element) -> tuple[list[str], str | None, date | None]:
    """(paragraphs, headline, date) of a NewsML-G2 news item (alone, or the one item of a newsMessage).

    The text is the first inlineXML of the contentSet (an XHTML or NITF body),
    else its first inlineData (plain text); the headline the contentMeta's, else
    the body's; the date the first created one.
    """
    items = [root] if local_name(root) == "newsItem" else list(root.iter("{*}newsItem"))
    if len(items) != 1:
        raise Rejected("unsupported_format", f"a NewsML-G2 newsMessage with {len(items)} news items: one article a file")
    item = items[0]
    title = _text(item.find("{*}contentMeta/{*}headline"))
    published = next(filter(None, (iso_date(_text(item.find(path))) for path in NEWSML_DATES)), None)
    inline = item.find("{*}contentSet/{*}inlineXML")
    if inline is not None and len(inline):
        body = inline[0]
        if local_name(body) == "nitf":
            paragraphs, nitf_title, nitf_date = nitf_article(body)
            return paragraphs, title or nitf_title, published or nitf_date
        xhtml_body = body.find("{*}body")
        return without_headline(block_paragraphs(xhtml_body if xhtml_body is not None else body), title), title, published
    data = item.find("{*}contentSet/{*}inlineData")
    if data is not None and data.text and data.text.strip():
        return [data.text], title, published
    raise Rejected("no_text", "a NewsML-G2 item with no inline content (a remoteContent reference only)")


def block_paragraphs(element: etree._Element) -> list[str]:
    """The element's text, one paragraph per block element, whitespace collapsed (XML's is not significant).

    >>> body = parse_xml('<body.content><p>One <em>bold</em>  move</p><hl2>Sub</hl2><table><tr><td>a</td><td>b</td>'
    ...                  '</tr></table><media><media-object>QUJD</media-object><media-caption>A view</media-caption>'
    ...                  '</media></body.content>')
    >>> block_paragraphs(body)
    ['One bold move', 'Sub', 'a | b', 'A view']
    """
    pieces: list[str] = []
    _collect(element, pieces)
    return [line for line in (MARKUP_SPACES.sub(" ", piece).strip() for piece in "".join(pieces).split(BREAK)) if line]


def local_name(element: etree._Element) -> str:
    """The element's name without its namespace: NITF and NewsML-G2 come with and without theirs."""
    return element.tag.rpartition("}")[2]


def _collect(element: etree._Element, pieces: list[str]) -> None:
    if not isinstance(element.tag, str):  # an entity the parser left unexpanded (it drops comments and PIs)
        pieces.append(html5.get(f"{element.name};", element.text or ""))  # HTML's names, as HTML reads them
    elif (name := local_name(element)) not in SKIPPED:
        block = name in BLOCKS
        if block:
            pieces.append(BREAK)
        elif name in CELLS and element.getprevious() is not None:
            pieces.append(CELL_SEPARATOR)
        pieces.append(element.text or "")
        for child in element:
            _collect(child, pieces)
        if block:
            pieces.append(BREAK)
    if element.tail:
        pieces.append(element.tail)


def _text(element: etree._Element | None) -> str | None:
    """An element's whole text, whitespace collapsed; None for none."""
    if element is None:
        return None
    return MARKUP_SPACES.sub(" ", " ".join(block_paragraphs(element))).strip() or None


def iso_date(value: str | None) -> date | None:
    """The date of an ISO 8601 value, basic (NITF's norm, 20260302T081500Z) or extended (2026-03-02T08:15:00Z).

    >>> iso_date("20260302T081500+0000"), iso_date("2026-03-02T08:15:00Z"), iso_date("soon")
    (datetime.date(2026, 3, 2), datetime.date(2026, 3, 2), None)
    """
    match = ISO_DATE.match(value or "")
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        return None
