"""The Prefect task that cleans one batch of files, and the local processes it runs on.

With the default `process` runner, Prefect runs `clean_batch` in threads of the
flow process and each batch is handed to a pool of worker processes started by
forkserver with only the pure pipeline preloaded: they start in well under a
second, where a spawned Prefect worker would import Prefect first (about 3 s
each on these machines). A batch is cut into pieces for the pool, so that every
worker has a share of it: the Prefect task is the unit of retries and of what
the UI shows, the piece is the unit of load balancing, and a small run needs
only one task (a task run costs the flow and the server about 40 ms of CPU).
`reprints ingest` has the pool clean a run's first files while the embedded
server starts; a batch takes what was read ahead of its files instead of
cleaning them again (tasks/run/read_ahead.py). Under Dask or the thread runner the
batch runs on the Dask worker or in the flow process, in a thread of its own so
that its timeout can give up on it.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.model import BatchResult, SourceFile
from tasks.pipeline import CleanOptions, process_batch
from tasks.run.lifeline import exit_with
from tasks.run.read_ahead import ReadAhead

BATCH_TIMEOUT_SECONDS = 1800
PIECES_PER_PROCESS = 2  # a batch's pieces per pool process at least: every core shares a batch ...
MAX_PIECE_FILES = 64  # ... and at most this many files a piece, so a run's last piece is short (~0.1 s of work)
T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()  # clean_batch runs in several threads of the flow process
_read_ahead: ReadAhead | None = None


def local_pool(processes: int) -> ProcessPoolExecutor:
    """The process pool of this process, started on first use and reused by every later run."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None or _pool_size != processes:
            shutdown_local_pool()
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["tasks.run.preload", "tasks.run.lifeline"])
            pool = ProcessPoolExecutor(processes, context, initializer=exit_with, initargs=(os.getpid(),))
            _pool, _pool_size = pool, processes
        return _pool


def discard_broken_pool(pool: ProcessPoolExecutor) -> None:
    """Forget a pool whose worker died (OOM killer, a signal), so the retry starts fresh processes."""
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def warm_local_pool(processes: int) -> None:
    """Start the worker processes now, in parallel with whatever the caller does next."""
    pool = local_pool(processes)
    for _ in range(processes):
        pool.submit(int)


def start_read_ahead(list_sources: Callable[[], Iterable[SourceFile]], options: CleanOptions, processes: int) -> None:
    """Have the pool clean the first of `list_sources()` while the caller waits for something else: the batch
    tasks that run next on this pool take what it has (tasks/run/read_ahead.py)."""
    global _read_ahead
    if _read_ahead is not None:
        _read_ahead.stop()
    _read_ahead = ReadAhead(local_pool(processes), options)
    _read_ahead.start(list_sources)


@atexit.register
def shutdown_local_pool() -> None:
    global _pool
    if _read_ahead is not None:
        _read_ahead.stop()
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)
        _pool = None


def within(seconds: float, executor: Executor, function: Callable[..., T], *args) -> T:
    """`function(*args)` on `executor`; TimeoutError after `seconds` (what runs there is left to finish)."""
    return executor.submit(function, *args).result(timeout=seconds)


# A sync task: each run reuses the flow's Prefect client, where an async one opens its own, and its TLS context
# alone (certifi's bundle) cost ~35 ms a task even against the embedded server's plain HTTP. Prefect cannot
# interrupt a sync task in a worker thread, so the batch's own future carries the timeout.
# A batch's result is taken once, by this run: NO_CACHE spares hashing every batch's inputs (2 ms each).
@task(name="clean-batch", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def clean_batch(
    sources: list[SourceFile], known: dict[str, frozenset[str]], options: CleanOptions, processes: int = 0
) -> BatchResult:
    """Read and clean one batch of files: on the local process pool when `processes` > 0, else in a thread."""
    if processes:
        pool = local_pool(processes)
        try:
            return _on_pool(pool, processes, sources, known, options)
        except BrokenProcessPool:
            discard_broken_pool(pool)
            raise
    thread = ThreadPoolExecutor(1, thread_name_prefix="clean-batch")
    try:
        return within(BATCH_TIMEOUT_SECONDS, thread, process_batch, sources, known, options)
    finally:
        thread.shutdown(wait=False)


def _on_pool(
    pool: ProcessPoolExecutor, processes: int, sources: list[SourceFile], known: dict[str, frozenset[str]], options: CleanOptions
) -> BatchResult:
    """The batch in pieces on the pool, results in order; TimeoutError once the whole batch has taken too long.

    What the pool has read ahead of these files (tasks/run/read_ahead.py) is taken, not cleaned again."""
    deadline = time.monotonic() + BATCH_TIMEOUT_SECONDS
    ahead = _read_ahead if _read_ahead is not None and _read_ahead.pool is pool else None
    taken = ahead.take(sources, options) if ahead else {}
    rest = [source for index, source in enumerate(sources) if index not in taken]
    size = max(1, min(MAX_PIECE_FILES, -(-len(rest) // (PIECES_PER_PROCESS * processes))))
    pieces = [rest[start : start + size] for start in range(0, len(rest), size)]
    futures = [pool.submit(process_batch, piece, known_for(piece, known), options) for piece in pieces]

    def remaining() -> float:
        return max(0.0, deadline - time.monotonic())

    try:
        own = BatchResult.combined([future.result(timeout=remaining()) for future in futures])
        if not taken:
            return own
        read, steps = ahead.outcomes(taken, sources, known, remaining)
        outcomes = iter(own.outcomes)
        merged = [read[index] if index in taken else next(outcomes) for index in range(len(sources))]
        return BatchResult.combined([BatchResult(merged, own.step_seconds), steps])
    finally:
        for future in futures:
            future.cancel()  # after a failure or time-out: pieces not started yet need not run


def known_for(sources: list[SourceFile], known: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """The entries of `known` (source_path -> digests OUT accounts for) that these sources need."""
    return {source.source_path: known[source.source_path] for source in sources if source.source_path in known}
