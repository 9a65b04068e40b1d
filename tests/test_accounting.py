"""The run report proves every file found has exactly one outcome, and a run that cannot prove it fails."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import reprints.cli
from tasks.model import BatchResult
from tasks.output.report import RunReport
from tasks.output.sink import RecordSink
from tests.cli_runs import articles_raw

FOUND = ["a.txt", "b.txt", "c.txt"]


def report(files_found: int = 3, documents: int = 3) -> RunReport:
    return RunReport(run_id="r", raw="raw", out="out", files_found=files_found, documents=documents)


def test_one_outcome_per_file_adds_up() -> None:
    checked = report()
    checked.reconcile(FOUND, Counter(FOUND))
    assert checked.adds_up() and checked.unaccounted == checked.counted_twice == []


def test_equal_totals_do_not_hide_a_file_counted_twice_and_one_missing() -> None:
    checked = report()
    checked.reconcile(FOUND, Counter(["a.txt", "a.txt", "c.txt"]))
    assert checked.accounted == checked.files_found
    assert not checked.adds_up()
    assert (checked.unaccounted, checked.counted_twice) == (["b.txt"], ["a.txt"])
    assert "ERROR" in checked.summary_lines()[1] and "1 counted twice" in checked.summary_lines()[1]
    assert checked.to_dict()["adds_up"] is False


def test_an_outcome_for_a_file_never_found_does_not_add_up() -> None:
    checked = report(documents=4)
    checked.reconcile(FOUND, Counter([*FOUND, "ghost.txt"]))
    assert checked.counted_twice == ["ghost.txt"] and not checked.adds_up()


@pytest.fixture
def cli_env(api_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the command in this process against the test server; undo the defaults it sets."""
    for name in ("PREFECT_HOME", "PREFECT_LOGGING_LEVEL", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PREFECT_API_URL", api_url)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return articles_raw(tmp_path / "raw", 4)


def test_the_command_exits_0_when_the_run_adds_up(raw: Path, tmp_path: Path, cli_env, capsys) -> None:
    argv = ["ingest", str(raw), str(tmp_path / "out"), "--runner", "thread", "--no-progress", "--json"]
    assert reprints.cli.main(argv) == reprints.cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["adds_up"] is True


def test_the_command_exits_1_when_a_file_goes_unaccounted(
    raw: Path, tmp_path: Path, cli_env, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inject the bug accounting exists to catch: one outcome lost on its way to the sink."""
    accept = RecordSink.accept

    def lossy_accept(self: RecordSink, batch: BatchResult) -> None:
        accept(self, BatchResult(batch.outcomes[1:], batch.step_seconds))

    monkeypatch.setattr(RecordSink, "accept", lossy_accept)
    out = tmp_path / "out"
    argv = ["ingest", str(raw), str(out), "--runner", "thread", "--no-progress", "--batch-size", "4"]
    assert reprints.cli.main(argv) == reprints.cli.EXIT_FAILED
    assert "accounting failed" in capsys.readouterr().err
    [written] = (out / "reports").glob("*.json")
    saved = json.loads(written.read_text())
    assert saved["adds_up"] is False and saved["unaccounted"] == ["a0.txt"]
