"""The `reprints` command as users run it: a real process, a real embedded Prefect server."""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reprints.cli import EXIT_USAGE, build_parser, main

REPO = Path(__file__).resolve().parents[1]


def _reprints(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "600"  # a loaded machine starts a server slowly
    return subprocess.run(
        [sys.executable, "-m", "reprints.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_help_documents_every_option() -> None:
    [commands] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    ingest = commands.choices["ingest"]
    for action in ingest._actions:
        assert action.help, action.dest
    assert "exit" in (ingest.description or "").lower()


@pytest.mark.parametrize(
    "argv", [["ingest", "/no/such/folder"], ["ingest", "--batch-size", "0"], ["ingest", "--languages", "en,xx"], ["nonsense"], []]
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code: int | str | None
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    assert code == EXIT_USAGE
    assert capsys.readouterr().err


def test_ingest_runs_quietly_and_prints_a_summary(tmp_path: Path, sample_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(sample_path, raw / "alaska.txt")
    (raw / "empty.txt").write_bytes(b"")
    result = _reprints("ingest", "raw", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    assert "2 found = 1 ingested + 0 duplicates + 0 already ingested + 1 quarantined (adds up)" in result.stdout
    # the run's time, then the command's with the embedded server's start, which a small run mostly waits for
    run, command = map(float, re.findall(r"in (\d+\.\d) s \((\d+\.\d) s with the Prefect server's start\)", result.stdout)[0])
    assert run < command
    for chart in ("Records per language", "Fixes applied, in documents", "Quarantined files by reason"):
        assert f"\n  {chart}\n" in result.stdout
    for label in ("en", "zh-Hant", "empty"):
        assert re.search(rf"^    {label} +1  █+$", result.stdout, re.M), label
    second = _reprints("ingest", "raw", "out", "--json", cwd=tmp_path)
    report = json.loads(second.stdout)
    assert (report["already_ingested"], report["documents"], report["adds_up"]) == (2, 0, True)


def test_out_inside_raw_or_raw_itself_is_refused_with_exit_2_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("The harbour council met on Monday.\n", encoding="utf-8")
    (tmp_path / "link-into-raw").symlink_to(raw)
    for out in (raw, raw / "processed", raw / "deep" / "er", tmp_path / "link-into-raw" / "out", f"file://{raw}/out"):
        assert main(["ingest", str(raw), str(out)]) == EXIT_USAGE, out
        message = capsys.readouterr().err
        assert "ingest its own output" in message and message.count("\n") == 1, message
    assert sorted(p.name for p in raw.iterdir()) == ["a.txt"]  # nothing created in RAW


def test_follow_symlinks_reaches_the_flow_only_when_given() -> None:
    from reprints.cli import flow_parameters

    parser = build_parser()
    assert "follow_symlinks" not in flow_parameters(parser.parse_args(["ingest", "raw", "out"]))
    assert flow_parameters(parser.parse_args(["ingest", "raw", "out", "--follow-symlinks"]))["follow_symlinks"] is True


def test_raw_or_out_being_a_file_is_a_usage_error_that_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: a RAW file was reported as a missing folder, and an OUT file failed the run with exit 1."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "a-file"), str(tmp_path / "out")]) == EXIT_USAGE
    assert capsys.readouterr().err == f"reprints: RAW {str(tmp_path / 'a-file')!r} is a file, not a folder\n"
    assert main(["ingest", str(tmp_path / "raw"), str(tmp_path / "a-file")]) == EXIT_USAGE
    assert capsys.readouterr().err == f"reprints: OUT {str(tmp_path / 'a-file')!r} is a file, not a folder\n"


def test_ingest_starts_its_server_before_the_heavy_imports(tmp_path: Path) -> None:
    """The embedded server is the start-up's critical path: `reprints ingest` starts it once RAW and OUT are checked,
    before Prefect, pyarrow or fsspec is imported (checking OUT imported pyarrow.dataset and pandas: 0.4 s later)."""
    (tmp_path / "raw").mkdir()
    code = (
        "import sys\n"
        "from reprints import cli, server\n"
        "def start(self):\n"
        "    heavy = sorted({'prefect', 'pyarrow', 'fsspec', 'pandas'} & set(sys.modules))\n"
        "    print('imported before the server:', heavy)\n"
        "    raise SystemExit(7 if heavy else 0)\n"
        "server.EmbeddedServer.start = start\n"
        f"cli.main(['ingest', {str(tmp_path / 'raw')!r}, {str(tmp_path / 'out')!r}])\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}  # so that it starts a server
    started = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "imported before the server: []" in started.stdout
