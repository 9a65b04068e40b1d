"""JSON articles: a CMS's or news API's export of one article read as that article; any other JSON quarantined.

Data engineers get reprints out of a CMS or a news API as JSON, one file an
article: a WordPress REST post (`title.rendered`, `content.rendered`, `date`,
`link`), a schema.org `NewsArticle` in JSON-LD (`headline`, `articleBody`,
`datePublished`, `url`), or a plain object (`title`, `body`, `published`, `url`).
Whatever its name, a file that news_xml.structured_kind calls 'json' (a bracket
first) is parsed whole, and it is an article when it holds exactly one article
object: an object anywhere in it (the document itself, an item of a top-level
array or of a JSON-LD `@graph`, or an object an API's envelope wraps: the Guardian's
`response.content.fields`, `{"data": {"attributes": …}}`, ActivityPub's `object`)
with a body field of BODY_FIELDS whose value is a string, or a WordPress
`{"rendered": str}`, of MIN_BODY_CHARS non-space characters or more.

The body is HTML when it comes as `rendered` or `body_html`, or when html.page_kind
calls it a page or fragment: then it is read as a fragment is (its visible text,
one paragraph per block, entities decoded once by the parser). Otherwise it is
text, which the pipeline splits and cleans as a text file's (paragraphs, hard
wraps, HTML entities). The title, URL and date go into metadata as a web page's
do: each the article object's, else the nearest enclosing object's that holds it
as a field (the Guardian's `webTitle` beside `fields`). JSON's `\\u` escapes are
decoded by the parser; the bytes are decoded by decode.decode, whose result
(UTF-8, UTF-16 or UTF-32, with or without a BOM) is kept.

Everything else that is JSON is quarantined `unsupported_format`, never read as
text: an array, JSON Lines or @graph of several articles (one article a file),
JSON with no article object (the detail names the keys it saw), and a file that
opens as a JSON object does but does not parse (the detail says where), or nests
deeper than the parser goes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from functools import reduce
from html import unescape
from typing import Any, TypeVar

from tasks.model import Rejected
from tasks.steps.decode import Decoded, decode
from tasks.steps.html import DecodedPage, WebPage, page_kind, read_fragment, without_headline
from tasks.steps.news_xml import CONVERT, iso_date

# The fields that hold an article's body, in the order they are looked for: schema.org's, then the CMSs' and APIs'
BODY_FIELDS = ("articleBody", "content", "body", "text", "body_html", "bodyHtml")
HTML_FIELDS = frozenset({"body_html", "bodyHtml"})  # HTML by their name, as WordPress's `rendered` is
# ActivityStreams names an Article's title `name`; the Guardian's Content API writes `webTitle`, `webUrl` and
# `webPublicationDate` on the item that holds the body's `fields`
TITLE_FIELDS = ("headline", "title", "webTitle", "name")
URL_FIELDS = ("url", "link", "canonical_url", "webUrl", "mainEntityOfPage")  # mainEntityOfPage: a URL or {"@id": URL}
# The first date found: the publication date as the source wrote it (WordPress's local `date` before `date_gmt`, as
# the page of the same post shows it), without converting its time zone
DATE_FIELDS = ("datePublished", "published", "published_at", "publishedAt", "webPublicationDate", "date", "date_gmt",
               "pubDate")  # fmt: skip
# An article's body has at least this many non-space characters (a web page's article too: html.MIN_ARTICLE_CHARS);
# a configuration's or a data record's "text" or "content" is a label or a sentence
MIN_BODY_CHARS = 150
GRAPH = "@graph"
SPACE = re.compile(r"\s")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON may escape half a pair ("\ud83d"), which no encoding writes
TAG = re.compile(r"<[^<>]*>")
# HTML in a text body: an element closed around words (from a non-space to a non-space), or a line break. Prose about
# HTML names a closing tag alone (`end it with </p>`) or around a space (`wrap it in <b> and </b>`).
MARKUP = re.compile(r"<([a-z][a-z0-9]*)\b[^<>]*>[^\s<](?:[^<]*[^\s<])?</\1\s*>|<br\s*/?>", re.IGNORECASE)
ESCAPED_MARKUP = re.compile(r"&lt;/[a-z][a-z0-9]*\s*&gt;|&lt;br\s*/?&gt;", re.IGNORECASE)
_LINE_END = r"(?:\r\n?|\n)"
BLANK_LINE = re.compile(_LINE_END + r"[ \t]*" + _LINE_END + r"\s*")
LINE_END = re.compile(_LINE_END)
T = TypeVar("T")
# A body field's name as a key is in the text as it is, or spelt with a \u escape: JSON has no other way to write it
MAY_NAME_A_BODY = re.compile("|".join(f'"{field}"' for field in BODY_FIELDS) + r"|\\u")
# What only JSON opens with: an object's first key (after an array's bracket, and comments as JSON with comments
# writes them), so that JSON cut short is told from prose that opens with a bracket ("[1] The council met")
JSON_OPENING = re.compile(r'\s*(?:\[\s*)*\{\s*(?:(?://[^\n]*|/\*.*?\*/)\s*)*"', re.DOTALL)


@dataclass(frozen=True)
class JsonArticle:
    """The article a JSON file holds; `markup_read`: its body was HTML, whose entities the parser decoded."""

    page: WebPage
    markup_read: bool


@dataclass(frozen=True)
class Body:
    text: str
    is_html: bool


@dataclass(frozen=True)
class Node:
    """An object of the JSON and where it is: the object that holds it as a field (None when an array holds it: what
    holds a list describes the list, not its items; or nothing), the nearest object it is in, through arrays too, and
    its path from that one (`content`, `features[0]`, `[2]`)."""

    item: dict[str, Any]
    holder: Node | None
    within: Node | None
    step: str

    def path_of(self, field: str) -> str:
        """The JSON path of one of its fields: `body`, `features[0].properties.text` (worked out when asked: most
        objects are never named)."""
        steps: list[str] = [field]
        node: Node | None = self
        while node is not None:
            steps.append(node.step)
            node = node.within
        return reduce(_joined, reversed(steps), "")

    def enclosing(self) -> list[dict[str, Any]]:
        """The object, then the objects that hold it as a field, nearest first."""
        items: list[dict[str, Any]] = []
        node: Node | None = self
        while node is not None:
            items.append(node.item)
            node = node.holder
        return items


# A value to look for objects in: the object that holds it as a field, the object it is in and its step from there
ToWalk = tuple[Any, Node | None, Node | None, str]


def _joined(path: str, step: str) -> str:
    return f"{path}.{step}" if path and step and not step.startswith("[") else path + step


def read_json_article(raw: bytes) -> JsonArticle | None:
    """The article of a JSON file; Rejected('unsupported_format') for JSON that holds no one article; None for text
    that only opened with a bracket, which is text.

    >>> article = read_json_article(b'{"title": {"rendered": "Bridge &#8220;reopens&#8221;"}, "link": '
    ...     b'"https://harbour.example/bridge", "date": "2026-03-02T08:15:00", "content": {"rendered": "<p>The bridge '
    ...     b'reopened on Monday after two years of repairs.</p>\\\\n<p>Traffic on the coast road fell by half within '
    ...     b'hours, and the ferry\\\\u2019s queue was gone by noon, its captain said.</p>\\\\n"}}')
    >>> for paragraph in article.page.paragraphs:
    ...     print(paragraph)
    The bridge reopened on Monday after two years of repairs.
    Traffic on the coast road fell by half within hours, and the ferry’s queue was gone by noon, its captain said.
    >>> article.page.title, article.page.source_url, article.page.published, article.markup_read
    ('Bridge “reopens”', 'https://harbour.example/bridge', datetime.date(2026, 3, 2), True)
    """
    decoded = decode(raw)
    parsed = parse_json(decoded.text)
    if parsed is None:
        return None
    values, shape = parsed
    node, body = the_article(values, shape, could_hold_a_body=MAY_NAME_A_BODY.search(decoded.text) is not None)
    return read_article(node, body, decoded)


def parse_json(text: str) -> tuple[list[Any], str] | None:
    """(values, what they are): the one value of a JSON document, or one a line of JSON Lines; None for text that
    is neither and does not open as JSON does; Rejected('unsupported_format') for JSON that does not parse.

    >>> parse_json('[1] The council met.') is None
    True
    >>> parse_json('{"title": "Bridge reopens", "body": "The bridge')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tasks.model.Rejected: unsupported_format: JSON that does not parse (Unterminated string ... (char 36)); reprints reads ...
    """
    try:
        return [json.loads(text)], "document"
    except (ValueError, RecursionError) as error:  # RecursionError: nesting deeper than the parser goes
        failure = error
    lines = [line for line in text.split("\n") if line.strip()]  # not splitlines: a JSON string may hold U+2028
    if len(lines) > 1:
        try:
            return [json.loads(line) for line in lines], "lines"
        except (ValueError, RecursionError):
            pass
    if isinstance(failure, RecursionError) or JSON_OPENING.match(text):  # no prose nests brackets a thousand deep
        raise Rejected("unsupported_format", f"JSON that does not parse ({failure}); {CONVERT}")
    return None


def the_article(values: list[Any], shape: str, could_hold_a_body: bool) -> tuple[Node, Body]:
    """The one article object among the values' objects, wherever they are, and its body; Rejected('unsupported_format')
    saying what the JSON holds when there is none or several. Not walked when the text cannot name a body field (most
    JSON that is no article: walking every object of it tripled the step's time)."""
    objects = [node for value in values for node in _objects(value)] if could_hold_a_body else []
    articles = _outermost([(node, body) for node in objects if (body := body_of(node.item))])
    if len(articles) == 1:
        return articles[0]
    what = _described(values, shape)
    if articles:
        split = "reprints reads one article per file; split them into one file each"
        raise Rejected("unsupported_format", f"{what} holds {len(articles)} article objects: {split}")
    raise Rejected("unsupported_format", f"{what}, not an article: {_why_none(objects)}; {CONVERT}")


def _outermost(articles: list[tuple[Node, Body]]) -> list[tuple[Node, Body]]:
    """The article objects inside no other: one inside an article is part of it (a schema.org NewsArticle's
    `comment`, a WordPress post's `_embedded` replies), not a second article."""
    ids = {id(node.item) for node, _ in articles}
    return [(node, body) for node, body in articles if not any(id(outer.item) in ids for outer in _enclosing(node))]


def _enclosing(node: Node) -> Iterator[Node]:
    outer = node.within
    while outer is not None:
        yield outer
        outer = outer.within


def _objects(value: Any) -> list[Node]:
    """Every object of the value, in document order, but those in an array under a body field: such a body is a rich
    text editor's blocks (Sanity's Portable Text), whose one long paragraph is no article. A loop, not recursion:
    json.loads nests nearly as deep as Python's stack goes, which this call is already well into."""
    objects: list[Node] = []
    pending: list[ToWalk] = [(value, None, None, "")]
    inside: list[ToWalk]  # objects and arrays only: most values are neither
    while pending:
        item, holder, within, step = pending.pop()
        if isinstance(item, dict):
            node = Node(item, holder, within, step)
            objects.append(node)
            inside = [(field, node, node, key) for key, field in item.items()
                      if isinstance(field, dict) or (isinstance(field, list) and key not in BODY_FIELDS)]  # fmt: skip
        elif isinstance(item, list):
            inside = [(element, None, within, f"{step}[{index}]") for index, element in enumerate(item)
                      if isinstance(element, dict | list)]  # fmt: skip
        else:
            continue
        pending.extend(reversed(inside))
    return objects


def body_of(item: dict[str, Any]) -> Body | None:
    """The object's body: the first field of BODY_FIELDS whose value is an article's text (_unlike_text)."""
    for field in filter(item.__contains__, BODY_FIELDS):  # most objects have none
        value, is_html = _unwrapped(item[field], field in HTML_FIELDS)
        if isinstance(value, str) and _unlike_text(value) is None:
            return Body(value, is_html)
    return None


def _unwrapped(value: Any, is_html: bool) -> tuple[Any, bool]:
    """A body field's value, and whether it is HTML: WordPress's {"rendered": HTML} is."""
    if isinstance(value, dict) and isinstance(value.get("rendered"), str):
        return value["rendered"], True
    return value, is_html


def _unlike_text(value: Any) -> str | None:
    """Why a body field's value is no article's text; None when it is: a string of MIN_BODY_CHARS non-space characters
    or more, and not one unbroken run of ASCII without markup (base64 or hex data: GitHub's contents API sends a file
    so)."""
    if not isinstance(value, str):
        return f"holds {_json_type(value)}, not an article's text"
    if _chars(value) < MIN_BODY_CHARS:
        return f"holds {_chars(value)} characters, fewer than an article's {MIN_BODY_CHARS}"
    if value.isascii() and " " not in value and "<" not in value:  # base64 and hex have no "<"; tags are HTML
        return "holds an unbroken run of ASCII (base64 or hex data), not an article's text"
    return None


def _chars(text: str) -> int:
    return len(text) - len(SPACE.findall(text))


def _described(values: list[Any], shape: str) -> str:
    """What the JSON is, in a few words: 'a JSON object with keys a, b, c', 'JSON Lines of 12 values', ..."""
    if shape == "lines":
        return f"JSON Lines of {_values(len(values))}"
    value = values[0]
    if isinstance(value, list):
        return f"a JSON array of {_values(len(value))}"
    if isinstance(value, dict) and isinstance(value.get(GRAPH), list):
        return f"a JSON-LD {GRAPH} of {_values(len(value[GRAPH]))}"
    if isinstance(value, dict):
        return f"a JSON object with keys {_keys(value)}"
    return "a single JSON value"


def _values(count: int) -> str:
    return "1 value" if count == 1 else f"{count} values"


def _why_none(objects: list[Node]) -> str:
    """Why none of the objects is an article: what the first body field holds, or that none has one."""
    for node in objects:
        field = next((field for field in BODY_FIELDS if field in node.item), None)
        if field is not None:
            return f'its "{node.path_of(field)}" {_unlike_text(_unwrapped(node.item[field], False)[0])}'
    return f"no object has a body field ({', '.join(BODY_FIELDS)})"


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return f"an object with keys {_keys(value)}"
    if isinstance(value, list):
        return "an array"
    return json.dumps(value) if value is None or isinstance(value, bool) else "a number"


def _keys(value: dict[str, Any]) -> str:
    keys = list(value)
    return ", ".join(keys[:8]) + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")


def read_article(node: Node, body: Body, decoded: Decoded) -> JsonArticle:
    """The article's paragraphs and metadata (each from the article object, else from the nearest enclosing object
    that has it): an HTML body read as a fragment is (its headline dropped when it repeats the title), a text body as
    it is, for the pipeline's text clean-up to split."""
    text = _without_lone_surrogates(body.text)
    enclosing = node.enclosing()
    title = _nearest(_title, enclosing)
    markup = body_markup(text, body.is_html)
    if markup is not None:
        fragment = read_fragment(DecodedPage(markup, decoded.encoding, decoded.had_bom, decoded.fixes))
        paragraphs = without_headline(fragment.paragraphs, title) if title else fragment.paragraphs
        title = title or fragment.title
    else:
        paragraphs = [text]
    url, published = _nearest(_url, enclosing), _nearest(_published, enclosing)
    page = WebPage(paragraphs, decoded.encoding, decoded.had_bom, decoded.fixes, title, url, published)
    return JsonArticle(page, markup_read=markup is not None)


def body_markup(text: str, is_html: bool) -> str | None:
    """The body as the HTML to read, None for text: HTML by its field, a page or fragment (html.page_kind), or text
    with HTML in it (MARKUP: an element closed around words, a <br>), whose paragraphs are a blank line apart as in
    WordPress's raw content, read paragraph by paragraph, each line end a <br> (a text file's line end, which the text
    clean-up reads: many APIs write a paragraph a line); markup escaped once more (&lt;/p&gt;, as AppleInsider writes
    its articleBody) too.

    >>> body_markup("Prices rose.\\n\\nThe <a href='/mayor'>mayor</a> said &amp;c.\\nTolls stay.", False)
    "<p>Prices rose.</p><p>The <a href='/mayor'>mayor</a> said &amp;c.<br>Tolls stay.</p>"
    >>> body_markup("Type <b> for bold, as the old editor wants.", False) is None
    True
    >>> body_markup("End a paragraph with </p>, and wrap a name in <b> and </b>.", False) is None
    True
    """
    if is_html or page_kind(text.encode("utf-8")) is not None:
        return text
    if "<" not in text and ESCAPED_MARKUP.search(text):
        text = unescape(text)
    if not MARKUP.search(text):
        return None
    return "".join(f"<p>{LINE_END.sub('<br>', paragraph)}</p>" for paragraph in BLANK_LINE.split(text.strip()))


def _nearest(read: Callable[[dict[str, Any]], T | None], enclosing: list[dict[str, Any]]) -> T | None:
    """What `read` finds in the first object that has it."""
    return next(filter(None, map(read, enclosing)), None)


def _title(article: dict[str, Any]) -> str | None:
    """The headline: a WordPress {"rendered": HTML} without its tags, else a string; entities decoded either way (a
    CMS escapes titles for the page they were made for)."""
    for field in TITLE_FIELDS:
        value = article.get(field)
        if isinstance(value, dict) and isinstance(value.get("rendered"), str):
            value = TAG.sub("", value["rendered"])
        if isinstance(value, str) and value.strip():
            return unescape(_without_lone_surrogates(value))
    return None


def _url(article: dict[str, Any]) -> str | None:
    for field in URL_FIELDS:
        value = article.get(field)
        value = value.get("@id") if isinstance(value, dict) else value
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    return None


def _published(article: dict[str, Any]) -> date | None:
    dates = (_date(value) for field in DATE_FIELDS if isinstance(value := article.get(field), str))
    return next(filter(None, dates), None)


def _date(value: str) -> date | None:
    """The date of an ISO 8601 value, or of an RFC 822 one as RSS writes its pubDate (and APIs that copy it), as the
    source's clock wrote it.

    >>> _date("2026-03-02T08:15:00Z"), _date("Mon, 02 Mar 2026 23:15:00 -0500"), _date("02/03/2026")
    (datetime.date(2026, 3, 2), datetime.date(2026, 3, 2), None)
    """
    if (found := iso_date(value)) is not None:
        return found
    try:
        return parsedate_to_datetime(value).date()
    except ValueError:
        return None


def _without_lone_surrogates(text: str) -> str:
    """U+FFFD for each half of a surrogate pair the JSON escaped alone: the parser joins whole pairs."""
    return LONE_SURROGATE.sub("\ufffd", text)
