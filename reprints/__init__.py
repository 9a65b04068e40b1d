"""reprints: raw reprinted articles in, clean per-language Parquet records out.

The Python API (docs/api.md): `reprints.clean(data)` cleans one document's bytes into a `Document`;
`reprints.ingest(raw, out)` runs the flow and returns its `RunReport`. Loaded on first use, so the command line
starts without the pipeline.
"""

from typing import TYPE_CHECKING

from reprints.layout import problem as _layout_problem

if TYPE_CHECKING:  # what __getattr__ loads on first use, typed for mypy
    from reprints.api import Document, Rejected, clean, ingest

__version__ = "0.2.0"
__all__ = ["Document", "Rejected", "__version__", "clean", "ingest"]
API = frozenset({"Document", "Rejected", "clean", "ingest"})


def __getattr__(name: str) -> object:
    if name in API:
        from reprints import api

        return getattr(api, name)
    raise AttributeError(f"module 'reprints' has no attribute {name!r}")


if _problem := _layout_problem():  # another project's `tasks` or `flows` would run in place of ours
    raise ImportError(f"reprints: {_problem}")
