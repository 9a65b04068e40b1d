"""bench/progress_artifact.py runs to its table: the figures docs/deploy.md quotes come from it.

Run as a user runs it, in a process of its own that starts its own embedded Prefect server (loopback).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_progress_artifact_bench_prints_its_table(tmp_path: Path) -> None:
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / ".prefect")}
    env.pop("PREFECT_API_URL", None)  # the script points Prefect at its own server
    done = subprocess.run(
        [sys.executable, "bench/progress_artifact.py", "--updates", "3"], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0] == "3 updates of the progress artifact, embedded Prefect server, one flow run"
    assert [line.split(" |")[0] for line in lines[3:]] == [
        "| flow process, wall ms",
        "| flow process, CPU ms",
        "| server process, CPU ms (mean)",
    ]
