"""Run-start cost of OUT's document index with many documents already ingested.

Builds an OUT whose index holds N documents (synthetic doc_ids, paths and
digests; index files as the sink writes them, one per flush, beside empty
placeholder data files so the index counts as complete), then, in a fresh
process each time:
  load   Ledger.load(OUT): repair check, read the index, sort the doc_ids
  check  known() for a run's worth of discovered paths (half already seen) and
         original_of() for as many doc_ids (half already ingested)
and prints their times and the process's peak memory above its baseline after
imports. With --reprints it also times the first use of the reprint clusters
(synthetic signatures), which a run pays only when it has a new document, and
placing 1,000 new documents in them (half of them reprints of stored ones).
The first process writes the reprint cache in OUT (tasks/output/reprint_cache.py),
the next ones read it.

With --quarantined N every Nth file is a quarantine verdict of this version instead of a document.

    .venv/bin/python bench/doc_index.py [--documents 1000000] [--flushes 200] [--reprints] [--quarantined N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.output.schema import INDEX_DIR, INDEX_SCHEMA, PIPELINE_VERSION
from tasks.steps.reprint_clusters import PERMUTATIONS, SIGNATURE_BYTES

CHECKS = 10_000
PLACED = 1_000  # new documents placed in the reprint clusters, half of them reprints


def doc_id(i: int) -> bytes:
    return hashlib.sha256(f"doc {i}".encode()).digest()[:16]


def path_of(i: int) -> str:
    return f"2026-{1 + i % 12:02d}/outlet-{i % 977:03d}/article-{i:08d}.txt"


def stored_signatures(flush: int, count: int) -> np.ndarray:
    """The synthetic signatures of one flush's documents (random, reproducible)."""
    return np.random.default_rng(flush).integers(0, 2**16, (count, PERMUTATIONS), dtype=np.uint16)


def reprint_of(i: int, documents: int, flushes: int) -> bytes:
    """A signature sharing two thirds of its values with that of document i."""
    per_flush = -(-documents // flushes)
    copy = stored_signatures(i // per_flush, per_flush)[i % per_flush].copy()
    copy[: PERMUTATIONS // 3] += 1
    return copy.tobytes()


def build(out: Path, documents: int, flushes: int, quarantined: int = 0) -> None:
    per_flush = -(-documents // flushes)
    now = datetime.now(UTC)
    for flush in range(flushes):
        ids = range(flush * per_flush, min(documents, (flush + 1) * per_flush))
        name = f"part-bench{flush // 50:03d}-{flush % 50 + 1:05d}.parquet"
        keys = [doc_id(i) for i in ids]
        verdict = [bool(quarantined) and i % quarantined == 0 for i in ids]
        table = pa.table(
            {
                "source_path": [path_of(i) for i in ids],
                "source_sha256": [hashlib.sha256(k).digest() for k in keys],
                "outcome": ["quarantine" if q else "record" for q in verdict],
                "doc_id": [None if q else k for q, k in zip(verdict, keys, strict=True)],
                "reprint_cluster": [None if q else k for q, k in zip(verdict, keys, strict=True)],
                "minhash": [
                    None if q else row.tobytes() for q, row in zip(verdict, stored_signatures(flush, len(keys)), strict=True)
                ],
                "seen_at": [now] * len(keys),
                "pipeline_version": [PIPELINE_VERSION if q else None for q in verdict],
            },
            schema=INDEX_SCHEMA,
        )
        (out / INDEX_DIR).mkdir(parents=True, exist_ok=True)
        pq.write_table(table, out / INDEX_DIR / name, compression="zstd")
        (out / "records" / "language=en").mkdir(parents=True, exist_ok=True)
        (out / "records" / "language=en" / name).touch()


def measure(out: str, documents: int, flushes: int, reprints: bool) -> dict:
    """Runs in a fresh process: the figures of one run start."""
    from tasks.output.ledger import Ledger

    baseline = _rss_mb("VmRSS")
    started = time.perf_counter()
    ledger = Ledger.load(out)
    loaded = time.perf_counter()
    paths = [path_of(i) for i in range(0, 2 * CHECKS, 2)] + [f"new/{i}.txt" for i in range(CHECKS // 2)]
    seen = ledger.known(paths)
    found = sum(ledger.original_of(doc_id(i).hex()) is not None for i in range(documents - CHECKS // 2, documents + CHECKS // 2))
    checked = time.perf_counter()
    figures = {
        "load_s": loaded - started,
        "check_s": checked - loaded,
        "paths_known": len(seen),
        "doc_ids_found": found,
        "peak_mb_above_baseline": _rss_mb("VmHWM") - baseline,
        "baseline_mb": baseline,
    }
    if reprints:
        started = time.perf_counter()
        figures["reprint_documents"] = len(ledger.reprints)
        figures["reprints_load_s"] = time.perf_counter() - started
        # new documents, and reprints of stored ones
        signatures = [
            os.urandom(SIGNATURE_BYTES) if i % 2 else reprint_of(i * 997 % documents, documents, flushes) for i in range(PLACED)
        ]
        started = time.perf_counter()
        clusters = [ledger.reprints.assign(doc_id(documents + i).hex(), sig) for i, sig in enumerate(signatures)]
        figures["reprints_found"] = sum(c != doc_id(documents + i).hex() for i, c in enumerate(clusters))
        figures["reprints_assign_s"] = time.perf_counter() - started
        figures["peak_mb_with_reprints"] = _rss_mb("VmHWM") - baseline
    return figures


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--flushes", type=int, default=200, help="index files (one per flush of earlier runs)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--reprints", action="store_true", help="also time loading the reprint clusters")
    parser.add_argument(
        "--quarantined",
        type=int,
        default=0,
        metavar="N",
        help="every Nth file of the index is a quarantine verdict on its bytes of this version, which known() still "
        "skips (docs/operations.md); 0: none",
    )
    parser.add_argument("--measure", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.documents, args.flushes, args.reprints)))
        return
    with tempfile.TemporaryDirectory(prefix="reprints-bench-") as out:
        started = time.perf_counter()
        build(Path(out), args.documents, args.flushes, args.quarantined)
        size = sum(f.stat().st_size for f in (Path(out) / INDEX_DIR).iterdir()) / 2**20
        print(
            f"built an index of {args.documents:,} documents in {args.flushes} files, {size:.0f} MB on disk, "
            f"in {time.perf_counter() - started:.0f} s"
        )
        command = [sys.executable, __file__, "--measure", out, "--documents", str(args.documents), "--flushes", str(args.flushes)]
        for attempt in range(args.repeat):
            figures = json.loads(subprocess.check_output(command + (["--reprints"] if args.reprints else [])))
            print(
                f"run {attempt + 1}: load {figures['load_s']:.2f} s, check {CHECKS:,} paths + {CHECKS:,} doc_ids "
                f"{figures['check_s']:.2f} s, peak memory {figures['peak_mb_above_baseline']:.0f} MB above a "
                f"{figures['baseline_mb']:.0f} MB baseline ({figures['paths_known']:,} paths known, "
                f"{figures['doc_ids_found']:,} doc_ids found)"
            )
            if args.reprints:
                print(
                    f"       reprint clusters of {figures['reprint_documents']:,} documents loaded in "
                    f"{figures['reprints_load_s']:.2f} s, {PLACED:,} documents placed in {figures['reprints_assign_s']:.2f} s "
                    f"({figures['reprints_found']:,} as reprints), peak {figures['peak_mb_with_reprints']:.0f} MB above baseline"
                )


if __name__ == "__main__":
    main()
