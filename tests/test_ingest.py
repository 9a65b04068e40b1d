"""The whole flow under a real (temporary) Prefect server, output read back with pyarrow."""

import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from flows.ingest import ingest_reprints
from tasks.output.schema import RECORD_SCHEMA

pytestmark = pytest.mark.usefixtures("prefect_server")


def _records(out: Path):
    return ds.dataset(out / "records", format="parquet", partitioning="hive").to_table()


@pytest.fixture
def raw(tmp_path: Path, sample_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "nested").mkdir(parents=True)
    shutil.copy(sample_path, raw / "nested" / "alaska.txt")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return raw


def test_the_sample_flows_into_two_records_and_a_report(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = ingest_reprints(raw=str(raw), out=str(out), runner="thread")
    table = _records(out)
    assert table.num_rows == 2
    rows = sorted(table.to_pylist(), key=lambda row: row["language"])
    assert [row["language"] for row in rows] == ["en", "zh-Hant"]
    assert {row["source_path"] for row in rows} == {"nested/alaska.txt"}
    assert len({row["doc_id"] for row in rows}) == 1
    for row in rows:
        assert row["text"] == "\n\n".join(row["paragraphs"])
        assert row["reprint_source"] == "澳門新聞通訊社(MNA)"
        assert row["duplicate_paragraphs"] == 1
        assert row["run_id"] == report.run_id
    assert set(table.schema.names) == set(RECORD_SCHEMA.names)
    quarantine = ds.dataset(out / "quarantine", format="parquet").to_table().to_pylist()
    assert sorted((q["source_path"], q["reason"]) for q in quarantine) == [("empty.txt", "empty"), ("picture.png", "binary")]
    assert report.adds_up() and report.files_found == 3 and report.documents == 1
    assert (out / "reports" / f"{report.run_id}.json").exists()


def test_a_second_run_adds_nothing_and_a_new_file_is_added_alone(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest_reprints(raw=str(raw), out=str(out), runner="thread")
    again = ingest_reprints(raw=str(raw), out=str(out), runner="thread")
    assert (again.already_ingested, again.documents, sum(again.quarantined.values())) == (3, 0, 0)
    assert _records(out).num_rows == 2
    (raw / "new.txt").write_text("A new article arrives.\n\nIt has two paragraphs of English text in it.\n", encoding="utf-8")
    third = ingest_reprints(raw=str(raw), out=str(out), runner="thread")
    assert (third.documents, third.already_ingested) == (1, 3)
    assert _records(out).num_rows == 3


def test_the_default_process_runner_gives_the_same_records(raw: Path, tmp_path: Path) -> None:
    threads, processes = tmp_path / "threads", tmp_path / "processes"
    ingest_reprints(raw=str(raw), out=str(threads), runner="thread")
    ingest_reprints(raw=str(raw), out=str(processes), runner="process", workers=2, batch_size=1)
    columns = ["doc_id", "language", "text"]
    assert sorted(_records(threads).select(columns).to_pylist(), key=str) == sorted(
        _records(processes).select(columns).to_pylist(), key=str
    )
