"""The local worker processes of the `process` runner: an object its owner creates, passes on and closes.

Workers are forked by a forkserver that has imported only the pure pipeline,
already warmed up (tasks/run/warm_forkserver.py): they start in well under a
second, where a spawned Prefect worker would import Prefect first (about 3 s
each on these machines). A batch is cut into pieces, so that every worker has a
share of it: the Prefect task (tasks/run/prefect_tasks.py) is the unit of
retries and of what the UI shows, the piece is the unit of load balancing.

`reprints ingest` creates the pool, starts its processes and gives it a head
start (tasks/run/head_start.py) while the embedded server starts, then passes it
to the flow as its `pool` argument; a flow run without one (a deployment, a
test) creates its own and closes it at its end. No state lives in module globals.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from tasks.model import BatchResult, SourceFile
from tasks.pipeline import CleanOptions, process_batch
from tasks.run.head_start import HeadStart
from tasks.run.orphan_guard import exit_with

PIECES_PER_PROCESS = 2  # a batch's pieces per pool process at least: every core shares a batch ...
MAX_PIECE_FILES = 64  # ... and at most this many files a piece, so a run's last piece is short (~0.1 s of work)
FORKSERVER_PRELOAD = ["tasks.run.warm_forkserver", "tasks.run.orphan_guard"]
ALIGN_PRELOAD = ["tasks.run.preload_lexicon", *FORKSERVER_PRELOAD]  # a run that aligns: its lexicon, shared too


class LocalPool:
    """`processes` worker processes, started on first use and again after one died; with `align`, forked from a
    forkserver that has also loaded what the align step reads (an --align run's pool). A process has one forkserver,
    started by its first pool: the workers of a later pool that aligns read the lexicon on first use instead.

    Not serialisable on purpose: Prefect stores a flow's parameters, and a live pool is stored as `<LocalPool>`
    (no `__dict__` for its encoder to walk).
    """

    __slots__ = ("_executor", "_head_start", "_lock", "_preload", "processes")

    def __init__(self, processes: int, align: bool = False) -> None:
        self.processes = processes
        self._preload = ALIGN_PRELOAD if align else FORKSERVER_PRELOAD
        self._executor: ProcessPoolExecutor | None = None
        self._head_start: HeadStart | None = None
        self._lock = threading.Lock()  # the batch tasks run in several threads of the flow process

    def executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(self._preload)
                self._executor = ProcessPoolExecutor(self.processes, context, initializer=exit_with, initargs=(os.getpid(),))
            return self._executor

    def warm(self) -> None:
        """Start the worker processes now, in parallel with whatever the caller does next."""
        executor = self.executor()
        for _ in range(self.processes):
            executor.submit(int)

    def start_head_start(self, list_sources: Callable[[], Iterable[SourceFile]], options: CleanOptions) -> HeadStart:
        """Have the pool clean the first of `list_sources()` while the caller waits for something else: the batches
        cleaned next on this pool take what it has (tasks/run/head_start.py)."""
        if self._head_start is not None:
            self._head_start.stop()
        self._head_start = HeadStart(self.executor(), options)
        self._head_start.start(list_sources)
        return self._head_start

    def clean(
        self, sources: list[SourceFile], known: dict[str, frozenset[str]], options: CleanOptions, timeout: float
    ) -> BatchResult:
        """The batch in pieces on the pool, results in order; TimeoutError once the whole batch has taken `timeout` s.

        What the head start cleaned of these files is taken, not cleaned again. A worker that died (OOM killer, a
        signal) breaks the pool: it is discarded, so that a retry starts fresh processes."""
        executor = self.executor()
        try:
            return self._clean_on(executor, sources, known, options, time.monotonic() + timeout)
        except BrokenProcessPool:
            self._discard(executor)
            raise

    def _clean_on(
        self,
        executor: ProcessPoolExecutor,
        sources: list[SourceFile],
        known: dict[str, frozenset[str]],
        options: CleanOptions,
        deadline: float,
    ) -> BatchResult:
        ahead = self._head_start if self._head_start is not None and self._head_start.pool is executor else None
        taken = ahead.take(sources, options) if ahead else {}
        rest = [source for index, source in enumerate(sources) if index not in taken]
        futures = [executor.submit(process_batch, piece, known_for(piece, known), options) for piece in self.pieces(rest)]

        def remaining() -> float:
            return max(0.0, deadline - time.monotonic())

        try:
            own = BatchResult.combined([future.result(timeout=remaining()) for future in futures])
            if not taken:
                return own
            assert ahead is not None  # nothing taken without one
            read, steps = ahead.outcomes(taken, sources, known, remaining)
            outcomes = iter(own.outcomes)
            merged = [read[index] if index in taken else next(outcomes) for index in range(len(sources))]
            return BatchResult.combined([BatchResult(merged, own.step_seconds, own.steps), steps])
        finally:
            _cancel(futures)  # after a failure or time-out: pieces not started yet need not run

    def pieces(self, sources: list[SourceFile]) -> list[list[SourceFile]]:
        """The batch cut so that each process gets PIECES_PER_PROCESS pieces at least, of MAX_PIECE_FILES at most."""
        size = max(1, min(MAX_PIECE_FILES, -(-len(sources) // (PIECES_PER_PROCESS * self.processes))))
        return [sources[start : start + size] for start in range(0, len(sources), size)]

    def worker_pids(self) -> list[int]:
        """The worker processes running now (none before first use)."""
        executor = self._executor
        return list(executor._processes) if executor is not None and executor._processes else []

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the head start and the worker processes."""
        if self._head_start is not None:
            self._head_start.stop()
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(cancel_futures=True)

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()


def known_for(sources: list[SourceFile], known: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """The entries of `known` (source_path -> digests OUT accounts for) that these sources need."""
    return {source.source_path: known[source.source_path] for source in sources if source.source_path in known}


def _cancel(futures: list[Future]) -> None:
    for future in futures:
        future.cancel()
