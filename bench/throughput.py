"""Throughput of `reprints ingest` against the obvious script, on the same corpus, in the same run (issue 7).

    python bench/throughput.py                      # 400 and 4,000 documents, twice each, plus memory
    python bench/throughput.py --sizes 400 --repeat 1 --memory --levers
    python bench/throughput.py --sizes 4000 --align   # also `reprints ingest --align`, and align's share of a run

For each corpus size it builds (or reuses) a corpus from ../shared/corpus (see
bench/corpus.py), then, per repeat and in this order: `reprints ingest` on a
one-file corpus (the fixed start-up cost), `reprints ingest` on the corpus (with
--align, then `reprints ingest --align` on it too), and
the naive reference (../shared/bench/naive_reference.py, one process). All are
real subprocesses; figures are wall seconds of the whole command unless said
otherwise. The ratio is naive / (ours - start-up), with the naive script's own
timer (it leaves out its imports, which flatters it).

The machine is shared: every figure is printed with the load average at the
time, and each measurement is repeated; read the spread, not one number. With
--repeat above 1, each size ends with the median over its runs (on a small
corpus one start-up's spread can exceed the corpus's whole work).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import corpus as corpus_builder
import measure

REPO = Path(__file__).resolve().parents[1]
NAIVE = corpus_builder.SHARED / "bench" / "naive_reference.py"
STARTUP_RUNS = 3


@dataclass
class Corpus:
    path: Path
    manifest: corpus_builder.Manifest


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print(_machine_line("start"))
    sizes = sorted(set(args.sizes + (args.memory_sizes if args.memory else [])))
    corpora = {size: _corpus(work, size, args.seed) for size in sizes}
    one = _one_file_corpus(work, corpora[sizes[0]].path)
    warm, _ = _ours(work, one)  # a first run on a new PREFECT_HOME migrates its database: not start-up
    print(f"warm-up one-file ingest (not counted) {warm.wall:.2f} s")
    results: dict = {"sizes": {}, "memory": {}}
    for size in args.sizes:
        results["sizes"][size] = [_compare(work, corpora[size], one, repeat, args.align) for repeat in range(args.repeat)]
        if args.repeat > 1:
            print(_median_line(size, results["sizes"][size]))
    if args.memory:
        results["memory"] = _memory(work, corpora, args.memory_sizes, args.repeat)
    if args.levers:
        _levers(work, corpora[sizes[0]], args.batch_sizes)
    print(_machine_line("end"))
    (work / "results.json").write_text(json.dumps(results, indent=1, default=str))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[400, 4000], help="corpus sizes to compare (documents)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each measurement (the machine is shared)")
    parser.add_argument("--memory", action="store_true", help="also peak memory of ours at --memory-sizes, --repeat times")
    parser.add_argument("--memory-sizes", type=int, nargs=2, default=[2000, 20000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--align", action="store_true", help="also ingest with --align: its ratio and align's share of a run")
    parser.add_argument("--levers", action="store_true", help="also measure each lever and profile the pipeline")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[8, 64, 256], help="with --levers: --batch-size runs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "reprints-bench"), help="corpora and outputs")
    return parser


def _machine_line(when: str) -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"[{when} {time.strftime('%Y-%m-%d %H:%M:%S')}] {os.cpu_count()} cores, load average {load} (1, 5, 15 min)"


def _corpus(work: Path, size: int, seed: int) -> Corpus:
    path = work / f"corpus-{size}-seed{seed}"
    manifest_path = path.parent / f"{path.name}.manifest.json"
    if path.is_dir() and manifest_path.exists():
        manifest = corpus_builder.Manifest(**json.loads(manifest_path.read_text()))
    else:
        shutil.rmtree(path, ignore_errors=True)
        manifest = corpus_builder.build(path, size, seed)
    print(
        f"corpus {path.name}: {manifest.documents} files, {manifest.bytes / 1e6:.2f} MB, {manifest.paragraphs} paragraphs, "
        f"{manifest.bilingual} bilingual, {manifest.exact_copies} exact copies, encodings {manifest.encodings}"
    )
    return Corpus(path, manifest)


def _one_file_corpus(work: Path, source: Path) -> Path:
    one = work / "one-file"
    shutil.rmtree(one, ignore_errors=True)
    one.mkdir()
    first = min(source.rglob("*.txt"))
    shutil.copy(first, one / first.name)
    return one


def _ours(work: Path, raw: Path, *options: str) -> tuple[measure.Measured, dict]:
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    executable = Path(sys.executable).with_name("reprints")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "reprints.cli"]
    measured = measure.run([*command, "ingest", str(raw), str(out), "--json", "--no-progress", *options], cwd=REPO)
    if measured.returncode != 0:
        raise SystemExit(f"bench: reprints ingest failed ({measured.returncode}):\n{measured.stderr[-3000:]}")
    report = json.loads(measured.stdout)
    if not report["adds_up"]:
        raise SystemExit(f"bench: the run report does not add up: {report}")
    return measured, report


def _naive(work: Path, raw: Path) -> tuple[measure.Measured, dict]:
    measured = measure.run([sys.executable, str(NAIVE), str(raw), str(work / "naive.parquet"), "--workers", "1"])
    if measured.returncode != 0:
        raise SystemExit(f"bench: the naive reference failed:\n{measured.stderr[-3000:]}")
    return measured, json.loads(measured.stdout.strip().splitlines()[-1])


def _rates(label: str, seconds: float, corpus: Corpus) -> str:
    m = corpus.manifest
    return (
        f"{label:34s} {seconds:7.2f} s  {m.bytes / 1e6 / seconds:6.2f} MB/s  {m.documents / seconds:7.1f} docs/s  "
        f"{m.paragraphs / seconds:8.1f} paragraphs/s"
    )


def _read_all(path: Path) -> None:
    """Read every file once, so that each contender finds them in the page cache: this machine's cache empties
    within minutes, and the first reader of a cold corpus paid up to 1.6 s more for it."""
    for file in path.rglob("*"):
        if file.is_file():
            file.read_bytes()


def _compare(work: Path, corpus: Corpus, one: Path, repeat: int, align: bool = False) -> dict:
    size = corpus.manifest.documents
    print(f"\n== {size} documents, run {repeat + 1} == {_machine_line('now')}")
    # start-up moves 0.5 s or more from run to run, as much as the work of 400 documents: the median of three
    startups = sorted((_ours(work, one)[0] for _ in range(STARTUP_RUNS)), key=lambda measured: measured.wall)
    startup = startups[len(startups) // 2]
    print(f"start-up runs (one-file ingest)    {', '.join(f'{m.wall:.2f}' for m in startups)} s: the median counts")
    _read_all(corpus.path)
    ours, report = _ours(work, corpus.path)
    if align:
        _read_all(corpus.path)
        aligned, aligned_report = _ours(work, corpus.path, "--align")
    _read_all(corpus.path)
    naive, naive_report = _naive(work, corpus.path)
    net = ours.wall - startup.wall
    ratio = naive_report["seconds"] / net if net > 0 else float("inf")
    cores = os.cpu_count() or 1
    print(f"start-up (one-file ingest)         {startup.wall:7.2f} s  peak {startup.peak_tree_mb:6.0f} MB tree")
    print(_rates("ours: reprints ingest", ours.wall, corpus) + f"  peak {ours.peak_tree_mb:6.0f} MB tree")
    print(_rates("ours minus start-up", net, corpus) + f"  CPU busy {100 * ours.cpu / ours.wall / cores:3.0f}% of {cores}")
    print(_rates("naive, its own timer", naive_report["seconds"], corpus) + f"  peak {naive.peak_tree_mb:6.0f} MB")
    print(_rates("naive, whole process", naive.wall, corpus))
    print(f"ratio naive / (ours - start-up)    {ratio:7.1f}x")
    if align:
        with_align = _align_lines(aligned, aligned_report, net, startup, naive_report["seconds"], corpus)
    cpu_net = ours.cpu - startup.cpu
    cpu_ratio = naive.cpu / cpu_net if cpu_net > 0 else float("inf")
    print(f"CPU seconds: ours {ours.cpu:.1f}, start-up {startup.cpu:.1f}, naive {naive.cpu:.1f}; "
          f"naive / (ours - start-up) {cpu_ratio:.1f}x (less sensitive to a busy machine; x{cores} cores at best)")  # fmt: skip
    print(f"ours: {report['documents']} documents, {report['records']} records, {report['duplicates']} duplicates, "
          f"{report['quarantined_total']} quarantined; stderr lines: {len(ours.stderr.splitlines())}")  # fmt: skip
    print("time per step (seconds summed over worker processes, share of their total):")
    steps = report["step_seconds"]
    total = sum(steps.values()) or 1
    print(
        "  "
        + ", ".join(f"{name} {sec:.2f} ({100 * sec / total:.0f}%)" for name, sec in sorted(steps.items(), key=lambda s: -s[1]))
    )
    return {
        **(with_align if align else {}),
        "startup": startup.wall,
        "ours": ours.wall,
        "naive": naive_report["seconds"],
        "naive_process": naive.wall,
        "ratio": ratio,
        "cpu_ratio": cpu_ratio,
        "peak_tree_mb": ours.peak_tree_mb,
        "steps": steps,
        "load": os.getloadavg()[0],
    }


def _align_lines(
    aligned: measure.Measured, report: dict, net: float, startup: measure.Measured, naive: float, corpus: Corpus
) -> dict:
    """Print `reprints ingest --align`'s figures: its ratio to the naive script and align's share of its run, the
    seconds it adds over the run without it (start-up is the same one-file run without --align, so loading the
    align step's lexicon counts as align's)."""
    aligned_net = aligned.wall - startup.wall
    share = (aligned_net - net) / aligned_net if aligned_net > 0 else float("nan")
    ratio = naive / aligned_net if aligned_net > 0 else float("inf")
    steps = report["step_seconds"]
    workers = f"align step {steps.get('align', 0.0):.2f} s of {sum(steps.values()):.2f} s in the workers"
    print(_rates("ours --align minus start-up", aligned_net, corpus) + f"  peak {aligned.peak_tree_mb:6.0f} MB tree")
    print(f"ratio naive / (ours --align - start-up) {ratio:4.1f}x; align's share of the run {100 * share:.0f}% "
          f"(+{aligned_net - net:.2f} s); {workers}")  # fmt: skip
    return {"ours_align": aligned.wall, "ratio_align": ratio, "align_share": share, "steps_align": steps}


def _median_line(size: int, runs: list[dict]) -> str:
    """Medians over the repeats: one start-up's spread can exceed a small corpus's whole work.

    Each run's start-up and corpus ingest ran back to back, so their difference is taken per run first.
    """
    net = statistics.median(run["ours"] - run["startup"] for run in runs)
    naive = statistics.median(run["naive"] for run in runs)
    ratio = naive / net if net > 0 else float("inf")
    # each run's ratio compares measurements taken one after the other, on the machine as it was then
    per_run = statistics.median(run["ratio"] for run in runs)
    medians = f"ours minus start-up {net:.2f} s, naive {naive:.2f} s"
    ratios = f"ratio {ratio:.1f}x; median of the runs' ratios {per_run:.1f}x"
    if "align_share" in runs[0]:
        share = statistics.median(run["align_share"] for run in runs)
        aligned = statistics.median(run["ratio_align"] for run in runs)
        ratios += f"; with --align: median ratio {aligned:.1f}x, align's share {100 * share:.0f}%"
    return f"\n{size} documents, medians of {len(runs)} runs: {medians}; {ratios}"


def _memory(work: Path, corpora: dict[int, Corpus], sizes: list[int], repeats: int) -> dict:
    print(f"\n== memory: peak RSS of ours as the corpus grows == {_machine_line('now')}")
    peaks: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(repeats):
        for size in sizes:
            measured, report = _ours(work, corpora[size].path)
            peaks[size].append(measured.peak_tree_mb)
            print(
                _rates(f"ours, {size} documents", measured.wall, corpora[size])
                + f"  peak {measured.peak_tree_mb:6.0f} MB tree, {measured.peak_process_mb:5.0f} MB largest process"
                + f"  ({len(report['files_written'])} files written)"
            )
    small, large = (statistics.median(peaks[size]) for size in sizes)
    print(f"peak tree RSS {sizes[1]} / {sizes[0]} documents: {large / small:.2f}x (medians {large:.0f} / {small:.0f} MB)")
    return {"peaks": peaks, "ratio": large / small}


def _levers(work: Path, corpus: Corpus, batch_sizes: list[int]) -> None:
    import levers  # imports the pipeline (langdetect profiles etc.) only when asked

    print(f"\n== levers == {_machine_line('now')}")
    for line in levers.lever_lines(corpus.path):
        print(line)
    print(f"batch size (files per Prefect task), ours on {corpus.manifest.documents} documents:")
    for batch_size in batch_sizes:
        measured, _ = _ours(work, corpus.path, "--batch-size", str(batch_size))
        print(_rates(f"  --batch-size {batch_size}", measured.wall, corpus) + f"  CPU {measured.cpu:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
