"""Outcomes to rows of the output tables, typed by the one schema in tasks.output.schema."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc

from tasks.model import CleanDocument, Quarantined
from tasks.output.schema import DUPLICATE_SCHEMA, PARTITION_COLUMNS, PIPELINE_VERSION, QUARANTINE_SCHEMA, RECORD_SCHEMA


def record_rows(doc: CleanDocument, reprint_cluster: str, run_id: str, now: datetime) -> list[dict]:
    """One row per language part of the document."""
    return [
        {
            "doc_id": doc.doc_id,
            "source_path": doc.source_path,
            "language": part.language,
            "text": "\n\n".join(part.paragraphs),
            "paragraphs": part.paragraphs,
            "title": part.title,
            "reprint_source": doc.reprint_source,
            "source_encoding": doc.source_encoding,
            "fixes": doc.fixes,
            "duplicate_paragraphs": part.duplicate_paragraphs,
            "language_confidence": round(part.confidence, 4),
            "ingested_at": now,
            "run_id": run_id,
            "pipeline_version": PIPELINE_VERSION,
            "source_sha256": doc.source_sha256,
            "part_index": index,
            "part_count": len(doc.parts),
            "reprint_cluster": reprint_cluster,
            "source_format": doc.page.source_format,
            "source_url": doc.page.source_url,
            "published": doc.page.published,
            "boilerplate_paragraphs": part.boilerplate_paragraphs,
        }
        for index, part in enumerate(doc.parts)
    ]


def quarantine_row(item: Quarantined, run_id: str, now: datetime) -> dict:
    return {
        "source_path": item.source_path,
        "reason": item.reason,
        "detail": item.detail,
        "source_sha256": item.source_sha256,
        "size_bytes": item.size_bytes,
        "quarantined_at": now,
        "run_id": run_id,
        "pipeline_version": PIPELINE_VERSION,
    }


def duplicate_row(doc: CleanDocument, original_path: str, run_id: str, now: datetime) -> dict:
    return {
        "source_path": doc.source_path,
        "doc_id": doc.doc_id,
        "duplicate_of_path": original_path,
        "source_sha256": doc.source_sha256,
        "detected_at": now,
        "run_id": run_id,
        "pipeline_version": PIPELINE_VERSION,
    }


def records_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=RECORD_SCHEMA)


def partitions(table: pa.Table) -> dict[str, pa.Table]:
    """The records of each language partition (sorted) as its file stores them: without the partition columns."""
    languages = table.column("language")
    return {
        language: table.filter(pc.equal(languages, language)).drop_columns(list(PARTITION_COLUMNS))
        for language in sorted(pc.unique(languages).to_pylist())
    }


def quarantine_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=QUARANTINE_SCHEMA)


def duplicates_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=DUPLICATE_SCHEMA)
