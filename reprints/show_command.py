"""`reprints show OUT`: a quick, readable look at records without writing code."""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from reprints.commands import EXIT_FAILED, EXIT_OK, EXIT_USAGE, out_argument, out_problem, positive

PARAGRAPHS_SHOWN = 3
PARAGRAPH_CHARS = 240


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "show",
        help="print records of OUT readably: one document's parts, or the records of a language",
        description="Print records of OUT/records readably. Exit 0 when records were shown, 1 when none matched, "
        "2 when OUT has no records dataset.",
    )
    out_argument(parser)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--doc", metavar="DOC_ID", help="every language part of this document")
    which.add_argument("--language", metavar="LANG", help="records of this language (BCP 47 tag, e.g. zh-Hant)")
    parser.add_argument("--limit", type=positive, default=5, help="show at most N records (default: 5)")
    parser.add_argument(
        "--full", action="store_true", help=f"all paragraphs in full (default: the first {PARAGRAPHS_SHOWN}, shortened)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import pyarrow.dataset as ds  # here, not at the top: `reprints --help` and ingest need not load it

    from tasks.output import storage  # a local folder or any fsspec URL (s3://bucket/processed)

    out = storage.normalize(args.out)
    folder = os.path.join(out, "records")
    if problem := out_problem(out, folder):
        print(f"reprints: {problem}", file=sys.stderr)
        return EXIT_USAGE
    dataset = storage.dataset(folder, format="parquet", partitioning="hive")
    condition = None
    if args.doc or args.language:
        condition = ds.field("doc_id") == args.doc if args.doc else ds.field("language") == args.language
    rows = dataset.head(args.limit, filter=condition).sort_by([("source_path", "ascending"), ("part_index", "ascending")])
    if rows.num_rows == 0:
        print("reprints: no record matches", file=sys.stderr)
        return EXIT_FAILED
    width = min(shutil.get_terminal_size().columns, 100)
    for row in rows.to_pylist():
        print("\n".join(render(row, width, args.full)))
    total = dataset.count_rows(filter=condition)
    print(f"{rows.num_rows} of {total} records" + (" (--limit N for more)" if total > rows.num_rows else ""))
    return EXIT_OK


def render(row: dict, width: int, full: bool) -> list[str]:
    """One record as a block of lines: a header, the metadata that matters, then its paragraphs."""
    from tasks.output.report import counted, printable  # (printable: names and titles are anyone's: no raw escapes)

    header = f"── {row['doc_id']}  {row['language']}  part {row['part_index'] + 1} of {row['part_count']} "
    details = [
        ("source", f"{row['source_path']} ({row['source_encoding']})"),
        ("title", row["title"]),
        ("reprint of", row["reprint_source"]),
        ("format", _source_format(row)),
        ("fixes", ", ".join(row["fixes"]) or None),
        ("ingested", f"{row['ingested_at']:%Y-%m-%d %H:%M:%S %Z} by run {row['run_id']}, pipeline {row['pipeline_version']}"),
        (
            "checks",
            f"language confidence {row['language_confidence']:.2f}, "
            f"{counted(row['duplicate_paragraphs'], 'repeated paragraphs dropped')}",
        ),
    ]
    lines = [header + "─" * max(0, width - len(header)), *(f"{name:<11}{printable(value)}" for name, value in details if value)]
    paragraphs = row["paragraphs"] if full else row["paragraphs"][:PARAGRAPHS_SHOWN]
    lines += ["", *(f"  {printable(p if full else _shorten(p))}" for p in paragraphs)]
    hidden = len(row["paragraphs"]) - len(paragraphs)
    if hidden:
        lines.append(f"  … {counted(hidden, 'more paragraphs')} (--full shows them all)")
    return [*lines, ""]


def _source_format(row: dict) -> str | None:
    """What a web page, news XML or other parsed source said of itself: its format, address and date (columns of
    schema 1.1: .get, as older files lack them); None for plain text."""
    source_format = row.get("source_format")
    if source_format in (None, "text"):
        return None
    address = f", {row['source_url']}" if row.get("source_url") else ""
    published = f"published {row['published']}" if row.get("published") else "no date"
    return f"{source_format}{address}, {published}"


def _shorten(paragraph: str) -> str:
    return paragraph if len(paragraph) <= PARAGRAPH_CHARS else paragraph[: PARAGRAPH_CHARS - 1] + "…"
