"""Re-runs add nothing, new files add only themselves, a file changed in place is a new document."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.ingest import ingest_reprints
from tasks.output.report import RunReport
from tests.cli_runs import article, articles_raw, records, rows

pytestmark = pytest.mark.usefixtures("prefect_server")


def ingest(raw: Path, out: Path) -> RunReport:
    return ingest_reprints(raw=str(raw), out=str(out), runner="thread", batch_size=2, flush_mb=0.000001)


def data_files(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for name in ("records", "duplicates", "quarantine") for p in (out / name).rglob("*.parquet")}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = articles_raw(tmp_path / "raw", 5)
    (raw / "copy-of-a1.txt").write_text(article(1), encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "dangling.txt").symlink_to("later.txt")
    return raw


def test_rerun_adds_nothing(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = ingest(raw, out)
    assert (first.documents, first.duplicates, sum(first.quarantined.values())) == (5, 1, 2)
    before = (data_files(out), records(out), rows(out, "duplicates", ["source_path"]))

    again = ingest(raw, out)
    assert again.documents == again.duplicates == 0
    assert again.already_ingested == 7  # every file whose verdict depends only on its bytes
    assert dict(again.quarantined) == {"not_a_file": 1}  # a dangling link may be fixed: tried again, counted again
    assert again.still_quarantined == 1  # ... but the same verdict adds no row (before: a row a run)
    assert (data_files(out), records(out), rows(out, "duplicates", ["source_path"])) == before
    assert again.adds_up()


def test_new_files_ingest_only_themselves_and_a_fixed_link_is_picked_up(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(raw, out)
    (raw / "a5.txt").write_text(article(5), encoding="utf-8")
    (raw / "later.txt").write_text(article(6), encoding="utf-8")  # the dangling link now points at it
    report = ingest(raw, out)
    assert report.documents == 2 and report.duplicates == 1  # dangling.txt and later.txt: one document
    assert report.already_ingested == 7
    assert {path: d["original_path"] for path, d in report.duplicate_of.items()} == {"later.txt": "dangling.txt"}
    assert len({doc_id for doc_id, _, _ in records(out)}) == 7


def test_a_file_changed_in_place_is_a_new_document_and_the_report_says_so(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(raw, out)
    old_ids = {doc_id for doc_id, _, _ in records(out)}
    (raw / "a2.txt").write_text(article(2) + "Correction: the vote took place a day later.\n", encoding="utf-8")

    changed = ingest(raw, out)
    assert changed.documents == 1 and changed.changed_in_place == 1
    assert changed.changed_in_place_paths == ["a2.txt"]
    assert changed.to_dict()["changed_in_place_paths"] == ["a2.txt"]
    new_ids = {doc_id for doc_id, _, _ in records(out)} - old_ids
    assert len(new_ids) == 1  # the earlier version's records stay; readers pick the latest per source_path

    settled = data_files(out)
    assert ingest(raw, out).documents == 0
    (raw / "a2.txt").write_text(article(2), encoding="utf-8")  # changed back to bytes OUT holds the records of
    back = ingest(raw, out)
    # no new records: a duplicates row (of itself) says that a2.txt holds the first version again, and is newer
    # than the second version's records (docs/operations.md, the current version of each file)
    assert back.documents == back.changed_in_place == 0 and back.duplicates == 1
    assert back.duplicate_of["a2.txt"]["original_path"] == "a2.txt"
    assert back.duplicate_of["a2.txt"]["doc_id"] in old_ids
    assert {p.split("/")[0] for p in data_files(out) - settled} == {"duplicates"}


def quarantine_rows(out: Path) -> list[tuple]:
    return rows(out, "quarantine", ["source_path", "reason", "detail"])


def test_reruns_add_no_quarantine_row_while_the_bytes_and_the_verdict_stand(tmp_path: Path) -> None:
    """Files quarantined for a reason that is retried are tried each run; the same verdict again adds no row but is
    counted (quarantined, and still_quarantined). Before: a row per file per run (34 rows for 18 files after 3 runs)."""
    raw = articles_raw(tmp_path / "raw", 2)
    (raw / "big.txt").write_text(article(7) * 40, encoding="utf-8")  # over max_bytes: known by its size alone
    (raw / "dump.txt").write_text("word " * 300, encoding="utf-8")  # one line over max_line_chars
    (raw / "dangling.txt").symlink_to("nowhere.txt")
    out = tmp_path / "out"

    def run() -> RunReport:
        report = ingest_reprints(raw=str(raw), out=str(out), runner="thread", batch_size=2, max_bytes=2000, max_line_chars=1000)
        assert report.adds_up()
        return report

    first = run()
    verdicts = {"too_large": 1, "line_too_long": 1, "not_a_file": 1}
    assert dict(first.quarantined) == verdicts and first.still_quarantined == 0
    settled = quarantine_rows(out)
    assert [path for path, _, _ in settled] == ["big.txt", "dangling.txt", "dump.txt"]
    for _ in range(2):
        again = run()
        assert (dict(again.quarantined), again.still_quarantined, again.already_ingested) == (verdicts, 3, 2)
        assert quarantine_rows(out) == settled
        assert "3 of the quarantined files were already, for the same reason: no new row" in again.summary_lines()[3]

    (raw / "big.txt").write_text(article(7) * 41, encoding="utf-8")  # changed, still too large: a new verdict
    (raw / "dump.txt").write_text(article(8), encoding="utf-8")  # fixed: becomes a document
    changed = run()
    assert (dict(changed.quarantined), changed.still_quarantined, changed.documents) == ({"too_large": 1, "not_a_file": 1}, 1, 1)
    [added] = sorted(set(quarantine_rows(out)) - set(settled))
    assert added[:2] == ("big.txt", "too_large") and str(len(article(7) * 41)) in added[2]
