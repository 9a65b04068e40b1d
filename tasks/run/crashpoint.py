"""A test hook that kills the process at a named point, so crash-safety tests hit exact moments.

`REPRINTS_CRASH_AT=<point>[:<n>]` sends SIGKILL to the current process the n-th
time (default: the first) it reaches `crash_point(<point>)`; `<point>:<n>:stop`
sends SIGSTOP instead, so a test can act while a run is surely mid-way (a second
run, a reader) and then let it go on with SIGCONT, whatever the machine's load.
Unset, it costs one environment lookup. The points are listed in
docs/operations.md; never set it in production.
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
    point, _, rest = spec.partition(":")
    if point != name:
        return
    nth, _, action = rest.partition(":")
    with _lock:
        _reached[name] += 1
        if _reached[name] == int(nth or 1):
            os.kill(os.getpid(), signal.SIGSTOP if action == "stop" else signal.SIGKILL)
