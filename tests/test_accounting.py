"""The run report proves every file found has exactly one outcome, and a run that cannot prove it fails."""

from __future__ import annotations

import json
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pyarrow.dataset as ds
import pytest

import reprints.cli
from tasks.model import BatchResult
from tasks.output.report import RunReport
from tasks.output.sink import RecordSink
from tasks.pipeline import DOCUMENT_STEPS
from tests.cli_runs import article, articles_raw, make_raw

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


def test_the_steps_counts_add_up_on_a_real_run(tmp_path: Path, cli_env, capsys) -> None:
    """The default runner (the local pool, with its head start): every file found enters the first step, each step
    lets through what the next takes in, and what stops on the way is what was quarantined or already ingested."""
    raw = make_raw(tmp_path / "raw", 12)
    (raw / "repeats.txt").write_text(article(40) + "\n" + article(40).split("\n")[0] + "\n", encoding="utf-8")
    (raw / "notice-only.txt").write_text("Originally published in The Harbour Gazette.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert reprints.cli.main(["ingest", str(raw), str(out), "--no-progress", "--json"]) == reprints.cli.EXIT_OK
    report = json.loads(capsys.readouterr().out)
    steps = report["steps"]
    assert [step["step"] for step in steps] == [step.name for step in DOCUMENT_STEPS]
    assert steps[0]["documents_in"] == report["files_found"] == 19
    assert all(later["documents_in"] == earlier["documents_out"] for earlier, later in pairwise(steps))
    stopped = sum(step["documents_in"] - step["documents_out"] for step in steps)
    assert stopped == report["quarantined_total"] + report["already_ingested"] == 4  # binary, empty, latin-1-named empty, notice
    assert steps[-1]["documents_out"] == report["documents"] + report["duplicates"]
    by_name = {step["step"]: step for step in steps}
    assert by_name["repeats"]["paragraphs_out"] - by_name["parts"]["paragraphs_out"] == report["duplicate_paragraphs"] == 1
    paragraphs = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table(columns=["doc_id", "paragraphs"])
    per_doc: Counter[str] = Counter()
    for doc_id, kept in zip(paragraphs["doc_id"].to_pylist(), paragraphs["paragraphs"].to_pylist(), strict=True):
        per_doc[doc_id] += len(kept)
    duplicated = ds.dataset(out / "duplicates", format="parquet").to_table(columns=["doc_id"])["doc_id"].to_pylist()
    assert by_name["parts"]["paragraphs_out"] == sum(per_doc.values()) + sum(per_doc[doc_id] for doc_id in duplicated)
    assert report["files_found"] == 19 and report["adds_up"]
