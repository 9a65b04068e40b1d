"""The top-level packages `tasks` and `flows` must be reprints' own.

They keep the Prefect project layout's names, which deployments (entrypoint flows/ingest.py) and Dask workers
(which unpickle tasks.run.prefect_tasks.clean_batch) import by name; so another project's `tasks` or `flows`
earlier on sys.path, or installed over them, would run its code in their place. `foreign_packages` finds that
before a command does anything, from where they would be imported (find_spec: nothing is run).

>>> foreign_packages()
[]
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

OWN_PACKAGES = ("tasks", "flows")


def foreign_packages() -> list[str]:
    """'name (path)' for each of OWN_PACKAGES that is not beside the `reprints` package imported now."""
    home = Path(__file__).resolve().parents[1]
    foreign = []
    for name in OWN_PACKAGES:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin).resolve() if spec and spec.origin else None
        if origin is None or origin.parent.parent != home:
            foreign.append(f"{name} ({origin.parent if origin else 'not found'})")
    return foreign


def problem() -> str | None:
    """What is wrong, in one line, when a package is foreign (reprints/__init__.py raises it), else None."""
    if foreign := foreign_packages():
        return (
            f"the top-level package {', '.join(foreign)} is not reprints' own (expected beside "
            f"{Path(__file__).resolve().parent}): another project's shadows it; install reprints in a virtual "
            "environment of its own (docs/deploy.md)"
        )
    return None
