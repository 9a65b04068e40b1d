"""Deployment steps for prefect.yaml: where a deployment's runs execute the flow from.

`prefect deploy` runs the build step `deployed_from`, which records the folder it ran in (the checkout); each run's
pull step `set_working_directory` then changes to `$REPRINTS_HOME` when the worker has it, else to that folder, the
default Prefect's own `prefect init` recipe writes into prefect.yaml. A folder that does not exist on the worker is
an error that names both and the variable, not a FileNotFoundError on a temporary folder.

>>> deployed_from()["directory"] == os.getcwd()
True
>>> set_working_directory(deployed_from="/nonexistent/checkout")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
NotADirectoryError: REPRINTS_HOME is not set on this worker, and /nonexistent/checkout (the folder `prefect deploy` ran in) ...
"""

from __future__ import annotations

import os

VARIABLE = "REPRINTS_HOME"


def deployed_from() -> dict[str, str]:
    """Build step: the folder `prefect deploy` runs in, for the pull step's default (`{{ deployed-from.directory }}`)."""
    return {"directory": os.getcwd()}


def set_working_directory(directory: str | None = None, deployed_from: str | None = None) -> dict[str, str]:
    """Pull step: change to `directory` ($REPRINTS_HOME, which Prefect leaves out when the worker has no such
    variable), else to `deployed_from`; the folder chosen, as the step's output."""
    chosen = directory or deployed_from
    if not directory and not (deployed_from and os.path.isdir(deployed_from)):
        where = f"{deployed_from} (the folder `prefect deploy` ran in) is not a folder here" if deployed_from else "no default"
        raise NotADirectoryError(
            f"{VARIABLE} is not set on this worker, and {where}: set {VARIABLE} to the checkout to run the flow from "
            "(docs/deploy.md)"
        )
    assert chosen is not None  # directory, else deployed_from: a folder (checked above)
    if not os.path.isdir(chosen):
        raise NotADirectoryError(f"{VARIABLE}={directory} is not a folder on this worker (docs/deploy.md)")
    os.chdir(chosen)
    return {"directory": chosen}
