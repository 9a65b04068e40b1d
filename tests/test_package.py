"""The wheel built from this checkout: what it ships and declares (`make package-check` installs it for real).

A package or data file missing from pyproject's lists, or a module the code imports that no dependency declares
(lingua was once imported but undeclared), makes a wheel that installs but fails at run time: caught here in
`make test`, without the network.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
OWN = ("reprints", "tasks", "flows")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    folder = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(folder), str(REPO)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    [built] = folder.glob("reprints-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def shipped_sources() -> list[str]:
    """Every file of the three packages in the checkout, as the wheel names them (no caches, no editor files)."""
    files = []
    for package in OWN:
        for path in (REPO / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("."):
                files.append(path.relative_to(REPO).as_posix())
    return sorted(files)


def metadata(wheel: zipfile.ZipFile) -> Message:
    [name] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    return Parser().parsestr(wheel.read(name).decode())


def test_the_wheel_ships_every_module_and_data_file_of_the_three_packages(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    missing = [path for path in shipped_sources() if path not in names]
    assert not missing, f"not in the wheel (pyproject.toml packages or package-data): {missing}"
    markers = [f"{package}/py.typed" for package in OWN]  # PEP 561: users' type checkers read our hints
    for data in ("reprints/logging.yml", "tasks/steps/letter_tables.json", *markers):
        assert data in names
    assert not [n for n in names if n.split("/")[0] in ("tests", "bench", "raw", "docs")]


def test_the_wheel_installs_the_reprints_command(wheel: zipfile.ZipFile) -> None:
    [name] = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert re.search(r"^reprints = reprints\.cli:main$", wheel.read(name).decode(), re.M)


def _third_party_imports() -> set[str]:
    """Top-level modules the shipped code imports, beyond the standard library and its own packages."""
    found = set()
    for path in shipped_sources():
        if path.endswith(".py"):
            for node in ast.walk(ast.parse((REPO / path).read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name not in (*OWN, "__future__")}


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_module_the_code_imports_comes_from_a_declared_dependency(wheel: zipfile.ZipFile) -> None:
    requires = metadata(wheel).get_all("Requires-Dist") or []
    declared = {_normalized(re.split(r"[\s\[<>=!~;]", line, maxsplit=1)[0]) for line in requires if "extra ==" not in line}
    distributions = importlib.metadata.packages_distributions()
    undeclared = {}
    for module in sorted(_third_party_imports()):
        providers = {_normalized(d) for d in distributions.get(module, [module])}
        if not providers & declared:
            undeclared[module] = sorted(providers)
    assert not undeclared, f"imported but not in pyproject.toml's dependencies: {undeclared}"


def test_dependencies_keep_out_the_releases_known_to_break(wheel: zipfile.ZipFile) -> None:
    """An unpinned install resolves the newest: prefect 3.9 does not install here, fastapi 0.151 and SQLAlchemy 2.1
    break the server (requirements.in)."""
    requires = {
        _normalized(re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0]): r for r in metadata(wheel).get_all("Requires-Dist") or []
    }
    assert "<3.9" in requires["prefect"] and "<0.151" in requires["fastapi"] and "<2.1" in requires["sqlalchemy"]


def test_another_projects_tasks_package_is_detected(tmp_path: Path) -> None:
    """The top-level `tasks` and `flows` keep the Prefect layout's names; one from another project that shadows
    ours fails the import with a message that says so, not with an error from deep inside the pipeline."""
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "__init__.py").write_text('"""Another project\'s tasks."""\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    done = subprocess.run([sys.executable, "-c", "import reprints"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert f"the top-level package tasks ({tmp_path / 'tasks'}) is not reprints' own" in done.stderr
