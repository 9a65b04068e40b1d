"""A head start: the local pool cleans a run's first files while the embedded Prefect server starts.

`reprints ingest` waits for its server for most of a second after the pool's
processes are up, with a core idle (docs/performance.md). The command gives its
LocalPool a head start then: it walks RAW for its first files (without listing
the rest, which the flow does) and has the pool clean them, in small pieces, one
piece at a time, until the first batch task takes over. Each batch task takes
what the head start cleaned of its own files and sends only the rest to the pool.

The Prefect task stays the unit of work: what it takes is exactly what it
would have computed, a failure in a piece cleaned ahead fails the task as one of
its own pieces would, and a retry computes everything again. A head start
knows none of OUT's digests (the flow reads OUT's ledger once the server
answers); they decide only which files are AlreadyIngested (the pipeline's read
step), so an outcome whose bytes the task's digests include becomes one when
taken. Step counts are of the work done: such a file went through every step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from tasks.model import AlreadyIngested, BatchResult, Outcome, SourceFile
from tasks.pipeline import CleanOptions, process_batch

PIECE_FILES = 16  # small: a piece still running when the tasks take over holds them up for ~20 ms at most
MAX_FILES = 1024  # more than a server's start leaves time to clean; bounds what a head start holds
PROCESSES = 1  # the server's start keeps the other core busy

Taken = dict[int, tuple[Future[BatchResult], int]]  # index in the batch -> (the piece cleaned ahead, index in it)


class HeadStart:
    """Submits pieces of `list_sources()` to `pool` in a thread of its own, until stopped."""

    def __init__(self, pool: Executor, options: CleanOptions) -> None:
        self.pool = pool
        self.options = options
        self._changed = threading.Condition()
        self._stopped = False
        self._running = 0
        self._pieces: dict[SourceFile, tuple[Future[BatchResult], int]] = {}
        self._counted: set[Future[BatchResult]] = set()  # pieces whose step times a batch has already reported

    def start(self, list_sources: Callable[[], Iterable[SourceFile]]) -> None:
        threading.Thread(target=self._submit, args=(list_sources,), daemon=True, name="head-start").start()

    def stop(self) -> None:
        """Submit no more pieces; those submitted finish and can still be taken."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()

    def take(self, sources: list[SourceFile], options: CleanOptions) -> Taken:
        """Stop, and hand over the pieces cleaned ahead for these sources (each file once: a retry gets nothing)."""
        self.stop()
        if options != self.options:
            return {}
        with self._changed:
            return {index: self._pieces.pop(source) for index, source in enumerate(sources) if source in self._pieces}

    def outcomes(
        self, taken: Taken, sources: list[SourceFile], known: dict[str, frozenset[str]], timeout: Callable[[], float]
    ) -> tuple[dict[int, Outcome], BatchResult]:
        """The outcomes taken, as the batch would have computed them with `known`, and the step times of their
        pieces not reported yet. A piece's error is raised, as one of the batch's own would be."""
        outcomes: dict[int, Outcome] = {}
        steps = BatchResult()
        for index, (piece, position) in taken.items():
            result = piece.result(timeout=timeout())
            digests = known.get(sources[index].source_path, frozenset())
            outcomes[index] = as_known(result.outcomes[position], digests)
            if self._first_to_count(piece):
                steps = BatchResult.combined([steps, BatchResult(step_seconds=result.step_seconds, steps=result.steps)])
        return outcomes, steps

    def _first_to_count(self, piece: Future[BatchResult]) -> bool:
        """A piece can hold files of two batches: the first to take it reports its step times."""
        with self._changed:
            first = piece not in self._counted
            self._counted.add(piece)
            return first

    def _submit(self, list_sources: Callable[[], Iterable[SourceFile]]) -> None:
        try:
            sources = list(islice(list_sources(), MAX_FILES))
        except Exception:  # RAW cannot be walked: the flow lists it itself and reports why
            return
        for start in range(0, len(sources), PIECE_FILES):
            piece = sources[start : start + PIECE_FILES]
            with self._changed:
                self._changed.wait_for(lambda: self._stopped or self._running < PROCESSES)
                if self._stopped:
                    return
                try:
                    future = self.pool.submit(process_batch, piece, {}, self.options)
                except (BrokenProcessPool, RuntimeError):  # the pool broke or shut down: the tasks will see to it
                    return
                self._running += 1
                self._pieces |= {source: (future, position) for position, source in enumerate(piece)}
            future.add_done_callback(self._piece_done)

    def _piece_done(self, _: Future[BatchResult]) -> None:
        with self._changed:
            self._running -= 1
            self._changed.notify_all()


def as_known(outcome: Outcome, digests: Collection[str]) -> Outcome:
    """The outcome a batch computes for this file when OUT already holds `digests` for its path."""
    sha256 = outcome.source_sha256
    return AlreadyIngested(outcome.source_path, sha256) if sha256 is not None and sha256 in digests else outcome
