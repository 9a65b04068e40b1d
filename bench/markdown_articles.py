"""Markdown reprints: the share of files recognised as Markdown and of paragraphs that come out exactly right.

Each NTREX-128 article (../shared/corpus/parallel/ntrex128, 123 articles in 42
languages, headline first) is written as Markdown, the way CMS exports and
static-site generators write articles, in three renderings:

  front-matter  YAML front matter (title, date), the headline as `# `, then the
                body: every sixth paragraph from the first with its opening
                words in **bold**, the second with a word linked
                ([word](https://...)), the third hard-wrapped, the fourth a
                list item (`- `), the fifth a quote (`> `), the sixth after an
                image line (![photo](...)); text escaped as exporters do
  heading+links the headline as `# `, the body's paragraphs with the same links
                and nothing else (two constructs: the fewest recognised)
  heading       the headline as `# `, the body as plain paragraphs (one
                construct: read as text, by design)

A paragraph is right when the document's records hold the article's body line
exactly (cleaned alone, as bench/paragraph_shapes.py expects it), the headline
being the title; markup left counts files whose records hold `**`, `](`, a
line starting `# ` or `> `, or an image. The files go through the pipeline's
plain functions (tasks.pipeline.process_batch).

    .venv/bin/python bench/markdown_articles.py [--languages en,ja]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.paragraph_shapes import NTREX, UNSPACED, width_of, wrap
from tasks.inputs.discover import find_inputs
from tasks.model import CleanDocument
from tasks.pipeline import CleanOptions, process_batch, repair_and_tidy
from tests.corpus import ntrex_articles

PUBLISHED = date(2026, 3, 2)
INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<~&])")
LINE_START_SPECIALS = re.compile(r"^([#>+=-])|^(\d{1,9})([.)])")
MARKUP = re.compile(r"\*\*|\]\(|^[#>] |!\[", re.MULTILINE)
BATCH = 256


def escape(text: str) -> str:
    """Markdown's special characters backslash-escaped, as exporters write text (CommonMark: any ASCII punctuation)."""
    return INLINE_SPECIALS.sub(r"\\\1", text)


def escape_line_start(line: str) -> str:
    """A line that would open a heading, quote, list or setext underline, escaped."""
    return LINE_START_SPECIALS.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", line)


def bold(words: list[str], unspaced: bool) -> list[str]:
    """The opening words (two, or four letters of a script without spaces) in **bold**, when CommonMark allows it there."""
    if unspaced:
        head = words[0][:4]
        return [f"**{head}**{words[0][4:]}", *words[1:]] if head.isalpha() and len(words[0]) > 4 else words
    return [f"**{words[0]}", f"{words[1]}**", *words[2:]] if len(words) > 2 else words


def link(words: list[str], unspaced: bool, number: int) -> list[str]:
    """A word (the third, or letters 2-5 of a script without spaces) as a link's text."""
    url = f"https://example.com/news/{number}"
    if unspaced:
        first = words[0]
        return [f"{first[:2]}[{first[2:5]}]({url}){first[5:]}", *words[1:]] if len(first) > 5 else words
    return [*words[:2], f"[{words[2]}]({url})", *words[3:]] if len(words) > 3 else words


def body_block(line: str, index: int, language: str, number: int, rendering: str) -> str:
    """One body paragraph as Markdown: its index picks what it becomes."""
    unspaced = language in UNSPACED
    words = escape(line).split(" ")
    if rendering == "heading":
        return escape_line_start(escape(line))
    kind = index % 6 if rendering == "front-matter" else 2
    if kind == 1:
        words = bold(words, unspaced)
    elif kind == 2:
        words = link(words, unspaced, number)
    text = " ".join(words)
    if kind == 3:  # Thai at spaces, as editors wrap it (paragraph_shapes breaks it between letters, as for Chinese)
        wrapped = wrap(text, "en" if language == "th" else language, width_of(language, str(number)))
        return "\n".join(escape_line_start(line) for line in wrapped)
    text = escape_line_start(text)
    if kind == 4:
        return f"- {text}"
    if kind == 5:
        return f"> {text}"
    if kind == 0:
        return f"![photo](https://example.com/images/{number}.jpg)\n\n{text}"
    return text


def render(lines: tuple[str, ...], language: str, number: int, rendering: str) -> str:
    """One article as a Markdown file."""
    blocks = [f"# {escape(lines[0])}"]
    if rendering == "front-matter":
        blocks.insert(0, f"---\ntitle: {json.dumps(lines[0], ensure_ascii=False)}\ndate: {PUBLISHED.isoformat()}\n---")
    blocks += [body_block(line, index, language, number, rendering) for index, line in enumerate(lines[1:], 1)]
    return "\n\n".join(blocks) + "\n"


def measure(rendering: str, languages: list[str]) -> Counter[str]:
    """Counts of files, recognised files, files with their title and date, files with markup left, paragraphs, exact
    paragraphs."""
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="markdown-articles-") as tmp:
        expected: dict[str, tuple[str, ...]] = {}
        for language in languages:
            for number, lines in enumerate(ntrex_articles(language)):
                path = Path(tmp, language, f"{number:03d}.md")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(render(lines, language, number, rendering), encoding="utf-8")
                expected[f"{language}/{number:03d}.md"] = lines
        sources = find_inputs(tmp)
        for start in range(0, len(sources), BATCH):
            for outcome in process_batch(sources[start : start + BATCH], {}, CleanOptions()).outcomes:
                counts["files"] += 1
                if isinstance(outcome, CleanDocument):
                    tally(outcome, expected[outcome.source_path], counts)
    return counts


def tally(doc: CleanDocument, lines: tuple[str, ...], counts: Counter[str]) -> None:
    found = {paragraph for part in doc.parts for paragraph in part.paragraphs}
    body = [repair_and_tidy(line)[0] for line in lines[1:]]
    counts["recognised"] += doc.page.source_format == "markdown"
    counts["title"] += doc.parts[0].title == repair_and_tidy(lines[0])[0]
    counts["published"] += doc.page.published == PUBLISHED
    counts["markup left"] += any(MARKUP.search(paragraph) for paragraph in found)
    counts["paragraphs"] += len(body)
    counts["exact"] += sum(paragraph in found for paragraph in body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", help="comma-separated (default: all 42 NTREX languages)")
    args = parser.parse_args()
    if not NTREX.is_dir():
        raise SystemExit(f"bench: {NTREX} is missing (the shared corpus beside the checkout)")
    everything = sorted(p.stem for p in NTREX.glob("*.txt") if p.stem != "doc_ids")
    languages = args.languages.split(",") if args.languages else everything
    print(f"{'rendering':<14}{'files':>7}{'recognised':>12}{'exact':>9}{'title':>8}{'published':>11}{'markup left':>13}")
    for rendering in ("front-matter", "heading+links", "heading"):
        started = time.perf_counter()
        c = measure(rendering, languages)
        print(
            f"{rendering:<14}{c['files']:>7}{share(c, 'recognised', 'files'):>12}{share(c, 'exact', 'paragraphs'):>9}"
            f"{share(c, 'title', 'files'):>8}{share(c, 'published', 'files'):>11}{share(c, 'markup left', 'files'):>13}"
            f"   ({time.perf_counter() - started:.0f} s)"
        )


def share(counts: Counter[str], key: str, of: str) -> str:
    return f"{counts[key] / counts[of]:.4f}" if counts[of] else "-"


if __name__ == "__main__":
    main()
