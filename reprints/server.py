"""An embedded Prefect API server, started before the heavy imports so the two overlap.

Prefect's own ephemeral mode starts the same server (uvicorn on
prefect.server.api.server:create_app) only when the first flow runs, after the
client has imported everything: about 7 s of start-up here. Starting it as the
very first thing the command does, in its own process, hides most of that
behind the imports of the pipeline.

The server process is `python -m reprints.server PORT`: what `uvicorn --factory
prefect.server.api.server:create_app` does, with the cyclic garbage collector
paused while Prefect imports and builds the app (see imports_without_gc).
"""

from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from tasks.run.orphan_guard import end_with_parent

# Checking block types at start imports every installed Prefect collection first (prefect-dask brings dask and
# distributed: 0.5 s of a 4 s start). A run on the embedded server uses no blocks; a user's own setting wins.
FAST_START = {"PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false", "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false"}
HEALTH_TIMEOUT_SECONDS = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90"))


class EmbeddedServer:
    """`with EmbeddedServer() as api_url:` a private Prefect API for this process, on loopback."""

    def __init__(self) -> None:
        self.port = free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        ephemeral = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        environment = {**FAST_START, **os.environ, **ephemeral}
        command = [sys.executable, "-m", "reprints.server", str(self.port)]
        # started before any thread, so preexec_fn is safe; the server must not outlive a killed run. In a session of
        # its own, so a terminal's Ctrl-C reaches only the run, which then stops it: killed first, it left the run
        # retrying a dead API for minutes (docs/operations.md)
        self._process = subprocess.Popen(
            command, env=environment, stdin=subprocess.DEVNULL, preexec_fn=end_with_parent, start_new_session=True
        )
        return self.api_url

    def wait_until_healthy(self, timeout: float = HEALTH_TIMEOUT_SECONDS) -> None:
        wait_healthy(self.api_url, self._process, timeout, "the embedded Prefect server")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()


@contextmanager
def imports_without_gc() -> Iterator[None]:
    """Import with the cyclic GC paused, then freeze what was imported.

    Objects created while importing Prefect live as long as the process, yet the
    collector traces them again and again: about 15% of a 3 s import, and 0.3 s
    or more of tracing at exit. Frozen, later collections skip them.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def serve(port: int) -> None:
    """The embedded server process: Prefect's API app on uvicorn, on loopback."""
    with imports_without_gc():
        import uvicorn
        from prefect.server.api.server import create_app

        app = create_app()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", lifespan="on")


def wait_healthy(api_url: str, process: subprocess.Popen | None, timeout: float, name: str) -> None:
    """Poll the API's health endpoint until it answers; fail at once if the server's process exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not answer within {timeout:.0f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    serve(int(sys.argv[1]))
