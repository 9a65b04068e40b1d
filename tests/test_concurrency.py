"""Two runs on one OUT never corrupt it, and readers never see a broken file while a run writes."""

from __future__ import annotations

import glob
import json
import os
import signal
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tests.cli_runs import SMALL_COMMITS, finish, make_raw, records, rows, run_cli, stopped, wait_for
from tests.conftest import duckdb_rows

EXIT_LOCKED = 3
ARTICLES = 100  # about 50 commits: long enough for a second run to start while the first writes


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    return make_raw(tmp_path_factory.mktemp("busy") / "raw", ARTICLES)


def content(out: Path) -> tuple:
    return records(out), rows(out, "quarantine", ["source_path", "reason"]), rows(out, "duplicates", ["source_path"])


def test_a_second_run_on_a_busy_out_exits_at_once_with_code_3(raw: Path, api_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # the first run stops itself after its third batch, OUT's lock held, until the second has given up: before,
    # it ran on, and on a loaded machine could finish before the second started
    first = run_cli(raw, out, api_url, *SMALL_COMMITS, crash_at="batch:3:stop")
    try:
        wait_for(lambda: stopped(first) or first.poll() is not None)
        assert first.poll() is None and glob.glob(str(out / "records" / "*" / "*.parquet")), "the first run is mid-way"
        code, stdout, stderr = finish(run_cli(raw, out, api_url, *SMALL_COMMITS))
        assert stopped(first), "the first run must still be writing when the second gives up"
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert code == EXIT_LOCKED
    assert "another reprints run is writing to" in stderr and "exit code 3" in stderr
    assert stdout == ""

    code, _, stderr = finish(first)
    assert code == 0, stderr
    assert len({doc_id for doc_id, _, _ in records(out)}) == ARTICLES + 1
    assert len(records(out)) == len(set(records(out)))


def test_two_runs_started_together_one_wins_and_out_is_one_run(raw: Path, api_url: str, tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    assert finish(run_cli(raw, alone, api_url, *SMALL_COMMITS))[0] == 0
    out = tmp_path / "out"
    runs = [run_cli(raw, out, api_url, *SMALL_COMMITS, "--json") for _ in range(2)]
    results = sorted(finish(run)[:2] for run in runs)
    codes = [code for code, _ in results]
    if codes == [0, 0]:  # on a loaded machine one may only start after the other finished: then it finds nothing new
        assert sorted(json.loads(report)["documents"] for _, report in results) == [0, ARTICLES + 1]
    else:
        assert codes == [0, EXIT_LOCKED]
    assert content(out) == content(alone)


def test_readers_never_see_a_broken_file_while_a_run_writes(raw: Path, api_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # the run stops itself half-way once, so that at least one poll surely falls mid-run however loaded the
    # machine (before: "at least 6 polls during the run", which a slow poller could miss); the others race it
    run = run_cli(raw, out, api_url, *SMALL_COMMITS, crash_at=f"batch:{ARTICLES // 4}:stop")
    seen: list[int] = []
    mid_run: list[int] = []
    while run.poll() is None:
        paused = not mid_run and stopped(run)
        if not paused and not glob.glob(str(out / "records" / "*" / "*.parquet")):
            time.sleep(0.02)
            continue
        dataset = ds.dataset(out / "records", format="parquet", partitioning="hive")
        by_pyarrow = dataset.to_table(columns=["doc_id", "language", "text"]).num_rows
        pattern = str(out / "records" / "**" / "*.parquet")
        by_duckdb = duckdb_rows(f"select count(*) from read_parquet('{pattern}', hive_partitioning=true)")[0][0]
        seen.append(min(by_pyarrow, by_duckdb))
        if paused:
            mid_run.append(seen[-1])
            os.kill(run.pid, signal.SIGCONT)
    code, _, stderr = finish(run)  # (a stopped run would hang here, not fail: the poll above always continues it)
    assert code == 0, stderr
    final = len(records(out))
    assert len(mid_run) == 1 and 0 < mid_run[0] < final, "the readers must have polled while the run was writing"
    assert seen == sorted(seen), "rows only ever appear, whole files at a time"
