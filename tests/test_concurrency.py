"""Two runs on one OUT never corrupt it, and readers never see a broken file while a run writes."""

from __future__ import annotations

import glob
import json
import time
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from tests.cli_runs import SMALL_COMMITS, finish, make_raw, records, rows, run_cli

EXIT_LOCKED = 3
ARTICLES = 100  # about 50 commits: long enough for a second run to start while the first writes


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    return make_raw(tmp_path_factory.mktemp("busy") / "raw", ARTICLES)


def wait_for(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def content(out: Path) -> tuple:
    return records(out), rows(out, "quarantine", ["source_path", "reason"]), rows(out, "duplicates", ["source_path"])


def test_a_second_run_on_a_busy_out_exits_at_once_with_code_3(raw: Path, api_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_cli(raw, out, api_url, *SMALL_COMMITS)
    wait_for(lambda: glob.glob(str(out / "records" / "*" / "*.parquet")) or first.poll() is not None)
    assert first.poll() is None, "the first run ended before the second could start"

    code, stdout, stderr = finish(run_cli(raw, out, api_url, *SMALL_COMMITS))
    assert first.poll() is None, "the first run must still be writing when the second gives up"
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
    run = run_cli(raw, out, api_url, *SMALL_COMMITS)
    seen: list[int] = []
    while run.poll() is None:
        if not glob.glob(str(out / "records" / "*" / "*.parquet")):
            time.sleep(0.02)
            continue
        dataset = ds.dataset(out / "records", format="parquet", partitioning="hive")
        by_pyarrow = dataset.to_table(columns=["doc_id", "language", "text"]).num_rows
        pattern = str(out / "records" / "**" / "*.parquet")
        by_duckdb = duckdb.sql(f"select count(*) from read_parquet('{pattern}', hive_partitioning=true)").fetchall()[0][0]
        seen.append(min(by_pyarrow, by_duckdb))
    code, _, stderr = finish(run)
    assert code == 0, stderr
    final = len(records(out))
    assert len(seen) > 5 and 0 < seen[0] < final, "the readers must have polled while the run was writing"
    assert seen == sorted(seen), "rows only ever appear, whole files at a time"
