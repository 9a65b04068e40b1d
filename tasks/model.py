"""Plain data passed between the steps."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter
from typing import Any, overload


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


ALIGNED_UNIT_FIELDS = tuple(each.name for each in fields(AlignedUnit))
_unit_values = attrgetter(*ALIGNED_UNIT_FIELDS)


class AlignedColumns(Sequence[AlignedUnit]):
    """A document's aligned units as one list per AlignedUnit field: how a worker's CleanDocument carries them to the
    flow process. Unpickling a unit costs a dict and an object (the flow process's pickle.loads of the worker results
    of bench/throughput.py's 4,000 documents: 0.38-0.40 s of CPU with units, 0.19-0.20 s with columns); the sink
    writes the columns as they are (tasks/output/records.py) and makes units only of the documents it renumbers
    (tasks/steps/kept_alignments.py).

    >>> unit = AlignedUnit("paragraph", "en", "fr", (0,), (0,), (0,), (0,), "Yes.", "Oui.", 0.9)
    >>> columns = AlignedColumns.of([unit, unit])
    >>> len(columns), columns.column("tgt_text"), columns[1] == unit, columns == [unit, unit]
    (2, ['Oui.', 'Oui.'], True, True)
    """

    __slots__ = ("columns",)

    def __init__(self, columns: tuple[list, ...]) -> None:
        self.columns = columns  # in the order of ALIGNED_UNIT_FIELDS

    @classmethod
    def of(cls, units: Sequence[AlignedUnit]) -> AlignedColumns:
        if isinstance(units, AlignedColumns):
            return units
        if not units:
            return cls(tuple([] for _ in ALIGNED_UNIT_FIELDS))
        return cls(tuple(map(list, zip(*map(_unit_values, units), strict=True))))

    def column(self, name: str) -> list:
        return self.columns[ALIGNED_UNIT_FIELDS.index(name)]

    def __len__(self) -> int:
        return len(self.columns[0])

    @overload
    def __getitem__(self, index: int) -> AlignedUnit: ...
    @overload
    def __getitem__(self, index: slice) -> list[AlignedUnit]: ...
    def __getitem__(self, index: int | slice) -> AlignedUnit | list[AlignedUnit]:
        if isinstance(index, slice):
            return list(map(AlignedUnit, *(column[index] for column in self.columns)))
        return AlignedUnit(*(column[index] for column in self.columns))

    def __iter__(self) -> Iterator[AlignedUnit]:
        return map(AlignedUnit, *self.columns)

    def __eq__(self, other: Any) -> bool:
        return list(self) == list(other) if isinstance(other, list | tuple | AlignedColumns) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are not hashable either

    def __reduce__(self) -> tuple:
        return AlignedColumns, (self.columns,)


@dataclass(frozen=True)
class PageMetadata:
    """What a source says about itself: its format, and for a web page its title, URL and date (tasks/steps/html.py),
    for an e-mail message its subject and date (tasks/steps/mail.py), for a word-processor file or a PDF its title
    and notes (tasks/steps/html.py WebPage.notes)."""

    # a code of SOURCE_FORMAT_CODES (tasks/output/schema.py): text, html, nitf, newsml, email, rtf, docx, odt, markdown
    source_format: str = "text"
    title: str | None = None
    source_url: str | None = None
    published: date | None = None
    # footnotes, endnotes, headers and footers: read by the notices step for a reprint notice, then let go
    notes: tuple[str, ...] = ()


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
    alignments: Sequence[AlignedUnit] = field(default_factory=list)  # its parts aligned with the main one (align.py)

    def __getstate__(self) -> dict:
        """As pickled (from a worker to the flow process): the alignments as columns (AlignedColumns)."""
        if not self.alignments:
            return self.__dict__
        return {**self.__dict__, "alignments": AlignedColumns.of(self.alignments)}


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
