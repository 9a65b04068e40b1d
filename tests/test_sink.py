"""A run writes at most one file per partition per --flush-mb MB of records, row groups sized for scanning."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from reprints.cli import main
from tasks.output.sink import DEFAULT_FLUSH_MB
from tasks.output.write import ROW_GROUP_BYTES
from tests.conftest import REPO, outcome_as, write_out

MB = 1024 * 1024


def record_files(out: Path) -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(out.glob("records/language=*/*.parquet")):
        files[path.parent.name].append(path)
    return files


def buffered_bytes(path: Path) -> int:
    """What the flush threshold counts (docs/output.md): twice the UTF-8 bytes of `text`, for text and paragraphs."""
    return sum(2 * len(text.encode()) for text in pq.read_table(path, columns=["text"]).column("text").to_pylist())


def test_at_most_one_file_per_partition_per_flush_mb(tmp_path: Path, ntrex_documents: list) -> None:
    report = write_out(tmp_path, ntrex_documents, "flushrun", flush_mb=1)
    files = record_files(tmp_path)
    total = sum(buffered_bytes(path) for paths in files.values() for path in paths)
    assert total > 1 * MB, "enough real text for more than one flush"
    assert set(files) == {f"language={lang}" for lang in report.records_per_language}
    for partition, paths in files.items():
        assert len(paths) <= total // MB + 1, partition
    flushes: dict[str, int] = defaultdict(int)  # part-<run>-<seq> -> bytes it flushed, over all partitions
    for paths in files.values():
        for path in paths:
            flushes[path.name] += buffered_bytes(path)
    sizes = [flushes[name] for name in sorted(flushes)]
    assert 2 <= len(sizes) <= total // MB + 1
    assert all(size >= MB for size in sizes[:-1]), "no flush before the threshold, except the last"
    assert sum(pq.read_metadata(p).num_rows for ps in files.values() for p in ps) == sum(report.records_per_language.values())


def test_a_run_under_flush_mb_writes_one_file_per_partition_in_one_row_group(tmp_path: Path, ntrex_documents: list) -> None:
    write_out(tmp_path, ntrex_documents, "onefile")
    files = record_files(tmp_path)
    assert len(files) >= 3
    for paths in files.values():
        assert len(paths) == 1
        metadata = pq.read_metadata(paths[0])
        assert metadata.num_row_groups == 1
        assert metadata.row_group(0).total_byte_size < ROW_GROUP_BYTES


def test_the_flush_default_in_help_and_docs_is_the_one_used(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert re.search(rf"--flush-mb FLUSH_MB .*?\(default: {DEFAULT_FLUSH_MB}\)", help_text)
    assert f"`--flush-mb` MB (default **{DEFAULT_FLUSH_MB}**" in (REPO / "docs" / "output.md").read_text(encoding="utf-8")


def flush_sizes(out: Path) -> list[int]:
    """What each flush buffered (part-<run>-<seq> over every partition), in flush order."""
    flushes: dict[str, int] = defaultdict(int)
    for paths in record_files(out).values():
        for path in paths:
            flushes[path.name] += buffered_bytes(path)
    return [flushes[name] for name in sorted(flushes)]


def accept_as_one_batch(out: Path, outcomes: list, flush_mb: float) -> None:
    from tasks.model import BatchResult
    from tasks.output.report import RunReport
    from tasks.output.sink import RecordSink

    sink = RecordSink(str(out), "onebatch", RunReport(run_id="onebatch", raw="raw", out=str(out)), flush_mb=flush_mb)
    sink.accept(BatchResult(outcomes))  # a --batch-size larger than the whole run
    sink.flush()
    sink.release()


def test_flush_mb_bounds_a_flush_even_when_one_batch_holds_more(tmp_path: Path) -> None:
    """Before: the buffer was checked once per batch, so one batch of 1024 files made a 5.5 MB flush under 0.3 MB."""
    from tasks.inputs.discover import find_inputs
    from tasks.model import CleanDocument
    from tasks.pipeline import CleanOptions, process_batch
    from tests.cli_runs import articles_raw

    raw = articles_raw(tmp_path / "raw", 300)
    documents = process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes
    accept_as_one_batch(tmp_path / "out", documents, flush_mb=0.02)
    sizes = flush_sizes(tmp_path / "out")
    assert sum(sizes) > 4 * 0.02 * MB, "one batch of several times --flush-mb"
    assert len(sizes) >= 4
    assert max(sizes) < 0.02 * MB + largest_document(tmp_path / "out")  # the limit plus the document that crossed it
    assert sum(pq.read_metadata(p).num_rows for ps in record_files(tmp_path / "out").values() for p in ps) == sum(
        len(outcome_as(CleanDocument, doc).parts) for doc in documents
    )


def test_flush_mb_bounds_real_articles_accepted_as_one_batch(tmp_path: Path, ntrex_documents: list) -> None:
    accept_as_one_batch(tmp_path, ntrex_documents, flush_mb=0.25)
    sizes = flush_sizes(tmp_path)
    assert sum(sizes) > MB
    assert max(sizes) < 0.25 * MB + largest_document(tmp_path)


def largest_document(out: Path) -> int:
    """The most that one document adds to the buffer, over its records of every language."""
    per_document: dict[str, int] = defaultdict(int)
    for paths in record_files(out).values():
        for path in paths:
            table = pq.read_table(path, columns=["doc_id", "text"])
            for doc_id, text in zip(table["doc_id"].to_pylist(), table["text"].to_pylist(), strict=True):
                per_document[doc_id] += 2 * len(text.encode())
    return max(per_document.values())
