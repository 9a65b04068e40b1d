"""`reprints config [ingest options]`: the settings `reprints ingest` would run with, and where each came from."""

from __future__ import annotations

import argparse
import json
from functools import partial

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
    said = {action.dest: default for action in ingest._actions if (default := default_said(action.help))}
    parser.set_defaults(handler=partial(run, said))


def default_said(help_text: str | None) -> str | None:
    """What an option's help says the run does when it is unset: the text of its "(default: ...)".

    >>> default_said("quarantine larger files (default: 64 MiB)"), default_said("files per task (default: 1024 (a; b))")
    ('64 MiB', '1024 (a; b)')
    """
    text = help_text or ""
    start = text.find("(default: ")
    if start < 0:
        return None
    depth = 0
    for end in range(start, len(text)):  # to the parenthesis that closes it
        depth += {"(": 1, ")": -1}.get(text[end], 0)
        if depth == 0:
            return text[start + len("(default: ") : end]
    return text[start + len("(default: ") :]


def run(said: dict[str, str], args: argparse.Namespace) -> int:
    """Each setting, its value and where it came from; for one left unset, what its help says the run does then."""
    resolved: Resolved = args.settings
    print(f"config file: {resolved.file_path or 'none'}")
    width = max(len(name) for name in resolved.values) + 2
    for name, value in resolved.values.items():
        shown = json.dumps(value, ensure_ascii=False) if value is not None else "(unset)"
        source = resolved.sources[name]
        if value is None and name in said:
            source += f": {said[name]}"
        print(f"  {name.replace('_', '-'):<{width}} {shown:<24} {source}")
    return EXIT_OK
