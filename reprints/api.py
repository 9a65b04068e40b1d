"""The Python API: clean one document's bytes, or run an ingest and get its report (docs/api.md).

>>> import reprints
>>> raw = "Caf\\u00e9 reprints\\r\\n\\r\\nThe council met on Tuesday to discuss the new budget.\\r\\n".encode("cp1252")
>>> doc = reprints.clean(raw)
>>> doc.languages, doc.source_encoding
(['en'], 'cp1252')
>>> doc.text
'Café reprints\\n\\nThe council met on Tuesday to discuss the new budget.'
>>> reprints.clean(b"")
Traceback (most recent call last):
...
tasks.model.Rejected: empty: the file is empty
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tasks.model import PageMetadata, Part, Rejected

if TYPE_CHECKING:
    from tasks.output.report import RunReport

__all__ = ["Document", "Rejected", "clean", "ingest"]


@dataclass(frozen=True)
class Document:
    """One cleaned document: its parts, one per language it really contains, in document order."""

    doc_id: str  # from the clean content: the records' doc_id
    source_encoding: str  # what the bytes were decoded from
    fixes: list[str]  # what repair and clean-up changed (codes of docs/schema.md)
    parts: list[Part]  # each with language, paragraphs, confidence, duplicate_paragraphs, title
    reprint_source: str | None  # the outlet a reprint notice named
    page: PageMetadata  # a web page's format, title, URL and date

    @property
    def languages(self) -> list[str]:
        """The parts' languages (BCP 47), in document order."""
        return [part.language for part in self.parts]

    @property
    def text(self) -> str:
        """Every part's paragraphs, joined by a blank line."""
        return "\n\n".join(paragraph for part in self.parts for paragraph in part.paragraphs)


def clean(data: bytes, *, languages: Collection[str] | None = None, html: str = "article", name: str = "document") -> Document:
    """Clean one document's raw bytes as `reprints ingest` cleans a file (decode, repair, whitespace, paragraphs,
    notices, repeats, languages, parts), with no Prefect and no OUT. Raises `Rejected` (with `.reason`, a
    quarantine code, and `.detail`) for bytes that cannot become a document; `name` only appears in messages."""
    from tasks.model import CleanDocument, Quarantined, SourceFile
    from tasks.pipeline import DOCUMENT_STEPS, CleanOptions, StepTimer, run_steps
    from tasks.pipeline import Document as Working

    if not data:  # the read step says so for a file; here there is no file to read
        raise Rejected("empty", "the file is empty")
    options = CleanOptions(languages=languages, html=html)
    working = Working(SourceFile(name, name, len(data)), raw=data, sha256=hashlib.sha256(data).hexdigest())
    steps = [step for step in DOCUMENT_STEPS if step.name != "read"]
    [outcome] = run_steps([working], options, StepTimer(), steps)
    if isinstance(outcome, Quarantined):
        raise Rejected(outcome.reason, outcome.detail)
    assert isinstance(outcome, CleanDocument)
    return Document(outcome.doc_id, outcome.source_encoding, outcome.fixes, outcome.parts, outcome.reprint_source, outcome.page)


def ingest(raw: str = "raw", out: str = "processed", **options: object) -> RunReport:
    """Run the flow ingest-reprints over `raw` into `out`, as `reprints ingest` does, and return its report.

    `options` are the flow's parameters (`runner`, `workers`, `batch_size`, `max_bytes`, `languages`, `html`,
    `flush_mb`, `limit`, `follow_symlinks`...). It uses the Prefect API of PREFECT_API_URL when one is set, else
    an embedded server for the call. Raises what the run raises (`tasks.output.write.OutputLocked` when another
    run writes to OUT).

    >>> import pathlib, tempfile, reprints
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "raw").mkdir(), (folder / "raw" / "a.txt").write_text("Hello there.\\n\\nA second paragraph.\\n")
    >>> report = reprints.ingest(str(folder / "raw"), str(folder / "out"), runner="thread")
    >>> report.files_found, report.documents, dict(report.records_per_language), report.adds_up()
    (1, 1, {'en': 1}, True)
    """
    from reprints.cli import _flush_prefect_workers, _without_heartbeats, quiet_prefect_defaults
    from reprints.server import EmbeddedServer

    quiet_prefect_defaults()
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with ExitStack() as stack:
        if not PREFECT_API_URL.value():
            server = EmbeddedServer()
            stack.enter_context(temporary_settings(updates={PREFECT_API_URL: server.start()}))
            stack.callback(server.stop)
            server.wait_until_healthy()
        from flows.ingest import ingest_reprints

        try:
            return _without_heartbeats(ingest_reprints, {"raw": raw, "out": out, **options})
        finally:
            _flush_prefect_workers()
