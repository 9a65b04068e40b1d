"""The deployment `ingest-reprints/daily`, for real, as README "Scheduling with Prefect" tells a data engineer to run it.

One module-scoped scenario on loopback, no mocks: `prefect server start` on a free
port with a temporary PREFECT_HOME (SQLite), `prefect work-pool create`,
`prefect --no-prompt deploy --all` from prefect.yaml, `prefect worker start` in
another folder (so the pull step must set the working directory), one run of the
deployment into a temporary OUT. The tests below then read what the run left
behind through the API and in OUT. Everything started is stopped even when a step
fails (the worker with SIGINT, as Prefect expects).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pyarrow.dataset as ds
import pytest
import yaml
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    DeploymentFilter,
    DeploymentFilterId,
    FlowRunFilter,
    FlowRunFilterId,
    LogFilter,
    LogFilterFlowRunId,
)
from prefect.client.schemas.objects import FlowRun
from prefect.client.schemas.schedules import CronSchedule
from prefect.workers.process import ProcessWorker

from reprints.server import free_port, wait_healthy
from tasks.inputs.discover import find_inputs
from tasks.run import lineage, progress
from tasks.run.prefect_tasks import clean_batch, publish_report
from tests.cli_runs import asset_events

REPO = Path(__file__).resolve().parents[1]
PREFECT = str(Path(sys.executable).with_name("prefect"))
CONFIG = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
DEPLOYMENT = CONFIG["deployments"][0]
POOL = DEPLOYMENT["work_pool"]["name"]
STARTUP_SECONDS = 600  # deadlines for a hung test only: a loaded machine is slow
RUN_SECONDS = 600

# Fast polling so the test waits for work, not for timers: the worker asks for runs
# every second, the scheduler looks at deployments every second.
FAST = {
    "PREFECT_WORKER_QUERY_SECONDS": "1",
    "PREFECT_WORKER_HEARTBEAT_SECONDS": "5",
    "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "1",
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "INFO",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_SETTINGS_PATH": os.environ["PREFECT_LOGGING_SETTINGS_PATH"],  # tests/conftest.py
}


@dataclass
class Deployed:
    api_url: str
    out: Path
    flow_run: FlowRun
    logs: Path
    defaults_out: Path  # the second run's: a worker without REPRINTS_HOME, with REPRINTS_LIMIT
    defaults_run: FlowRun

    def client(self) -> SyncPrefectClient:
        return SyncPrefectClient(self.api_url)


class Stack:
    """The processes of one scenario, with their logs; `stop()` ends all of them."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.api_url = f"http://127.0.0.1:{free_port()}/api"
        self.env = {**os.environ, **FAST, "PREFECT_HOME": str(home), "PREFECT_API_URL": self.api_url}
        self.processes: list[tuple[subprocess.Popen, signal.Signals]] = []

    def start(self, name: str, args: list[str], stop_with: signal.Signals, cwd: Path, **env: str | None) -> subprocess.Popen:
        log = open(self.home / f"{name}.log", "wb")  # noqa: SIM115 - lives as long as the process
        environment = {key: value for key, value in {**self.env, **env}.items() if value is not None}
        process = subprocess.Popen(
            [PREFECT, *args], env=environment, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((process, stop_with))
        return process

    def run(self, args: list[str]) -> str:
        done = subprocess.run([PREFECT, *args], env=self.env, cwd=REPO, capture_output=True, text=True, timeout=STARTUP_SECONDS)
        assert done.returncode == 0, f"prefect {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def wait_healthy(self, server: subprocess.Popen) -> None:
        try:
            wait_healthy(self.api_url, server, STARTUP_SECONDS, "prefect server")
        except RuntimeError as error:
            raise AssertionError(f"{error}:\n{self.tail('server')}") from None

    def tail(self, name: str, lines: int = 40) -> str:
        path = self.home / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def stop(self) -> None:
        """Workers before the server; each with its signal, then its whole process group if it lingers."""
        for process, stop_with in reversed(self.processes):
            self.stop_one(process, stop_with)

    @staticmethod
    def stop_one(process: subprocess.Popen, stop_with: signal.Signals) -> None:
        if process.poll() is None:
            process.send_signal(stop_with)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):  # flow-run subprocesses the worker may have left behind
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_final(client: SyncPrefectClient, flow_run_id: UUID, stack: Stack) -> FlowRun:
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        flow_run = client.read_flow_run(flow_run_id)
        if flow_run.state and flow_run.state.is_final():
            return flow_run
        time.sleep(0.5)
    raise AssertionError(f"flow run not finished after {RUN_SECONDS} s:\n{stack.tail('worker')}")


def summary_logged(client: SyncPrefectClient, flow_run_id: UUID) -> bool:
    logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return any(log.message.startswith(f"reprints run {str(flow_run_id)[:8]}") for log in logs)


def wait_for_summary_log(client: SyncPrefectClient, flow_run_id: UUID, seconds: float = 60) -> None:
    """Before the worker is stopped: its flow-run process may still be sending the run's last log lines."""
    deadline = time.monotonic() + seconds
    while not summary_logged(client, flow_run_id) and time.monotonic() < deadline:
        time.sleep(0.5)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployed]:
    home = tmp_path_factory.mktemp("prefect-home")
    elsewhere = tmp_path_factory.mktemp("worker-cwd")
    out = tmp_path_factory.mktemp("deployed") / "out"
    defaults_out = out.with_name("defaults-out")
    stack = Stack(home)
    try:
        host, port = stack.api_url.split("//")[1].split("/")[0].split(":")
        server = stack.start("server", ["server", "start", "--host", host, "--port", port], signal.SIGINT, cwd=home)
        stack.wait_healthy(server)
        with SyncPrefectClient(stack.api_url) as client:  # what `prefect work-pool create --type process` sends, 6 s faster
            template = ProcessWorker.get_default_base_job_template()
            client.create_work_pool(WorkPoolCreate(name=POOL, type="process", base_job_template=template), overwrite=True)
        # REPRINTS_HOME only on the worker: the pull step must resolve it there, at run time.
        # The worker starts while `prefect deploy` runs; it finds the run on its next poll.
        worker = ["worker", "start", "--pool", POOL, "--limit", "1"]
        first = stack.start("worker", worker, signal.SIGINT, cwd=elsewhere, REPRINTS_HOME=str(REPO))
        stack.run(["--no-prompt", "deploy", "--all"])
        with SyncPrefectClient(stack.api_url) as client:
            deployment = client.read_deployment_by_name(f"ingest-reprints/{DEPLOYMENT['name']}")
            created = client.create_flow_run_from_deployment(deployment.id, parameters={"out": str(out), "workers": 2})
            flow_run = wait_final(client, created.id, stack)
            assert flow_run.state and flow_run.state.is_completed(), f"{flow_run.state}\n{stack.tail('worker', 80)}"
            wait_for_summary_log(client, flow_run.id)  # the flow-run process sends its last logs as it exits
            # a worker started as a new user would: no REPRINTS_HOME (the pull step defaults to the folder `prefect
            # deploy` ran in), and a setting of `reprints ingest` in its environment (docs/configuration.md)
            Stack.stop_one(first, signal.SIGINT)
            stack.start("worker-defaults", worker, signal.SIGINT, cwd=elsewhere, REPRINTS_HOME=None, REPRINTS_LIMIT="2")
            created = client.create_flow_run_from_deployment(deployment.id, parameters={"out": str(defaults_out), "workers": 2})
            defaults_run = wait_final(client, created.id, stack)
        final = defaults_run.state
        assert final and final.is_completed(), f"{final}\n{stack.tail('worker-defaults', 80)}"
        yield Deployed(stack.api_url, out, flow_run, home, defaults_out, defaults_run)
    finally:
        stack.stop()


def test_the_run_completed_and_is_named_after_its_input_and_date(deployed: Deployed) -> None:
    raw = DEPLOYMENT["parameters"]["raw"]
    assert re.fullmatch(rf"ingest-{raw}-\d{{8}}-\d{{6}}", deployed.flow_run.name)
    assert deployed.flow_run.start_time is not None  # the run completed, so it started
    started = deployed.flow_run.start_time.astimezone(UTC)
    assert deployed.flow_run.name[len(f"ingest-{raw}-") :][:8] == f"{started:%Y%m%d}"


def test_the_deployment_is_what_prefect_yaml_says(deployed: Deployed) -> None:
    with deployed.client() as client:
        deployment = client.read_deployment_by_name(f"ingest-reprints/{DEPLOYMENT['name']}")
    assert deployment.entrypoint == DEPLOYMENT["entrypoint"]
    assert deployment.work_pool_name == POOL
    assert deployment.parameters == DEPLOYMENT["parameters"]
    limit = deployment.global_concurrency_limit
    assert limit is not None and limit.limit == DEPLOYMENT["concurrency_limit"]
    crons = [s.schedule.cron if isinstance(s.schedule, CronSchedule) else s.schedule for s in deployment.schedules]
    assert crons == [s["cron"] for s in DEPLOYMENT["schedules"]]  # a schedule of another kind is no cron string
    # deployed without REPRINTS_HOME set, the placeholder is kept for the worker to resolve; the build step gave the
    # folder `prefect deploy` ran in as the default
    [(step, arguments)] = CONFIG["pull"][0].items()
    assert deployment.pull_steps == [{step: {**arguments, "deployed_from": str(REPO)}}]
    assert arguments["directory"] == "{{ $REPRINTS_HOME }}"


def test_the_scheduler_creates_runs_from_the_cron_schedule(deployed: Deployed) -> None:
    with deployed.client() as client:
        deployment = client.read_deployment_by_name(f"ingest-reprints/{DEPLOYMENT['name']}")
        scheduled: list[FlowRun] = []
        deadline = time.monotonic() + 30
        while not scheduled and time.monotonic() < deadline:
            scheduled = client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])),
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(not_any_=[deployed.flow_run.id, deployed.defaults_run.id])),
            )
            time.sleep(0.5)
    assert scheduled, "the scheduler created no run from the cron schedule"
    hour, minute = int(DEPLOYMENT["schedules"][0]["cron"].split()[1]), int(DEPLOYMENT["schedules"][0]["cron"].split()[0])
    for flow_run in scheduled:
        assert flow_run.state and flow_run.state.is_scheduled() and flow_run.expected_start_time is not None
        when = flow_run.expected_start_time.astimezone(UTC)
        assert (when.hour, when.minute) == (hour, minute)
        assert when > datetime.now(UTC)


def test_the_run_wrote_every_raw_file_to_out(deployed: Deployed) -> None:
    run_id = str(deployed.flow_run.id)[:8]
    records = ds.dataset(deployed.out / "records", format="parquet", partitioning="hive").to_table().to_pylist()
    quarantine = ds.dataset(deployed.out / "quarantine", format="parquet").to_table().to_pylist()
    raw_files = {s.source_path for s in find_inputs(str(REPO / DEPLOYMENT["parameters"]["raw"]))}
    assert {r["source_path"] for r in records} | {q["source_path"] for q in quarantine} == raw_files
    assert {r["run_id"] for r in records + quarantine} == {run_id}
    assert all(r["text"] and r["language"] for r in records)
    report = json.loads((deployed.out / "reports" / f"{run_id}.json").read_text(encoding="utf-8"))
    assert report["adds_up"] and report["records"] == len(records)


def test_the_run_report_is_published_as_table_and_markdown_artifacts(deployed: Deployed) -> None:
    with deployed.client() as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[deployed.flow_run.id]))
        )
    by_key = {a.key: a for a in artifacts}
    assert by_key["reprints-run-report"].type == "table"
    assert by_key["reprints-run-summary"].type == "markdown"
    table = by_key["reprints-run-report"].data
    rows = json.loads(table) if isinstance(table, str) else table
    assert isinstance(rows, list), rows  # a table artifact of one row per batch
    report = json.loads((deployed.out / "reports" / f"{str(deployed.flow_run.id)[:8]}.json").read_text(encoding="utf-8"))
    assert sum(row["files"] for row in rows) == report["files_found"]
    summary = by_key["reprints-run-summary"].data
    assert isinstance(summary, str) and f"`{str(deployed.flow_run.id)[:8]}`" in summary
    # a scheduled run has no terminal: its progress is this artifact, at 100 % once the run is done
    assert by_key[progress.ARTIFACT_KEY].type == "progress" and by_key[progress.ARTIFACT_KEY].data == 100.0
    assert by_key[progress.ARTIFACT_KEY].description == f"{report['files_found']:,} of {report['files_found']:,} files"


def test_the_run_records_raw_to_out_records_as_prefect_assets(deployed: Deployed) -> None:
    raw = REPO / DEPLOYMENT["parameters"]["raw"]  # relative to the checkout, where the pull step runs the flow
    with deployed.client() as client:
        [materialized] = asset_events(client, "prefect.asset.materialization.succeeded", f"file://{deployed.out}/records")
    assert (f"file://{raw}", "asset") in {(r.id, r.role) for r in materialized.related}
    assert (f"prefect.flow-run.{deployed.flow_run.id}", "flow-run") in {(r.id, r.role) for r in materialized.related}


def test_tasks_ran_with_retries_and_timeouts_and_logged_through_the_run_logger(deployed: Deployed) -> None:
    with deployed.client() as client:
        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[deployed.flow_run.id])))
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[deployed.flow_run.id])))
    assert task_runs and all(t.state and t.state.is_completed() for t in task_runs)
    # timeouts are not part of a task run in the API: publish-report has Prefect's, clean-batch enforces its own
    # (tests/test_retries.py)
    assert {t.name.rsplit("-", 1)[0] for t in task_runs} == {clean_batch.name, publish_report.name, lineage.TASK_NAME}
    assert all(t.empirical_policy.retries for t in task_runs)
    assert publish_report.timeout_seconds
    messages = [log.message for log in logs]
    assert any(m.startswith("found ") and " files under " in m for m in messages), messages
    assert any(m.startswith(f"reprints run {str(deployed.flow_run.id)[:8]}") for m in messages), messages


def test_a_worker_without_reprints_home_runs_from_where_prefect_deploy_ran_with_its_settings(deployed: Deployed) -> None:
    """#17 item 9: the worker had no REPRINTS_HOME (it crashed with FileNotFoundError before); it had REPRINTS_LIMIT=2,
    which the run took as `limit`, since neither the deployment nor the run sets it."""
    run_id = str(deployed.defaults_run.id)[:8]
    report = json.loads((deployed.defaults_out / "reports" / f"{run_id}.json").read_text(encoding="utf-8"))
    assert report["adds_up"] and report["files_found"] == 2
    raw_files = sorted(s.source_path for s in find_inputs(str(REPO / DEPLOYMENT["parameters"]["raw"])))
    assert len(raw_files) > 2
