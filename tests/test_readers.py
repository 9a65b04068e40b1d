"""The output read by real readers (pyarrow, pandas, polars, DuckDB), through exactly the README's snippets.

One flow run ingests the demo raw/ into a temporary processed/; every README code
block of "## Reading the output" then runs there as written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from tasks.output.report import RunReport
from tasks.output.schema import PIPELINE_VERSION, RECORD_SCHEMA, SCHEMA_VERSION
from tests.conftest import REPO

DOCUMENT = "2026-11/library-hours.txt"  # the README's example document: bilingual zh-Hant + en


def readme_blocks() -> list[tuple[str, str]]:
    """(language, code) of every fenced block in the README section "## Reading the output"."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Reading the output")
    end = text.find("\n## ", start + 1)
    return re.findall(r"```(\w+)\n(.*?)```", text[start : end if end > 0 else None], re.S)


def python_block(library: str) -> str:
    blocks = [code for language, code in readme_blocks() if language == "python" and f"import {library}" in code]
    assert len(blocks) == 1, f"the README should show one {library} snippet"
    return blocks[0]


@pytest.fixture(scope="module")
def ingested(prefect_server: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, RunReport]]:
    """cwd = a folder whose processed/ holds the demo raw/, as after `make run`."""
    from flows.ingest import ingest_reprints

    folder = tmp_path_factory.mktemp("reader")
    report = ingest_reprints(raw=str(REPO / "raw"), out=str(folder / "processed"), runner="thread")
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield folder, report
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def truth(ingested: tuple[Path, RunReport]) -> dict[tuple[str, str], dict]:
    """Every record, read file by file with the plain Parquet reader, `language` taken from the directory name."""
    rows = {}
    for path in sorted(Path("processed/records").glob("language=*/*.parquet")):
        language = path.parent.name.removeprefix("language=")
        for row in pq.read_table(path).to_pylist():
            rows[row["doc_id"], language] = {**row, "language": language}
    return rows


def run_python(library: str) -> dict:
    namespace: dict = {}
    exec(python_block(library), namespace)
    return namespace


def rows_by_key(rows: list[dict]) -> dict[tuple[str, str], dict]:
    keyed = {(row["doc_id"], row["language"]): row for row in rows}
    assert len(keyed) == len(rows), "one row per document and language"
    return keyed


def all_rows(library: str) -> list[dict]:
    """All records as the README's snippet for `library` loads them, as Python values."""
    if library == "duckdb":
        return _duckdb(None)
    namespace = run_python(library)
    if library == "pyarrow":
        return namespace["table"].to_pylist()
    if library == "pandas":
        return namespace["df"].to_dict("records")
    return namespace["df"].to_dicts()


def duckdb_statements() -> dict[str, str]:
    """The README's SQL statements, keyed by their `-- comment` (the CREATE VIEW as "create view")."""
    (sql,) = [code for language, code in readme_blocks() if language == "sql"]
    statements = {}
    for statement in filter(None, (s.strip() for s in sql.split(";"))):
        comment = re.match(r"-- (.*)\n", statement)
        statements[comment.group(1) if comment else "create view"] = statement
    return statements


@pytest.mark.parametrize("library", ["pyarrow", "pandas", "polars", "duckdb"])
def test_every_reader_gets_the_same_rows_with_partitions_utc_times_and_lists(
    library: str, truth: dict[tuple[str, str], dict], ingested: tuple[Path, RunReport]
) -> None:
    _, report = ingested
    rows = rows_by_key(all_rows(library))
    assert set(rows) == set(truth)
    assert len(rows) == sum(report.records_per_language.values()) > 0
    for key, expected in truth.items():
        row = rows[key]
        assert set(row) == set(RECORD_SCHEMA.names), "every column, the partition column included"
        assert isinstance(row["paragraphs"], list) and isinstance(row["fixes"], list), "list columns read as lists"
        assert row["ingested_at"].utcoffset() == dt.timedelta(0) or library == "duckdb"
        assert row["ingested_at"].tzinfo is not None, "timestamps keep their time zone"
        for column in RECORD_SCHEMA.names:
            assert row[column] == expected[column], f"{library}: {column} of {key}"


def test_pyarrow_pandas_and_polars_see_utc_timestamps_and_list_types(ingested: tuple[Path, RunReport]) -> None:
    pyarrow_type = run_python("pyarrow")["table"].schema.field("ingested_at").type
    assert pyarrow_type.tz == "UTC"
    assert str(run_python("pandas")["df"]["ingested_at"].dtype) == "timestamp[us, tz=UTC][pyarrow]"
    polars_schema = run_python("polars")["df"].schema
    assert str(polars_schema["ingested_at"]) == "Datetime(time_unit='us', time_zone='UTC')"
    assert str(polars_schema["paragraphs"]) == "List(String)"


def test_records_per_language(ingested: tuple[Path, RunReport]) -> None:
    _, report = ingested
    expected = dict(report.records_per_language)
    per_language = {
        "pyarrow": dict(zip(*run_python("pyarrow")["per_language"].to_pydict().values(), strict=True)),
        "pandas": {str(k): v for k, v in run_python("pandas")["per_language"].items()},
        "polars": dict(run_python("polars")["per_language"].iter_rows()),
        "duckdb": {row["language"]: row["records"] for row in _duckdb("records per language")},
    }
    for library, counts in per_language.items():
        assert counts == expected, library


def test_all_parts_of_one_document(truth: dict[tuple[str, str], dict]) -> None:
    (doc_id,) = {doc for (doc, _), row in truth.items() if row["source_path"] == DOCUMENT}
    expected = sorted(((row["part_index"], language) for (doc, language), row in truth.items() if doc == doc_id))
    assert [language for _, language in expected] == ["zh-Hant", "en"], "the README's example is a bilingual reprint"
    parts = {
        "pyarrow": run_python("pyarrow")["parts"].select(["part_index", "language"]).to_pylist(),
        "pandas": run_python("pandas")["parts"][["part_index", "language"]].to_dict("records"),
        "polars": run_python("polars")["parts"].select(["part_index", "language"]).to_dicts(),
    }
    for library, rows in parts.items():
        assert [(row["part_index"], row["language"]) for row in rows] == expected, library
    rows = _duckdb("all parts of one document, in document order")
    assert [(row["part_index"], row["language"]) for row in rows] == expected
    assert [row["paragraphs"] for row in rows] == [truth[doc_id, language]["paragraphs"] for _, language in expected]


def test_bilingual_pairs_side_by_side(truth: dict[tuple[str, str], dict]) -> None:
    bilingual = sorted(doc for doc, language in truth if language == "zh-Hant" and (doc, "en") in truth)
    assert bilingual, "the demo raw/ holds a bilingual reprint"
    pairs = _duckdb("bilingual pairs: the zh-Hant and en parts of each document side by side")
    assert [pair["doc_id"] for pair in pairs] == bilingual
    for pair in pairs:
        assert pair["text_zh"] == truth[pair["doc_id"], "zh-Hant"]["text"]
        assert pair["text_en"] == truth[pair["doc_id"], "en"]["text"]
        assert pair["title_en"] == truth[pair["doc_id"], "en"]["title"]


def test_every_file_carries_schema_version_pipeline_version_and_run_id(ingested: tuple[Path, RunReport]) -> None:
    _, report = ingested
    files = sorted(Path("processed").glob("**/*.parquet"))
    assert {f.parts[1] for f in files} >= {"records", "quarantine", "index"}, "the demo raw/ holds an empty file"
    for path in files:
        metadata = {k.decode(): v.decode() for k, v in pq.read_metadata(path).metadata.items()}
        assert metadata["reprints.schema_version"] == SCHEMA_VERSION
        assert metadata["reprints.pipeline_version"] == PIPELINE_VERSION
        assert metadata["reprints.run_id"] == report.run_id
        if "run_id" in pq.read_schema(path).names:  # the datasets, not the pipeline's own index
            assert set(pq.read_table(path, columns=["run_id"]).column("run_id").to_pylist()) == {report.run_id}
        assert {key for key in metadata if key.startswith("reprints.")} <= documented_metadata_keys()


def documented_metadata_keys() -> set[str]:
    return set(re.findall(r"^\| `(reprints\.[a-z_]+)` \|", (REPO / "docs" / "schema.md").read_text(encoding="utf-8"), re.M))


def test_a_partition_file_holds_no_partition_column(ingested: tuple[Path, RunReport]) -> None:
    """Stored in both places, pandas and pyarrow.parquet.read_table would fail to merge the two `language` fields."""
    for path in Path("processed/records").glob("*/*.parquet"):
        assert "language" not in pq.read_schema(path).names
    assert ds.dataset("processed/records", format="parquet", partitioning="hive").schema.field("language").type == "string"


def _duckdb(comment: str | None) -> list[dict]:
    """The rows of the README query with this comment (None: every record of the README's view)."""
    connection = duckdb.connect()
    statements = duckdb_statements()
    connection.sql(statements["create view"])
    result = connection.sql(statements[comment] if comment else "SELECT * FROM records")
    rows = [dict(zip(result.columns, values, strict=True)) for values in result.fetchall()]
    connection.close()
    return rows


def test_the_run_report_is_published_in_prefect_as_markdown_with_charts(ingested: tuple[Path, RunReport]) -> None:
    from prefect import get_client

    _, report = ingested
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts()
    published = [a.data for a in artifacts if a.key == "reprints-run-summary" and a.type == "markdown"]
    assert report.markdown() in published
    assert "## Records per language" in report.markdown() and "█" in report.markdown()
