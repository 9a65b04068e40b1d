"""Throughput of the flow for several batch sizes (files per Prefect task), to choose the default.

    .venv/bin/python bench/batch_size.py [--files 1000] [--sizes 4,16,64,256] [--repeats 2] [--runner process]

Builds a RAW folder of real bilingual news from ../shared/corpus (NTREX-128: the
Traditional Chinese translation, then the English original, one file per article,
cycled with a numbered line so every file is its own document), starts one
embedded Prefect server, warms the process pool, then runs the flow
`ingest-reprints` once per size and repeat into a fresh OUT, in an interleaved
order so drift on a shared machine hits every size alike. Prints files/s inside
the flow (from the run report), the Prefect task count, and the CPU time of the
whole process tree per file (flow, Prefect server, process pool): on a shared
machine wall time follows the neighbours' load, CPU time much less. Small batches pay
Prefect's per-task cost (a task run, its events and logs: several ms each) and
one process hand-off each; large ones leave cores idle at the end of the run
and hold more text in memory. Timings on a shared machine are noisy: run it
twice and compare.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus import ntrex_articles


def build_raw(folder: Path, files: int) -> int:
    """`files` bilingual reprints made of real NTREX articles; returns the bytes written."""
    texts = [[*chinese, "", *english] for chinese, english in zip(ntrex_articles("zh-Hant"), ntrex_articles("en"), strict=True)]
    written = 0
    for number, text in zip(range(files), itertools.cycle(texts), strict=False):
        data = ("\n".join(text) + f"\n\nArchive copy {number}.\n").encode("utf-8")
        path = folder / f"{number // 1000:03d}" / f"{number:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += len(data)
    return written


def tree_cpu_seconds() -> float:
    """CPU time of this process and every live descendant: the Prefect server, the process pool."""
    processes = [psutil.Process(), *psutil.Process().children(recursive=True)]
    return sum(sum(p.cpu_times()[:2]) for p in processes if p.is_running())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--sizes", default="4,16,32,64,128,256")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--runner", default="process", choices=("process", "thread"))
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    from reprints.cli import quiet_prefect_defaults
    from reprints.server import EmbeddedServer

    quiet_prefect_defaults()
    work = Path(tempfile.mkdtemp(prefix="reprints-bench-batch-"))
    megabytes = build_raw(work / "raw", args.files) / 1e6
    server = EmbeddedServer()
    os.environ["PREFECT_API_URL"] = server.start()
    from tasks.run.local_pool import LocalPool

    cores = os.cpu_count() or 1
    pool = LocalPool(cores) if args.runner == "process" else None  # one pool for every run, as one command has
    try:
        from flows.ingest import ingest_reprints

        if pool is not None:
            pool.warm()
        server.wait_until_healthy()
        ingest_reprints(raw=str(work / "raw"), out=str(work / "warm-up"), runner=args.runner, limit=2 * cores, pool=pool)
        rates: dict[int, list[float]] = {size: [] for size in sizes}
        cpu_ms: dict[int, list[float]] = {size: [] for size in sizes}
        for repeat in range(args.repeats):
            for size in sizes if repeat % 2 == 0 else reversed(sizes):
                out = work / f"out-{size}-{repeat}"
                started, cpu = time.perf_counter(), tree_cpu_seconds()
                report = ingest_reprints(raw=str(work / "raw"), out=str(out), runner=args.runner, batch_size=size, pool=pool)
                wall, cpu = time.perf_counter() - started, tree_cpu_seconds() - cpu
                rates[size].append(report.files_found / report.seconds)
                cpu_ms[size].append(1000 * cpu / report.files_found)
                print(
                    f"  batch {size:4d}  run {repeat + 1}: {report.seconds:6.2f} s in the flow, {wall:6.2f} s wall, "
                    f"{cpu:6.2f} CPU s",
                    flush=True,
                )
    finally:
        if pool is not None:
            pool.close()
        server.stop()
    print(f"\n{args.files} files, {megabytes:.1f} MB, runner {args.runner}, {cores} cores, {args.repeats} runs per size")
    print(f"{'batch':>6} {'tasks':>6} {'files/s median':>15} {'best':>8} {'CPU ms/file median':>19}")
    for size in sizes:
        median, best, cpu = statistics.median(rates[size]), max(rates[size]), statistics.median(cpu_ms[size])
        print(f"{size:6d} {-(-args.files // size):6d} {median:15.1f} {best:8.1f} {cpu:19.1f}")


if __name__ == "__main__":
    main()
