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

Each row: how many page_kind takes for a fragment, and how many give the article's text file's doc_id (its lines
exactly, each cleaned as a text file's paragraph is, with the title first where it is not already) through the
article extractor (what `--html article` reads a whole page with) and through the visible text (what a fragment is
read for). Then the files it must not take: the same articles as text files, as
Markdown in bench/markdown_articles.py's renderings, and as a README that opens with a centred logo in HTML; and
every file of /usr/share/doc and /usr/share/common-licenses (gunzipped: READMEs, changelogs, licences, manuals in
HTML, files nobody here wrote), with the kinds page_kind gives them and the names of those taken for fragments.

With --page-kind DIR, only the time page_kind takes on every file below DIR (read into memory first), best of
--rounds, and the kinds it gives: to compare two trees, copy this script into each and run the copies alternately.

    .venv/bin/python bench/html_fragments.py
    PYTHONPATH=TREE .venv/bin/python bench/html_fragments.py --page-kind /tmp/reprints-bench/corpus-4000-seed7
"""

from __future__ import annotations

import argparse
import gzip
import html
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.markdown_articles import render
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


SHAPES: dict[str, Callable[[tuple[str, ...]], tuple[bytes, tuple[str, ...]]]] = {
    "per line": per_line,
    "one line": one_line,
    "wrapped": wrapped,
    "short": short,
    "br line": br_one_line,
    "br lines": br_per_line,
}


def text_doc_id(lines: tuple[str, ...]) -> str:
    return doc_id_of([repair_and_tidy(line)[0] for line in lines])


def page_doc_id(page: WebPage) -> str:
    title = repair_and_tidy(page.title)[0] if page.title else None
    return doc_id_of([repair_and_tidy(paragraph)[0] for paragraph in page.paragraphs], title)


def article_mode(raw: bytes) -> WebPage | None:
    try:
        return read_decoded_page(decode_page(raw), "article")
    except Rejected:
        return None


def fragments() -> None:
    from tasks.steps.html import read_fragment  # here, so that --page-kind runs in a tree from before fragments

    print(f"{'shape':10} {'files':>6} {'taken':>6} {'article mode = text':>20} {'(no article)':>13} {'visible text = text':>20}")
    for shape, write in SHAPES.items():
        counts: Counter[str] = Counter()
        for language in LANGUAGES:
            for lines in ntrex_articles(language):
                raw, expected = write(lines)
                want = text_doc_id(expected)
                article = article_mode(raw)
                counts["files"] += 1
                counts["taken"] += page_kind(raw) == "fragment"
                counts["article"] += article is not None and page_doc_id(article) == want
                counts["no article"] += article is None
                counts["visible"] += page_doc_id(read_fragment(decode_page(raw))) == want
        print(
            f"{shape:10} {counts['files']:6} {counts['taken']:6} {counts['article']:20} {counts['no article']:13} "
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
    files = sum(len(ntrex_articles(language)) for language in LANGUAGES)
    totals = {"text files": files, "Markdown": files * len(RENDERINGS), "README opening with HTML": files * len(RENDERINGS)}
    for name, total in totals.items():
        print(f"{name:26} {total:5} files, {counts[name]} taken for a page or fragment")


def machine_files() -> None:
    kinds: Counter[str | None] = Counter()
    taken = []
    for path in sorted(p for root in (DOCS, LICENCES) for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        raw = path.read_bytes()
        try:
            kind = page_kind(gzip.decompress(raw) if path.suffix == ".gz" else raw)
        except (OSError, EOFError):  # a .gz that is not gzip
            kind = page_kind(raw)
        kinds[kind] += 1
        if kind == "fragment":
            taken.append(path.name)
    print(f"{DOCS} and {LICENCES}: {sum(kinds.values())} files, kinds {dict(kinds)}; fragments: {', '.join(taken)}")


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
    args = parser.parse_args()
    if args.page_kind:
        page_kind_cost(args.page_kind, args.rounds)
        return
    fragments()
    print()
    not_fragments()
    machine_files()


if __name__ == "__main__":
    main()
