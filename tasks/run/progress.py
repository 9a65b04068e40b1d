"""How far a run is: a progress bar over files on a terminal, and a Prefect progress artifact in a flow run.

A scheduled run has no terminal, so inside a flow run Progress also keeps the
progress artifact `reprints-progress` of the run (the run's Artifacts tab, and
the Artifacts page): created at 0 % when the run starts, updated as batches are
accepted, at most once every UPDATE_SECONDS (one API request each), and set to
where the run ended when it ends.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from uuid import UUID

from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress

ARTIFACT_KEY = "reprints-progress"
UPDATE_SECONDS = 1.0


def percent(done: int, total: int) -> float:
    """Progress in percent, as Prefect's progress artifact takes it; a run with nothing to do is done.

    >>> percent(256, 1024)
    25.0
    >>> percent(0, 0)
    100.0
    """
    return 100.0 if total == 0 else round(100.0 * done / total, 2)


class Progress:
    def __init__(self, total: int, enabled: bool = True) -> None:
        self._bar = None
        self._artifact = ProgressArtifact(total) if in_flow_run() else None
        if enabled and sys.stderr.isatty():
            from rich.console import Console

            self._bar = RichProgress(
                TextColumn("ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._task = self._bar.add_task("files", total=total)

    def __enter__(self) -> Progress:
        if self._bar:
            self._bar.start()
        if self._artifact:
            self._artifact.start()
        return self

    def advance(self, count: int) -> None:
        if self._bar:
            self._bar.advance(self._task, count)
        if self._artifact:
            self._artifact.advance(count)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._bar:
            self._bar.stop()
        if self._artifact:
            self._artifact.finish()


def in_flow_run() -> bool:
    from prefect.context import FlowRunContext

    return FlowRunContext.get() is not None


class ProgressArtifact:
    """The flow run's progress artifact: files accepted of files found, sent at most every UPDATE_SECONDS."""

    def __init__(self, total: int, update_seconds: float = UPDATE_SECONDS) -> None:
        self.total, self.done, self.updates = total, 0, 0
        self._every = update_seconds
        self._id: UUID | None = None
        self._sent_at = 0.0

    def start(self) -> None:
        from prefect.artifacts import create_progress_artifact

        created = create_progress_artifact(0.0, key=ARTIFACT_KEY, description=self._description())
        assert isinstance(created, UUID)  # a coroutine only in an async flow or task: ingest-reprints is neither
        self._id = created
        self._sent_at = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        if time.monotonic() - self._sent_at >= self._every:
            self._send()

    def finish(self) -> None:
        self._send()

    def _send(self) -> None:
        from prefect.artifacts import update_progress_artifact

        if self._id is None:
            return
        try:
            update_progress_artifact(self._id, percent(self.done, self.total), description=self._description())
        except Exception as error:  # a run must not fail because its progress could not be shown
            from prefect import get_run_logger

            get_run_logger().warning("could not update the progress artifact (%s); progress updates stop", error)
            self._id = None
            return
        self.updates += 1
        self._sent_at = time.monotonic()

    def _description(self) -> str:
        return f"{self.done:,} of {self.total:,} files"
