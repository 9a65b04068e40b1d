"""PDF reprints in the shapes exporters lay articles out in: the share of paragraphs that come out exactly, per shape
and script.

Each NTREX-128 article (../shared/corpus/parallel/ntrex128, 123 articles, headline first) becomes one PDF per shape
of tests/pdf_files.py (`blocks`, `wrapped`, `indented`, `hyphenated`, `running`, `across`), 25 lines to a page so
that every article crosses page breaks, lines of 60-80 characters (Chinese, Japanese, Korean: 20-40; drawn per
article, seeded, as bench/paragraph_shapes.py draws them; in `across` two columns of half as many, 25 rows a page).
Every other article's /Title is its headline, the others' "Microsoft Word - article<n>.docx", which is no title.

A paragraph is right when the document's records hold it exactly (the article's line, cleaned alone); the headline
also when it is the record's title. The files go through the pipeline's plain functions (tasks.pipeline.process_batch);
the table also says how many files were quarantined, and why. With --cost, what reading a PDF costs: read_pdf alone
(the text layer made paragraphs, before cleaning), CPU ms a PDF over each shape's files, the best of COST_PASSES.

    .venv/bin/python bench/pdf_shapes.py [--languages en,ar] [--shapes blocks,running] [--articles N] [--cost]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.paragraph_shapes import NTREX, width_of
from tasks.model import CleanDocument, Quarantined, Rejected, SourceFile
from tasks.pipeline import CleanOptions, process_batch, read_pdf, repair_and_tidy
from tests.corpus import ntrex_articles
from tests.pdf_files import SHAPES, article_pdf

LANGUAGES = ("en", "fr", "de", "vi", "ru", "el", "he", "ar", "fa", "hi", "th", "zh-Hant", "zh-Hans", "ja", "ko")
BATCH = 64
COST_PASSES = 3


def title_of(article: tuple[str, ...], number: int) -> str:
    return article[0] if number % 2 == 0 else f"Microsoft Word - article{number}.docx"


def measure(shape: str, language: str, articles: int, folder: Path) -> tuple[int, int, Counter[str]]:
    """(paragraphs exactly right, paragraphs, quarantine reasons) of the language's articles laid out in `shape`; the
    files stay in `folder`."""
    chosen = ntrex_articles(language)[:articles]
    sources, expected = [], {}
    for number, article in enumerate(chosen):
        path = folder / f"{shape}-{language}-{number:03d}.pdf"
        width = width_of(language, path.name)
        path.write_bytes(article_pdf(article, language, shape, width, title_of(article, number)))
        sources.append(SourceFile(str(path), path.name, path.stat().st_size))
        expected[path.name] = [repair_and_tidy(line)[0] for line in article]
    right, reasons = 0, Counter[str]()
    for start in range(0, len(sources), BATCH):
        for outcome in process_batch(sources[start : start + BATCH], {}, CleanOptions()).outcomes:
            if isinstance(outcome, Quarantined):
                reasons[outcome.reason] += 1
            elif isinstance(outcome, CleanDocument):
                found = {p for part in outcome.parts for p in [*part.paragraphs, part.title or ""]}
                right += sum(paragraph in found for paragraph in expected[outcome.source_path])
    return right, sum(map(len, expected.values())), reasons


def read_cost(files: list[Path]) -> float:
    """CPU ms a PDF that read_pdf takes over the files, the best of COST_PASSES passes."""
    contents = [path.read_bytes() for path in files]
    passes = []
    for _ in range(COST_PASSES):
        started = time.process_time()
        for data in contents:
            with contextlib.suppress(Rejected):  # no PDF of these is (the table says so); a cost all the same
                read_pdf(data, CleanOptions().max_bytes)
        passes.append(time.process_time() - started)
    return min(passes) * 1000 / len(contents)


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="NTREX languages, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--articles", type=int, default=123, help="articles per language (all 123 by default)")
    parser.add_argument("--cost", action="store_true", help="also time read_pdf alone on each shape's files")
    args = parser.parse_args()
    if not NTREX.is_dir():
        raise SystemExit(f"bench: {NTREX} is missing (the shared corpus beside the checkout)")
    languages, shapes = args.languages.split(","), args.shapes.split(",")
    results: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    quarantined: Counter[str] = Counter()
    started = time.perf_counter()
    costs: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="pdf-shapes-") as tmp:
        for shape in shapes:
            for language in languages:
                right, total, reasons = measure(shape, language, args.articles, Path(tmp))
                results[shape][language] = (right, total)
                quarantined += reasons
            if args.cost:
                costs[shape] = read_cost(sorted(Path(tmp).glob(f"{shape}-*.pdf")))
    print(f"through process_batch, {args.articles} articles per language, {time.perf_counter() - started:.0f} s")
    print(f"quarantined: {dict(quarantined) or 'none'}")
    print("\nshare of paragraphs exactly right\n" + f"{'language':<11}" + "".join(f"{shape:>12}" for shape in shapes))
    for language in languages:
        print(f"{language:<11}" + "".join(f"{_share(results[shape][language]):>12.4f}" for shape in shapes))
    totals = [tuple(map(sum, zip(*results[shape].values(), strict=True))) for shape in shapes]
    print(f"{'all':<11}" + "".join(f"{_share(total):>12.4f}" for total in totals))
    if args.cost:
        print(f"{'ms a PDF':<11}" + "".join(f"{costs[shape]:>12.2f}" for shape in shapes))


def _share(counts: tuple[int, ...]) -> float:
    return counts[0] / counts[1] if counts[1] else 0.0


if __name__ == "__main__":
    main()
