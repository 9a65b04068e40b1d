"""Task runners the flow can run on: local processes (default), threads, or Dask."""

from __future__ import annotations

import logging
import os

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

RUNNERS = ("process", "thread", "dask")


def default_workers() -> int:
    return os.cpu_count() or 1


def make_task_runner(kind: str, workers: int | None = None, dask_address: str | None = None) -> TaskRunner:
    """`process` and `thread` both run Prefect tasks in threads; `process` hands their work to local processes."""
    workers = workers or default_workers()
    if kind in ("process", "thread"):
        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner  # imported only when asked for: dask is slow to import

        # distributed sets its loggers to INFO when imported, after Prefect's logging set-up: one line per worker event
        logging.getLogger("distributed").setLevel(logging.WARNING)
        if dask_address:
            return DaskTaskRunner(address=dask_address)
        cluster = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": ":0"}
        return DaskTaskRunner(cluster_kwargs=cluster)
    raise ValueError(f"unknown task runner {kind!r}; choose one of {', '.join(RUNNERS)}")


def slots(task_runner: TaskRunner, kind: str, workers: int | None) -> int:
    """How many batches can run at once: every thread of the Dask cluster, else the local workers."""
    if kind == "dask":
        from prefect_dask import DaskTaskRunner  # imported already: task_runner is one

        assert isinstance(task_runner, DaskTaskRunner)
        return max(1, sum(task_runner.client.nthreads().values()))
    return workers or default_workers()


def local_processes(kind: str, workers: int | None) -> int:
    """How many local worker processes a batch task should use (0: run inline)."""
    return (workers or default_workers()) if kind == "process" else 0
