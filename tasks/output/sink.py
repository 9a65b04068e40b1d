"""Where batch results land: RecordSink decides and counts, FlushBuffer holds rows until a flush commits them.

RecordSink owns OUT for one run (its lock, recovery, the ledger of what OUT
holds): it decides what each outcome becomes (records, an exact duplicate, a
quarantine row, already ingested), counts it in the run report and hands the
rows to its FlushBuffer, which builds them into tables and commits them as one
atomic unit (tasks/output/write.py). Results are accepted in submission order
(sorted source paths), so which of two equal documents counts as the original
never depends on timing or runner.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

import pyarrow as pa

from tasks.model import AlreadyIngested, BatchResult, CleanDocument, Quarantined
from tasks.output.boilerplate import DEFAULT_MIN_DOCS, Boilerplate
from tasks.output.doc_index import document_row, index_table
from tasks.output.ledger import Ledger
from tasks.output.records import (
    alignments_table,
    duplicate_row,
    duplicates_table,
    partitions,
    quarantine_row,
    quarantine_table,
    record_rows,
    records_table,
)
from tasks.output.report import RunReport
from tasks.output.schema import DATASET_PARTITIONS, INDEX_DIR
from tasks.output.write import PlannedFile, acquire_lock, commit, recover, release_lock
from tasks.steps.kept_alignments import kept_alignments

# The buffer holds Arrow tables (text and paragraphs, so about twice the text): with 64 (when it held Python rows),
# a run of 20,000 documents peaked 170 MB above one of 2,000; with 16, 20 MB.
DEFAULT_FLUSH_MB = 16

_committed_in_process = 0  # input files whose outcome a flush of this process committed: what Ctrl-C reports


def files_committed() -> int:
    """How many input files the flushes of this process committed so far (read by the CLI's Ctrl-C handler)."""
    return _committed_in_process


def buffered_size(rows: list[dict]) -> int:
    """What --flush-mb counts of record rows: twice the UTF-8 bytes of `text`, for text and paragraphs."""
    return sum(len(row["text"].encode("utf-8")) * 2 for row in rows)


class FlushBuffer:
    """The rows accepted since the last flush, and their commit as one unit: a file per language partition,
    quarantine, duplicates, and the document index file that describes them (same name in every directory)."""

    def __init__(self) -> None:
        # a table per accepted batch, all languages in one (a table costs ~1 ms to build whatever its size):
        # built while the workers are still busy, so the flush at the end of a run has only to split and write them
        self.records: list[pa.Table] = []
        self.alignments: list[pa.Table] = []  # committed with the records of the same documents, in the same unit
        self.quarantine: list[dict] = []
        self.duplicates: list[dict] = []
        self.indexed: list[dict] = []  # index rows of the documents buffered
        self.sources = 0  # input files whose outcome is buffered
        self.bytes = 0  # what --flush-mb counts: twice the UTF-8 bytes of `text`, for text and paragraphs

    def add_records(self, rows: list[dict], size: int) -> None:
        """Buffer record rows whose buffered_size is `size` (counted by the caller, document by document)."""
        if rows:
            self.records.append(records_table(rows))
            self.bytes += size

    def add_alignments(self, docs: list[CleanDocument], run_id: str, now: datetime) -> None:
        """Buffer the alignment rows of these documents (those with alignments)."""
        if docs:
            self.alignments.append(alignments_table(docs, run_id, now))

    def files(self, name: str) -> list[PlannedFile]:
        """The files of one flush, all called `name`; none when nothing is buffered."""
        records = partitions(pa.concat_tables(self.records)) if self.records else {}
        quarantine = quarantine_table(self.quarantine) if self.quarantine else None
        duplicates = duplicates_table(self.duplicates) if self.duplicates else None
        files = [PlannedFile(table, f"records/language={lang}/{name}") for lang, table in records.items()]
        if self.alignments:
            aligned = partitions(pa.concat_tables(self.alignments), DATASET_PARTITIONS["alignments"])
            files += [PlannedFile(table, f"alignments/pair={pair}/{name}") for pair, table in aligned.items()]
        if quarantine is not None:
            files.append(PlannedFile(quarantine, f"quarantine/{name}"))
        if duplicates is not None:
            files.append(PlannedFile(duplicates, f"duplicates/{name}"))
        if files:
            files.append(PlannedFile(index_table(self.indexed, duplicates, quarantine), f"{INDEX_DIR}/{name}"))
        return files


class RecordSink:
    """Owns OUT for one run: take its lock, recover, accept outcomes, flush, release."""

    def __init__(
        self,
        out: str,
        run_id: str,
        report: RunReport,
        flush_mb: float = DEFAULT_FLUSH_MB,
        boilerplate_min_docs: int = DEFAULT_MIN_DOCS,
        retry_quarantined: bool = False,
    ) -> None:
        self.out = out
        self.retry_quarantined = retry_quarantined
        self.run_id = run_id
        self.report = report
        self.flush_bytes = int(flush_mb * 1024 * 1024)
        self._lock = acquire_lock(out)
        recover(out)
        self.ledger = Ledger.load(out)
        self.buffer = FlushBuffer()
        self.boilerplate = Boilerplate(out, boilerplate_min_docs, run_id)
        self._flushes = 0
        self.outcomes: Counter[str] = Counter()  # source_path -> outcomes accepted, for RunReport.reconcile

    def known(self, source_paths: list[str]) -> dict[str, frozenset[str]]:
        """The sha256 of what OUT last handled of these paths (Ledger.known); one pass over the index, so ask for all at once."""
        return self.ledger.known(source_paths, self.retry_quarantined)

    def accept(self, batch: BatchResult) -> None:
        now = datetime.now(UTC)
        self.report.add_batch_steps(batch.step_seconds, batch.steps)
        new: list[CleanDocument] = []
        for outcome in batch.outcomes:
            self.outcomes[outcome.source_path] += 1
            if isinstance(outcome, AlreadyIngested):
                self.report.already_ingested += 1
            elif isinstance(outcome, Quarantined):
                self._accept_quarantined(outcome, now)
            elif self._is_new(outcome, now):
                new.append(outcome)
        clusters = self.ledger.reprints.assign_all([(doc.doc_id, doc.minhash) for doc in new])
        records: list[dict] = []
        aligned: list[CleanDocument] = []  # the documents with alignment rows, as their records keep them
        pending_bytes = 0
        for doc, cluster in zip(new, clusters, strict=True):
            kept = self.boilerplate.apply(doc, cluster)
            if kept is not doc and doc.alignments:  # the rows index the records' paragraphs: those they keep
                kept = replace(kept, alignments=kept_alignments(doc.parts, doc.alignments, kept.parts))
            rows = self._accept_document(kept, cluster, now)
            records += rows
            if kept.alignments:
                aligned.append(kept)
            pending_bytes += buffered_size(rows)
            # flush within the batch, so that --flush-mb bounds the buffer whatever the batch size (a batch of
            # 1024 files once made one 5.5 MB flush under --flush-mb 0.3)
            if self.buffer.bytes + pending_bytes >= self.flush_bytes:
                self.buffer.add_records(records, pending_bytes)
                self.buffer.add_alignments(aligned, self.run_id, now)
                self.flush()
                records, aligned, pending_bytes = [], [], 0
        self.buffer.add_records(records, pending_bytes)
        self.buffer.add_alignments(aligned, self.run_id, now)

    def _accept_quarantined(self, item: Quarantined, now: datetime) -> None:
        """Counted by reason; a row unless OUT's latest row for the file says the same already (a retried reason
        that failed again on the same bytes): reruns then leave quarantine/ as it is."""
        self.report.quarantined[item.reason] += 1
        self.ledger.add_source(item.source_path, item.source_sha256)
        if self.ledger.verdict_stands(item):
            self.report.still_quarantined += 1
            return
        self.buffer.quarantine.append(quarantine_row(item, self.run_id, now))
        self.buffer.sources += 1

    def _is_new(self, doc: CleanDocument, now: datetime) -> bool:
        """Whether the document's content is new to OUT; a duplicate is recorded as one. Either way the ledger knows it."""
        original = self.ledger.original_of(doc.doc_id)
        if original is not None:
            self.report.duplicates += 1
            self.report.duplicate_of[doc.source_path] = {"doc_id": doc.doc_id, "original_path": original}
            self.buffer.duplicates.append(duplicate_row(doc, original, self.run_id, now))
            self.buffer.sources += 1
            self.ledger.add_source(doc.source_path, doc.source_sha256)
            return False
        self.report.ingested_from_quarantine += self.ledger.was_quarantined(doc.source_path)
        retried = self.ledger.retried_verdict(doc.source_path)
        unchanged = retried is not None and retried[2] == doc.source_sha256  # a verdict on these bytes, tried again
        if self.ledger.was_seen(doc.source_path) and not unchanged:
            self.report.changed_in_place += 1
            self.report.changed_in_place_paths.append(doc.source_path)
        self.ledger.add_document(doc.doc_id, doc.source_path, doc.source_sha256)
        return True

    def _accept_document(self, doc: CleanDocument, cluster: str, now: datetime) -> list[dict]:
        """The document's record rows, counted; its index row goes to the buffer."""
        self.report.reprints += cluster != doc.doc_id
        self.buffer.indexed.append(document_row(doc.doc_id, doc.source_path, doc.source_sha256, cluster, doc.minhash, now))
        self.buffer.sources += 1
        self.report.documents += 1
        self.report.fixes.update(doc.fixes)
        rows = record_rows(doc, cluster, self.run_id, now)
        for row in rows:
            self.report.records_per_language[row["language"]] += 1
            self.report.duplicate_paragraphs += row["duplicate_paragraphs"]
            self.report.boilerplate_paragraphs += row["boilerplate_paragraphs"]
        return rows

    def flush(self) -> None:
        """Commit everything buffered as one atomic unit: one file per language, quarantine, duplicates, index."""
        self._flushes += 1
        name = f"part-{self.run_id}-{self._flushes:05d}.parquet"
        files = self.buffer.files(name)
        files += self.boilerplate.files(name, datetime.now(UTC)) if files else []
        self.report.files_written += commit(self.out, files, {"reprints.run_id": self.run_id})
        self.boilerplate.flushed()
        global _committed_in_process
        _committed_in_process += self.buffer.sources
        self.buffer = FlushBuffer()

    def checkpoint(self) -> None:
        """After the last flush: fold the boilerplate journal into its checkpoint (tasks/output/boilerplate.py)."""
        self.boilerplate.checkpoint()

    def release(self) -> None:
        """Release OUT. What was not flushed is dropped: the next run redoes those files, nothing half-done stays."""
        self.ledger.close()
        release_lock(self._lock)
