"""Ctrl-C during `reprints ingest`: stop within seconds, keep what was committed, say so, exit 130.

A terminal's Ctrl-C sends SIGINT to the whole process group. The run raises
KeyboardInterrupt, which unwinds the flow: the sink releases OUT's lock and the
pool's workers end with the run (they ignore SIGINT themselves, see
tasks/run/orphan_guard.py). The embedded server runs in a session of its own, so
it is still there while the flow unwinds. Whatever Prefect or a thread is still
waiting on, the process ends `GRACE_SECONDS` after the first Ctrl-C, at once
after a second: what was not committed is lost exactly as by `kill -9`, which
the crash tests show to be safe (docs/operations.md).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

EXIT_INTERRUPTED = 130  # 128 + SIGINT: what a shell reports for a command stopped by Ctrl-C
GRACE_SECONDS = 5.0

_received = threading.Event()
_told = threading.Lock()


def interrupted() -> bool:
    """Whether Ctrl-C was pressed during this run (an error that follows is its consequence, not a failure)."""
    return _received.is_set()


@contextmanager
def stop_on_ctrl_c(grace: float = GRACE_SECONDS) -> Iterator[None]:
    """Within the block, SIGINT raises KeyboardInterrupt once and ends the process `grace` seconds later at most."""

    def on_sigint(signum: int, frame: object) -> None:
        if _received.is_set():
            _exit_now()
        _received.set()
        deadline = threading.Timer(grace, _exit_now)
        deadline.daemon = True  # a run that unwinds sooner exits sooner
        deadline.start()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def tell() -> int:
    """Print the one line an interrupted run ends with (once), and return the exit code."""
    if _told.acquire(blocking=False):
        sink = sys.modules.get("tasks.output.sink")  # not imported yet: nothing was committed
        committed = sink.files_committed() if sink else 0
        start = "\n" if sys.stderr.isatty() else ""  # below the progress bar
        print(f"{start}reprints: interrupted; {committed} files committed, rerun to finish", file=sys.stderr, flush=True)
    return EXIT_INTERRUPTED


def _exit_now() -> None:
    tell()
    os._exit(EXIT_INTERRUPTED)  # the kernel releases OUT's lock; the server and workers end with this process
