"""What every `reprints` command shares: exit codes and arguments."""

from __future__ import annotations

import argparse

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
EXIT_READER_GONE = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader closed the pipe (`yes | head`)


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value}")
    return number


def positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {value}")
    return number


def add_command(
    commands: argparse._SubParsersAction, name: str, summary: str, description: str, handler
) -> argparse.ArgumentParser:
    """A `reprints` sub-command: its line in `reprints --help`, its description (what it does, its exit codes) and
    the function that runs it; the caller adds its arguments to the parser returned."""
    parser = commands.add_parser(name, help=summary, description=description)
    parser.set_defaults(handler=handler)
    return parser


def out_argument(parser: argparse.ArgumentParser, optional: bool = True) -> None:
    """OUT, the pipeline's output folder or URL; optional (processed/) unless another positional argument follows it."""
    if optional:
        parser.add_argument(
            "out", nargs="?", default="processed", help="output folder or URL, e.g. s3://bucket/processed (default: processed/)"
        )
    else:
        parser.add_argument("out", help="the pipeline's output folder or URL (OUT of reprints ingest)")


def out_problem(out: str, folder: str) -> str | None:
    """Why `folder` (OUT or a folder under it) cannot be read, or None; `out` as the user named it."""
    from tasks.output import storage

    try:
        if storage.isdir(folder):
            return None
    except ImportError as error:  # the file system's package is not installed, e.g. s3fs for s3://
        return f"cannot read {out!r}: {error}"
    return f"no records under {out!r} (expected {folder}/)" if folder != out else f"OUT folder {out!r} does not exist"
