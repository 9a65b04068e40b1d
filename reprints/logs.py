"""Logging: Prefect's own logging config with only the project's changes on top, and the -v/-q/--log-level flags.

Prefect reads one YAML file (PREFECT_LOGGING_SETTINGS_PATH) and ignores its bundled one when that is set, with no
merging (prefect/logging/configuration.py); its PREFECT_LOGGING_* variables only override keys the file already has.
So `reprints/logging.yml` holds only what the project changes, and `settings_path()` writes the file Prefect reads:
the installed Prefect's own logging.yml with those changes merged in (a Prefect upgrade brings its new file along).

>>> merged({"loggers": {"prefect": {"level": "INFO"}}, "root": {"level": "WARNING"}}, {"loggers": {"sqlalchemy": {}}})
{'loggers': {'prefect': {'level': 'INFO'}, 'sqlalchemy': {}}, 'root': {'level': 'WARNING'}}
>>> level_of(argparse.Namespace(log_level="info"))
'INFO'
"""

from __future__ import annotations

import argparse
import importlib.util
import os
from pathlib import Path
from typing import Any

import yaml

OVERRIDES = Path(__file__).with_name("logging.yml")
GENERATED_NAME = "reprints-logging.yml"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_LEVEL = "WARNING"  # a run prints its summary; its INFO lines are in the Prefect UI, or with -v


def prefect_logging_yml() -> Path:
    """The installed Prefect's bundled logging.yml, found without importing Prefect (importing it sets logging up)."""
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("prefect is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "logging" / "logging.yml"


def merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`base` with `changes` merged in, key by key at every depth."""
    result = dict(base)
    for key, value in changes.items():
        result[key] = merged(result[key], value) if isinstance(value, dict) and isinstance(result.get(key), dict) else value
    return result


def settings_path(home: Path) -> Path:
    """Write Prefect's logging config with the project's changes to `home` (unless it is newer than both) and return
    its path. On every start of `reprints ingest`: the check costs a few stat calls, the merge about 10 ms."""
    path = home / GENERATED_NAME
    sources = (prefect_logging_yml(), OVERRIDES)
    if path.exists() and path.stat().st_mtime_ns >= max(source.stat().st_mtime_ns for source in sources):
        return path
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    base, changes = (yaml.load(source.read_text(encoding="utf-8"), Loader=loader) or {} for source in sources)
    text = "# written by reprints (reprints/logs.py): Prefect's logging.yml with reprints/logging.yml merged in\n"
    text += yaml.safe_dump(merged(base, changes), sort_keys=False, allow_unicode=True)
    home.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)  # a process reading it meanwhile sees the old file or the new one
    return path


def use_project_logging(home: Path) -> None:
    """Point Prefect at the merged config, unless the user named a logging config of their own."""
    os.environ.setdefault("PREFECT_LOGGING_SETTINGS_PATH", str(settings_path(home)))


def add_level_options(parser: argparse.ArgumentParser) -> None:
    """-v, -q and --log-level: the level of Prefect's loggers, and of the run's own lines, on stderr."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--log-level",
        type=str.upper,
        choices=LEVELS,
        default=None,
        help=f"level of the log lines on stderr (default: {DEFAULT_LEVEL}, or $PREFECT_LOGGING_LEVEL)",
    )
    group.add_argument("-v", "--verbose", dest="log_level", action="store_const", const="INFO", help="--log-level INFO")
    group.add_argument("-q", "--quiet", dest="log_level", action="store_const", const="ERROR", help="--log-level ERROR")


def level_of(args: argparse.Namespace) -> str | None:
    level = getattr(args, "log_level", None)
    return level.upper() if level else None


def apply_level(args: argparse.Namespace) -> None:
    """Before Prefect is imported: the flags win over PREFECT_LOGGING_LEVEL, which wins over the default."""
    if level := level_of(args):
        os.environ["PREFECT_LOGGING_LEVEL"] = level
    else:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", DEFAULT_LEVEL)
