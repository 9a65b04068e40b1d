"""CPU seconds per step of the document pipeline, per 1,000 documents of bench/throughput.py's corpus, in one process.

    python bench/steps.py                       # 1,000 documents, best of 3 rounds
    python bench/steps.py --documents 4000 --rounds 5 --align
    python bench/steps.py --profile 25          # and the 25 functions that cost most (cProfile, one more round)
    python bench/steps.py --dump before.jsonl   # every outcome, to compare two versions of the code

The corpus is bench/corpus.py's (same seed as bench/throughput.py), built in a
temporary folder from ../shared/corpus. Every round runs DOCUMENT_STEPS over all
the documents (tasks/pipeline.py `run_steps`, after `warm_up()` as the workers
do) and times each function the steps time with `StepTimer.run`, in CPU time
(time.process_time), not wall time: the machine is shared. Each figure is the
best of the rounds; the total is the best round's, so it need not be the sum.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import build
from tasks.model import CleanDocument, Outcome, SourceFile
from tasks.pipeline import DOCUMENT_STEPS, CleanOptions, Document, StepTimer, run_steps, warm_up


def sources_of(raw: Path) -> list[SourceFile]:
    paths = sorted(p for p in raw.rglob("*") if p.is_file())
    return [SourceFile(str(p), p.relative_to(raw).as_posix(), p.stat().st_size) for p in paths]


def one_round(sources: list[SourceFile], options: CleanOptions) -> tuple[float, dict[str, float], list]:
    docs = [Document(source) for source in sources]
    timer = StepTimer(clock=time.process_time)
    start = time.process_time()
    outcomes = run_steps(docs, options, timer, DOCUMENT_STEPS)
    return time.process_time() - start, timer.seconds, outcomes


def outcome_row(outcome: Outcome) -> dict:
    """What a record shows of a document (its parts' languages, texts, ...), or the quarantine or skip as it is."""
    if not isinstance(outcome, CleanDocument):
        return {"outcome": type(outcome).__name__, **asdict(outcome)}
    return {
        "source_path": outcome.source_path,
        "doc_id": outcome.doc_id,
        "source_encoding": outcome.source_encoding,
        "fixes": outcome.fixes,
        "reprint_source": outcome.reprint_source,
        "minhash": outcome.minhash.hex() if outcome.minhash else None,
        "parts": [
            {**asdict(part), "confidence": repr(part.confidence)}  # repr: every bit of the confidence compared
            for part in outcome.parts
        ],
        "alignments": [asdict(unit) for unit in outcome.alignments],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--align", action="store_true", help="run the align step too (ingest --align)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions (cumulative)")
    parser.add_argument("--dump", type=Path, help="write every outcome as JSON lines, sorted by source path")
    args = parser.parse_args()
    options = CleanOptions(align=args.align)
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw"
        build(raw, args.documents)
        sources = sources_of(raw)
        warm_up(args.align)
        totals: list[float] = []
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            total, seconds, outcomes = one_round(sources, options)
            totals.append(total)
            for name, value in seconds.items():
                best[name] = min(best.get(name, float("inf")), value)
        if args.dump:
            rows = sorted((outcome_row(o) for o in outcomes), key=lambda row: row["source_path"])
            args.dump.write_text("".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows))
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(one_round, sources, options)
    per_thousand = 1000 / len(sources)
    print(f"bench/corpus.py, {len(sources)} files; CPU s per 1,000 documents, best of {args.rounds} rounds")
    for name, value in sorted(best.items(), key=lambda item: -item[1]):
        print(f"  {name:18s} {value * per_thousand:7.3f}")
    rounds = ", ".join(f"{total * per_thousand:.3f}" for total in totals)
    print(f"  {'all steps':18s} {min(totals) * per_thousand:7.3f}  (rounds: {rounds})")
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
