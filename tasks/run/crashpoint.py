"""A test hook that kills the process at a named point, so crash-safety tests hit exact moments.

`REPRINTS_CRASH_AT=<point>[:<n>]` sends SIGKILL to the current process the n-th
time (default: the first) it reaches `crash_point(<point>)`. Unset, it costs one
environment lookup. The points are listed in docs/operations.md; never set it
in production.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter

CRASH_ENV = "REPRINTS_CRASH_AT"

_reached: Counter[str] = Counter()
_lock = threading.Lock()


def crash_point(name: str) -> None:
    spec = os.environ.get(CRASH_ENV)
    if not spec:
        return
    point, _, nth = spec.partition(":")
    if point != name:
        return
    with _lock:
        _reached[name] += 1
        if _reached[name] == int(nth or 1):
            os.kill(os.getpid(), signal.SIGKILL)
