"""HTML fragments (a CMS's export of an article's body: `<p>`s, an `<h1>`, a `<div>`, no `<html>` or `<body>`):
which files page_kind takes for one, and what each way of reading one gives.

Inputs, built at run time from ../shared/corpus (never copied): every NTREX article of 7 languages (123 each) as

  per line   the headline in <h1>, each paragraph in <p> on its own line, half of each in <b> and half in a link,
             escaped as a CMS writes it (&amp;, &quot;, &#x27;)
  one line   the same paragraphs in one <div class="article"> on one line, every non-ASCII letter a character
             reference (&#1575;), no headline
  wrapped    as per line, without <b> and <a>, each element's text wrapped at spaces at 40 columns (pandoc wraps
             at 72: a paragraph over many lines, most beginning and ending with words)
  short      the first two lines of the article, each in <p>, one per line (a short piece, a correction)
  br line    text opening with words, as an older CMS exports it: the article on one line, each paragraph as in
             per line (<b>, a link, escapes) and ended by two <br>s, spelt in turn <br>, <BR>, <br/> and <br />
  br lines   the same paragraphs a line each, each line ending in <br />, a line of <br /> between them (nl2br
             of a text file with blank lines)

and as text written in tags (a CMS field, a feed's description: no block element), tags put on real names
(capitalised words), numbers and every fourth word of each line (a CJK or Arabic phrase), in turn <b>, <i>, <em>,
<strong>, <span class>, <sup>, <abbr title>, <a href>, an <img alt> before the first paragraph's first word:

  inline lines   one paragraph a line, escaped as above
  inline blank   a blank line between paragraphs, every character HTML names an entity for written so (&eacute;,
                 &hellip;, &rsquo;)
  br wrapped     <br> text hard-wrapped at 72 columns (36 for Chinese and Japanese, by character), <br><br> ending
                 each paragraph only
  br headline    nl2br of the body (br lines) under a headline line without a <br>

Each row: how many page_kind takes for a fragment, and how many give the article's text file's doc_id (its lines
exactly, each cleaned as a text file's paragraph is, with the title first where it is not already; the page's
paragraphs cleaned together, as the pipeline cleans them) through the article extractor (what `--html article`
reads a whole page with) and, of those taken, through the visible text (what a fragment is read for). Then the
files it must not take: the same articles as text files, as Markdown in bench/markdown_articles.py's renderings,
as a README that opens with a centred logo in HTML, as Markdown with inline tags (tagged() on those renderings), and
in shapes that quote tags or write "<" and ">" for other things (GUARDS: text about HTML, code, a program with
HTML in a string, math, addresses and autolinks in angle brackets, XML, a message whose body is <br> text); and
every file of /usr/share/doc and /usr/share/common-licenses (gunzipped: READMEs, changelogs, licences, manuals in
HTML, files nobody here wrote), with the kinds page_kind gives them and the names of those taken for fragments.

With --kinds DIR..., only the kind page_kind gives every file below the folders (gunzipped), one "kind<TAB>path" line
for each that has one: to see which files a change makes pages or fragments, run two trees' copies and diff.

With --page-kind DIR, only the time page_kind takes on every file below DIR (read into memory first), best of
--rounds, and the kinds it gives: to compare two trees, copy this script into each and run the copies alternately.

    .venv/bin/python bench/html_fragments.py
    PYTHONPATH=TREE .venv/bin/python bench/html_fragments.py --page-kind /tmp/reprints-bench/corpus-4000-seed7
    PYTHONPATH=TREE .venv/bin/python bench/html_fragments.py --kinds /usr/share/doc ../shared/corpus/web > TREE.kinds
"""

from __future__ import annotations

import argparse
import gzip
import html
import html.entities
import re
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.markdown_articles import render
from bench.paragraph_shapes import wrap_characters
from bench.plain_text_files import DOCS, LICENCES
from tasks.model import Rejected
from tasks.pipeline import doc_id_of, repair_and_tidy
from tasks.steps import html as html_step
from tasks.steps.html import WebPage, decode_page, page_kind, read_decoded_page
from tests.corpus import ntrex_articles

LANGUAGES = ["en", "fr", "de", "zh-Hant", "ja", "ru", "ar"]
RENDERINGS = ["front-matter", "heading+links", "heading"]
README_HEAD = '<p align="center">\n  <img src="docs/logo.png" alt="logo" width="160">\n</p>\n\n'


def emphasised(line: str) -> str:
    half = len(line) // 2
    return f'<b>{html.escape(line[:half])}</b><a href="/news/1">{html.escape(line[half:])}</a>'


def per_line(lines: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
    headline, *body = lines
    elements = [f"<h1>{html.escape(headline)}</h1>", *(f"<p>{emphasised(line)}</p>" for line in body)]
    return "\n".join(elements).encode(), lines


def one_line(lines: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
    paragraphs = "".join(f"<p>{emphasised(line)}</p>" for line in lines)
    return f'<div class="article">{paragraphs}</div>'.encode("ascii", "xmlcharrefreplace"), lines


def wrapped(lines: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
    headline, *body = lines
    paragraphs = (
        "<p>" + "\n".join(textwrap.wrap(html.escape(line), 40, break_long_words=False, break_on_hyphens=False)) + "</p>"
        for line in body
    )
    return "\n".join([f"<h1>{html.escape(headline)}</h1>", *paragraphs]).encode(), lines


def short(lines: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
    return "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[:2]).encode(), lines[:2]


BR_BREAKS = ["<br><br>", "<BR><BR>", "<br/><br/>", "<br /><br />"]


def br_one_line(lines: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
    paragraphs = (emphasised(line) + BR_BREAKS[n % len(BR_BREAKS)] for n, line in enumerate(lines))
    return "".join(paragraphs).encode(), lines


def br_per_line(lines: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
    return "".join(f"{emphasised(line)}<br />\n<br />\n" for line in lines).encode(), lines


INLINE_TAGS = [
    ("<b>", "</b>"), ("<i>", "</i>"), ("<em>", "</em>"), ("<strong>", "</strong>"), ('<span class="name">', "</span>"),
    ("<sup>", "</sup>"), ('<abbr title="as written">', "</abbr>"), ('<a href="https://x.example/a">', "</a>"),
]  # fmt: skip
IMAGE = '<img src="/photo.jpg" alt="The council">'
WORDS = re.compile(r"\w+")
NAMED = {code: f"&{name};" for code, name in html.entities.codepoint2name.items() if code > 127}


def tagged(line: str, entities: dict[int, str] | None = None) -> str:
    """The line with inline tags on its names, numbers and every fourth word, the rest escaped (`entities`: the
    characters to write as those references)."""
    pieces: list[str] = []
    end = 0
    for number, word in enumerate(WORDS.finditer(line)):
        text = word.group()
        if any(c.isdigit() for c in text) or (word.start() > 0 and text[0].isupper()) or number % 4 == 2:
            start, close = INLINE_TAGS[(number + len(pieces)) % len(INLINE_TAGS)]
            pieces += [_escaped(line[end : word.start()], entities), start, _escaped(text, entities), close]
            end = word.end()
    return "".join(pieces) + _escaped(line[end:], entities)


def _escaped(text: str, entities: dict[int, str] | None) -> str:
    return html.escape(text).translate(entities or {})


def inline_lines(lines: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
    headline, *body = lines
    return "\n".join([tagged(headline), IMAGE + tagged(body[0]), *map(tagged, body[1:])]).encode(), lines


def inline_blank(lines: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
    headline, *body = lines
    paragraphs = [tagged(headline, NAMED), IMAGE + tagged(body[0], NAMED), *(tagged(line, NAMED) for line in body[1:])]
    return "\n\n".join(paragraphs).encode(), lines


def br_wrapped(lines: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
    paragraphs = ("\n".join(map(tagged, hard_wrapped(line))) + "<br><br>\n" for line in lines)
    return "".join(paragraphs).encode(), lines


def hard_wrapped(line: str) -> list[str]:
    """The line wrapped at 72 columns at spaces, or at 36 characters where CJK allows when it has few spaces."""
    if 20 * line.count(" ") < len(line):
        return wrap_characters(line, 36)
    return textwrap.wrap(line, 72, break_long_words=False, break_on_hyphens=False)


def br_headline(lines: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
    return tagged(lines[0]).encode() + b"\n" + br_per_line(lines[1:])[0], lines


SHAPES: dict[str, Callable[[tuple[str, ...]], tuple[bytes, tuple[str, ...]]]] = {
    "per line": per_line,
    "one line": one_line,
    "wrapped": wrapped,
    "short": short,
    "br line": br_one_line,
    "br lines": br_per_line,
    "inline lines": inline_lines,
    "inline blank": inline_blank,
    "br wrapped": br_wrapped,
    "br headline": br_headline,
}
MESSAGE_HEAD = "From: desk@wire.example\nTo: reprints@paper.example\nSubject: Reprint\n\n"
# Text that quotes tags, or writes "<" and ">" for other things, around the article's lines: never a fragment.
GUARDS: dict[str, Callable[[tuple[str, ...]], str]] = {
    "about HTML": lambda lines: "\n\n".join(f"{line} Set it in the <b> element, not in <i>." for line in lines),
    "tag pairs": lambda lines: "\n\n".join(f"{line} Wrap it in <b> and </b>, or <em> and </em>." for line in lines),
    "code": lambda lines: "\n".join(f'if (a<b && c>d) {{ puts("{line}"); }}' for line in lines),
    "program writing HTML": lambda lines: (
        "\n".join(f"LINE_{n} = {line!r}" for n, line in enumerate(lines))
        + '\nPAGE = "<title>{title}</title>\\n<b>{lead}</b> <i>{body}</i>"\n'
    ),
    "math": lambda lines: "\n\n".join(f"{line} Then a < b and c > d, so <a, b> <= <c, d>." for line in lines),
    "addresses": lambda lines: "Jane Doe <jane@x.example> wrote:\n\n" + "\n\n".join(lines),
    "autolinks": lambda lines: "\n\n".join(f"{line} <https://x.example/a>" for line in lines),
    "XML": lambda lines: "<story>\n" + "\n".join(f"<para><b>{html.escape(line)}</b></para>" for line in lines) + "\n</story>",
    "message, br body": lambda lines: MESSAGE_HEAD + br_one_line(lines)[0].decode(),
}


def text_doc_id(lines: tuple[str, ...]) -> str:
    return doc_id_of([repair_and_tidy(line)[0] for line in lines])


def page_doc_id(page: WebPage) -> str:
    """The doc_id the pipeline gives a page: its paragraphs cleaned together, as one text (a paragraph's lines
    joined or split as a text file's), its entities decoded by the parser alone (tasks.pipeline._clean_read)."""
    title = repair_and_tidy(page.title, unescape_html=False)[0] if page.title else None
    return doc_id_of(repair_and_tidy("\n\n".join(page.paragraphs), unescape_html=False)[0].split("\n\n"), title)


def article_mode(raw: bytes) -> WebPage | None:
    try:
        return read_decoded_page(decode_page(raw), "article")
    except Rejected:
        return None


def fragments() -> None:
    from tasks.steps.html import read_fragment  # here, so that --page-kind runs in a tree from before fragments

    print(f"{'shape':12} {'files':>6} {'taken':>6} {'article mode = text':>20} {'(no article)':>13} {'visible text = text':>20}")
    for shape, write in SHAPES.items():
        counts: Counter[str] = Counter()
        for language in LANGUAGES:
            for lines in ntrex_articles(language):
                raw, expected = write(lines)
                want = text_doc_id(expected)
                article = article_mode(raw)
                counts["files"] += 1
                taken = page_kind(raw) == "fragment"
                counts["taken"] += taken
                counts["article"] += article is not None and page_doc_id(article) == want
                counts["no article"] += article is None
                counts["visible"] += taken and page_doc_id(read_fragment(decode_page(raw))) == want
        print(
            f"{shape:12} {counts['files']:6} {counts['taken']:6} {counts['article']:20} {counts['no article']:13} "
            f"{counts['visible']:20}"
        )


def not_fragments() -> None:
    counts: Counter[str] = Counter()
    for language in LANGUAGES:
        for number, lines in enumerate(ntrex_articles(language)):
            counts["text files"] += page_kind(("\n\n".join(lines) + "\n").encode()) is not None
            for rendering in RENDERINGS:
                markdown = render(lines, language, number, rendering)
                counts["Markdown"] += page_kind(markdown.encode()) is not None
                counts["README opening with HTML"] += page_kind((README_HEAD + markdown).encode()) is not None
                counts["Markdown, inline HTML"] += page_kind(tagged(markdown).encode()) is not None
            for guard, write in GUARDS.items():
                counts[guard] += page_kind(write(lines).encode()) is not None
    files = sum(len(ntrex_articles(language)) for language in LANGUAGES)
    renderings = files * len(RENDERINGS)
    totals = {"text files": files, "Markdown": renderings, "README opening with HTML": renderings}
    totals |= {"Markdown, inline HTML": renderings} | dict.fromkeys(GUARDS, files)
    for name, total in totals.items():
        print(f"{name:26} {total:5} files, {counts[name]} taken for a page or fragment")


def machine_files() -> None:
    kinds: Counter[str | None] = Counter()
    taken = []
    for path in files_below([DOCS, LICENCES]):
        kind = kind_of(path)
        kinds[kind] += 1
        if kind == "fragment":
            taken.append(path.name)
    print(f"{DOCS} and {LICENCES}: {sum(kinds.values())} files, kinds {dict(kinds)}; fragments: {', '.join(taken)}")


def files_below(folders: list[Path]) -> list[Path]:
    return sorted(p for root in folders for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def kind_of(path: Path) -> str | None:
    raw = path.read_bytes()
    try:
        return page_kind(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    except (OSError, EOFError):  # a .gz that is not gzip
        return page_kind(raw)


def page_kind_cost(folder: Path, rounds: int) -> None:
    files = [path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()]
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        kinds = Counter(page_kind(raw) for raw in files)
        best = min(best, time.perf_counter() - started)
    print(
        f"page_kind of {html_step.__file__} on {len(files)} files of {folder}: {best / len(files) * 1e6:.2f} µs a file "
        f"(best of {rounds}); {dict(kinds)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page-kind", type=Path, help="only time page_kind on the files below this folder")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--kinds", type=Path, nargs="+", help="only the kind of every file below these folders")
    args = parser.parse_args()
    if args.page_kind:
        page_kind_cost(args.page_kind, args.rounds)
        return
    if args.kinds:
        for path in files_below(args.kinds):
            if kind := kind_of(path):
                print(f"{kind}\t{path}")
        return
    fragments()
    print()
    not_fragments()
    machine_files()


if __name__ == "__main__":
    main()
