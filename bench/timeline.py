"""A timeline of one `reprints ingest` run: which process is busy when, and what runs after the workers are done.

    python -m bench.timeline /tmp/reprints-bench/corpus-4000-seed7 --align
    python -m bench.timeline RAW --bin 0.5 -- --batch-size 256   # options after -- go to `reprints ingest`

Runs `reprints ingest RAW OUT --json --no-progress` into a fresh OUT (a temporary folder unless --out) and reads every process's
user + system CPU ticks from /proc every --step seconds: the flow process (the command's own), the embedded Prefect
server, the pool's forkserver and its workers. It prints each process's CPU and when it was first and last busy, the
time between the first worker's last busy moment and the last one's (load imbalance at the end), the tail (from
then to the command's exit) with what each process spent in it, and a strip chart: per --bin, each
process's CPU as a share of one core. The machine's other load is not seen; the sampler itself costs a few percent
of a core. A tick is 10 ms, so times are good to about --step plus a tick.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import TICKS, _cpu_ticks, _tree

REPO = Path(__file__).resolve().parent.parent
BUSY_WINDOW = 0.1  # seconds: a process is busy at a time when it used BUSY_SHARE of a core over the window before
BUSY_SHARE = 0.3
TREE_EVERY = 5  # samples between two walks of the process tree (a walk reads every thread's children file)


@dataclass
class Process:
    pid: int
    role: str
    ticks: list[tuple[float, int]] = field(default_factory=list)  # (seconds since the start, CPU ticks so far)

    @property
    def cpu(self) -> float:
        return self.ticks[-1][1] / TICKS if self.ticks else 0.0

    def busy_times(self) -> list[float]:
        """The sample times that end a BUSY_WINDOW in which this process used at least BUSY_SHARE of a core (a
        process's odd tick, such as a worker's exit, is not work)."""
        busy, start = [], 0
        for t, ticks in self.ticks:
            while self.ticks[start][0] < t - BUSY_WINDOW:
                start += 1
            if (ticks - self.ticks[start][1]) / TICKS >= BUSY_SHARE * BUSY_WINDOW:
                busy.append(t)
        return busy

    def cpu_between(self, start: float, end: float) -> float:
        """CPU seconds spent between two sample times (to within a sample)."""
        within = [ticks for t, ticks in self.ticks if start <= t <= end]
        before = [ticks for t, ticks in self.ticks if t < start]
        return (within[-1] - (before[-1] if before else within[0])) / TICKS if within else 0.0


def role_of(pid: int, root: int, roles: dict[int, Process]) -> str:
    """What a process of the run is: by its parent and command line."""
    if pid == root:
        return "flow"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read().replace(b"\0", b" ").decode(errors="replace")
        with open(f"/proc/{pid}/stat") as handle:
            parent = int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return "gone"
    if roles.get(parent) is not None and roles[parent].role == "forkserver":
        return f"worker{sum(p.role.startswith('worker') for p in roles.values()) + 1}"
    for word, role in (("reprints.server", "server"), ("forkserver", "forkserver"), ("resource_tracker", "tracker")):
        if word in command:
            return role
    return "other"


def sample(root: int, done: threading.Event, step: float, started: float) -> dict[int, Process]:
    processes: dict[int, Process] = {}
    samples = 0
    while not done.is_set():
        if samples % TREE_EVERY == 0:
            for pid in _tree(root):  # parents before children
                if pid not in processes:
                    processes[pid] = Process(pid, role_of(pid, root, processes))
                elif processes[pid].role == "other":  # seen between its fork and its exec: what it runs may be known now
                    processes[pid].role = role_of(pid, root, processes)
        now = time.perf_counter() - started
        for process in processes.values():
            ticks = _cpu_ticks(process.pid)
            if ticks or not process.ticks:  # 0 once the process has ended: keep its last reading
                process.ticks.append((now, max(ticks, process.ticks[-1][1] if process.ticks else 0)))
        samples += 1
        done.wait(step)
    return processes


def run(command: list[str], raw: str, out: str | None, options: list[str], step: float) -> tuple[float, dict[int, Process], str]:
    kept = out is not None
    if out is None:
        out = tempfile.mkdtemp(prefix="timeline-out-")
    else:
        shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    child = subprocess.Popen(
        [*command, "ingest", raw, out, "--json", "--no-progress", *options],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    done = threading.Event()
    result: dict[int, Process] = {}
    sampler = threading.Thread(target=lambda: result.update(sample(child.pid, done, step, started)), daemon=True)
    sampler.start()
    _, stderr = child.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if not kept:
        shutil.rmtree(out, ignore_errors=True)
    if child.returncode != 0:
        raise SystemExit(f"timeline: reprints ingest failed ({child.returncode}):\n{stderr[-3000:]}")
    return wall, result, stderr


def report(wall: float, processes: dict[int, Process], bin_seconds: float) -> None:
    shown = sorted((p for p in processes.values() if p.ticks and p.cpu > 0), key=lambda p: p.role)
    print(f"wall {wall:.2f} s")
    print(f"{'process':<11} {'CPU s':>6} {'first busy':>10} {'last busy':>10}")
    for process in shown:
        busy = process.busy_times()
        first, last = (f"{busy[0]:10.2f}", f"{busy[-1]:10.2f}") if busy else (f"{'':10}", f"{'':10}")
        print(f"{process.role:<11} {process.cpu:6.2f} {first} {last}")
    workers = [p for p in shown if p.role.startswith("worker") and p.busy_times()]
    if workers:
        ends = sorted(p.busy_times()[-1] for p in workers)
        times = ", ".join(f"{end:.2f}" for end in ends)
        print(f"workers last busy at {times} s (the first idle {ends[-1] - ends[0]:.2f} s before the last)")
        print(f"tail (the last worker's last busy time to the exit) {wall - ends[-1]:.2f} s; CPU s in it: " + ", ".join(
            f"{p.role} {p.cpu_between(ends[-1], wall):.2f}" for p in shown if p.cpu_between(ends[-1], wall) > 0
        ))  # fmt: skip
    print(f"\nCPU per {bin_seconds:g} s, as a share of one core")
    print(f"{'from s':>6} " + " ".join(f"{p.role:>10}" for p in shown))
    for index in range(int(wall / bin_seconds) + 1):
        start = index * bin_seconds
        shares = [p.cpu_between(start, start + bin_seconds) / bin_seconds for p in shown]
        print(f"{start:6.2f} " + " ".join(f"{share:10.2f}" for share in shares))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", help="the corpus to ingest (RAW)")
    parser.add_argument("--align", action="store_true", help="ingest with --align")
    parser.add_argument("--step", type=float, default=0.02, help="seconds between two readings of /proc")
    parser.add_argument("--bin", type=float, default=0.25, help="seconds per line of the strip chart")
    parser.add_argument("--command", help="the command that stands for `reprints` (default: the one beside this Python)")
    parser.add_argument("--out", help="OUT, emptied first and kept (default: a temporary folder, removed)")
    parser.add_argument("--stderr", help="write the command's standard error to this file")
    parser.add_argument("options", nargs="*", help="more options for `reprints ingest` (after --)")
    args = parser.parse_args(argv)
    options = (["--align"] if args.align else []) + args.options
    executable = Path(sys.executable).with_name("reprints")
    default = [str(executable)] if executable.exists() else [sys.executable, "-m", "reprints.cli"]
    os.chdir(REPO)
    wall, processes, stderr = run(shlex.split(args.command) if args.command else default, args.raw, args.out, options, args.step)
    if args.stderr:
        Path(args.stderr).write_text(stderr)
    report(wall, processes, args.bin)
    return 0


if __name__ == "__main__":
    sys.exit(main())
