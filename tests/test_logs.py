"""Logging: reprints/logging.yml changes only what the project needs, and -v/-q/--log-level set the level."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reprints import logs
from reprints.cli import build_parser

REPO = Path(__file__).resolve().parents[1]


def test_the_project_file_holds_only_its_changes() -> None:
    """Before, it was a full copy of Prefect 3.8.8's logging.yml, to re-sync on every upgrade."""
    changes = yaml.safe_load(logs.OVERRIDES.read_text(encoding="utf-8"))
    assert set(changes) == {"loggers"}
    prefect = yaml.safe_load(logs.prefect_logging_yml().read_text(encoding="utf-8"))
    assert not set(changes["loggers"]) & set(prefect["loggers"]), "an override of a logger Prefect configures: say why"


def test_the_file_prefect_reads_is_prefects_own_with_the_changes_merged_in(tmp_path: Path) -> None:
    path = logs.settings_path(tmp_path)
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    prefect = yaml.safe_load(logs.prefect_logging_yml().read_text(encoding="utf-8"))
    changes = yaml.safe_load(logs.OVERRIDES.read_text(encoding="utf-8"))
    assert {key: value for key, value in written.items() if key != "loggers"} == {
        key: value for key, value in prefect.items() if key != "loggers"
    }
    assert written["loggers"] == prefect["loggers"] | changes["loggers"]
    modified = path.stat().st_mtime_ns
    assert logs.settings_path(tmp_path) == path and path.stat().st_mtime_ns == modified  # not rewritten when unchanged
    os.utime(path, ns=(0, 0))  # older than Prefect's file, as after an upgrade of Prefect: written again
    assert logs.settings_path(tmp_path) == path and path.stat().st_mtime_ns > 0
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == written


def test_level_flags_and_their_setting() -> None:
    parser = build_parser()
    assert parser.parse_args(["ingest", "-v"]).log_level == "INFO"
    assert parser.parse_args(["ingest", "-q"]).log_level == "ERROR"
    assert parser.parse_args(["ingest", "--log-level", "debug"]).log_level == "DEBUG"
    with pytest.raises(SystemExit):
        parser.parse_args(["ingest", "-v", "-q"])


def _ingest(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "REPRINTS_"))}
    command = [sys.executable, "-m", "reprints.cli", "ingest", "raw", f"out{len(flags)}", "--runner", "thread", *flags]
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_verbose_shows_the_runs_info_lines_and_the_default_does_not(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text("The harbour council met on Monday.\n\nIt agreed a budget.\n", encoding="utf-8")
    quiet, verbose = _ingest(tmp_path), _ingest(tmp_path, "-v")
    assert quiet.returncode == verbose.returncode == 0, quiet.stderr + verbose.stderr
    assert "found 1 files under" in verbose.stderr and "INFO" in verbose.stderr
    assert "found 1 files under" not in quiet.stderr and "INFO" not in quiet.stderr
    for result in (quiet, verbose):
        assert "ERROR" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert (tmp_path / ".prefect" / logs.GENERATED_NAME).is_file()
