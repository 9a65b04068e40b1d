"""Blocks of lines nobody wrapped, inside articles: lists, bylines, tables. The share of paragraphs exactly right.

Each NTREX-128 article (../shared/corpus/parallel/ntrex128, 123 articles in 42
languages, headline first) gets three blocks whose every line is a paragraph:

  byline  after the headline: an author, an outlet, a date, one to a line
  list    after the first body paragraph: 3-5 items, the headlines of other
          articles of the language, each with a marker (- * • 1. a) (1)) or,
          in one article of seven, none; in every other article right under
          the paragraph (its lead-in line), without a blank line between
  table   before the last paragraph: a header and three rows, its columns
          aligned with runs of spaces

and is written in the shapes of bench/paragraph_shapes.py that mark paragraphs
(blank, wrapped+blank, wrapped+indent, wrapped), at the same widths. In the
wrapped shapes a list item longer than the width wraps too: its next lines
under its text (a hanging indent) where the shape has indentation
(wrapped+blank, wrapped+indent), at the margin in the unmarked shape.

A paragraph is right when the text path (tasks.pipeline.repair_and_tidy, the
step functions alone) gives it exactly: the article's line or the block's line,
cleaned alone. Two tables: all paragraphs, and the blocks' lines alone.

    .venv/bin/python bench/line_blocks.py [--languages en,ja] [--shapes blank,wrapped]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import OUTLETS
from bench.paragraph_shapes import NARROW, NTREX, UNSPACED, print_table, width_of, wrap
from tasks.pipeline import repair_and_tidy
from tests.corpus import ntrex_articles

SHAPES = ("blank", "wrapped+blank", "wrapped+indent", "wrapped")
AUTHORS = ("Jane Smith", "Kenji Watanabe", "María González", "Olu Adeyemi", "Anna Kowalska", "Li Wei")
MONTHS = ("January", "March", "June", "September", "December")
MARKERS = ("- ", "* ", "\u2022 ", "1. ", "a) ", "(1) ")
UNMARKED = 7  # one article in this many has a list without markers


@dataclass
class Blocks:
    """An article's blocks of lines, unwrapped; each list item with its marker's width (its hanging indent)."""

    byline: list[str]
    items: list[tuple[str, int]]
    table: list[str]

    def lines(self) -> list[str]:
        return [*self.byline, *(item for item, _ in self.items), *self.table]


def blocks_for(language: str, number: int, articles: tuple[tuple[str, ...], ...]) -> Blocks:
    """The three blocks of article `number`, drawn from the other articles of `language` (seeded per article)."""
    rng = random.Random(f"{language}/{number}/blocks")
    others = [article[0] for index, article in enumerate(articles) if index != number]
    byline = [rng.choice(AUTHORS), rng.choice(OUTLETS), f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2026"]
    marker = "" if number % UNMARKED == 0 else rng.choice(MARKERS)
    markers = [_marked(marker, position) for position in range(5)]
    items = [(mark + headline, len(mark)) for mark, headline in zip(markers, rng.sample(others, rng.randint(3, 5)), strict=False)]
    labels = [_label(headline, language) for headline in rng.sample(others, 3)]
    cells = [["", "2025", "2026"], *([label, str(rng.randint(10, 999)), str(rng.randint(10, 999))] for label in labels)]
    widths = [max(len(row[column]) for row in cells) + 3 for column in range(3)]
    table = ["".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in cells]
    return Blocks(byline, items, table)


def _marked(marker: str, position: int) -> str:
    """The marker of the item at `position` (0-based): numbers and letters counted on."""
    return marker.replace("1", str(position + 1)).replace("a", "abcde"[position])


def _label(headline: str, language: str) -> str:
    """A table row's label: the first word of a headline (its first four characters in an unspaced script)."""
    return headline[:4] if language in UNSPACED else headline.split(" ")[0].strip(",.:;\"'")


def render(article: tuple[str, ...], blocks: Blocks, language: str, shape: str, width: int, lead_in: bool) -> str:
    """The article with its blocks in `shape` (blank lines between paragraphs in the blank shapes)."""
    headline, first, *middle, last = article
    wrapped = shape != "blank"
    indent = ("\u3000\u3000" if language in NARROW else "    ") if shape == "wrapped+indent" else ""

    def paragraph(text: str) -> list[str]:
        return wrap(text, language, width, indent) if wrapped else [text]

    hanging = shape in ("wrapped+blank", "wrapped+indent")
    items = [
        line
        for item, hang in blocks.items
        for line in (_item_lines(item, hang if hanging else 0, language, width) if wrapped else [item])
    ]
    parts = [
        paragraph(headline),
        blocks.byline,
        paragraph(first) + items if lead_in else paragraph(first),
        *([] if lead_in else [items]),
        *map(paragraph, middle),
        blocks.table,
        paragraph(last),
    ]
    return ("\n\n" if "blank" in shape else "\n").join("\n".join(part) for part in parts)


def _item_lines(item: str, hang: int, language: str, width: int) -> list[str]:
    """A list item wrapped at `width`, its next lines indented by `hang` (and wrapped `hang` shorter)."""
    first = wrap(item, language, width)[0]
    rest = item[len(first) :].lstrip(" ")
    return [first, *(" " * hang + line for line in (wrap(rest, language, width - hang) if rest else []))]


def expected(article: tuple[str, ...], blocks: Blocks) -> tuple[list[str], list[str]]:
    """(every paragraph the document should give, the blocks' lines among them), each cleaned alone."""
    clean = [repair_and_tidy(line)[0] for line in blocks.lines()]
    return [repair_and_tidy(line)[0] for line in article] + clean, clean


def measure(shape: str, languages: list[str]) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """Per language: (right, paragraphs) over all paragraphs, and over the blocks' lines alone."""
    every: dict[str, tuple[int, int]] = {}
    blocks_only: dict[str, tuple[int, int]] = {}
    for language in languages:
        articles = ntrex_articles(language)
        tally = [0, 0, 0, 0]
        for number, article in enumerate(articles):
            blocks = blocks_for(language, number, articles)
            text = render(article, blocks, language, shape, width_of(language, f"{number:03d}"), number % 2 == 1)
            got = set(repair_and_tidy(text)[0].split("\n\n"))
            wanted, block_lines = expected(article, blocks)
            tally[0] += sum(paragraph in got for paragraph in wanted)
            tally[1] += len(wanted)
            tally[2] += sum(paragraph in got for paragraph in block_lines)
            tally[3] += len(block_lines)
        every[language] = (tally[0], tally[1])
        blocks_only[language] = (tally[2], tally[3])
    return every, blocks_only


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", help="comma-separated (default: all 42 NTREX languages)")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    args = parser.parse_args()
    if not NTREX.is_dir():
        raise SystemExit(f"bench: {NTREX} is missing (the shared corpus beside the checkout)")
    everything = sorted(path.stem for path in NTREX.glob("*.txt") if path.stem != "doc_ids")
    languages = args.languages.split(",") if args.languages else everything
    shapes = args.shapes.split(",")
    started = time.perf_counter()
    results = {shape: measure(shape, languages) for shape in shapes}
    print(f"through repair_and_tidy, {time.perf_counter() - started:.0f} s")
    every = {shape: found[0] for shape, found in results.items()}
    blocks_only = {shape: found[1] for shape, found in results.items()}
    print_table("share of paragraphs exactly right, articles with blocks", every, shapes, languages, 0)
    print_table("share of the blocks' lines exactly right", blocks_only, shapes, languages, 0)


if __name__ == "__main__":
    main()
