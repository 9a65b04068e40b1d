"""Duplicates and reprints through the whole flow on a real Prefect server, read back with pyarrow."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from flows.ingest import ingest_reprints
from tests.corpus import ntrex_articles

pytestmark = pytest.mark.usefixtures("prefect_server")

FOOTER = (
    "Follow us on Twitter and Facebook for more news from the region. Subscribe to our daily newsletter: "
    "the best stories of the day, every morning in your inbox."
)


def records(out: Path) -> list[dict]:
    dataset = ds.dataset(out / "records", format="parquet", partitioning="hive")
    columns = ["doc_id", "source_path", "language", "reprint_cluster", "source_encoding"]
    return sorted(dataset.to_table(columns=columns).to_pylist(), key=lambda r: (r["source_path"], r["language"]))


def duplicates(out: Path) -> list[dict]:
    return ds.dataset(out / "duplicates", format="parquet").to_table().to_pylist() if (out / "duplicates").exists() else []


def run_report(out: Path, report) -> dict:
    return json.loads((out / "reports" / f"{report.run_id}.json").read_text(encoding="utf-8"))


def write(raw: Path, name: str, lines: Sequence[str], encoding: str = "utf-8") -> None:
    path = raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))


def test_the_same_article_in_big5_and_utf8_is_one_document(tmp_path):
    article = ntrex_articles("zh-Hant")[0]
    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "a/utf8.txt", article)
    write(raw, "b/big5.txt", article, "big5")
    report = ingest_reprints(raw=str(raw), out=str(out), runner="thread")
    rows = records(out)
    assert [(r["source_path"], r["source_encoding"]) for r in rows] == [("a/utf8.txt", "utf-8")]
    assert [(d["source_path"], d["doc_id"], d["duplicate_of_path"]) for d in duplicates(out)] == [
        ("b/big5.txt", rows[0]["doc_id"], "a/utf8.txt")
    ]
    listed = run_report(out, report)
    assert (listed["documents"], listed["duplicates"]) == (1, 1)
    assert listed["duplicate_of"] == {"b/big5.txt": {"doc_id": rows[0]["doc_id"], "original_path": "a/utf8.txt"}}


def test_the_same_article_in_a_later_run_adds_no_records(tmp_path):
    """Default (process) runner; the second run also finds the duplicate after OUT's index was deleted."""
    article = ntrex_articles("en")[4]
    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "2026-11/first.txt", article)
    ingest_reprints(raw=str(raw), out=str(out))
    before = records(out)
    for index_file in (out / "index").rglob("*.parquet"):
        index_file.unlink()
    write(raw, "2026-12/resent.txt", [f"  {line}  " for line in article], "utf-16")
    report = ingest_reprints(raw=str(raw), out=str(out))
    assert records(out) == before
    assert (report.documents, report.duplicates, report.already_ingested) == (0, 1, 1)
    assert report.duplicate_of == {"2026-12/resent.txt": {"doc_id": before[0]["doc_id"], "original_path": "2026-11/first.txt"}}


def test_an_edited_reprint_joins_the_cluster_of_the_original(tmp_path):
    articles = ntrex_articles("en")
    original = articles[10]
    reprint = [articles[30][1], *original[:3], original[3].replace(" the ", " this ", 1), *original[4:], FOOTER]
    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "week1/original.txt", original)
    write(raw, "week1/other.txt", articles[11])
    ingest_reprints(raw=str(raw), out=str(out), runner="thread")
    write(raw, "week2/reprint.txt", reprint)
    write(raw, "week2/reprint-of-reprint.txt", [*reprint[:-1], "Reprinted with permission from the Daily Courier."])
    report = ingest_reprints(raw=str(raw), out=str(out), runner="thread")
    rows = {r["source_path"]: r for r in records(out)}
    first = rows["week1/original.txt"]["doc_id"]
    assert rows["week1/original.txt"]["reprint_cluster"] == first
    assert rows["week1/other.txt"]["reprint_cluster"] == rows["week1/other.txt"]["doc_id"]
    assert rows["week2/reprint.txt"]["doc_id"] != first
    assert rows["week2/reprint.txt"]["reprint_cluster"] == first
    assert rows["week2/reprint-of-reprint.txt"]["reprint_cluster"] == first
    assert report.reprints == 2


def test_different_articles_with_the_same_footer_stay_in_their_own_clusters(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    for index, article in enumerate(ntrex_articles("en")[40:46]):
        write(raw, f"outlet/{index}.txt", [*article, FOOTER])
    report = ingest_reprints(raw=str(raw), out=str(out), runner="thread")
    rows = records(out)
    assert len({r["doc_id"] for r in rows}) == 6
    assert all(r["reprint_cluster"] == r["doc_id"] for r in rows)
    assert report.reprints == 0
