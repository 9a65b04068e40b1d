"""The Prefect tasks of a run: `clean-batch` (one batch of files) and `publish-report` (the run report).

Under the `process` runner, Prefect runs `clean_batch` in threads of the flow
process and the batch goes to the LocalPool the flow was given
(tasks/run/local_pool.py). Under Dask or the thread runner the batch runs on the
Dask worker or in the flow process, in a thread of its own so that its timeout
can give up on it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import TypeVar

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from tasks.model import BatchResult, SourceFile
from tasks.output.report import RunReport
from tasks.pipeline import CleanOptions, process_batch
from tasks.run.local_pool import LocalPool

BATCH_TIMEOUT_SECONDS = 1800
T = TypeVar("T")


# A sync task: each run reuses the flow's Prefect client, where an async one opens its own, and its TLS context
# alone (certifi's bundle) cost ~35 ms a task even against the embedded server's plain HTTP. Prefect cannot
# interrupt a sync task in a worker thread, so the batch's own future carries the timeout.
# A batch's result is taken once, by this run: NO_CACHE spares hashing every batch's inputs (2 ms each).
@task(name="clean-batch", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def clean_batch(
    sources: list[SourceFile], known: dict[str, frozenset[str]], options: CleanOptions, pool: LocalPool | None = None
) -> BatchResult:
    """Read and clean one batch of files: on `pool` when given, else in a thread of this process."""
    if pool is not None:
        return pool.clean(sources, known, options, BATCH_TIMEOUT_SECONDS)
    thread = ThreadPoolExecutor(1, thread_name_prefix="clean-batch")
    try:
        return within(BATCH_TIMEOUT_SECONDS, thread, process_batch, sources, known, options)
    finally:
        thread.shutdown(wait=False)


def within(seconds: float, executor: Executor, function: Callable[..., T], *args) -> T:
    """`function(*args)` on `executor`; TimeoutError after `seconds` (what runs there is left to finish)."""
    return executor.submit(function, *args).result(timeout=seconds)


@task(name="publish-report", retries=2, retry_delay_seconds=[1, 5], timeout_seconds=120)
def publish_report(report: RunReport) -> str:
    """Write the JSON report into OUT/reports and publish it as Prefect artifacts."""
    path = report.write_json()
    create_table_artifact(key="reprints-run-report", table=report.outcome_table(), description=report.headline())
    create_markdown_artifact(key="reprints-run-summary", markdown=report.markdown(), description="reprints run summary")
    return path
