"""Boilerplate across documents (docs/dedup.md, section 4): precision and recall of removed paragraphs, added cost,
and the state's size at scale.

Quality: a RAW built from NTREX-128 articles (../shared/corpus, 9 languages, each translation its own document),
each given to one of six outlets, which adds its header line and its footers (written for this benchmark, not
corpus text) in the article's language, some with the year or a date varying. Two or three articles of the same
language also carry the same quote (one of the corpus's own sentences), a one-word heading "Analysis" and a dateline
open many articles: none of those may go. The documents are cleaned once; the outcomes go through the run's own sink
at each --min-docs (as in one run, in path order), and, for the default, through `reprints ingest` in a subprocess,
whose Parquet is read back. A removed paragraph is one an input had and its records lack, counted by
`boilerplate_paragraphs`; the truth is the injected boilerplate.

Recall counts every injected paragraph, so the first K-1 clusters that carried each footer before it was known
(kept by design) count as misses; it is also printed without them.

Scale: BoilerplateCounter state for --scale documents of 30 paragraphs (random keys, one in 30 a footer of 200),
its journal written as the flushes write it, loaded as a run loads it (folding it into the checkpoint), then the
checkpoint loaded in a fresh process as every later run does.

    .venv/bin/python bench/boilerplate.py [--min-docs 3 5 8] [--no-cli] [--scale 1000000] [--only-scale]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.inputs.discover import find_inputs
from tasks.model import BatchResult, CleanDocument
from tasks.output.boilerplate import COUNTS_DIR, KEYS_DIR, fold_journal, load_state, write_checkpoint
from tasks.output.report import RunReport
from tasks.output.schema import BOILERPLATE_COUNTS_SCHEMA, BOILERPLATE_KEYS_SCHEMA, BOILERPLATE_STATE_DIR
from tasks.output.sink import RecordSink
from tasks.pipeline import CleanOptions, process_batch
from tasks.steps.boilerplate import BoilerplateCounter, boilerplate_key, paragraph_keys
from tasks.steps.repeats import fold
from tests.corpus import ntrex_articles

REPO = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "fr", "de", "es", "ru", "zh-Hant", "zh-Hans", "ja", "ko")
# Per outlet: its name; per language family: header and footers (YEAR and DAY vary per article).
OUTLETS = ("Daily Courier", "Harbour Gazette", "Northern Ledger", "Metro Tribune", "Valley Herald", "Coastal Post")
LATIN = {
    "en": ("{o} | World | Business | Opinion | Sport", "© {YEAR} {o}. All rights reserved.", "Follow {o} on Twitter."),
    "fr": ("{o} | Monde | Économie | Opinions | Sport", "© {YEAR} {o}. Tous droits réservés.", "Suivez {o} sur Twitter."),
    "de": ("{o} | Welt | Wirtschaft | Meinung | Sport", "© {YEAR} {o}. Alle Rechte vorbehalten.", "Folgen Sie {o} auf Twitter."),
    "es": (
        "{o} | Mundo | Economía | Opinión | Deportes",
        "© {YEAR} {o}. Todos los derechos reservados.",
        "Siga a {o} en Twitter.",
    ),
    "ru": ("{o} | Мир | Экономика | Мнения | Спорт", "© {YEAR} {o}. Все права защищены.", "Подписывайтесь на {o} в Telegram."),
    "zh-Hant": (
        "{o}｜國際｜財經｜評論｜體育",
        "版權所有 © {YEAR} {o}，未經授權不得轉載。",
        "本文更新於{YEAR}年{DAY}日，歡迎訂閱電子報。",
    ),
    "zh-Hans": (
        "{o}｜国际｜财经｜评论｜体育",
        "版权所有 © {YEAR} {o}，未经授权不得转载。",
        "本文更新于{YEAR}年{DAY}日，欢迎订阅电子报。",
    ),
    "ja": (
        "{o}｜国際｜経済｜オピニオン｜スポーツ",
        "© {YEAR} {o} 無断転載を禁じます。",
        "最新ニュースはメールマガジンでお届けします。",
    ),
    "ko": (
        "{o} | 국제 | 경제 | 오피니언 | 스포츠",
        "© {YEAR} {o} 무단 전재 및 재배포 금지.",
        "뉴스레터를 구독하고 소셜 미디어에서 팔로우하세요.",
    ),
}
NOT_BOILERPLATE = ("Analysis", "WASHINGTON, March 3, 2019 (Reuters)")  # headings and datelines many articles open with


def build(raw: Path, seed: int = 19) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Write RAW; returns each file's paragraphs and which of them are injected boilerplate."""
    rng = random.Random(seed)
    files: dict[str, list[str]] = {}
    truth: dict[str, set[str]] = {}
    for language in LANGUAGES:
        articles = [list(a) for a in ntrex_articles(language)]
        header, footer, follow = LATIN[language]
        for index, article in enumerate(articles):
            outlet = OUTLETS[rng.randrange(len(OUTLETS))]
            year, day = rng.choice((2018, 2019, 2020)), rng.randrange(1, 29)
            injected = [
                header.format(o=outlet),
                footer.format(o=outlet, YEAR=year),
                follow.format(o=outlet, YEAR=year, DAY=day),
            ]
            body = [line.strip() for line in article if line.strip()]
            if index % 5 == 0:
                body.insert(1, NOT_BOILERPLATE[0])
            if index % 7 == 0:
                body.insert(1, NOT_BOILERPLATE[1])
            if index % 10 in (1, 2) and index > 3:  # the same quote in three articles: a sentence of the first
                body.insert(2, articles[index - index % 10][-1].strip())
            name = f"{language}/{outlet.split()[0].lower()}-{index:03d}.txt"
            files[name] = [injected[0], *body, *injected[1:]]
            truth[name] = set(injected)
    for name, paragraphs in files.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return files, truth


def score(files: dict[str, list[str]], truth: dict[str, set[str]], kept: dict[str, list[str]], removed: int, k: int) -> dict:
    """Precision and recall of removed paragraphs; recall also without each footer's first K-1 carriers (by path)."""
    hits = missed = missed_early = 0
    carriers: dict[int, int] = {}  # by key: "© 2019" and "© 2020" variants are one
    for name in sorted(files):
        present = set(kept.get(name, []))
        for paragraph in truth[name]:
            key = boilerplate_key(fold(paragraph))
            carriers[key] = carriers.get(key, 0) + 1
            if paragraph in present:
                missed += 1
                missed_early += carriers[key] < k  # the first K-1 carriers in path order (each its own cluster)
            else:
                hits += 1
    injected = hits + missed
    return {
        "removed": removed,
        "precision": hits / removed if removed else 1.0,
        "recall": hits / injected,
        "recall_after_first_k_1": hits / (injected - missed_early) if injected > missed_early else 1.0,
        "injected": injected,
        "wrongly_removed": removed - hits,
    }


def in_process(outcomes: list, k: int) -> tuple[dict[str, list[str]], int, float]:
    with tempfile.TemporaryDirectory() as out:
        report = RunReport(run_id="bench", raw="raw", out=out, files_found=len(outcomes))
        sink = RecordSink(out, "bench", report, boilerplate_min_docs=k)
        start = time.perf_counter()
        sink.accept(BatchResult(list(outcomes)))
        sink.flush()
        seconds = time.perf_counter() - start
        sink.release()
        return kept_paragraphs(Path(out)), report.boilerplate_paragraphs, seconds


def kept_paragraphs(out: Path) -> dict[str, list[str]]:
    table = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table(columns=["source_path", "paragraphs"])
    kept: dict[str, list[str]] = {}
    for row in table.to_pylist():
        kept.setdefault(row["source_path"], []).extend(row["paragraphs"])
    return kept


def through_cli(raw: Path, k: int) -> tuple[dict[str, list[str]], int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        command = [sys.executable, "-m", "reprints.cli", "ingest", str(raw), str(out), "--json", "--no-progress"]
        env = {**os.environ, "PREFECT_HOME": str(Path(tmp) / ".prefect")}
        start = time.perf_counter()
        done = subprocess.run([*command, "--boilerplate-min-docs", str(k)], capture_output=True, text=True, env=env, cwd=REPO)
        seconds = time.perf_counter() - start
        if done.returncode:
            raise SystemExit(done.stderr[-2000:])
        report = json.loads(done.stdout)
        return kept_paragraphs(out), report["boilerplate_paragraphs"], seconds


def added_cost(outcomes: list, clean_seconds: float) -> None:
    """Keys per document in the workers (fold is shared with repeats there, so only the keys count), and the sink's
    counting (filters warmed by a first pass, as in a run past its first documents), against cleaning."""
    documents = [o for o in outcomes if isinstance(o, CleanDocument)]
    folded = [[fold(p) for part in doc.parts for p in part.paragraphs] for doc in documents]
    start = time.perf_counter()
    for paragraphs in folded:
        paragraph_keys(paragraphs)
    keys_us = (time.perf_counter() - start) / len(documents) * 1e6
    counter = BoilerplateCounter()
    keys = [[k for part in doc.parts for k in part.keys] for doc in documents]
    for index, doc_keys in enumerate(keys):
        counter.add_document(index, doc_keys)
    start = time.perf_counter()
    for index, doc_keys in enumerate(keys):
        counter.add_document(len(keys) + index, doc_keys)
    count_us = (time.perf_counter() - start) / len(documents) * 1e6
    clean_us = clean_seconds / len(outcomes) * 1e6
    per_document = sum(len(f) for f in folded) / len(documents)
    print(f"added cost, {len(documents)} documents of this corpus ({per_document:.1f} paragraphs each), same process:")
    print(f"  cleaning (process_batch) {clean_us:7.0f} µs a document")
    print(f"  keys in the workers      {keys_us:7.0f} µs a document ({keys_us / clean_us:.1%} of cleaning)")
    print(f"  counting in the sink     {count_us:7.0f} µs a document ({count_us / clean_us:.1%}; 5 + 3 probes a key)")


def scale(documents: int, paragraphs: int = 30) -> None:
    """State for `documents` documents: the journal written as the flushes write it, loaded as a run does (which
    folds it into the checkpoint), then the checkpoint loaded in a fresh process as every later run does."""
    rng = np.random.default_rng(7)
    footers = rng.integers(1, 2**63, size=200, dtype=np.uint64)
    with tempfile.TemporaryDirectory() as out:
        per_flush = 20_000
        for flush in range(0, documents, per_flush):
            n = min(per_flush, documents - flush)
            keys = rng.integers(1, 2**63, size=(n, paragraphs), dtype=np.uint64)
            keys[:, -1] = footers[rng.integers(0, len(footers), size=n)]  # one footer paragraph in 30: ~3%
            low = (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32)
            lists = pa.ListArray.from_arrays(np.arange(0, n * paragraphs + 1, paragraphs, dtype=np.int32), low.ravel())
            table = pa.table({"cluster": rng.integers(0, 2**32, size=n, dtype=np.uint32), "keys": lists})
            name = f"part-scale-{flush // per_flush:05d}.parquet"
            os.makedirs(os.path.join(out, KEYS_DIR), exist_ok=True)
            pq.write_table(table.cast(BOILERPLATE_KEYS_SCHEMA), os.path.join(out, KEYS_DIR, name), compression="zstd")
        os.makedirs(os.path.join(out, COUNTS_DIR), exist_ok=True)
        counts = pa.table({"key": footers, "documents": np.full(len(footers), documents // 200, dtype=np.int32)})
        pq.write_table(counts.cast(BOILERPLATE_COUNTS_SCHEMA), os.path.join(out, COUNTS_DIR, "part-scale-00000.parquet"))
        journal = state_bytes(out)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        state = load_state(out)  # replays the whole journal (folded at once when long, else at the run's end:)
        fold_journal(out, state.counter, state.journal)
        seconds, counter = time.perf_counter() - start, state.counter
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        folded = state_bytes(out)
        start = time.perf_counter()
        write_checkpoint(out, counter, set())  # what the end of every later run pays
        checkpoint_seconds = time.perf_counter() - start
        load_seconds, load_mb = load_in_fresh_process(out)
        fill = counter.seen.fill()
        new = rng.integers(1, 2**63, size=(2000, paragraphs), dtype=np.uint64)
        start = time.perf_counter()
        clusters = rng.integers(0, 2**32, 2000).tolist()
        false_seen = sum(len(counter.add_document(c, row)) for c, row in zip(clusters, new.tolist(), strict=True))
        per_doc = (time.perf_counter() - start) / 2000 * 1e6
    print(f"scale: {documents:,} documents x {paragraphs} paragraphs (random keys; 200 footers in every document's last)")
    print(f"  journal on disk         {journal / 1e6:8.1f} MB (_state/keys + _state/counts, zstd Parquet, never folded)")
    print(f"  replaying and folding   {seconds:8.1f} s, peak memory +{peak / 1024:.0f} MB (filters: 2 x 32 MB)")
    print(f"  state on disk, folded   {folded / 1e6:8.1f} MB (_state/: the checkpoint, the journal deleted)")
    print(f"  writing the checkpoint  {checkpoint_seconds:8.1f} s (the end of a run)")
    print(f"  loading the checkpoint  {load_seconds:8.1f} s, resident memory +{load_mb:.0f} MB (a fresh process)")
    pairs_fill = counter.pairs.fill()
    print(f"  seen filter fill        {fill:8.3f} (false positives about fill**5 = {fill**5:.4%})")
    print(f"  pairs filter fill       {pairs_fill:8.3f} (false positives about fill**3 = {pairs_fill**3:.4%})")
    print(f"  new paragraphs counted twice by a false positive: {false_seen} of {2000 * paragraphs:,}")
    print(f"  counting a new document {per_doc:8.1f} µs")


def state_bytes(out: str) -> int:
    return sum(f.stat().st_size for f in Path(out, BOILERPLATE_STATE_DIR).rglob("*") if f.is_file())


def load_in_fresh_process(out: str) -> tuple[float, float]:
    """Seconds and resident memory (MB, above the imports) of load_counter in a new interpreter, as a run pays it."""
    code = (
        "import os, sys, time, json\n"
        "from tasks.output.boilerplate import load_counter\n"
        "def rss(): return int(open('/proc/self/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20\n"
        "base = rss()\n"
        "start = time.perf_counter()\n"
        "counter = load_counter(sys.argv[1])\n"
        "seconds = time.perf_counter() - start\n"
        "print(json.dumps([seconds, rss() - base]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, out], cwd=REPO, capture_output=True, text=True, check=True)
    seconds, megabytes = json.loads(done.stdout)
    return seconds, megabytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-docs", type=int, nargs="+", default=[3, 5, 8])
    parser.add_argument("--cli-min-docs", type=int, default=5)
    parser.add_argument("--no-cli", action="store_true")
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--only-scale", action="store_true", help="skip the corpus: only the state's size at --scale")
    args = parser.parse_args()
    if args.only_scale:
        return scale(args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        files, truth = build(raw)
        print(
            f"corpus: {len(files)} documents, {len(LANGUAGES)} languages, {len(OUTLETS)} outlets, "
            f"{sum(len(t) for t in truth.values())} injected paragraphs"
        )
        start = time.perf_counter()
        outcomes = process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes
        clean_seconds = time.perf_counter() - start
        print(f"cleaned once in {clean_seconds:.1f} s")
        print(
            f"{'how':<14} {'K':>3} {'removed':>8} {'precision':>10} {'recall':>8} {'recall after K-1':>17} {'wrong':>6} {'s':>6}"
        )
        runs = [("in process", k, in_process(outcomes, k)) for k in args.min_docs]
        if not args.no_cli:
            runs.append(("reprints CLI", args.cli_min_docs, through_cli(raw, args.cli_min_docs)))
        for how, k, (kept, removed, seconds) in runs:
            s = score(files, truth, kept, removed, k)
            print(
                f"{how:<14} {k:>3} {s['removed']:>8} {s['precision']:>10.4f} {s['recall']:>8.4f} "
                f"{s['recall_after_first_k_1']:>17.4f} {s['wrongly_removed']:>6} {seconds:>6.1f}"
            )
        added_cost(outcomes, clean_seconds)
    if args.scale:
        scale(args.scale)


if __name__ == "__main__":
    main()
