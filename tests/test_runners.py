"""The task runners: every core without Dask, and a real Dask cluster giving the very same records."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psutil
import pyarrow.dataset as ds
import pytest

from flows.ingest import DEFAULT_BATCH_SIZE, default_batch_size, ingest_reprints
from flows.runners import default_workers, make_task_runner, slots
from reprints.cli import EXIT_USAGE, main
from tasks.run.local_pool import LocalPool

CORES = os.cpu_count() or 1


def records_of(out: Path) -> list[tuple[str, str, str]]:
    table = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table(columns=["doc_id", "language", "text"])
    return sorted(zip(*(table.column(name).to_pylist() for name in ("doc_id", "language", "text")), strict=True))


def copy_inputs(sources: list[Path], raw: Path) -> Path:
    raw.mkdir()
    for source in sources:
        raw.joinpath(source.name).write_bytes(source.read_bytes())
    return raw


def cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


@pytest.mark.skipif(CORES < 2, reason="needs at least 2 cores")
def test_the_default_runner_keeps_every_core_busy(prefect_server: None, ntrex_raw: Path, tmp_path: Path) -> None:
    raw = copy_inputs([*sorted(ntrex_raw.iterdir())[:64]], tmp_path / "raw")
    with LocalPool(default_workers()) as pool:  # a fresh pool: its processes' CPU time is this run's work only
        report = ingest_reprints(raw=str(raw), out=str(tmp_path / "out"), pool=pool)  # one process a core
        assert report.documents > 0
        work = {pid: cpu_seconds(pid) for pid in pool.worker_pids()}
    assert len(work) == CORES, f"{len(work)} worker processes for {CORES} cores"
    fair_share = sum(work.values()) / CORES
    assert all(seconds > fair_share / 4 for seconds in work.values()), f"CPU seconds per worker process: {work}"


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[str]:
    """A real LocalCluster of 2 worker processes, as `dask scheduler` + 2 `dask worker` would be."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def test_a_dask_cluster_gives_the_same_records_as_the_default_runner(
    prefect_server: None, dask_cluster: str, ntrex_raw: Path, sample_path: Path, tmp_path: Path
) -> None:
    from distributed import Client

    raw = copy_inputs([*sorted(ntrex_raw.iterdir())[:40], sample_path], tmp_path / "raw")
    local = ingest_reprints(raw=str(raw), out=str(tmp_path / "local"), batch_size=8)
    with Client(dask_cluster) as client:
        before = sum(client.run(_tasks_run).values())
        on_dask = ingest_reprints(
            raw=str(raw), out=str(tmp_path / "dask"), runner="dask", dask_address=dask_cluster, batch_size=8
        )
        ran_on_workers = sum(client.run(_tasks_run).values()) - before
    assert ran_on_workers >= -(-len(list(raw.iterdir())) // 8), "the batches did not run on the cluster's workers"
    assert local.documents == on_dask.documents > 0
    assert records_of(tmp_path / "dask") == records_of(tmp_path / "local")


def _tasks_run(dask_worker) -> int:
    """How many tasks a Dask worker has finished (run on each worker through Client.run)."""
    return dask_worker.state.executed_count


def test_the_flow_keeps_as_many_batches_going_as_the_dask_cluster_has_threads(dask_cluster: str) -> None:
    with make_task_runner("dask", dask_address=dask_cluster) as runner:
        assert slots(runner, "dask", workers=None) == 2


def test_the_default_batch_size_leaves_no_worker_without_a_batch_and_is_larger_on_the_local_pool() -> None:
    assert default_batch_size(files=100_000, slots=40, runner="dask") == DEFAULT_BATCH_SIZE["dask"] == 256
    assert default_batch_size(files=100, slots=8, runner="dask") == 4  # 25 batches for 8 Dask workers
    assert default_batch_size(files=3, slots=2, runner="thread") == 1
    # the pool shares every batch out among its processes: one task for a small run, 1,024 files a task at most
    assert default_batch_size(files=400, slots=2, runner="process") == 400
    assert default_batch_size(files=100_000, slots=2, runner="process") == DEFAULT_BATCH_SIZE["process"] == 1024
    assert default_batch_size(files=0, slots=2, runner="process") == 1


def test_dask_starts_a_local_cluster_of_one_worker_process_per_core_unless_given_an_address() -> None:
    from prefect_dask import DaskTaskRunner

    local, remote = make_task_runner("dask"), make_task_runner("dask", dask_address="tcp://10.0.0.5:8786")
    assert isinstance(local, DaskTaskRunner) and isinstance(remote, DaskTaskRunner)
    assert local.cluster_kwargs["n_workers"] == CORES and local.cluster_kwargs["processes"]
    assert remote.address == "tcp://10.0.0.5:8786"


def test_dask_address_without_the_dask_runner_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["ingest", str(tmp_path), str(tmp_path / "out"), "--dask-address", "tcp://127.0.0.1:8786"]) == EXIT_USAGE
