"""Outcomes to typed rows (tasks/output/records.py), from documents the pipeline cleaned out of files written here."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pyarrow as pa
import pytest

from tasks.inputs.discover import find_inputs
from tasks.model import CleanDocument, Quarantined
from tasks.output import records
from tasks.output.schema import DUPLICATE_SCHEMA, PARTITION_COLUMNS, PIPELINE_VERSION, QUARANTINE_SCHEMA, RECORD_SCHEMA
from tasks.pipeline import CleanOptions, process_batch

NOW = datetime(2026, 12, 6, 11, 0, tzinfo=UTC)
BILINGUAL = (
    "港務委員會週一討論渡輪的新時刻表。\n\n居民要求增加晚間班次，營運商表示將在數週內回覆。\n\n"
    "Ferry timetable\n\nThe harbour council met on Monday to discuss the new ferry timetable for the winter.\n\n"
    "Residents asked for more evening crossings, and the operator promised a reply within weeks.\n\n"
    "The harbour council met on Monday to discuss the new ferry timetable for the winter.\n"
)
FRENCH = "Le conseil municipal a voté lundi un budget pour rénover les écoles du quartier.\n"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict:
    raw = tmp_path_factory.mktemp("raw")
    (raw / "bilingual.txt").write_text(BILINGUAL, encoding="utf-8")
    (raw / "french.txt").write_text(FRENCH, encoding="cp1252")
    (raw / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    return {o.source_path: o for o in process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes}


def test_a_document_gives_one_row_per_language_part_in_document_order(outcomes: dict) -> None:
    doc: CleanDocument = outcomes["bilingual.txt"]
    rows = records.record_rows(doc, "c" * 32, "run1", NOW)
    assert [(row["language"], row["part_index"], row["part_count"]) for row in rows] == [("zh-Hant", 0, 2), ("en", 1, 2)]
    english = rows[1]
    assert english["text"] == "\n\n".join(english["paragraphs"]) and english["paragraphs"][0] == "Ferry timetable"
    assert english["title"] == "Ferry timetable" and english["duplicate_paragraphs"] == 1
    assert {row["doc_id"] for row in rows} == {doc.doc_id} and {row["reprint_cluster"] for row in rows} == {"c" * 32}
    assert all(row["language_confidence"] == round(row["language_confidence"], 4) for row in rows)
    assert (english["run_id"], english["ingested_at"], english["pipeline_version"]) == ("run1", NOW, PIPELINE_VERSION)


def test_rows_become_a_table_of_the_schema_split_into_language_partitions_without_the_partition_column(outcomes: dict) -> None:
    rows = [row for name in ("bilingual.txt", "french.txt") for row in records.record_rows(outcomes[name], "c" * 32, "r", NOW)]
    table = records.records_table(rows)
    assert table.schema == RECORD_SCHEMA and table.num_rows == 3
    split = records.partitions(table)
    assert list(split) == ["en", "fr", "zh-Hant"]  # sorted
    assert all(not set(PARTITION_COLUMNS) & set(part.column_names) for part in split.values())
    assert split["fr"].column("source_encoding").to_pylist() == ["cp1252"]
    assert sum(part.num_rows for part in split.values()) == table.num_rows


def test_partitions_keep_the_order_of_the_rows_within_each_partition() -> None:
    draw = random.Random(8)
    pairs = [draw.choice(["en__zh-Hant", "en__fr", "en__ja", "fr__und", "en__ko"]) for _ in range(10_000)]
    table = pa.table({"doc_id": [f"d{i}" for i in range(len(pairs))], "pair": pairs, "row": range(len(pairs))})
    split = records.partitions(table, ("pair",))
    assert list(split) == sorted(set(pairs))
    assert all(part.column_names == ["doc_id", "row"] for part in split.values())
    expected = {pair: [i for i, each in enumerate(pairs) if each == pair] for pair in split}
    assert {pair: part.column("row").to_pylist() for pair, part in split.items()} == expected
    assert split["fr__und"].column("doc_id").to_pylist() == [f"d{i}" for i in expected["fr__und"]]
    assert records.partitions(table.slice(0, 0), ("pair",)) == {}


def test_a_quarantined_file_and_a_duplicate_become_rows_of_their_own_tables(outcomes: dict) -> None:
    image: Quarantined = outcomes["image.png"]
    quarantine = records.quarantine_table([records.quarantine_row(image, "r", NOW)])
    assert quarantine.schema == QUARANTINE_SCHEMA
    assert quarantine.select(["source_path", "reason", "size_bytes"]).to_pylist() == [
        {"source_path": "image.png", "reason": "binary", "size_bytes": 108}
    ]
    duplicates = records.duplicates_table([records.duplicate_row(outcomes["french.txt"], "original.txt", "r", NOW)])
    assert duplicates.schema == DUPLICATE_SCHEMA
    assert duplicates.column("duplicate_of_path").to_pylist() == ["original.txt"]
    assert duplicates.column("doc_id").to_pylist() == [outcomes["french.txt"].doc_id]


def test_a_row_that_does_not_fit_the_schema_is_refused() -> None:
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError, KeyError, TypeError)):
        records.records_table([{"doc_id": 1, "language": "en", "paragraphs": "not a list"}])
