"""docs/schema.md documents exactly what tasks/output/schema.py defines: columns, types, nullability, codes, version."""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest

from reprints.cli import main
from tasks.output import schema
from tests.conftest import REPO

DOC = REPO / "docs" / "schema.md"


def sections() -> dict[str, list[list[str]]]:
    """Heading -> the rows (cells) of the tables under it, header and separator rows left out."""
    found: dict[str, list[list[str]]] = {}
    heading = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line
            found[heading] = []
        elif line.startswith("| `"):
            found[heading].append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    return found


def table_for(name: str) -> list[list[str]]:
    matches = [rows for heading, rows in sections().items() if f"(`{name}`)" in heading]
    assert matches, f"docs/schema.md has no section headed with (`{name}`): document {name} from tasks/output/schema.py"
    return matches[0]


def unquote(cell: str) -> str:
    return cell.removeprefix("`").removesuffix("`")


SCHEMAS = [name for name, value in vars(schema).items() if isinstance(value, pa.Schema)]
CODE_TABLES = [name for name in vars(schema) if name.endswith(("_CODES", "_REASONS"))]


def test_every_schema_and_code_table_in_the_module_is_found() -> None:
    assert {"RECORD_SCHEMA", "QUARANTINE_SCHEMA", "DUPLICATE_SCHEMA"} <= set(SCHEMAS)
    assert {"FIX_CODES", "QUARANTINE_REASONS"} <= set(CODE_TABLES)


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_column_is_documented_with_its_type_nullability_meaning_and_example(name: str) -> None:
    arrow_schema = getattr(schema, name)
    rows = table_for(name)
    assert [unquote(row[0]) for row in rows] == arrow_schema.names, f"the columns of {name} in docs/schema.md, in order"
    for column, arrow_type, nullable, meaning, example in rows:
        field = arrow_schema.field(unquote(column))
        assert unquote(arrow_type) == str(field.type), f"type of {field.name}"
        assert nullable == ("yes" if field.nullable else "no"), f"nullability of {field.name}"
        assert len(meaning) > 20, f"meaning of {field.name}"
        value = json.loads(unquote(example))
        assert value is not None, f"the example of {field.name} should be a real value"
        assert as_arrow(value, field.type).null_count == 0, field.name


def as_arrow(value: object, arrow_type: pa.DataType) -> pa.Array:
    """The documented example as a value of the column's type (binary examples are hex, maybe shortened with …)."""
    if pa.types.is_timestamp(arrow_type) or pa.types.is_date(arrow_type):  # written as ISO 8601 text
        return pa.array([value]).cast(arrow_type)
    if pa.types.is_fixed_size_binary(arrow_type):
        digits = str(value)
        raw = bytes.fromhex(digits.removesuffix("…"))
        return pa.array([raw.ljust(arrow_type.byte_width, b"\0") if digits.endswith("…") else raw], arrow_type)
    return pa.array([value], arrow_type)


@pytest.mark.parametrize("name", CODE_TABLES)
def test_every_code_is_documented_with_its_meaning(name: str) -> None:
    documented = [(unquote(code), meaning) for code, meaning in table_for(name)]
    assert documented == list(getattr(schema, name).items()), f"{name} in docs/schema.md, in order, meanings as in the code"


def test_the_documented_version_and_partitioning_are_the_current_ones() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"Schema version: **{schema.SCHEMA_VERSION}**" in text
    assert re.match(r"^\d+\.\d+$", schema.SCHEMA_VERSION), "MAJOR.MINOR, as the compatibility policy says"
    for column in schema.PARTITION_COLUMNS:
        assert f"records/{column}=" in text


def test_the_layout_under_out_shows_every_dataset_and_the_index() -> None:
    layout = DOC.read_text(encoding="utf-8").split("## Layout under OUT", 1)[1].split("```", 2)[1]
    for folder in [*schema.DATASETS, schema.INDEX_DIR, schema.REPRINT_CACHE_DIR, schema.BOILERPLATE_STATE_DIR]:
        assert re.search(rf"^  {re.escape(folder)}/", layout, re.M), folder


def test_reprints_schema_prints_every_column_and_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["schema_version"] == schema.SCHEMA_VERSION
    assert printed["pipeline_version"] == schema.PIPELINE_VERSION
    for dataset, arrow_schema in schema.DATASETS.items():
        columns = printed["datasets"][dataset]["columns"]
        expected = [(f.name, str(f.type), f.nullable) for f in arrow_schema]
        assert [(c["name"], c["type"], c["nullable"]) for c in columns] == expected
    assert printed["datasets"]["records"]["partitioning"] == list(schema.PARTITION_COLUMNS)
    assert printed["fix_codes"] == schema.FIX_CODES
    assert printed["quarantine_reasons"] == schema.QUARANTINE_REASONS
    assert printed["source_formats"] == schema.SOURCE_FORMAT_CODES

    assert main(["schema"]) == 0
    text = capsys.readouterr().out
    for arrow_schema in schema.DATASETS.values():
        for field in arrow_schema:
            assert re.search(rf"^  {field.name} +{re.escape(str(field.type))} ", text, re.M), field.name
    for code in [*schema.FIX_CODES, *schema.QUARANTINE_REASONS, *schema.SOURCE_FORMAT_CODES]:
        assert re.search(rf"^  {code} ", text, re.M), code
