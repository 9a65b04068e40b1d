"""Progress and lineage in Prefect: what a scheduled run, which has no terminal, shows in the UI.

A run on the session's real Prefect server (loopback) over a RAW written here;
the artifacts and asset events are then read back through the Prefect API.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterId, ArtifactFilterKey

from tasks.run.lineage import asset_key
from tasks.run.progress import ARTIFACT_KEY, ProgressArtifact
from tests.cli_runs import articles_raw, asset_events

pytestmark = pytest.mark.usefixtures("prefect_server")


def _progress_artifacts(flow_run_id: UUID) -> list:
    with get_client(sync_client=True) as client:
        of_run = ArtifactFilterFlowRunId(any_=[flow_run_id])
        by_run = ArtifactFilter(flow_run_id=of_run, key=ArtifactFilterKey(any_=[ARTIFACT_KEY]))
        return client.read_artifacts(artifact_filter=by_run)


def _asset_events(name: str, key: str) -> list:
    with get_client(sync_client=True) as client:
        return asset_events(client, name, key)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[UUID, Path, Path]:
    """One run of the flow over 12 files in batches of 2: (flow run id, RAW, OUT)."""
    from flows.ingest import ingest_reprints

    folder = tmp_path_factory.mktemp("lineage")
    raw, out = articles_raw(folder / "raw reprints", 12), folder / "out"
    state = ingest_reprints(raw=str(raw), out=str(out), runner="thread", batch_size=2, return_state=True)
    flow_run_id = state.state_details.flow_run_id
    assert state.is_completed() and flow_run_id is not None
    return flow_run_id, raw, out


def test_a_run_leaves_a_progress_artifact_at_100_percent(run: tuple[UUID, Path, Path]) -> None:
    flow_run_id, _, _ = run
    [artifact] = _progress_artifacts(flow_run_id)
    assert artifact.type == "progress"
    assert float(artifact.data) == 100.0
    assert artifact.description == "12 of 12 files"


def test_a_run_records_raw_to_out_records_as_prefect_assets(run: tuple[UUID, Path, Path]) -> None:
    flow_run_id, raw, out = run
    records_key, raw_key = f"file://{out}/records", f"file://{str(raw).replace(' ', '_')}"
    [materialized] = _asset_events("prefect.asset.materialization.succeeded", records_key)
    related = {(r.id, r.role) for r in materialized.related}
    assert (raw_key, "asset") in related
    assert (f"prefect.flow-run.{flow_run_id}", "flow-run") in related
    assert materialized.payload["raw"] == str(raw) and materialized.payload["out"] == str(out)
    assert materialized.payload["files_found"] == 12 and materialized.payload["documents"] == 12
    assert materialized.payload["records"] >= 12
    assert _asset_events("prefect.asset.referenced", raw_key)


def test_the_progress_artifact_is_updated_at_most_once_per_interval() -> None:
    """Batches finishing faster than the interval cost no API request each; the end is always sent."""

    @flow
    def batches(update_seconds: float) -> tuple[int, UUID | None]:
        progress = ProgressArtifact(10, update_seconds=update_seconds)
        progress.start()
        for _ in range(10):
            progress.advance(1)
        progress.finish()
        return progress.updates, progress._id

    updates, artifact_id = batches(3600.0)
    assert updates == 1  # only the final one
    assert artifact_id is not None  # the artifact was created
    with get_client(sync_client=True) as client:
        [artifact] = client.read_artifacts(artifact_filter=ArtifactFilter(id=ArtifactFilterId(any_=[artifact_id])))
    assert artifact.data == 100.0 and artifact.description == "10 of 10 files"
    assert batches(0.0)[0] == 11  # every batch, then the end


def test_asset_keys_are_uris_prefect_accepts() -> None:
    assert asset_key("s3://bucket/raw") == "s3://bucket/raw"
    assert asset_key("relative/raw").startswith("file:///") and asset_key("relative/raw").endswith("/relative/raw")
    assert asset_key("/srv/news & views/raw") == "file:///srv/news___views/raw"
