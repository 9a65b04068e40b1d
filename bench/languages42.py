"""Every NTREX language through the pipeline: the share of paragraphs that come out right and intact.

    .venv/bin/python -m bench.languages42 [--ingest] [--languages fa,sr-Cyrl,...] [--no-lid]

Builds one file per NTREX article and language (../shared/corpus/parallel/ntrex128, 42 languages, 123 articles)
in two shapes: paragraphs separated by blank lines, and one paragraph per line. Runs them through the pipeline's
plain functions (tasks.pipeline.process_batch, in pieces of 64 files), or with --ingest through the real
`reprints ingest RAW OUT --runner thread` (one run per shape), and prints per language the share of the articles'
distinct lines that are a paragraph of a record of the right language, with the text intact: the line as written, less what the
contract removes (zero-width spaces, word joiners, soft hyphens, stray BOMs; edge whitespace; runs of spaces).
Beside it: lid.176 alone, one paragraph at a time, on the same lines (its `zh` counts as right for both Chinese
scripts, which it cannot tell apart), and which wrong tags each gave. The last table is accuracy by
`language_confidence` over every paragraph of both shapes.
"""

from __future__ import annotations

import argparse
import itertools
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

from tests.corpus import ntrex_articles, ntrex_lines

NTREX = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "parallel" / "ntrex128"
SHAPES = {"blank lines": "\n\n", "one per line": "\n"}
REMOVED = re.compile("[\u200b\u2060\ufeff\u00ad]")  # what the contract says clean text never has
SPACES = re.compile("[ \t]+")
PIECE = 64  # files per process_batch call, as the pool's pieces
BUCKETS = (0.0, 0.5, 0.8, 0.95, 0.99, 1.01)


def languages() -> list[str]:
    return sorted(path.stem for path in NTREX.glob("*.txt") if path.stem != "doc_ids")


def expected(line: str) -> str:
    """The line as clean text must keep it (NFC, as written, less what the contract removes)."""
    return SPACES.sub(" ", REMOVED.sub("", unicodedata.normalize("NFC", line))).strip()


def write_raw(raw: Path, langs: list[str]) -> dict[str, tuple[str, str, list[str]]]:
    """One file per article, language and shape; {source_path: (shape, language, the article's expected lines)}."""
    files = {}
    for shape, separator in SHAPES.items():
        for lang in langs:
            for number, article in enumerate(ntrex_articles(lang)):
                source_path = f"{shape.replace(' ', '-')}/{lang}/{number:03d}.txt"
                path = raw / source_path
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(separator.join(article) + "\n", encoding="utf-8")
                files[source_path] = (shape, lang, list(dict.fromkeys(filter(None, map(expected, article)))))
    return files


def through_pipeline(raw: Path) -> dict[str, list[tuple[str, list[str], float]]]:
    """{source_path: [(language, paragraphs, confidence) per record]} from tasks.pipeline.process_batch."""
    from tasks.inputs.discover import find_inputs
    from tasks.pipeline import CleanOptions, process_batch

    sources = find_inputs(str(raw))
    records: dict[str, list[tuple[str, list[str], float]]] = {}
    for start in range(0, len(sources), PIECE):
        for outcome in process_batch(sources[start : start + PIECE], {}, CleanOptions()).outcomes:
            parts = getattr(outcome, "parts", [])
            records[outcome.source_path] = [(part.language, part.paragraphs, part.confidence) for part in parts]
    return records


def through_ingest(raw: Path, out: Path) -> dict[str, list[tuple[str, list[str], float]]]:
    """The same from the records `reprints ingest RAW OUT --runner thread` writes: one run per shape, as both
    shapes of an article have the same clean content, which one run ingests once (the second is a duplicate)."""
    import pyarrow.dataset as ds

    reprints = Path(sys.executable).with_name("reprints")
    records: dict[str, list[tuple[str, list[str], float]]] = {}
    for shape in sorted(path.name for path in raw.iterdir()):
        command = [str(reprints), "ingest", str(raw / shape), str(out / shape), "--runner", "thread"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        table = ds.dataset(out / shape / "records", format="parquet", partitioning="hive").to_table(
            columns=["source_path", "language", "paragraphs", "language_confidence"]
        )
        for row in table.to_pylist():
            entry = (row["language"], row["paragraphs"], row["language_confidence"])
            records.setdefault(f"{shape}/{row['source_path']}", []).append(entry)
    return records


def score(files: dict, records: dict) -> tuple[dict, list[tuple[float, bool]]]:
    """{(shape, language): (right and intact, lines, Counter of what the others became)}, and (confidence, right)."""
    table: dict[tuple[str, str], list] = {}
    confidences = []
    for source_path, (shape, lang, lines) in files.items():
        language_of: dict[str, str] = {}
        for language, paragraphs, confidence in records.get(source_path, []):
            language_of |= dict.fromkeys(paragraphs, language)
            confidences += [(confidence, language == lang)] * len(paragraphs)
        entry = table.setdefault((shape, lang), [0, 0, Counter()])
        for line in lines:
            got = language_of.get(line)
            entry[0] += got == lang
            entry[1] += 1
            if got != lang:
                entry[2]["altered" if got is None else got] += 1
    return table, confidences


def lid176_alone(langs: list[str]) -> dict[str, tuple[int, int, Counter]]:
    """lid.176 on each distinct line of each article alone: (right, lines, wrong tags)."""
    from tasks.steps.fasttext_detector import Lid176, bcp47
    from tasks.steps.scripts import script_counts

    model = Lid176()
    results = {}
    for lang in langs:
        right, total, wrong = 0, 0, Counter[str]()
        for article in ntrex_articles(lang):
            for line in dict.fromkeys(filter(None, map(expected, article))):
                counts = script_counts(line)
                family = max(sorted(counts), key=counts.__getitem__) if counts else "none"
                labels = model.labels(line)
                got = bcp47(labels[0][0], family) if labels else "und"
                ok = got == lang or (got == "zh" and lang.startswith("zh-"))
                right += ok
                total += 1
                if not ok:
                    wrong[got] += 1
        results[lang] = (right, total, wrong)
    return results


def show(table: dict, lid: dict, langs: list[str]) -> None:
    shapes = list(SHAPES)
    print(
        f"{'language':<9}"
        + "".join(f" {shape:>13}" for shape in shapes)
        + f" {'lid.176 alone':>14}  wrong or altered (ours | lid.176)"
    )
    for lang in langs:
        cells, notes = "", []
        for shape in shapes:
            right, total, wrong = table[(shape, lang)]
            cells += f" {right / total:>13.4f}"
            notes += [f"{shape.split()[0]} {tag}:{n}" for tag, n in wrong.most_common(3)]
        lid_cell, lid_notes = "", ""
        if lid:
            right, total, wrong = lid[lang]
            lid_cell = f" {right / total:>14.4f}"
            lid_notes = ", ".join(f"{tag}:{n}" for tag, n in wrong.most_common(3))
        print(f"{lang:<9}{cells}{lid_cell}  {', '.join(notes) or '-'} | {lid_notes or '-'}")
    for shape in shapes:
        low = [lang for lang in langs if table[(shape, lang)][0] < 0.99 * table[(shape, lang)][1]]
        print(
            f"{shape}: {len(langs) - len(low)} of {len(langs)} languages >= 0.99" + (f"; below: {', '.join(low)}" if low else "")
        )


def show_confidence(confidences: list[tuple[float, bool]]) -> None:
    print("\naccuracy by language_confidence (every paragraph of both shapes; a record's confidence)")
    for low, high in itertools.pairwise(BUCKETS):
        inside = [right for confidence, right in confidences if low <= confidence < high]
        if inside:
            share = 100 * sum(inside) / len(inside)
            print(f"{low:.2f} <= c < {min(high, 1.0):.2f}  {len(inside):>7} paragraphs  {share:7.2f}% right")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ingest", action="store_true", help="through `reprints ingest --runner thread`, not process_batch")
    parser.add_argument("--languages", help="comma-separated NTREX file names (default: all 42)")
    parser.add_argument("--no-lid", action="store_true", help="leave out lid.176 alone")
    args = parser.parse_args(argv)
    if not NTREX.is_dir():
        print(f"needs the shared corpus at {NTREX}", file=sys.stderr)
        return 2
    ntrex_lines("doc_ids")
    langs = args.languages.split(",") if args.languages else languages()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as temp:
        files = write_raw(Path(temp) / "raw", langs)
        records = through_ingest(Path(temp) / "raw", Path(temp) / "out") if args.ingest else through_pipeline(Path(temp) / "raw")
    table, confidences = score(files, records)
    lid = {} if args.no_lid else lid176_alone(langs)
    print(f"NTREX, {len(files)} files through {'reprints ingest' if args.ingest else 'process_batch'}; share right and intact")
    show(table, lid, langs)
    show_confidence(confidences)
    print(f"\n{time.perf_counter() - start:.1f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
