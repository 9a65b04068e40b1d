"""Lineage in Prefect: a run records RAW -> OUT/records as Prefect assets.

After the run's last commit the flow runs one task, `record-lineage`, that
materializes the asset OUT/records with RAW as its upstream asset. Prefect
emits the events `prefect.asset.referenced` (RAW) and
`prefect.asset.materialization.succeeded` (OUT/records, related to RAW, with the
run's counts as metadata); the UI shows them as the assets' history and lineage
(docs/deploy.md, "Progress and lineage in the Prefect UI").

Asset keys are URIs: an fsspec URL stays as it is (`s3://bucket/raw`), a local
folder becomes `file://` and its absolute path. Prefect refuses some characters
in keys (space, `%`, `#`, ...): they become `_`, and the exact location is in
the materialization's metadata.
"""

from __future__ import annotations

import os

from prefect.assets import Asset, AssetProperties, add_asset_metadata, materialize
from prefect.cache_policies import NO_CACHE
from prefect.types.names import RESTRICTED_ASSET_CHARACTERS

from tasks.output import storage
from tasks.output.report import RunReport

RECORDS = "records"
TASK_NAME = "record-lineage"


def asset_key(location: str) -> str:
    """The Prefect asset key of a folder: its URL, or `file://` and its absolute path.

    >>> asset_key("s3://bucket/raw/")
    's3://bucket/raw'
    >>> asset_key("/data/raw")
    'file:///data/raw'
    >>> asset_key("/data/my reprints #2")
    'file:///data/my_reprints__2'
    """
    location = location.rstrip("/")
    key = location if storage.is_remote(location) else "file://" + os.path.abspath(location)
    return "".join("_" if char in RESTRICTED_ASSET_CHARACTERS else char for char in key)


def records_asset(out: str) -> Asset:
    """OUT/records, the dataset a run materializes.

    >>> records_asset("s3://bucket/processed").key
    's3://bucket/processed/records'
    """
    properties = AssetProperties(name="reprints records", description=f"Clean per-language Parquet records under {out}")
    return Asset(key=f"{asset_key(out)}/{RECORDS}", properties=properties)


def raw_asset(raw: str) -> Asset:
    """RAW, the folder of raw reprints a run reads.

    >>> raw_asset("s3://bucket/raw").key
    's3://bucket/raw'
    """
    return Asset(key=asset_key(raw), properties=AssetProperties(name="raw reprints", description=f"Raw reprints under {raw}"))


def record_lineage(report: RunReport) -> None:
    """Record RAW -> OUT/records for this run (call in the flow, after OUT's last commit)."""
    records = records_asset(report.out)
    task = materialize(
        records, asset_deps=[raw_asset(report.raw)], name=TASK_NAME, cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5]
    )
    task(_materialized)(records.key, lineage_metadata(report))


def _materialized(key: str, metadata: dict) -> None:
    add_asset_metadata(key, metadata)


def lineage_metadata(report: RunReport) -> dict[str, str | int]:
    """What a materialization carries: where RAW and OUT are exactly, and the run's main counts (the full report is
    the run's table artifact)."""
    return {
        "raw": report.raw,
        "out": report.out,
        "run_id": report.run_id,
        "files_found": report.files_found,
        "documents": report.documents,
        "records": sum(report.records_per_language.values()),
        "files_written": len(report.files_written),
        "quarantined": sum(report.quarantined.values()),
    }
