"""A run killed with SIGKILL at named points, then run again, leaves OUT as one uninterrupted run would.

Real `reprints` processes and real signals: REPRINTS_CRASH_AT (tasks/run/crashpoint.py)
makes the process SIGKILL itself at an exact point, so every case is deterministic.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from tasks.output.boilerplate import CHECKPOINT, COUNTS_DIR, KEYS_DIR, load_counter
from tests.cli_runs import (
    SMALL_COMMITS,
    every_parquet_file_reads,
    finish,
    leftovers,
    make_raw,
    records,
    rows,
    run_cli,
    stopped,
    wait_for,
)
from tests.conftest import duckdb_rows

ARTICLES = 12
# Deadlines that only stop a hung test (each loop ends as soon as its condition holds): generous, for a loaded machine
HELPERS_END_SECONDS = 120  # for the server and pool workers of a dead run to end
CTRL_C_DEADLINE = 120  # for a run to stop after Ctrl-C: a few seconds alone; before the fix, 5 to 15+ minutes


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    return make_raw(tmp_path_factory.mktemp("crash") / "raw", ARTICLES)


@pytest.fixture(scope="module")
def reference(raw: Path, api_url: str, tmp_path_factory) -> Path:
    """OUT after one uninterrupted run."""
    out = tmp_path_factory.mktemp("reference") / "out"
    code, _, stderr = finish(run_cli(raw, out, api_url, *SMALL_COMMITS))
    assert code == 0, stderr
    return out


def content(out: Path) -> dict[str, list]:
    return {
        "records": records(out),
        "quarantine": rows(out, "quarantine", ["source_path", "reason"]),
        "duplicates": rows(out, "duplicates", ["source_path", "duplicate_of_path"]),
    }


def test_reference_run_is_a_meaningful_baseline(reference: Path) -> None:
    found = content(reference)
    assert len({r[0] for r in found["records"]}) == ARTICLES + 1
    assert {lang for _, lang, _ in found["records"]} >= {"en", "fr", "zh-Hant"}
    assert found["duplicates"] == [("copy-of-article-1.txt", "2026-02/article 001.txt")]
    assert {reason for _, reason in found["quarantine"]} == {"empty", "binary"}
    # several commits, so a crash can fall between them
    assert len(list((reference / "records").glob("*/*.parquet"))) > 6
    # the run folded its boilerplate journal into the checkpoint: a kill while folding is tested below
    assert (reference / CHECKPOINT).exists() and boilerplate_state(reference)[3] == []


# point[:n] -> what the first run must already have committed when it dies
CRASHES = {
    "decode:5": "during decoding (thread runner: decoding runs in the run's own process)",
    "batch:3": "between batches, after three committed flushes",
    "parquet:4": "in the middle of a Parquet write: a row group written, no footer",
    "commit:2": "after a flush's manifest (its commit point), before any file is renamed into place",
    "rename:3": "between the renames of one flush",
    "boilerplate_checkpoint": "boilerplate checkpoint staged, not yet renamed (the journal it would fold still there)",
    "boilerplate_fold": "boilerplate checkpoint in place, the journal it holds not yet deleted",
    "report": "while writing the run report, after every record was committed",
}


def boilerplate_state(out: Path) -> tuple[bytes, bytes, dict[int, int], list[str]]:
    """The boilerplate counter a next run would load, and the journal files left."""
    counter = load_counter(str(out))
    journal = sorted(p.name for folder in (KEYS_DIR, COUNTS_DIR) for p in (out / folder).glob("*.parquet"))
    return bytes(counter.pairs.bits), bytes(counter.seen.bits), counter.counts, journal


@pytest.mark.parametrize("point", CRASHES, ids=[p.split(":")[0] for p in CRASHES])
def test_killed_run_then_rerun_equals_one_uninterrupted_run(
    point: str, raw: Path, reference: Path, api_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, _, stderr = finish(run_cli(raw, out, api_url, *SMALL_COMMITS, crash_at=point))
    assert code == -signal.SIGKILL, f"the run was not killed at {point}: exit {code}\n{stderr}"

    # what a reader sees right after the crash: only whole files, each a subset of the final result
    every_parquet_file_reads(out)
    partial = records(out)
    assert set(partial) <= set(records(reference))
    assert len(partial) == len(set(partial))
    if (out / "records").is_dir() and any((out / "records").rglob("*.parquet")):
        glob = str(out / "records" / "**" / "*.parquet")
        assert duckdb_rows(f"select count(*) from read_parquet('{glob}', hive_partitioning=true)")[0][0] >= len(partial)

    code, _, stderr = finish(run_cli(raw, out, api_url, *SMALL_COMMITS))
    assert code == 0, stderr
    assert content(out) == content(reference)
    assert boilerplate_state(out) == boilerplate_state(reference), "the journal folded, each document counted once"
    assert leftovers(out) == []
    assert every_parquet_file_reads(out) >= 1


def test_crash_points_commit_something_before_they_fire(raw: Path, api_url: str, tmp_path: Path) -> None:
    """The later points must really leave committed output behind, or the re-run would prove little."""
    out = tmp_path / "out"
    code, _, _ = finish(run_cli(raw, out, api_url, *SMALL_COMMITS, crash_at="batch:3"))
    assert code == -signal.SIGKILL
    assert len(records(out)) > 0
    code, _, _ = finish(run_cli(raw, tmp_path / "out2", api_url, *SMALL_COMMITS, crash_at="commit:2"))
    assert code == -signal.SIGKILL
    assert list((tmp_path / "out2" / ".pending").glob("*.json")), "the manifest of the interrupted flush"
    code, _, _ = finish(run_cli(raw, tmp_path / "out3", api_url, *SMALL_COMMITS, crash_at="boilerplate_fold"))
    assert code == -signal.SIGKILL
    assert (tmp_path / "out3" / CHECKPOINT).exists() and boilerplate_state(tmp_path / "out3")[3], "checkpoint and journal"


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_run_leaves_no_helper_process_behind(raw: Path, tmp_path: Path) -> None:
    """Default set-up: embedded Prefect server and a process pool; SIGKILL the run, its helpers must end too."""
    process = run_cli(raw, tmp_path / "out", "", "--runner", "process", "--workers", "2", "--batch-size", "2",
                      "--flush-mb", "0.000001", crash_at="batch:2", start_new_session=True)  # fmt: skip
    helpers: set[int] = set()
    try:
        while process.poll() is None:  # the server runs in a session of its own (Ctrl-C): found as a child
            helpers |= _descendants(process.pid)
            time.sleep(0.05)
        code, _, stderr = finish(process)
        assert code == -signal.SIGKILL, stderr
        deadline = time.monotonic() + HELPERS_END_SECONDS
        while (_group_alive(process.pid) or any(map(_alive, helpers))) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert helpers, "the run's helpers were seen"
        assert not _group_alive(process.pid) and not any(map(_alive, helpers)), "the run's server or pool workers outlived it"
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        _kill_leftovers(helpers)


def _descendants(pid: int) -> set[int]:
    """The processes below `pid` now (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            continue
        for child in children - found:
            found |= {child} | _descendants(child)
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _kill_leftovers(pids: set[int]) -> None:
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("target", ["group", "process"])
def test_ctrl_c_stops_the_run_in_seconds_releases_out_and_the_rerun_finishes(target: str, tmp_path: Path, api_url: str) -> None:
    """Ctrl-C as a terminal sends it (SIGINT to the process group) or to the run alone: default set-up, embedded
    server and process pool. Before: the server died, the run retried it for minutes, then exited 1."""
    raw = make_raw(tmp_path / "raw", 160)
    out = tmp_path / "out"
    # the run stops itself after its third batch (three flushes committed), so that Ctrl-C surely comes mid-run
    # however loaded the machine; it takes the signal as soon as it goes on
    options = ("--workers", "2", "--batch-size", "2", "--flush-mb", "0.000001")
    process = run_cli(raw, out, "", *options, crash_at="batch:3:stop", start_new_session=True)
    helpers: set[int] = set()
    try:
        wait_for(lambda: stopped(process) or process.poll() is not None)
        helpers |= _descendants(process.pid)
        assert process.poll() is None, "the run ended before it could be interrupted"
        if target == "group":
            os.killpg(process.pid, signal.SIGINT)
        else:
            os.kill(process.pid, signal.SIGINT)
        os.kill(process.pid, signal.SIGCONT)
        # no assertion on the seconds it took (a loaded machine decides those): a run that retried a dead API
        # for minutes, as before, fails this deadline
        code, stdout, stderr = finish(process, timeout=CTRL_C_DEADLINE)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            _kill_leftovers(helpers)
    assert code == 130, stderr
    assert "Traceback" not in stderr, stderr
    [line] = [line for line in stderr.splitlines() if "interrupted" in line]
    committed = int(line.split("; ")[1].split()[0])
    assert line == f"reprints: interrupted; {committed} files committed, rerun to finish"
    deadline = time.monotonic() + HELPERS_END_SECONDS
    while any(map(_alive, helpers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    leftovers = [pid for pid in helpers if _alive(pid)]
    _kill_leftovers(helpers)
    assert helpers and not leftovers, "the server or a pool worker outlived the run"
    # the lock is free, what was committed stays, and the next run does the rest
    code, stdout, stderr = finish(run_cli(raw, out, api_url, "--json", "--no-progress"))
    assert code == 0, stderr
    assert json.loads(stdout)["already_ingested"] >= committed >= 1
    assert len({doc_id for doc_id, _, _ in records(out)}) == 160 + 1
    assert len(records(out)) == len(set(records(out)))
