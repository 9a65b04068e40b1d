"""Plain data passed between the steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class Rejected(Exception):
    """An input that cannot become records; `reason` is a code from schema.QUARANTINE_REASONS."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class TransientError(Exception):
    """A failure that may not happen again (a network file system's I/O error): the batch is retried."""


@dataclass(frozen=True)
class SourceFile:
    """One input found under RAW."""

    path: str  # where to read it from
    source_path: str  # relative to RAW, with / separators
    size: int
    confined_to: str | None = None  # RAW resolved: a file whose target lies outside it is quarantined outside_raw


@dataclass
class Part:
    """The paragraphs of one document in one language, in document order."""

    language: str
    paragraphs: list[str]
    confidence: float
    duplicate_paragraphs: int = 0
    title: str | None = None
    keys: list[int] = field(default_factory=list)  # per paragraph, its boilerplate key (tasks/steps/boilerplate.py; 0: none)
    boilerplate_paragraphs: int = 0  # paragraphs left out as boilerplate repeated across documents (docs/dedup.md)


@dataclass(frozen=True)
class AlignedUnit:
    """One link between two language parts of a document (tasks/steps/align.py): paragraphs, or sentences within
    a linked pair of paragraphs (src_paragraphs, tgt_paragraphs); a side with no indices has no partner."""

    level: str  # "paragraph" or "sentence"
    src_language: str
    tgt_language: str
    src_indices: tuple[int, ...]
    tgt_indices: tuple[int, ...]
    src_paragraphs: tuple[int, ...]
    tgt_paragraphs: tuple[int, ...]
    src_text: str
    tgt_text: str
    score: float


@dataclass(frozen=True)
class PageMetadata:
    """What a source says about itself: its format, and for a web page its title, URL and date (tasks/steps/html.py)."""

    source_format: str = "text"  # "text" or "html" (a web page or feed, recognised by its first bytes)
    title: str | None = None
    source_url: str | None = None
    published: date | None = None


@dataclass
class CleanDocument:
    source_path: str
    source_sha256: str
    doc_id: str
    source_encoding: str
    fixes: list[str]
    parts: list[Part]
    reprint_source: str | None = None
    minhash: bytes | None = None  # near-duplicate signature of the parts' paragraphs (tasks/steps/reprint_clusters.py)
    page: PageMetadata = field(default_factory=PageMetadata)
    alignments: list[AlignedUnit] = field(default_factory=list)  # its parts aligned with the main one (align.py)


@dataclass(frozen=True)
class Quarantined:
    source_path: str
    reason: str
    detail: str
    source_sha256: str | None = None
    size_bytes: int | None = None


@dataclass(frozen=True)
class AlreadyIngested:
    """An input whose path and bytes match one an earlier run already handled."""

    source_path: str
    source_sha256: str


Outcome = CleanDocument | Quarantined | AlreadyIngested


@dataclass
class StepCounts:
    """What one step of the document pipeline (tasks/pipeline.py DOCUMENT_STEPS) did, as datatrove counts per step."""

    documents_in: int = 0
    documents_out: int = 0  # the others ended at this step: quarantined, or already ingested (read)
    paragraphs_out: int = 0  # paragraphs of the documents out (0 before the text is split; repeats dropped from parts on)
    seconds: float = 0.0

    def add(self, other: StepCounts) -> None:
        self.documents_in += other.documents_in
        self.documents_out += other.documents_out
        self.paragraphs_out += other.paragraphs_out
        self.seconds += other.seconds


def add_steps(total: dict[str, StepCounts], more: dict[str, StepCounts]) -> None:
    """Add the counts of `more` into `total`, step by step; a step new to `total` goes at its end."""
    for name, counts in more.items():
        total.setdefault(name, StepCounts()).add(counts)


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)  # per function the steps timed
    steps: dict[str, StepCounts] = field(default_factory=dict)  # per step, in pipeline order

    @classmethod
    def combined(cls, results: list[BatchResult]) -> BatchResult:
        """The results of consecutive pieces of one batch as one: outcomes in order, step times and counts added up."""
        combined = cls()
        for result in results:
            combined.outcomes += result.outcomes
            for step, seconds in result.step_seconds.items():
                combined.step_seconds[step] = combined.step_seconds.get(step, 0.0) + seconds
            add_steps(combined.steps, result.steps)
        return combined
