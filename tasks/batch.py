"""The Prefect task that cleans one batch of files, and the local processes it runs on.

With the default `process` runner, Prefect runs `clean_batch` in threads of the
flow process and each batch is handed to a pool of worker processes started by
forkserver with only the pure pipeline preloaded: they start in well under a
second, where a spawned Prefect worker would import Prefect first (about 3 s
each on these machines). Under Dask or the thread runner the batch runs inline,
on the Dask worker or in the thread.
"""

from __future__ import annotations

import asyncio
import atexit
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from prefect import task

from tasks.model import BatchResult, SourceFile
from tasks.pipeline import CleanOptions, process_batch

BATCH_TIMEOUT_SECONDS = 1800

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def local_pool(processes: int) -> ProcessPoolExecutor:
    """The process pool of this process, started on first use and reused by every later run."""
    global _pool, _pool_size
    if _pool is None or _pool_size != processes:
        shutdown_local_pool()
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tasks.pipeline"])
        _pool, _pool_size = ProcessPoolExecutor(max_workers=processes, mp_context=context), processes
    return _pool


def warm_local_pool(processes: int) -> None:
    """Start the worker processes now, in parallel with whatever the caller does next."""
    pool = local_pool(processes)
    for _ in range(processes):
        pool.submit(int)


@atexit.register
def shutdown_local_pool() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)
        _pool = None


@task(name="clean-batch", retries=2, retry_delay_seconds=[1, 5], timeout_seconds=BATCH_TIMEOUT_SECONDS)
async def clean_batch(sources: list[SourceFile], known: dict[str, str], options: CleanOptions, processes: int = 0) -> BatchResult:
    """Read and clean one batch of files: on the local process pool when `processes` > 0, else inline."""
    if processes:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(local_pool(processes), process_batch, sources, known, options)
    return await asyncio.to_thread(process_batch, sources, known, options)
