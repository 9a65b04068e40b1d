"""`reprints schema`: the schema the pipeline writes now, its version, and the stable codes."""

from __future__ import annotations

import argparse
import json

from reprints.commands import EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "schema",
        help="print the schema of the Parquet output, its version and the stable codes",
        description="Print the columns (Arrow type, nullability) of every dataset under OUT, the schema and "
        "pipeline versions, and the fixes, quarantine reason and source format codes. Meanings and examples: docs/schema.md.",
    )
    parser.add_argument("--json", action="store_true", help="print it as JSON, for tools that check the schema")
    parser.set_defaults(handler=run)


def describe() -> dict:
    """The current schema as plain data."""
    from tasks.output.schema import (
        DATASET_PARTITIONS,
        DATASETS,
        FIX_CODES,
        PIPELINE_VERSION,
        QUARANTINE_REASONS,
        SCHEMA_VERSION,
        SOURCE_FORMAT_CODES,
    )

    return {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        "datasets": {
            name: {
                "partitioning": list(DATASET_PARTITIONS.get(name, ())),
                "columns": [{"name": f.name, "type": str(f.type), "nullable": f.nullable} for f in schema],
            }
            for name, schema in DATASETS.items()
        },
        "fix_codes": FIX_CODES,
        "quarantine_reasons": QUARANTINE_REASONS,
        "source_formats": SOURCE_FORMAT_CODES,
    }


def text(description: dict) -> str:
    lines = [
        f"reprints schema {description['schema_version']} (pipeline {description['pipeline_version']}); "
        "meanings and examples: docs/schema.md"
    ]
    for name, dataset in description["datasets"].items():
        partitioning = "".join(f"{column}=…/" for column in dataset["partitioning"])
        lines += ["", f"OUT/{name}/{partitioning}*.parquet"]
        for column in dataset["columns"]:
            where = "  (partition directory)" if column["name"] in dataset["partitioning"] else ""
            nullable = "null" if column["nullable"] else "not null"
            lines.append(f"  {column['name']:<22} {column['type']:<24} {nullable}{where}")
    tables = {"fixes codes": "fix_codes", "quarantine reasons": "quarantine_reasons", "source formats": "source_formats"}
    for title, key in tables.items():
        lines += ["", title]
        lines += [f"  {code:<29} {meaning}" for code, meaning in description[key].items()]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    description = describe()
    print(json.dumps(description, indent=2, ensure_ascii=False) if args.json else text(description))
    return EXIT_OK
