"""JSON articles in, article text out (tasks/steps/json_article.py through the pipeline): NTREX articles of
../shared/corpus rendered here as a WordPress REST post, a schema.org NewsArticle in JSON-LD and a plain object, body as
HTML and as text; JSON that holds no one article quarantined saying what it is."""

from __future__ import annotations

import base64
import codecs
import gzip
import html
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bench.web_extraction import scorer
from tasks.model import CleanDocument, PageMetadata, Quarantined
from tasks.pipeline import repair_and_tidy
from tests.conftest import outcome_as, shared_path
from tests.corpus import ntrex_articles
from tests.test_news_xml import article, clean, expected, paragraphs_of

URL = "https://harbour.example/2026/03/02/story-17/"
LD_JSON = re.compile(rb"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
OUTLET = "Harbour Times"


def html_body(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(line)}</p>\n" for line in lines)


def wordpress(lines: list[str]) -> bytes:
    """A post as WordPress's REST API serves it (/wp-json/wp/v2/posts/17): HTML in `rendered`, its title's quotes
    and ampersands as entities, everything beyond ASCII \\u-escaped and slashes escaped, as PHP's json_encode writes."""
    post = {
        "id": 17,
        "date": "2026-03-02T08:15:00",
        "date_gmt": "2026-03-02T07:15:00",
        "guid": {"rendered": "https://harbour.example/?p=17"},
        "modified": "2026-03-04T10:00:00",
        "slug": "story-17",
        "status": "publish",
        "type": "post",
        "link": URL,
        "title": {"rendered": html.escape(lines[0])},
        "content": {"rendered": html_body(lines[1:]), "protected": False},
        "excerpt": {"rendered": f"<p>{html.escape(lines[1][:80])} [&hellip;]</p>\n", "protected": False},
        "author": 3,
        "categories": [4],
        "tags": [],
    }
    return json.dumps(post).replace("/", "\\/").encode()


def json_ld(lines: list[str], body_as_html: bool = False) -> bytes:
    """A page's schema.org graph saved as JSON-LD: the site, the page and the NewsArticle with its articleBody."""
    graph = [
        {"@type": "WebSite", "@id": "https://harbour.example/#website", "name": OUTLET, "url": "https://harbour.example/"},
        {"@type": "WebPage", "@id": URL, "url": URL, "name": f"{lines[0]} | {OUTLET}"},
        {
            "@type": "NewsArticle",
            "headline": lines[0],
            "articleBody": html_body(lines[1:]) if body_as_html else "\n\n".join(lines[1:]),
            "datePublished": "2026-03-02T08:15:00+01:00",
            "dateModified": "2026-03-04T10:00:00+01:00",
            "mainEntityOfPage": {"@id": URL},
            "author": {"@type": "Person", "name": "Harbour Desk"},
            "publisher": {"@id": "https://harbour.example/#website"},
        },
    ]
    return json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, indent=2).encode()


def plain(lines: list[str], body_as_html: bool = False) -> bytes:
    """A news API's article: title, body, a date and an address among its ids."""
    body = html_body(lines[1:]) if body_as_html else "\n\n".join(lines[1:])
    item = {"id": "ht-17", "title": lines[0], "body": body, "published": "2026-03-02", "url": URL, "section": "world"}
    return json.dumps(item, ensure_ascii=False).encode()


def guardian(lines: list[str]) -> bytes:
    """An item of the Guardian Content API (/world/2026/mar/02/story-17?show-fields=body,trailText): the body's HTML in
    `fields`, the title, address and date one level up, beside it."""
    content = {
        "id": "world/2026/mar/02/story-17",
        "type": "article",
        "sectionId": "world",
        "webPublicationDate": "2026-03-02T08:15:00Z",
        "webTitle": lines[0],
        "webUrl": URL,
        "apiUrl": "https://content.guardianapis.com/world/2026/mar/02/story-17",
        "fields": {"trailText": html.escape(lines[1][:80]), "body": html_body(lines[1:])},
        "isHosted": False,
        "pillarId": "pillar/news",
    }
    response = {"status": "ok", "userTier": "developer", "total": 1, "content": content}
    return json.dumps({"response": response}).encode()


def news_api(lines: list[str], body_as_html: bool = False) -> bytes:
    """A news API's answer for one article, as NewsAPI writes its items, in a status envelope."""
    item = {
        "source": {"id": None, "name": OUTLET},
        "author": "Harbour Desk",
        "title": lines[0],
        "description": lines[1][:80],
        "url": URL,
        "publishedAt": "2026-03-02T08:15:00Z",
        "content": html_body(lines[1:]) if body_as_html else "\n\n".join(lines[1:]),
    }
    return json.dumps({"status": "ok", "article": item}, ensure_ascii=False).encode()


def strapi(lines: list[str], body_as_html: bool = False) -> bytes:
    """A CMS's JSON:API-like answer (Strapi v4's /api/articles/17): the fields under data.attributes; no address."""
    attributes = {
        "title": lines[0],
        "slug": "story-17",
        "body": html_body(lines[1:]) if body_as_html else "\n\n".join(lines[1:]),
        "createdAt": "2026-03-01T17:02:11.000Z",
        "publishedAt": "2026-03-02T08:15:00.000Z",
    }
    return json.dumps({"data": {"id": 17, "attributes": attributes}, "meta": {}}, ensure_ascii=False).encode()


def activity_pub(lines: list[str]) -> bytes:
    """An ActivityPub `Create` of an `Article` (as a blog federates a post): its title is `name`, its HTML `content`."""
    article_object = {
        "id": URL,
        "type": "Article",
        "name": lines[0],
        "content": html_body(lines[1:]),
        "url": URL,
        "published": "2026-03-02T08:15:00Z",
        "attributedTo": "https://harbour.example/users/desk",
    }
    activity = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{URL}#create",
        "type": "Create",
        "actor": "https://harbour.example/users/desk",
        "object": article_object,
    }
    return json.dumps(activity, ensure_ascii=False).encode()


def text_and_html(name: str, build: Callable[[list[str], bool], bytes]) -> dict[str, Callable[[list[str]], bytes]]:
    """A builder's two renderings: its body as text (`name-text`) and as HTML (`name-html`)."""
    return {f"{name}-text": lambda lines: build(lines, False), f"{name}-html": lambda lines: build(lines, True)}


# Each rendering of an article (its lines, headline first) as a file
RENDERINGS = {"wordpress": wordpress, **text_and_html("jsonld", json_ld), **text_and_html("plain", plain)}
# ... and wrapped in an API's or a CMS's envelope
WRAPPED = {"guardian": guardian, **text_and_html("newsapi", news_api), **text_and_html("strapi", strapi),
           "activitypub": activity_pub}  # fmt: skip
LANGUAGES = ["en", "fr", "de", "ru", "zh-Hant", "ja", "ar", "th", "el", "hi", "ko", "tr"]


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_json_article_becomes_the_text_files_document(tmp_path: Path, language: str, rendering: str) -> None:
    lines = article(language)
    doc = outcome_as(CleanDocument, clean(tmp_path, "post", RENDERINGS[rendering](lines)))
    text_file = outcome_as(CleanDocument, clean(tmp_path, "story.txt", ("\n\n".join(lines) + "\n").encode()))
    assert paragraphs_of(doc) == expected(lines)  # no key, brace, escape or tag
    assert doc.doc_id == text_file.doc_id
    headline = repair_and_tidy(lines[0])[0]
    assert doc.parts[0].title == headline and doc.page == PageMetadata("json", headline, URL, date(2026, 3, 2))
    assert [part.language for part in doc.parts] == [language] and doc.source_encoding == "utf-8"


@pytest.mark.parametrize("rendering", WRAPPED)
@pytest.mark.parametrize("language", ["en", "zh-Hant", "ar", "hi"])
def test_an_article_wrapped_in_an_apis_envelope_is_read(tmp_path: Path, language: str, rendering: str) -> None:
    """The one article object anywhere in the JSON, its title, address and date from it or, where it has none, from
    the objects around it (the Guardian's `webTitle` beside `fields`): 44c70ad quarantined them all, "no object has a
    body field"."""
    lines = article(language)
    doc = outcome_as(CleanDocument, clean(tmp_path, "item.json", WRAPPED[rendering](lines)))
    text_file = outcome_as(CleanDocument, clean(tmp_path, "story.txt", ("\n\n".join(lines) + "\n").encode()))
    assert paragraphs_of(doc) == expected(lines) and doc.doc_id == text_file.doc_id
    url = None if rendering.startswith("strapi") else URL
    assert doc.page == PageMetadata("json", repair_and_tidy(lines[0])[0], url, date(2026, 3, 2))


def test_an_object_holding_a_list_of_the_article_does_not_lend_it_its_title(tmp_path: Path) -> None:
    """A feed's title and date describe the feed, not its one item: they are looked for only in the objects that hold
    the article as a field."""
    lines = article("en")
    item = {"body_html": html_body(lines[1:]), "url": URL}
    feed = {"title": "Harbour Times: latest", "published": "2026-03-02", "items": [item]}
    doc = outcome_as(CleanDocument, clean(tmp_path, "feed.json", json.dumps(feed).encode()))
    assert paragraphs_of(doc) == expected(lines) and doc.page == PageMetadata("json", None, URL, None)


def test_a_body_field_whose_name_is_spelt_with_escapes_is_found(tmp_path: Path) -> None:
    """JSON may write a key's letters as \\u escapes: the text then holds no `"body"`, and the object is still read."""
    lines = article("en")
    escaped = "".join(f"\\u{ord(letter):04x}" for letter in "body")
    content = json.dumps({"item": {"title": lines[0], "body": "\n\n".join(lines[1:])}}).replace('"body"', f'"{escaped}"')
    doc = outcome_as(CleanDocument, clean(tmp_path, "escaped.json", content.encode()))
    assert '"body"' not in content and paragraphs_of(doc) == expected(lines)


def test_a_wrapped_article_with_its_comments_is_several_articles(tmp_path: Path) -> None:
    """Article objects anywhere count: an envelope holding the article and a comment as long is no one article."""
    lines = article("en")
    envelope = json.loads(news_api(lines))
    envelope["comments"] = [{"author": "reader", "text": " ".join(lines[1:3])}]
    quarantined = outcome_as(Quarantined, clean(tmp_path, "with-comments.json", json.dumps(envelope).encode()))
    assert quarantined.reason == "unsupported_format" and "holds 2 article objects" in quarantined.detail


@pytest.mark.parametrize("shape", ["json-ld comment", "wordpress _embed replies"])
def test_an_article_object_inside_the_article_is_part_of_it(tmp_path: Path, shape: str) -> None:
    """A comment or reply with a long text inside the article object (schema.org's `comment`, a WordPress post fetched
    with ?_embed) is the article's, not a second article: the article is read, as it was before nested objects were
    searched."""
    lines = article("en")
    reply = " ".join(lines[1:])  # as long as the article: an article object by its length alone
    if shape == "json-ld comment":
        post = json.loads(json_ld(lines))
        (news_article,) = (item for item in post["@graph"] if item["@type"] == "NewsArticle")
        news_article["comment"] = [{"@type": "Comment", "text": reply, "author": {"@type": "Person", "name": "A reader"}}]
    else:
        post = json.loads(wordpress(lines))
        post["_embedded"] = {"replies": [[{"id": 7, "content": {"rendered": f"<p>{reply}</p>"}}]]}
    doc = outcome_as(CleanDocument, clean(tmp_path, "post.json", json.dumps(post).encode()))
    assert paragraphs_of(doc) == expected(lines) and doc.page.source_format == "json"


@pytest.mark.parametrize(("encoding", "recorded"), [("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"),
                                                    ("utf-32", "utf-32-le"), ("utf-8-sig", "utf-8")])  # fmt: skip
def test_json_in_utf_16_and_32_with_or_without_a_bom_is_read_as_decoded(tmp_path: Path, encoding: str, recorded: str) -> None:
    """RFC 8259 JSON is UTF-8, RFC 7159's also UTF-16 and UTF-32: UTF-16BE without a BOM opens with a NUL, and
    c3fe4cb read it as text, braces and keys in its records."""
    lines = article("zh-Hant")
    doc = outcome_as(CleanDocument, clean(tmp_path, "post.json", plain(lines).decode().encode(encoding)))
    assert paragraphs_of(doc) == expected(lines) and doc.page.source_format == "json"
    assert doc.source_encoding == recorded and ("bom_removed" in doc.fixes) == (encoding != "utf-16-be")


def test_json_behind_a_bom_its_bytes_contradict_is_json(tmp_path: Path) -> None:
    """A UTF-16 mark before UTF-8 JSON (bench/fuzz_formats.py's `bom` damage) is dropped by decode (bom_contradicted):
    the file is JSON; read as text, as c3fe4cb read it, its records held its keys and braces."""
    lines = article("fr")
    doc = outcome_as(CleanDocument, clean(tmp_path, "post.json", codecs.BOM_UTF16_LE + wordpress(lines)))
    assert paragraphs_of(doc) == expected(lines) and doc.page.source_format == "json"
    assert doc.source_encoding == "utf-8" and "bom_contradicted" in doc.fixes


def test_escapes_entities_and_a_repeated_headline(tmp_path: Path) -> None:
    """\\u escapes (a half surrogate pair alone becomes U+FFFD), entities in the title and a text body decoded, an HTML
    body's <h1> dropped when it repeats the title."""
    lines = article("en")
    text_body = "\n\n".join([*lines[1:], "Fish &amp; chips \ud83d\ude00 \ud83d."])
    item = {"headline": "Q&amp;A: " + lines[0], "text": text_body}
    doc = outcome_as(CleanDocument, clean(tmp_path, "qa.json", json.dumps(item).encode()))
    assert doc.parts[0].title == "Q&A: " + lines[0]
    assert paragraphs_of(doc)[-1] == "Fish & chips \U0001f600 \ufffd." and "html_entities_decoded" in doc.fixes
    item = {"title": lines[0], "body_html": f"<h1>{html.escape(lines[0])}</h1>{html_body(lines[1:])}"}
    doc = outcome_as(CleanDocument, clean(tmp_path, "h1.json", json.dumps(item).encode()))
    assert paragraphs_of(doc) == expected(lines)


@pytest.mark.parametrize("escaped", [False, True])
def test_a_text_body_with_html_in_it_is_read_paragraph_by_paragraph(tmp_path: Path, escaped: bool) -> None:
    """WordPress's raw content and many an articleBody: paragraphs a blank line apart, with links and sub-headings
    as HTML; AppleInsider's articleBody (a page of ../shared/corpus/web) escapes that HTML once more. c3fe4cb
    quarantined them as JSON; read as text, they would keep their tags."""
    lines = article("en")
    body = [html.escape(line) for line in lines[1:]]
    body[1], body[2] = f'<a href="{URL}">{body[1]}</a>', f"<h2>{body[2]}</h2>"
    text = "\r\n\r\n".join(body)
    item = {"headline": lines[0], "articleBody": html.escape(text) if escaped else text}
    doc = outcome_as(CleanDocument, clean(tmp_path, "post.json", json.dumps(item).encode()))
    assert paragraphs_of(doc) == expected(lines)


@pytest.mark.parametrize("content", ["<p>{}</p>\n", "{}"])
def test_a_one_paragraph_post_is_read(tmp_path: Path, content: str) -> None:
    """A WordPress post of one paragraph (its `rendered` content one <p>, or text a CMS stored without one): 9929351
    quarantined it `no_text` ("the fragment has no element to read")."""
    headline, paragraph = next((lines[0], line) for lines in ntrex_articles("en") for line in lines if len(line) > 200)
    lines = [headline, paragraph]
    post = {"title": {"rendered": html.escape(lines[0])}, "content": {"rendered": content.format(html.escape(lines[1]))}}
    doc = outcome_as(CleanDocument, clean(tmp_path, "post.json", json.dumps(post).encode()))
    assert paragraphs_of(doc) == expected(lines) and doc.parts[0].title == repair_and_tidy(lines[0])[0]


def test_an_rfc_822_pubdate_is_the_published_date(tmp_path: Path) -> None:
    """`pubDate` as RSS writes it (RFC 822), as the source's clock wrote it: 9929351 recorded no date."""
    item = json.loads(plain(article("en"))) | {"published": None, "pubDate": "Mon, 02 Mar 2026 23:15:00 -0500"}
    doc = outcome_as(CleanDocument, clean(tmp_path, "rss.json", json.dumps(item).encode()))
    assert doc.page.published == date(2026, 3, 2)


@pytest.mark.parametrize("shape", ["nested array", "single object"])
def test_a_graph_in_a_nested_array_or_of_one_object_holds_its_article(tmp_path: Path, shape: str) -> None:
    """A JSON-LD @graph whose objects sit in a nested array (as a page's ld+json blocks collected in one array write
    it), or whose value is the one node object (JSON-LD allows it): 9929351 quarantined both, saying no object had a
    body field."""
    lines = article("en")
    document = json.loads(json_ld(lines))
    article_node = document["@graph"][-1]
    document["@graph"] = [document["@graph"]] if shape == "nested array" else article_node
    doc = outcome_as(CleanDocument, clean(tmp_path, "graph.json", json.dumps(document).encode()))
    assert paragraphs_of(doc) == expected(lines)
    assert doc.page == PageMetadata("json", repair_and_tidy(lines[0])[0], URL, date(2026, 3, 2))


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_a_text_body_with_html_in_it_a_paragraph_a_line_keeps_its_paragraphs(tmp_path: Path, line_end: str) -> None:
    """Many APIs write a body's paragraphs a line each, no blank line between: with a link or a sub-heading in it, its
    line ends are a text file's still (9929351 read them as markup's spaces: the whole article one paragraph)."""
    lines = article("en")
    body = [html.escape(line) for line in lines[1:]]
    body[1], body[2] = f'<a href="{URL}">{body[1]}</a>', f"<h2>{body[2]}</h2>"
    item = {"headline": lines[0], "articleBody": line_end.join(body)}
    doc = outcome_as(CleanDocument, clean(tmp_path, "lines.json", json.dumps(item).encode()))
    assert paragraphs_of(doc) == expected(lines)


@pytest.mark.parametrize(
    "aside",
    ["In the new template, end every paragraph with </p>.", "Wrap a name in <b> and </b> to make it bold, the editor said."],
)
def test_a_text_body_that_names_tags_in_prose_stays_text(tmp_path: Path, aside: str) -> None:
    """A closing tag that closes no element around words is quoted, not markup: 9929351 read such a body as HTML,
    splitting its paragraph at the `</p>` and dropping the tags the text is about."""
    lines = article("en")
    lines[2] = f"{lines[2]} {aside}"
    item = {"headline": lines[0], "articleBody": "\n\n".join(lines[1:])}
    doc = outcome_as(CleanDocument, clean(tmp_path, "aside.json", json.dumps(item).encode()))
    assert paragraphs_of(doc) == expected(lines)


PACKAGE_JSON = {"name": "harbour-site", "version": "1.0.0", "description": "", "main": "index.js",
                "scripts": {"test": 'echo "Error: no test specified" && exit 1'}, "keywords": [], "author": "",
                "license": "ISC"}  # fmt: skip
COMPOSER_JSON = {"name": "harbour/site", "description": "The Harbour Times site", "type": "project",
                 "require": {"php": ">=8.1"}, "autoload": {"psr-4": {"Harbour\\": "src/"}}}  # fmt: skip
TSCONFIG = """{
  "compilerOptions": {
    /* Visit https://aka.ms/tsconfig to read more about this file */
    "target": "es2016",                                  /* Set the JavaScript language version. */
    "module": "commonjs",                                /* Specify what module code is generated. */
    "strict": true,                                      /* Enable all strict type-checking options. */
  }
}
"""  # as `tsc --init` writes it: JSON with comments and a trailing comma, which JSON does not parse
GEOJSON = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point",
           "coordinates": [-3.18, 51.48]}, "properties": {"name": "Cardiff Bay", "text": "Ferry landing"}}]}  # fmt: skip
JSON_SCHEMA = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Article", "type": "object",
               "properties": {"title": {"type": "string"}, "body": {"type": "string", "description": "The text"}}}  # fmt: skip


def portable_text(lines: list[str]) -> dict[str, object]:
    """A Sanity document: its body an array of blocks of spans (Portable Text), one long paragraph among short ones;
    read alone, that span would be an article of one paragraph."""
    spans = [line if number == 1 else line[:60] for number, line in enumerate(lines[1:], 1)]
    blocks = [{"_type": "block", "style": "normal", "children": [{"_type": "span", "text": span}]} for span in spans]
    return {"_id": "story-17", "_type": "post", "title": lines[0], "body": blocks}


def not_articles() -> list[tuple[str, bytes, str]]:
    lines = article("en")
    many = [json.loads(plain(article(language))) for language in ("en", "fr", "de")]
    return [
        ("package.json", json.dumps(PACKAGE_JSON, indent=2).encode(), "keys name, version, description, main"),
        ("composer.json", json.dumps(COMPOSER_JSON).encode(), "keys name, description, type, require, autoload"),
        ("tsconfig.json", TSCONFIG.encode(), "JSON that does not parse (Expecting property name enclosed in double "
         "quotes: line 3 column 5"),
        ("map.geojson", json.dumps(GEOJSON).encode(), 'its "features[0].properties.text" holds 12 characters'),
        ("portable-text.json", json.dumps(portable_text(lines)).encode(), 'its "body" holds an array'),
        ("article.schema.json", json.dumps(JSON_SCHEMA).encode(), "keys $schema, title, type, properties"),
        ("posts.json", json.dumps(many).encode(), "a JSON array of 3 values holds 3 article objects: reprints reads "
         "one article per file; split them into one file each"),
        ("posts.jsonl", b"\n".join(json.dumps(item).encode() for item in many), "JSON Lines of 3 values holds 3"),
        ("short.json", json.dumps({"title": lines[0], "body": lines[1][:40]}).encode(), "fewer than an article's 150"),
        ("blocks.json", json.dumps({"title": lines[0], "body": [{"type": "paragraph", "text": lines[1]}]}).encode(),
         'its "body" holds an array'),
        ("readme.json", json.dumps({"name": "README.md", "path": "README.md", "type": "file", "encoding": "base64",
         "content": base64.encodebytes("\n\n".join(lines).encode()).decode()}).encode(), "unbroken run of ASCII"),
        ("cut.json", plain(lines)[:300], "JSON that does not parse (Unterminated string starting at: line 1 column"),
        ("nested.json", b"[" * 100_000 + b"]" * 100_000, "JSON that does not parse (maximum recursion depth"),
    ]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "detail"), not_articles(), ids=[case[0] for case in not_articles()])
def test_json_that_holds_no_one_article_is_quarantined_saying_what_it_is(
    tmp_path: Path, name: str, content: bytes, detail: str
) -> None:
    quarantined = outcome_as(Quarantined, clean(tmp_path, name, content))
    assert quarantined.reason == "unsupported_format" and detail in quarantined.detail, quarantined.detail


def test_a_body_of_empty_markup_is_no_text_not_data(tmp_path: Path) -> None:
    """Tags with nothing in them are HTML with no text, which is what the detail says; not base64 or hex data."""
    content = json.dumps({"title": "Bridge reopens", "content": "<p></p>" * 40}).encode()
    quarantined = outcome_as(Quarantined, clean(tmp_path, "empty-post.json", content))
    assert quarantined.reason == "empty" and "ASCII" not in quarantined.detail, quarantined


def page_json_ld() -> dict[str, list[bytes]]:
    """The <script type="application/ld+json"> blocks of each real page of ../shared/corpus/web/article-extraction,
    as they stand in it, by page id."""
    pages = shared_path("corpus", "web", "article-extraction", "html")
    return {path.name.split(".")[0]: LD_JSON.findall(gzip.decompress(path.read_bytes())) for path in sorted(pages.iterdir())}


def has_article_body(value: object) -> bool:
    """Does the JSON hold a non-empty schema.org articleBody anywhere?"""
    if isinstance(value, dict):
        body = value.get("articleBody")
        return (isinstance(body, str) and body.strip() != "") or any(map(has_article_body, value.values()))
    return isinstance(value, list) and any(map(has_article_body, value))


def test_the_json_ld_of_real_news_pages(tmp_path: Path) -> None:
    """Real JSON-LD, not built by us: a block with an articleBody becomes a record of the article's text (the
    benchmark's own scorer against the page's ground truth: precision 0.95 or more; recall is the publisher's choice,
    one page's articleBody being a teaser), any other block (an Organization, a BreadcrumbList, a NewsArticle's
    metadata, a block that does not parse) is quarantined, never a record of JSON."""
    truth = json.loads(shared_path("corpus", "web", "article-extraction", "ground-truth.json").read_text("utf-8"))
    evaluate, read = scorer(), 0
    for page, blocks in page_json_ld().items():
        for block in blocks:
            outcome = clean(tmp_path, f"{page}.json", block)
            try:
                expected_record = has_article_body(json.loads(block))
            except ValueError:
                expected_record = False
            assert isinstance(outcome, CleanDocument) == expected_record, (page, outcome)
            if isinstance(outcome, CleanDocument):
                text = "\n\n".join(paragraphs_of(outcome))
                tp, fp, _ = evaluate.string_shingle_matching(true=truth[page]["articleBody"], pred=text)
                assert tp / (tp + fp) >= 0.95, (page, tp, fp)
                read += 1
    assert read >= 5  # AppleInsider, and four pages whose articleBody is the article
