"""Article extraction from real web pages, scored by the article-extraction benchmark's own scorer.

Inputs: the 61 real news pages of ../shared/corpus/web/article-extraction (Zyte's
article-extraction-benchmark, MIT; `html/*.html.gz` as crawled, `ground-truth.json`
the article bodies), scored with that folder's `evaluate.py`, imported from
../shared where it stays. Each row prints F1, precision, recall, the share of
pages extracted exactly (the scorer's `accuracy`) and pages/s:

  trafilatura alone       trafilatura.extract() on the page's bytes, default settings (the issue's reference)
  trafilatura, no comments  the same on our decoding of the page, with include_comments=False (what the step uses)
  others                  resiliparse, readability-lxml, justext, when installed (they are not in the lock:
                          install them in a scratch venv to compare; see docs/web.md for the figures)
  pipeline --html MODE    the pipeline's steps (tasks/pipeline.clean_files, no Prefect): each page's records, all
                          language parts in order, against the article body
  reprints ingest         the real command, end to end, on a RAW of the 61 pages (--no-ingest to skip: it starts
                          a Prefect server), timed as a whole: pages/s there includes start-up

Last, what a text file pays for the check: page_kind() on real text files (NTREX news, ../shared).

    .venv/bin/python bench/web_extraction.py [--no-ingest]

Timings on a shared machine are noisy: run it twice.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.model import CleanDocument, SourceFile
from tasks.pipeline import CleanOptions, StepTimer, clean_files
from tasks.steps.html import decode_page, page_kind

REPO = Path(__file__).resolve().parents[1]
BENCHMARK = REPO.parent / "shared" / "corpus" / "web" / "article-extraction"
Predict = Callable[[dict[str, bytes]], dict[str, str]]


def scorer():
    spec = importlib.util.spec_from_file_location("article_extraction_evaluate", BENCHMARK / "evaluate.py")
    assert spec is not None and spec.loader is not None  # a .py file's
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report(name: str, predict: Predict, pages: dict[str, bytes], truth: dict, evaluate) -> None:
    started = time.perf_counter()
    predicted = predict(pages)
    seconds = time.perf_counter() - started
    metrics = evaluate.evaluate(truth, {key: {"articleBody": predicted.get(key, "")} for key in truth}, 200)
    print(
        f"{name:<28} F1 {metrics['f1']:.3f} ± {metrics['f1_std']:.3f}  precision {metrics['precision']:.3f}  "
        f"recall {metrics['recall']:.3f}  exact {metrics['accuracy']:.3f}  {len(pages) / seconds:6.1f} pages/s"
    )


def each(extract: Callable[[bytes], str | None]) -> Predict:
    return lambda pages: {key: extract(raw) or "" for key, raw in pages.items()}


def libraries() -> dict[str, Predict]:
    import trafilatura

    found = {
        "trafilatura alone": each(trafilatura.extract),
        "trafilatura, no comments": each(lambda raw: trafilatura.extract(decode_page(raw).text, include_comments=False)),
    }
    try:
        from resiliparse.extract.html2text import extract_plain_text

        found["resiliparse"] = each(lambda raw: extract_plain_text(decode_page(raw).text, main_content=True))
    except ImportError:
        print("resiliparse: not installed, skipped")
    try:
        import lxml.html
        from readability import Document

        found["readability-lxml"] = each(
            lambda raw: lxml.html.fromstring(Document(decode_page(raw).text).summary(html_partial=True)).text_content()
        )
    except ImportError:
        print("readability-lxml: not installed, skipped")
    try:
        import justext

        stoplist = justext.get_stoplist("English")
        found["justext"] = each(lambda raw: "\n".join(p.text for p in justext.justext(raw, stoplist) if not p.is_boilerplate))
    except ImportError:
        print("justext: not installed, skipped")
    return found


def pipeline(mode: str) -> Predict:
    def predict(pages: dict[str, bytes]) -> dict[str, str]:
        with tempfile.TemporaryDirectory() as folder:
            sources = []
            for key, raw in pages.items():
                path = Path(folder, f"{key}.html")
                path.write_bytes(raw)
                sources.append(SourceFile(str(path), path.name, len(raw)))
            outcomes = clean_files(sources, [frozenset()] * len(sources), CleanOptions(html=mode), StepTimer())
        return {key: record_text(o) for key, o in zip(pages, outcomes, strict=True) if isinstance(o, CleanDocument)}

    return predict


def record_text(doc: CleanDocument) -> str:
    return "\n".join(p for part in doc.parts for p in part.paragraphs)


def ingest(pages: dict[str, bytes]) -> dict[str, str]:
    """`reprints ingest` on a RAW of the gzipped pages as crawled; each page's records (parts in order) joined."""
    import pyarrow.dataset as ds

    with tempfile.TemporaryDirectory() as folder:
        raw, out = Path(folder, "raw"), Path(folder, "out")
        raw.mkdir()
        for path in (BENCHMARK / "html").glob("*.html.gz"):
            shutil.copy(path, raw / path.name)
        command = [str(REPO / ".venv" / "bin" / "reprints"), "ingest", str(raw), str(out), "--no-progress", "--json"]
        run = subprocess.run(command, capture_output=True, text=True, check=True)
        counts = json.loads(run.stdout)
        print(f"  reprints ingest: {counts['records']} records, {counts['quarantined_total']} pages quarantined")
        table = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table()
        rows = sorted(
            table.select(["source_path", "part_index", "text"]).to_pylist(), key=lambda r: (r["source_path"], r["part_index"])
        )
    texts: dict[str, list[str]] = {}
    for row in rows:
        texts.setdefault(row["source_path"].removesuffix(".html.gz"), []).append(row["text"])
    return {key: "\n".join(parts) for key, parts in texts.items()}


def sniff_cost() -> None:
    """page_kind() on real text files: what every text file pays for the web-page check."""
    from tests.corpus import ntrex_articles

    texts = [("\n".join(lines) + "\n").encode() for language in ("en", "zh-Hant", "fr") for lines in ntrex_articles(language)]
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        found = sum(page_kind(raw) is not None for raw in texts)
    micros = (time.perf_counter() - started) / (rounds * len(texts)) * 1e6
    print(f"\npage_kind on {len(texts)} NTREX text files (en, zh-Hant, fr): {micros:.2f} µs a file; {found} taken for pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ingest", action="store_true", help="skip the end-to-end `reprints ingest` row")
    args = parser.parse_args()
    if not BENCHMARK.exists():
        raise SystemExit(f"bench: {BENCHMARK} is missing (the shared corpus beside the checkout)")
    evaluate = scorer()
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {key: gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes()) for key in truth}
    print(f"{len(pages)} pages of {BENCHMARK}, scored by its evaluate.py (± bootstrap standard deviation)\n")
    for name, predict in libraries().items():
        report(name, predict, pages, truth, evaluate)
    for mode in ("raw", "text", "article"):
        report(f"pipeline --html {mode}", pipeline(mode), pages, truth, evaluate)
    if not args.no_ingest:
        report("reprints ingest", ingest, pages, truth, evaluate)
    sniff_cost()


if __name__ == "__main__":
    main()
