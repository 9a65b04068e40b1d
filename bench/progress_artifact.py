"""What the Prefect progress artifact costs a run: one create, then one update per second at most.

    .venv/bin/python bench/progress_artifact.py [--updates 200]

Starts the embedded Prefect server (reprints/server.py, as `reprints ingest` does), then inside one flow run
creates the artifact `reprints-progress` and sends `--updates` updates back to back, exactly as
tasks/run/progress.py does (update_progress_artifact with its description). Prints the wall and CPU time of the
flow process per update (median and 90th percentile), and the CPU the server process spent, per update. A run
sends at most one update per second (UPDATE_SECONDS) plus the final one, so the per-update cost times the run's
seconds bounds the overhead; compare it with the run's own time (about 1 ms of CPU a file, docs/deploy.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def measure(updates: int) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds of this process) of each update, inside one flow run."""
    from prefect import flow

    from tasks.run.progress import ProgressArtifact

    @flow(name="bench-progress-artifact")
    def updating() -> tuple[list[float], list[float]]:
        artifact = ProgressArtifact(updates, update_seconds=0.0)  # every advance sends: the cost of one update
        artifact.start()
        walls, cpus = [], []
        for _ in range(updates):
            wall, cpu = time.perf_counter(), time.process_time()
            artifact.advance(1)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        return walls, cpus

    return updating()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=200)
    args = parser.parse_args()
    from reprints.server import EmbeddedServer

    server = EmbeddedServer()
    os.environ["PREFECT_API_URL"] = server.start()
    try:
        server.wait_until_healthy()
        assert server._process is not None  # started
        server_process = psutil.Process(server._process.pid)
        measure(5)  # warm: imports, the flow run's client
        before = server_process.cpu_times()
        walls, cpus = measure(args.updates)
        after = server_process.cpu_times()
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)  # the flow runs' logs, before the server stops (APILogHandler.flush's own call)
    finally:
        server.stop()
    server_cpu = (after.user + after.system - before.user - before.system) / args.updates

    def ninetieth(values: list[float]) -> str:
        return f"{statistics.quantiles(values, n=10)[8] * 1000:.2f}"

    print(f"{args.updates} updates of the progress artifact, embedded Prefect server, one flow run")
    print("| per update | median | 90th percentile |")
    print("|---|---|---|")
    print(f"| flow process, wall ms | {statistics.median(walls) * 1000:.2f} | {ninetieth(walls)} |")
    print(f"| flow process, CPU ms | {statistics.median(cpus) * 1000:.2f} | {ninetieth(cpus)} |")
    print(f"| server process, CPU ms (mean) | {server_cpu * 1000:.2f} | |")


if __name__ == "__main__":
    main()
