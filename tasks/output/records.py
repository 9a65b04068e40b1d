"""Outcomes to rows of the output tables, typed by the one schema in tasks.output.schema."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import chain
from operator import itemgetter

import pyarrow as pa
import pyarrow.compute as pc

from tasks.model import AlignedColumns, CleanDocument, Quarantined
from tasks.output.schema import (
    ALIGNMENT_SCHEMA,
    DUPLICATE_SCHEMA,
    PARTITION_COLUMNS,
    PIPELINE_VERSION,
    QUARANTINE_SCHEMA,
    RECORD_SCHEMA,
)
from tasks.steps.align import METHOD


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


def partitions(table: pa.Table, columns: tuple[str, ...] = PARTITION_COLUMNS) -> dict[str, pa.Table]:
    """The rows of each partition (sorted) as its file stores them: without the partition columns. Records are
    partitioned by language; alignments by pair (`columns`)."""
    # one stable sort, then a slice per value: a filter per value scanned the table once per partition (0.075 s for
    # the ten language pairs of the alignments of 4,000 documents, 0.013 s so; docs/performance.md, the eighth round)
    order = pc.sort_indices(table.column(columns[0]))
    ordered = table.take(order)
    start = 0
    split = {}
    # (value_counts in the sorted order of the rows, which sort_indices sorts by code point, as Python's sorted does)
    for run in sorted(pc.value_counts(ordered.column(columns[0])).to_pylist(), key=itemgetter("values")):
        split[run["values"]] = ordered.slice(start, run["counts"]).drop_columns(list(columns))
        start += run["counts"]
    return split


def pair_of(src_language: str, tgt_language: str) -> str:
    """The `pair` partition of two languages' alignments: the two tags sorted, joined by "__".

    >>> pair_of("zh-Hant", "en")
    'en__zh-Hant'
    """
    return "__".join(sorted((src_language, tgt_language)))


def alignments_table(docs: Sequence[CleanDocument], run_id: str, now: datetime) -> pa.Table:
    """One row per aligned unit of the documents (none for a document with one language part), built column by
    column from the documents' AlignedColumns: a dict per row, then Arrow from the dicts, cost 2.5 times as much
    (docs/performance.md, the eighth round).

    >>> from datetime import UTC
    >>> from tasks.model import AlignedUnit
    >>> unit = AlignedUnit("sentence", "zh-Hant", "en", (0,), (0, 1), (2,), (3,), "甲。", "A. B.", 0.75)
    >>> doc = CleanDocument("a.txt", "0" * 64, "d" * 32, "utf-8", [], [], alignments=[unit])
    >>> (row,) = alignments_table([doc], "run", datetime(2026, 1, 2, tzinfo=UTC)).to_pylist()
    >>> row["pair"], row["src_indices"], row["tgt_indices"], row["tgt_paragraph_indices"], row["tgt_text"], row["score"]
    ('en__zh-Hant', [0], [0, 1], [3], 'A. B.', 0.75)
    """
    aligned = [AlignedColumns.of(doc.alignments) for doc in docs]  # as the workers send them (tasks/model.py)

    def joined(name: str) -> list:
        return list(chain.from_iterable(each.column(name) for each in aligned))

    owners = [doc for doc, each in zip(docs, aligned, strict=True) for _ in range(len(each))]  # each row's document
    src_languages, tgt_languages = joined("src_language"), joined("tgt_language")
    pairs = {languages: pair_of(*languages) for languages in set(zip(src_languages, tgt_languages, strict=True))}
    columns = {
        "doc_id": [doc.doc_id for doc in owners],
        "pair": [pairs[languages] for languages in zip(src_languages, tgt_languages, strict=True)],
        "src_language": src_languages,
        "tgt_language": tgt_languages,
        "src_paragraph_indices": joined("src_paragraphs"),
        "tgt_paragraph_indices": joined("tgt_paragraphs"),
        "source_path": [doc.source_path for doc in owners],
    }
    columns |= {name: joined(name) for name in ("level", "src_indices", "tgt_indices", "src_text", "tgt_text", "score")}
    rows = len(columns["level"])
    same = {"method": METHOD, "ingested_at": now, "run_id": run_id, "pipeline_version": PIPELINE_VERSION}
    arrays = [
        pa.repeat(pa.scalar(same[field.name], field.type), rows)
        if field.name in same
        else pa.array(columns[field.name], field.type)
        for field in ALIGNMENT_SCHEMA
    ]
    return pa.Table.from_arrays(arrays, schema=ALIGNMENT_SCHEMA)


def quarantine_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=QUARANTINE_SCHEMA)


def duplicates_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=DUPLICATE_SCHEMA)
