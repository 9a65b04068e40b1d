"""One raw file to one clean document: the per-document steps, composed in order.

Each step is a plain function from its own module; this module only strings
them together and turns a Rejected step into a quarantine outcome. It imports
no Prefect, so worker processes that run it start fast (see tasks/run/batch.py).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from tasks.inputs.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_LINE_CHARS, check_line_length, read_source
from tasks.model import AlreadyIngested, BatchResult, CleanDocument, Outcome, Quarantined, Rejected, SourceFile, TransientError
from tasks.run.crashpoint import crash_point
from tasks.steps.decode import decode
from tasks.steps.language import SECOND_IDENTIFIER, Guess, check_languages, identify_documents, identify_paragraphs
from tasks.steps.near_duplicates import signature
from tasks.steps.notices import find_reprint_notice
from tasks.steps.paragraphs import split_paragraphs
from tasks.steps.parts import group_parts
from tasks.steps.repair import repair
from tasks.steps.repeats import first_occurrences, fold
from tasks.steps.whitespace import clean_whitespace

REPAIR_ROUNDS = 3


@dataclass(frozen=True)
class CleanOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_line_chars: int = DEFAULT_MAX_LINE_CHARS
    languages: Collection[str] | None = None  # expected languages (BCP 47), to restrict language identification

    def __post_init__(self) -> None:
        # canonical, so options built from the same parameters are equal (tasks/run/read_ahead.py compares them); and
        # fail at the start of a run, not once per document, on a tag the detector does not know
        object.__setattr__(self, "languages", check_languages(self.languages) if self.languages else None)


@dataclass
class StepTimer:
    seconds: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, step, *args):
        start = time.perf_counter()
        try:
            return step(*args)
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def doc_id_of(paragraphs: list[str]) -> str:
    """Stable id from the clean content: equal for the same article in any encoding or wrapping."""
    return hashlib.sha256("\n\n".join(paragraphs).encode("utf-8")).hexdigest()[:32]


def clean_text(raw: bytes, options: CleanOptions, timer: StepTimer) -> tuple[str, list[str], str]:
    """Bytes to clean text: (text, fixes, source_encoding)."""
    crash_point("decode")
    decoded = timer.run("decode", decode, raw)
    check_line_length(decoded.text, options.max_line_chars)
    clean, fixes = repair_and_tidy(decoded.text, timer)
    fixes = (["bom_removed"] if decoded.had_bom else []) + fixes
    return clean, list(dict.fromkeys(fixes)), decoded.encoding


def repair_and_tidy(text: str, timer: StepTimer | None = None) -> tuple[str, list[str]]:
    """Repair, clean whitespace and join paragraphs until the text stops changing (at most REPAIR_ROUNDS).

    ftfy judges mojibake in context, and the clean-up changes the context: a
    trimmed U+2028 or ideographic space lets it re-encode text it could not
    before, and joining a hard-wrapped line turns "Â" + line break into "Â ",
    which it reads as a mangled no-break space. Repairing what will be stored
    until it is a fixed point makes cleaning idempotent; after the first round,
    the clean-up runs again only when repair changed something.
    The result is the paragraphs joined by blank lines.
    """
    timer = timer or StepTimer()
    fixes: list[str] = []
    for round_ in range(REPAIR_ROUNDS):
        repaired, repair_fixes = timer.run("repair", repair, text)
        if round_ and repaired == text and not repair_fixes:
            break  # `text` is already clean-up's output, which clean-up leaves as it is: only a repair can change it
        tidy, whitespace_fixes = timer.run("whitespace", clean_whitespace, repaired)
        clean = "\n\n".join(timer.run("paragraphs", split_paragraphs, tidy))
        fixes += repair_fixes + whitespace_fixes
        if clean == text:
            break
        text = clean
    return clean, fixes


@dataclass
class PreparedDocument:
    """A document cleaned up to its language step: what identification needs, and what it will be part of."""

    source: SourceFile
    sha256: str
    doc_id: str
    encoding: str
    fixes: list[str]
    reprint_source: str | None
    paragraphs: list[str]  # without the reprint notice
    folded: list[str]  # the form dedup and minhash compare
    repeats: list[int | None]  # per paragraph: the index of the earlier one it repeats

    @property
    def unique(self) -> list[str]:
        return [p for p, r in zip(self.paragraphs, self.repeats, strict=True) if r is None]


def prepare_document(source: SourceFile, raw: bytes, sha256: str, options: CleanOptions, timer: StepTimer) -> PreparedDocument:
    text, fixes, encoding = clean_text(raw, options, timer)
    paragraphs = timer.run("paragraphs", split_paragraphs, text)
    if not paragraphs:
        raise Rejected("empty", "no text left after removing whitespace and invisible characters")
    doc_id = doc_id_of(paragraphs)
    notice = timer.run("notices", find_reprint_notice, paragraphs)
    if notice:
        paragraphs = paragraphs[: notice[0]] + paragraphs[notice[0] + 1 :]
    if not paragraphs:
        raise Rejected("no_text", "the only paragraph is a reprint notice")
    folded = timer.run("dedup", lambda: [fold(p) for p in paragraphs])  # dedup and minhash both compare this form
    repeats = timer.run("dedup", first_occurrences, paragraphs, folded)
    return PreparedDocument(source, sha256, doc_id, encoding, fixes, notice[1] if notice else None, paragraphs, folded, repeats)


def finish_document(doc: PreparedDocument, unique_guesses: list[Guess], timer: StepTimer) -> CleanDocument:
    """Group the paragraphs into language parts (a repeat takes its original's language), then sign them."""
    guesses_of_unique = iter(unique_guesses)
    guesses = [next(guesses_of_unique) if r is None else None for r in doc.repeats]
    guesses = [g if g is not None else guesses[r] for g, r in zip(guesses, doc.repeats, strict=True)]
    parts = timer.run("parts", group_parts, doc.paragraphs, guesses, doc.repeats)
    kept = [p for part in parts for p in part.paragraphs]
    folded_of = dict(zip(doc.paragraphs, doc.folded, strict=True))
    minhash = timer.run("minhash", signature, kept, [folded_of[p] for p in kept])
    return CleanDocument(
        source_path=doc.source.source_path,
        source_sha256=doc.sha256,
        doc_id=doc.doc_id,
        source_encoding=doc.encoding,
        fixes=doc.fixes,
        parts=parts,
        reprint_source=doc.reprint_source,
        minhash=minhash,
    )


def clean_files(
    sources: list[SourceFile], known_sha256: list[Collection[str]], options: CleanOptions, timer: StepTimer
) -> list[Outcome]:
    """Read, check against what was already handled, clean; one outcome per source, never raising for bad input.

    Only a TransientError escapes, so that Prefect retries the whole batch. The
    language step runs once for all the files (identify_documents); a failure
    there is found by running it again document by document.
    """
    started = [_prepare(source, digests, options, timer) for source, digests in zip(sources, known_sha256, strict=True)]
    prepared = [item for item in started if isinstance(item, PreparedDocument)]
    guesses = _guesses(prepared, options, timer)
    finished = iter([_finish(doc, doc_guesses, timer) for doc, doc_guesses in zip(prepared, guesses, strict=True)])
    return [next(finished) if isinstance(item, PreparedDocument) else item for item in started]


def _prepare(
    source: SourceFile, known_sha256: Collection[str], options: CleanOptions, timer: StepTimer
) -> Outcome | PreparedDocument:
    sha256 = None
    try:
        raw, sha256 = timer.run("read", read_source, source, options.max_bytes)
        if sha256 in known_sha256:
            return AlreadyIngested(source.source_path, sha256)
        return prepare_document(source, raw, sha256, options, timer)
    except TransientError:
        raise
    except Exception as error:
        return _quarantined(source, sha256, error)


def _guesses(prepared: list[PreparedDocument], options: CleanOptions, timer: StepTimer) -> list[list[Guess] | Exception]:
    try:
        return timer.run("language", identify_documents, [doc.unique for doc in prepared], options.languages)
    except Exception:  # a bug or an unforeseen input: only the document it is in may fail
        return [_guesses_alone(doc, options, timer) for doc in prepared]


def _guesses_alone(doc: PreparedDocument, options: CleanOptions, timer: StepTimer) -> list[Guess] | Exception:
    try:
        return timer.run("language", identify_paragraphs, doc.unique, options.languages)
    except Exception as error:
        return error


def _finish(doc: PreparedDocument, guesses: list[Guess] | Exception, timer: StepTimer) -> Outcome:
    """The clean document, or its quarantine when its language step or the finishing failed (no I/O here: only
    reading raises a TransientError)."""
    if isinstance(guesses, Exception):
        return _quarantined(doc.source, doc.sha256, guesses)
    try:
        return finish_document(doc, guesses, timer)
    except Exception as error:
        return _quarantined(doc.source, doc.sha256, error)


def _quarantined(source: SourceFile, sha256: str | None, error: Exception) -> Quarantined:
    """A bad input (Rejected) with its reason; a bug or an unforeseen input must not take the batch down with it."""
    if isinstance(error, Rejected):
        return Quarantined(source.source_path, error.reason, error.detail, sha256, source.size)
    return Quarantined(source.source_path, "failed", f"{type(error).__name__}: {error}", sha256, source.size)


# Texts in each script family and legacy encoding the steps treat apart: cleaning them once builds what the
# steps build on first use (the codecs, the letters-and-digits table, the script cache).
WARM_UP_TEXTS = (
    ("Reprints of the same article\r\n\r\nThe council met on Tuesday to discuss the new budget.\r\n", "cp1252"),
    ("轉載的文章\n\n市議會週二開會，討論新的預算案。", "big5"),
    ("转载的文章\n\n市议会周二开会，讨论新的预算案。", "gb18030"),
    ("転載された記事\n\n市議会は火曜日に新しい予算について話し合った。", "shift_jis"),
    ("다시 실린 기사\n\n시의회는 화요일에 새 예산을 논의했다.", "utf-16"),
    ("Перепечатка статьи\n\nГородской совет обсудил новый бюджет во вторник.", "utf-8"),
)


def warm_up() -> None:
    """Clean the warm-up texts, so a process forked afterwards starts with every step's first-use work done."""
    source, options, timer = SourceFile("warm-up", "warm-up", 0), CleanOptions(), StepTimer()
    docs = [prepare_document(source, text.encode(encoding), "", options, timer) for text, encoding in WARM_UP_TEXTS]
    for doc, guesses in zip(docs, identify_documents([doc.unique for doc in docs]), strict=True):
        finish_document(doc, guesses, timer)
    SECOND_IDENTIFIER.load()  # lid.176 (0.1 s, 1 MB): loaded once here and shared by forked workers


def process_batch(sources: Iterable[SourceFile], known: dict[str, frozenset[str]], options: CleanOptions) -> BatchResult:
    """Clean a batch; `known` maps a source_path to the digests of its bytes that OUT already accounts for."""
    timer = StepTimer()
    sources = list(sources)
    outcomes = clean_files(sources, [known.get(s.source_path, frozenset()) for s in sources], options, timer)
    return BatchResult(outcomes=outcomes, step_seconds=timer.seconds)
