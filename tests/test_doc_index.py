"""OUT's document index: committed with the records, rebuilt from them when missing, read by the ledger."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow.dataset as ds

from tasks.inputs.discover import find_inputs
from tasks.output import doc_index, reprint_cache
from tasks.output.compact import compact
from tasks.output.ledger import Ledger
from tasks.output.report import RunReport
from tasks.output.schema import INDEX_DIR, INDEX_VERSION, MINHASH_BANDS, REPRINT_CACHE_DIR
from tasks.output.sink import RecordSink
from tasks.pipeline import CleanOptions, process_batch
from tasks.steps.reprint_clusters import signature
from tests.corpus import ntrex_articles


def ingest(raw: Path, out: Path, run_id: str) -> RunReport:
    """The flow's work without Prefect: find, clean in one batch, sink."""
    sources = list(find_inputs(str(raw)))
    report = RunReport(run_id=run_id, raw=str(raw), out=str(out), files_found=len(sources))
    sink = RecordSink(str(out), run_id, report)
    sink.accept(process_batch(sources, sink.known([s.source_path for s in sources]), CleanOptions()))
    sink.flush()
    sink.release()
    return report


def write_raw(raw: Path) -> None:
    articles = ntrex_articles("en")
    raw.mkdir()
    for index in range(3):
        (raw / f"article-{index}.txt").write_text("\n".join(articles[index]) + "\n", encoding="utf-8")
    (raw / "copy-of-0.txt").write_text("\n".join(articles[0]) + "\r\n", encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")


def index_rows(out: Path) -> list[dict]:
    table = ds.dataset(out / INDEX_DIR, format="parquet").to_table()
    return sorted(table.to_pylist(), key=lambda row: row["source_path"])


def test_every_file_has_one_index_row_committed_with_its_flush(tmp_path):
    write_raw(tmp_path / "raw")
    ingest(tmp_path / "raw", tmp_path / "out", "r1")
    rows = index_rows(tmp_path / "out")
    assert [(r["source_path"], r["outcome"]) for r in rows] == [
        ("article-0.txt", "record"),
        ("article-1.txt", "record"),
        ("article-2.txt", "record"),
        ("copy-of-0.txt", "duplicate"),
        ("empty.txt", "quarantine"),
    ]
    records = ds.dataset(tmp_path / "out" / "records", format="parquet", partitioning="hive").to_table().to_pylist()
    for row in rows[:3]:
        record = next(r for r in records if r["source_path"] == row["source_path"])
        assert row["doc_id"].hex() == record["doc_id"] and row["reprint_cluster"].hex() == record["reprint_cluster"]
        assert row["source_sha256"].hex() == record["source_sha256"] and row["minhash"] is not None
    assert rows[3]["doc_id"] == rows[0]["doc_id"]
    index_files = {p.name for p in (tmp_path / "out" / INDEX_DIR).iterdir()}
    assert index_files == {p.name for p in (tmp_path / "out" / "records").rglob("*.parquet")}


def test_a_missing_index_is_rebuilt_identical_from_the_datasets(tmp_path):
    write_raw(tmp_path / "raw")
    out = tmp_path / "out"
    ingest(tmp_path / "raw", out, "r1")
    written = index_rows(out)
    shutil.rmtree(out / "index")
    assert doc_index.repair(str(out)) == ["part-r1-00001.parquet"]
    assert index_rows(out) == written
    assert doc_index.repair(str(out)) == []


def test_an_index_of_an_older_version_is_replaced_by_one_rebuilt_from_the_datasets(tmp_path):
    write_raw(tmp_path / "raw")
    out = tmp_path / "out"
    ingest(tmp_path / "raw", out, "r1")
    written = index_rows(out)
    shutil.rmtree(out / REPRINT_CACHE_DIR)  # the previous release left its index alone
    (out / INDEX_DIR).rename(out / "index" / f"v{int(INDEX_VERSION) - 1}")
    ledger = Ledger.load(str(out))
    assert [p.name for p in (out / "index").iterdir()] == [f"v{INDEX_VERSION}"]
    assert index_rows(out) == written
    assert len(ledger.reprints) == 3


def test_an_index_file_without_its_flush_is_dropped(tmp_path):
    write_raw(tmp_path / "raw")
    out = tmp_path / "out"
    ingest(tmp_path / "raw", out, "r1")
    orphan = out / INDEX_DIR / "part-gone-00001.parquet"
    shutil.copy(out / INDEX_DIR / "part-r1-00001.parquet", orphan)
    doc_index.repair(str(out))
    assert not orphan.exists()


def test_the_ledger_answers_from_the_index(tmp_path):
    write_raw(tmp_path / "raw")
    out = tmp_path / "out"
    ingest(tmp_path / "raw", out, "r1")
    shutil.rmtree(out / "index")  # the ledger must not depend on the index surviving
    ledger = Ledger.load(str(out))
    rows = index_rows(out)
    assert ledger.original_of(rows[0]["doc_id"].hex()) == "article-0.txt"
    assert ledger.original_of("0" * 32) is None
    known = ledger.known(["article-1.txt", "empty.txt", "never-seen.txt"])
    assert known == {"article-1.txt": {rows[1]["source_sha256"].hex()}, "empty.txt": {rows[4]["source_sha256"].hex()}}
    assert len(ledger.reprints) == 3


def write_articles(raw: Path, articles: Sequence[Sequence[str]]) -> None:
    raw.mkdir(parents=True)
    for index, article in enumerate(articles):
        (raw / f"article-{index}.txt").write_text("\n".join(article) + "\n", encoding="utf-8")


def cached_files(out: Path) -> list[str]:
    return json.loads((out / REPRINT_CACHE_DIR / reprint_cache.COVERED).read_text())


def test_the_reprint_clusters_are_cached_in_out_and_later_flushes_are_read_beside_the_cache(tmp_path):
    articles = ntrex_articles("en")
    out = tmp_path / "out"
    write_articles(tmp_path / "week1", articles[:12])
    ingest(tmp_path / "week1", out, "r1")
    cached = Ledger.load(str(out)).reprints.segments
    assert cached_files(out) == ["part-r1-00001.parquet"] and [len(s) for s in cached] == [12]
    index = ds.dataset(out / INDEX_DIR, format="parquet").to_table().to_pylist()
    assert cached[0].signatures_of(np.arange(12)).tobytes() == b"".join(row["minhash"] for row in index)
    assert cached[0].clusters.tobytes() == b"".join(row["reprint_cluster"] for row in index)

    reprint = [articles[20][1], *articles[0][:3], articles[0][3].replace(" the ", " this ", 1), *articles[0][4:]]
    write_articles(tmp_path / "week2", [reprint])
    ingest(tmp_path / "week2", out, "r2")  # placed against the mapped cache
    first = next(row["doc_id"].hex() for row in index if row["source_path"] == "article-0.txt")
    added = [row for row in index_rows(out) if row["doc_id"] not in {r["doc_id"] for r in index}]
    assert [row["reprint_cluster"].hex() for row in added] == [first]

    reprints = Ledger.load(str(out)).reprints
    assert cached_files(out) == ["part-r1-00001.parquet"] and [len(s) for s in reprints.segments] == [12, 1]
    reprint_signature = signature(reprint)
    assert reprint_signature is not None  # an article has letters
    assert reprints.best_match(reprint_signature) == 12  # the reprint itself, read from the newer flush
    assert reprints.assign("f" * 32, reprint_signature) == first


def test_a_reprint_cache_that_is_incomplete_or_covers_files_gone_is_written_again(tmp_path):
    articles = ntrex_articles("en")
    out = tmp_path / "out"
    for run in range(3):
        write_articles(tmp_path / f"week{run}", articles[run * 4 : run * 4 + 4])
        ingest(tmp_path / f"week{run}", out, f"r{run}")
        (out / REPRINT_CACHE_DIR / reprint_cache.COVERED).unlink()  # as if a run had stopped while writing it
    reprints = Ledger.load(str(out)).reprints
    assert [len(s) for s in reprints.segments] == [12] and len(cached_files(out)) == 3
    clusters = [reprints.cluster_of(row) for row in range(12)]

    compact(str(out), target_mb=64)  # merges the three flushes' index files into one
    reprints = Ledger.load(str(out)).reprints
    assert cached_files(out) == [os.path.basename(p) for p in doc_index.index_files(str(out))]
    assert len(cached_files(out)) == 1 and [len(s) for s in reprints.segments] == [12]
    assert sorted(reprints.cluster_of(row) for row in range(12)) == sorted(clusters)


def test_a_reprint_cache_cut_short_is_written_again(tmp_path):
    out = tmp_path / "out"
    write_articles(tmp_path / "week1", ntrex_articles("en")[:6])
    ingest(tmp_path / "week1", out, "r1")
    whole = Ledger.load(str(out)).reprints.segments[0]
    bands = out / REPRINT_CACHE_DIR / "bands"
    bands.write_bytes(bands.read_bytes()[:-8])  # as a full disk would leave it
    reprints = Ledger.load(str(out)).reprints
    assert bands.stat().st_size == 6 * MINHASH_BANDS * 8
    assert [reprints.best_match(s.tobytes()) for s in whole.signatures_of(np.arange(6))] == list(range(6))
