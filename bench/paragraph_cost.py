"""What split_paragraphs costs per text, in the shapes real files come in: CPU time, best of several rounds.

The texts are NTREX-128's 123 articles (../shared/corpus/parallel/ntrex128) in en, de, ru, zh-Hant and ja, in
bench/paragraph_shapes.py's shapes (one paragraph per line, wrapped with blank lines, wrapped with indents) and in
bench/line_blocks.py's wrapped+blank shape (a byline, a list and a table inserted), each tidied by tidy_whitespace
first, as the pipeline does. Only split_paragraphs is timed.

To compare two versions, run this script from a copy of each (git archive) with PYTHONPATH on that copy, in turns:
the machine's speed drifts under load.

    PYTHONPATH=. .venv/bin/python bench/paragraph_cost.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import line_blocks, paragraph_shapes
from tasks.steps.paragraphs import split_paragraphs
from tasks.steps.whitespace import Tidy, tidy_whitespace
from tests.corpus import ntrex_articles

LANGUAGES = ("en", "de", "ru", "zh-Hant", "ja")
SHAPES = ("lines", "wrapped+blank", "wrapped+indent")


def texts(shape: str) -> list[Tidy]:
    """Every article of LANGUAGES in `shape` ("blocks": line_blocks' wrapped+blank), tidied."""
    tidied = []
    for language in LANGUAGES:
        articles = ntrex_articles(language)
        for number, article in enumerate(articles):
            width = paragraph_shapes.width_of(language, f"{number:03d}")
            if shape == "blocks":
                blocks = line_blocks.blocks_for(language, number, articles)
                text = line_blocks.render(article, blocks, language, "wrapped+blank", width, number % 2 == 1)
            else:
                text = paragraph_shapes.render(article, language, shape, width)
            tidied.append(tidy_whitespace(text))
    return tidied


def best_time(tidied: list[Tidy], rounds: int) -> float:
    """The fastest of `rounds` passes over `tidied`, in microseconds per text."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for tidy in tidied:
            split_paragraphs(tidy.text, tidy.indents)
        best = min(best, time.process_time() - started)
    return best / len(tidied) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    for shape in (*SHAPES, "blocks"):
        tidied = texts(shape)
        print(f"{shape:<16}{len(tidied):>6} texts {best_time(tidied, args.rounds):>9.1f} µs per text")


if __name__ == "__main__":
    main()
