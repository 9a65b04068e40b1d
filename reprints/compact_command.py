"""`reprints compact OUT`: merge each partition's small files into fewer, atomically (see docs/output.md)."""

from __future__ import annotations

import argparse
import sys

from reprints.commands import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE, out_argument, out_problem, positive

DEFAULT_TARGET_MB = 256


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "compact",
        help="merge the small Parquet files of each partition of OUT into fewer, bigger ones",
        description="Merge the small Parquet files of OUT (every records and alignments partition, quarantine, "
        "duplicates and the document index; not boilerplate/), flush by flush, into files of up to --target-mb. Each "
        "directory changes in one atomic step: readers see all its old files or all its new ones, never doubled rows "
        "(pyarrow may miss rows during a swap: docs/output.md). Holds OUT's run lock: exit 3 while a run is writing to "
        "OUT. Details: docs/output.md.",
    )
    out_argument(parser)
    parser.add_argument(
        "--target-mb",
        type=positive,
        default=DEFAULT_TARGET_MB,
        help=f"merge files smaller than this into files of up to this many MB, uncompressed (default: {DEFAULT_TARGET_MB})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tasks.output import storage  # a local folder or any fsspec URL (s3://bucket/processed)

    out = storage.normalize(args.out)
    if problem := out_problem(out, out):
        print(f"reprints: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from tasks.output.compact import compact  # here, not at the top: `reprints --help` and ingest need not load pyarrow
    from tasks.output.write import OutputLocked

    try:
        results = compact(out, args.target_mb)
    except OutputLocked as error:
        print(f"reprints: {error}; try again when it has finished", file=sys.stderr)
        return EXIT_LOCKED
    except OSError as error:
        print(f"reprints: compaction failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    for result in results:
        if result.files_after < result.files_before:
            print(f"  {result.directory:<40} {result.files_before:>6} files -> {result.files_after}  ({result.rows} rows)")
    before, after = sum(r.files_before for r in results), sum(r.files_after for r in results)
    print(f"compacted {out}: {before} files -> {after} in {len(results)} directories")
    return EXIT_OK
