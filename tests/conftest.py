"""Shared fixtures: where ../shared is, and one Prefect test server per session for flow tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
NO_SHARED = f"needs {SHARED} (the team's shared corpus and samples, beside the checkout in CI; absent in a user's clone)"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_SETTINGS_PATH", str(REPO / "reprints" / "logging.yml"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(NO_SHARED)
    return path


@pytest.fixture
def sample_path() -> Path:
    return shared_path("samples", "alaska-summit-reprint.txt")


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """A real, temporary Prefect server for the session (about 10 s to start); use it only for flow tests."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield
