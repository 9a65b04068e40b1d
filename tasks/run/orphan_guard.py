"""Helper processes (the embedded Prefect server, pool workers) end when the run's process ends.

A run killed with SIGKILL runs no clean-up, and by default its helpers live on:
the server keeps serving, and a pool worker keeps waiting on a queue whose
write end it holds itself. On Linux these hooks end them; elsewhere they do nothing.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1


def end_with_parent() -> None:
    """A subprocess `preexec_fn`: the kernel sends SIGTERM to the child when its parent dies."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def exit_with(pid: int) -> None:
    """A process pool `initializer`: exit this worker as soon as process `pid` (the run) has ended.

    Pool workers are children of the forkserver, not of the run, so the parent-death signal cannot help.
    A terminal's Ctrl-C reaches every process of the group: a worker leaves it to the run, which stops
    cleanly and so ends the worker, instead of printing a KeyboardInterrupt traceback of its own.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not hasattr(os, "pidfd_open"):
        return
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)
    threading.Thread(target=_exit_when_readable, args=(fd,), daemon=True, name="orphan-guard").start()


def _exit_when_readable(fd: int) -> None:
    select.select([fd], [], [])
    os._exit(1)
