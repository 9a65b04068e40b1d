"""Paragraphs in every shape real files come in: the share that comes out exactly, per shape and language.

Each NTREX-128 article (../shared/corpus/parallel/ntrex128, 123 articles in 42
languages, headline first) becomes one raw file per shape:

  lines           one paragraph per line, no blank lines
  blank           a blank line between paragraphs
  wrapped+blank   hard-wrapped, a blank line between paragraphs
  wrapped+indent  hard-wrapped, no blank lines, the first line of each paragraph
                  indented (four spaces; two U+3000 for Chinese, Japanese, Korean)
  wrapped         hard-wrapped, no blank lines, no indentation: only short last
                  lines and sentence-final punctuation tell paragraphs apart

Wrapping: at spaces (textwrap) for spaced scripts, 60-80 characters (Korean:
20-40); by character count for Chinese, Japanese (20-40) and Thai (60-80),
breaking between two letters of those scripts or at a space. The width is drawn per
article (seeded). Also a mixed row: the Traditional Chinese article then the
English one in one file, as bilingual reprints are. Files are written with
CRLF line ends, as NTREX is.

A paragraph is right when the document's output (all its language parts)
holds it exactly: the article's line, cleaned alone. The files go through the
pipeline's plain functions (tasks.pipeline.process_batch), or with --ingest
through `reprints ingest RAW OUT --runner thread`, the Parquet read back.

    .venv/bin/python bench/paragraph_shapes.py [--ingest] [--languages en,ja] [--shapes lines,wrapped]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import textwrap
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.inputs.discover import find_inputs
from tasks.model import CleanDocument
from tasks.pipeline import CleanOptions, process_batch, repair_and_tidy
from tests.corpus import ntrex_articles

NTREX = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "parallel" / "ntrex128"
UNSPACED = ("zh-Hant", "zh-Hans", "ja", "th")  # wrapped by character count
NARROW = ("zh-Hant", "zh-Hans", "ja", "ko")  # wide characters: 20-40 to a line, indented with U+3000
SHAPES = ("lines", "blank", "wrapped+blank", "wrapped+indent", "wrapped")
MIXED = "zh-Hant+en"
README_LANGUAGES = ("zh-Hant", "zh-Hans", "en", "ja", "ko", "fr", "de", "es", "ru", "pt", "vi")
OPENING = "「『（〔【〈《“‘"
CLOSING = "、。，．！？：；」』）〕】〉》”’"
BATCH = 256


def wrap(paragraph: str, language: str, width: int, indent: str = "") -> list[str]:
    if language in UNSPACED:
        return wrap_characters(indent + paragraph, width)
    return textwrap.wrap(paragraph, width, initial_indent=indent, break_long_words=False)


def wrap_characters(paragraph: str, width: int) -> list[str]:
    """Break after at most `width` characters (a space at the break dropped), where CJK and Thai line breaking
    allows: at a space, or between two wide or Thai characters, never after opening or before closing
    punctuation nor before a combining mark. A line with no such place runs on to the first one."""
    lines, start = [], 0
    while len(paragraph) - start > width:
        breaks = [i for i in range(start + 1, len(paragraph)) if _breakable(paragraph, i)]
        fitting = [i for i in breaks if len(paragraph[start:i].rstrip(" ")) <= width]
        if not breaks:
            break
        end = fitting[-1] if fitting else breaks[0]
        lines.append(paragraph[start:end].rstrip(" "))
        start = end
    return [*lines, paragraph[start:]]


def _breakable(text: str, index: int) -> bool:
    before, after = text[index - 1], text[index]
    if before == " " or after == " ":
        return before != after and after != " "
    if before in OPENING or after in CLOSING or unicodedata.combining(after):
        return False
    return _wide_or_thai(before) and _wide_or_thai(after)


def _wide_or_thai(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF" or "\u0e00" <= char <= "\u0e7f"


def render(article: Iterable[str], language: str, shape: str, width: int) -> str:
    """One article in one shape, without its final line end."""
    article = list(article)
    if shape == "lines":
        return "\n".join(article)
    if shape == "blank":
        return "\n\n".join(article)
    if shape == "wrapped+blank":
        return "\n\n".join("\n".join(wrap(p, language, width)) for p in article)
    if shape == "wrapped+indent":
        indent = "\u3000\u3000" if language in NARROW else "    "
        return "\n".join(line for p in article for line in wrap(p, language, width, indent))
    return "\n".join(line for p in article for line in wrap(p, language, width))


def width_of(language: str, name: str) -> int:
    rng = random.Random(f"{language}/{name}")
    return rng.randint(20, 40) if language in NARROW else rng.randint(60, 80)


def build(raw: Path, shape: str, languages: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Write every article of `languages` in `shape` under `raw`; return each file's expected paragraphs, each
    with its language."""
    expected: dict[str, list[tuple[str, str]]] = {}
    for language in languages:
        parts = language.split("+")
        articles = zip(*(ntrex_articles(part) for part in parts), strict=True)
        for number, article in enumerate(articles):
            name = f"{language}/{number:03d}.txt"
            texts = [render(lines, part, shape, width_of(part, name)) for part, lines in zip(parts, article, strict=True)]
            separator = "\n\n" if "blank" in shape else "\n"
            path = raw / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes((separator.join(texts) + "\n").replace("\n", "\r\n").encode("utf-8"))
            expected[name] = [
                (repair_and_tidy(line)[0], part) for part, lines in zip(parts, article, strict=True) for line in lines
            ]
    return expected


Found = dict[str, dict[str, str]]  # per file: each paragraph of its records, with the record's language


def paragraphs_by_plain_functions(raw: Path) -> Found:
    sources = find_inputs(str(raw))
    found: Found = defaultdict(dict)
    for start in range(0, len(sources), BATCH):
        for outcome in process_batch(sources[start : start + BATCH], {}, CleanOptions()).outcomes:
            if isinstance(outcome, CleanDocument):
                for part in outcome.parts:
                    found[outcome.source_path].update(dict.fromkeys(part.paragraphs, part.language))
    return found


def paragraphs_by_ingest(raw: Path) -> Found:
    import pyarrow.dataset as ds

    out = raw.parent / f"{raw.name}-out"
    reprints = Path(sys.executable).parent / "reprints"
    subprocess.run(
        [str(reprints), "ingest", str(raw), str(out), "--runner", "thread", "--no-progress", "--json"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    columns = ["source_path", "language", "paragraphs"]
    table = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table(columns=columns).to_pydict()
    found: Found = defaultdict(dict)
    for path, language, paragraphs in zip(*(table[column] for column in columns), strict=True):
        found[path].update(dict.fromkeys(paragraphs, language))
    return found


def measure(shape: str, languages: list[str], read: Callable[[Path], Found]) -> dict[str, tuple[int, int, int]]:
    """Per language: (paragraphs exactly right, of those in a record of their language, paragraphs) for `shape`."""
    with tempfile.TemporaryDirectory(prefix="paragraph-shapes-") as tmp:
        raw = Path(tmp) / shape
        expected = build(raw, shape, languages)
        found = read(raw)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for name, paragraphs in expected.items():
        counts, records = tally[name.split("/")[0]], found.get(name, {})
        counts[0] += sum(paragraph in records for paragraph, _ in paragraphs)
        counts[1] += sum(records.get(paragraph) == language for paragraph, language in paragraphs)
        counts[2] += len(paragraphs)
    return {language: (exact, labelled, total) for language, (exact, labelled, total) in tally.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ingest", action="store_true", help="through `reprints ingest --runner thread`, Parquet read back")
    parser.add_argument("--languages", help="comma-separated (default: all 42 NTREX languages and the mixed zh-Hant+en)")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    args = parser.parse_args()
    if not NTREX.is_dir():
        raise SystemExit(f"bench: {NTREX} is missing (the shared corpus beside the checkout)")
    everything = [*sorted(p.stem for p in NTREX.glob("*.txt") if p.stem != "doc_ids"), MIXED]
    languages = args.languages.split(",") if args.languages else everything
    shapes = args.shapes.split(",")
    read = paragraphs_by_ingest if args.ingest else paragraphs_by_plain_functions
    results, started = {}, time.perf_counter()
    for shape in shapes:
        results[shape] = measure(shape, languages, read)
    through = "reprints ingest" if args.ingest else "process_batch"
    print(f"through {through}, {time.perf_counter() - started:.0f} s")
    print_table("share of paragraphs exactly right", results, shapes, languages, 0)
    readme = [language for language in languages if language in README_LANGUAGES or "+" in language]
    print_table(
        "language accuracy: share of paragraphs in a record of their language (README's table)", results, shapes, readme, 1
    )


def print_table(title: str, results: dict, shapes: list[str], languages: list[str], column: int) -> None:
    print(f"\n{title}\n{'language':<11}" + "".join(f"{shape:>16}" for shape in shapes))
    for language in languages:
        print(f"{language:<11}" + "".join(f"{_share(results[shape][language], column):>16.4f}" for shape in shapes))
    totals = [tuple(map(sum, zip(*(results[shape][language] for language in languages), strict=True))) for shape in shapes]
    print(f"{'all':<11}" + "".join(f"{_share(total, column):>16.4f}" for total in totals))
    worst = [min(_share(results[shape][language], column) for language in languages) for shape in shapes]
    print(f"{'worst':<11}" + "".join(f"{share:>16.4f}" for share in worst))


def _share(counts: tuple[int, ...], column: int) -> float:
    return counts[column] / counts[-1] if counts[-1] else 0.0


if __name__ == "__main__":
    main()
