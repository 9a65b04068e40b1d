"""`reprints config [ingest options]`: the settings `reprints ingest` would run with, and where each came from."""

from __future__ import annotations

import argparse
import json

from reprints.commands import EXIT_OK
from reprints.settings import Resolved


def register(commands: argparse._SubParsersAction, ingest: argparse.ArgumentParser) -> None:
    """After every option of `ingest` is added: `config` takes the same options (the same argparse actions)."""
    parser = commands.add_parser(
        "config",
        parents=[ingest],
        add_help=False,
        help="print the settings `reprints ingest` would run with, and where each came from",
        description="Print the settings `reprints ingest` would run with (the same options are accepted here) and "
        "where each came from: the command line, a REPRINTS_* environment variable, the config file (--config, "
        "$REPRINTS_CONFIG, ./reprints.toml or [tool.reprints] in ./pyproject.toml) or the default. Precedence: "
        "command line > environment > file > default.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    resolved: Resolved = args.settings
    print(f"config file: {resolved.file_path or 'none'}")
    width = max(len(name) for name in resolved.values) + 2
    for name, value in resolved.values.items():
        shown = json.dumps(value, ensure_ascii=False) if value is not None else "(unset)"
        print(f"  {name.replace('_', '-'):<{width}} {shown:<24} {resolved.sources[name]}")
    return EXIT_OK
