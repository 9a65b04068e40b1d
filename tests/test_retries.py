"""Transient I/O errors are retried by Prefect; a batch that keeps failing quarantines its own files only.

The fault is injected below the step under test: the low-level read raises a real
OSError(EIO), as a network file system does; classification, task retries and
quarantine are the project's real code on a real flow run.
"""

from __future__ import annotations

import errno
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogWorker

import tasks.inputs.discover
import tasks.inputs.read
import tasks.model
import tasks.run.prefect_tasks
from flows.ingest import ingest_reprints
from tasks.model import CleanDocument
from tasks.pipeline import CleanOptions, process_batch
from tests.cli_runs import articles_raw, rows

pytestmark = pytest.mark.usefixtures("prefect_server")


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return articles_raw(tmp_path / "raw", 6)


def faulty_reads(monkeypatch: pytest.MonkeyPatch, name: str, fault: Callable[[int, str], None]) -> Counter:
    """Call `fault(attempt, path)` before each low-level read of `name`, as a misbehaving mount would act."""
    real = tasks.inputs.read._read_regular
    attempts: Counter = Counter()

    def read(path: str, limit: int, confined_to: str | None = None) -> bytes:
        if path.endswith(name):
            attempts[name] += 1
            fault(attempts[name], path)
        return real(path, limit, confined_to)

    monkeypatch.setattr(tasks.inputs.read, "_read_regular", read)
    return attempts


def failing_reads(monkeypatch: pytest.MonkeyPatch, name: str, times: int) -> Counter:
    """Make reading `name` raise EIO the first `times` times."""

    def fail(attempt: int, path: str) -> None:
        if attempt <= times:
            raise OSError(errno.EIO, "Input/output error", path)

    return faulty_reads(monkeypatch, name, fail)


def hanging_reads(monkeypatch: pytest.MonkeyPatch, name: str, seconds: float) -> Counter:
    """Make the first read of `name` hang for `seconds`, as a stalled network mount does."""

    def hang(attempt: int, path: str) -> None:
        if attempt == 1:
            time.sleep(seconds)

    return faulty_reads(monkeypatch, name, hang)


def run(raw: Path, out: Path):
    state = ingest_reprints(raw=str(raw), out=str(out), runner="thread", batch_size=2, return_state=True)
    return state, state.result()


def batch_runs(flow_run_id: UUID) -> list:
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return sorted((t for t in task_runs if t.name.startswith("clean-batch")), key=lambda t: t.run_count)


def log_messages(flow_run_id: UUID) -> list[str]:
    APILogWorker.drain_all(timeout=10)
    with get_client(sync_client=True) as client:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return [log.message for log in logs]


def test_an_io_error_is_transient_not_a_verdict_on_the_file(raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failing_reads(monkeypatch, "a1.txt", times=1)
    with pytest.raises(tasks.model.TransientError, match="Input/output error"):
        process_batch(tasks.inputs.discover.find_inputs(str(raw)), {}, CleanOptions())
    assert isinstance(process_batch(tasks.inputs.discover.find_inputs(str(raw)), {}, CleanOptions()).outcomes[1], CleanDocument)


def test_a_transient_failure_is_retried_and_logged(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = failing_reads(monkeypatch, "a3.txt", times=1)
    state, report = run(raw, tmp_path / "out")
    assert state.is_completed()
    assert attempts["a3.txt"] == 2
    assert (report.documents, sum(report.quarantined.values())) == (6, 0)
    runs = batch_runs(state.state_details.flow_run_id)
    assert [t.run_count for t in runs] == [1, 1, 2]
    assert runs[-1].state.is_completed()
    assert any("Retries are remaining" in m or "Retry 1/2" in m for m in log_messages(state.state_details.flow_run_id))


def test_a_hung_batch_times_out_and_is_retried(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks.run.prefect_tasks, "BATCH_TIMEOUT_SECONDS", 1.0)
    attempts = hanging_reads(monkeypatch, "a3.txt", seconds=4.0)
    state, report = run(raw, tmp_path / "out")
    assert state.is_completed() and attempts["a3.txt"] == 2  # the retry did not wait for the hung read
    assert (report.documents, sum(report.quarantined.values())) == (6, 0) and report.adds_up()
    runs = batch_runs(state.state_details.flow_run_id)
    assert [t.run_count for t in runs] == [1, 1, 2]


def test_a_persistent_failure_quarantines_that_batch_only(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = failing_reads(monkeypatch, "a3.txt", times=99)
    out = tmp_path / "out"
    state, report = run(raw, out)
    assert state.is_completed(), "one bad batch must not fail the run"
    assert attempts["a3.txt"] == 3  # the first try and Prefect's two retries
    assert report.documents == 4 and dict(report.quarantined) == {"failed": 2} and report.adds_up()
    quarantined = {path: (why, detail) for path, why, detail in rows(out, "quarantine", ["source_path", "reason", "detail"])}
    assert sorted(quarantined) == ["a2.txt", "a3.txt"]  # the batch of a3.txt, nothing else
    assert all(r == "failed" and "Input/output error" in d and "after retries" in d for r, d in quarantined.values())
    runs = batch_runs(state.state_details.flow_run_id)
    assert runs[-1].run_count == 3 and runs[-1].state.is_failed()
    assert any("failed after its retries" in m for m in log_messages(state.state_details.flow_run_id))

    monkeypatch.undo()  # the mount is back: the next run retries exactly those files
    _, again = run(raw, out)
    assert (again.documents, again.already_ingested) == (2, 4)
