"""One raw file to one clean document: DOCUMENT_STEPS, the pipeline's steps as one ordered list.

Each step is a small function over a `Document` in the making, built on plain
functions of its own module in tasks/steps/; this module strings them together,
counts what goes in and out of each (the run report's `steps`) and turns a
Rejected step into a quarantine outcome. The language step runs once over all
the documents of a batch (langdetect is cheaper in bulk). It imports no
Prefect, so worker processes that run it start fast (tasks/run/local_pool.py).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace

from tasks.inputs.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_LINE_CHARS, check_line_length, read_source
from tasks.model import (
    AlignedUnit,
    AlreadyIngested,
    BatchResult,
    CleanDocument,
    Outcome,
    PageMetadata,
    Part,
    Quarantined,
    Rejected,
    SourceFile,
    StepCounts,
    TransientError,
)
from tasks.run.crashpoint import crash_point
from tasks.steps.align import align_document
from tasks.steps.boilerplate import collapsed_keys
from tasks.steps.decode import decode
from tasks.steps.html import DEFAULT_HTML_MODE, HTML_MODES, WebPage, page_kind, read_web_page
from tasks.steps.json_article import read_json_article
from tasks.steps.language import SECOND_IDENTIFIER, Guess, check_languages, identify_documents, identify_paragraphs
from tasks.steps.lexicon import LEXICON
from tasks.steps.mail import message_kind, read_message
from tasks.steps.markdown import markdown_text, read_markdown
from tasks.steps.news_xml import read_structured, structured_kind
from tasks.steps.notices import MAX_NOTE_LENGTH, find_reprint_notice, note_reprint_source
from tasks.steps.office import document_kind, read_document
from tasks.steps.paragraphs import split_paragraphs
from tasks.steps.parts import group_parts
from tasks.steps.pdf_text_layer import is_pdf, read_pdf
from tasks.steps.repair import repair
from tasks.steps.repeats import first_of_keys, paragraph_key
from tasks.steps.reprint_clusters import signature
from tasks.steps.whitespace import tidy_whitespace

REPAIR_ROUNDS = 3


@dataclass(frozen=True)
class CleanOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_line_chars: int = DEFAULT_MAX_LINE_CHARS
    languages: Collection[str] | None = None  # expected languages (BCP 47), to restrict language identification
    html: str = DEFAULT_HTML_MODE  # what to keep of a web page: article, text (all visible text) or raw (docs/web.md)
    # align bilingual parts (OUT/alignments): off unless asked, since it adds about 40% to cleaning (docs/alignment.md)
    align: bool = False

    def __post_init__(self) -> None:
        if self.html not in HTML_MODES:
            raise ValueError(f"html must be one of {', '.join(HTML_MODES)}, not {self.html!r}")
        # canonical, so options built from the same parameters are equal (tasks/run/head_start.py compares them); and
        # fail at the start of a run, not once per document, on a tag the detector does not know
        object.__setattr__(self, "languages", check_languages(self.languages) if self.languages else None)


@dataclass
class StepTimer:
    """What a batch's steps did: `seconds` per function timed with run(), `steps` per step of DOCUMENT_STEPS."""

    seconds: dict[str, float] = field(default_factory=dict)
    steps: dict[str, StepCounts] = field(default_factory=dict)
    clock: Callable[[], float] = time.perf_counter  # what run() times with (bench/steps.py: CPU time)

    def run(self, name: str, step, *args):
        start = self.clock()
        try:
            return step(*args)
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + self.clock() - start

    def counts(self, step: str) -> StepCounts:
        if step not in self.steps:
            self.steps[step] = StepCounts()
        return self.steps[step]


def doc_id_of(paragraphs: list[str], title: str | None = None) -> str:
    """Stable id from the clean content: equal for the same article in any encoding, wrapping or format.

    The headline is content: a text file or an e-mail's body holds it as its first paragraph, where a news XML,
    word-processor, Markdown or web page file holds it apart, as its title. So a title that is not already the
    first paragraph is taken as one, and the article's NITF and its text copy are one document (docs/dedup.md).

    >>> text_file = doc_id_of(["Bridge reopens", "The bridge reopened."])
    >>> text_file == doc_id_of(["The bridge reopened."], "Bridge reopens")  # a NITF, a DOCX, a web page
    True
    >>> text_file == doc_id_of(["Bridge reopens", "The bridge reopened."], "Bridge reopens")  # an e-mail, its subject
    True
    """
    if title and paragraphs[:1] != [title]:
        paragraphs = [title, *paragraphs]
    return hashlib.sha256("\n\n".join(paragraphs).encode("utf-8")).hexdigest()[:32]


def clean_text(raw: bytes, options: CleanOptions, timer: StepTimer) -> tuple[str, list[str], str]:
    """Bytes to clean text: (text, fixes, source_encoding)."""
    crash_point("decode")
    decoded = timer.run("decode", decode, raw)
    check_line_length(decoded.text, options.max_line_chars)
    clean, fixes = repair_and_tidy(decoded.text, timer)
    fixes = (["bom_removed"] if decoded.had_bom else []) + list(decoded.fixes) + fixes
    return clean, list(dict.fromkeys(fixes)), decoded.encoding


def clean_web_page(raw: bytes, options: CleanOptions, timer: StepTimer) -> tuple[str, list[str], str, PageMetadata] | None:
    """A web page's article or visible text, cleaned, and its metadata (tasks/steps/html.py); None for a file that is
    not a web page, which clean_text reads. With --html raw a page is read as text, as any file, but known as html."""
    kind = page_kind(raw)
    if kind is None:
        return None
    if options.html == "raw":
        return *clean_text(raw, options, timer), PageMetadata("html")
    crash_point("decode")
    page = timer.run("html", read_web_page, raw, options.html, kind)
    return _clean_read("html", page, options, timer, markup_read=True)


def clean_message(raw: bytes, options: CleanOptions, timer: StepTimer) -> tuple[str, list[str], str, PageMetadata] | None:
    """An e-mail message's text, cleaned, and its subject and date (tasks/steps/mail.py); None for a file that is
    not a message. An HTML body gives its visible text (its markup with --html raw)."""
    if message_kind(raw) is None:
        return None
    crash_point("decode")
    message = timer.run("email", read_message, raw, options.html)
    return _clean_read("email", message.page, options, timer, message.markup_read)


def clean_structured(raw: bytes, options: CleanOptions, timer: StepTimer) -> tuple[str, list[str], str, PageMetadata] | None:
    """A NITF or NewsML-G2 file's article (tasks/steps/news_xml.py) or a JSON article (tasks/steps/json_article.py),
    cleaned, and its metadata; other XML and JSON are Rejected; None for a file that is none of them, which
    clean_text reads."""
    kind = structured_kind(raw)
    if kind is None:
        return None
    crash_point("decode")
    if kind == "json":
        json_article = timer.run("json", read_json_article, raw)
        return _clean_read("json", json_article.page, options, timer, json_article.markup_read) if json_article else None
    article = timer.run("news_xml", read_structured, raw, kind)
    return _clean_read(kind, article, options, timer, markup_read=True) if article else None


def clean_word_document(raw: bytes, options: CleanOptions, timer: StepTimer) -> tuple[str, list[str], str, PageMetadata] | None:
    """An RTF, DOCX, ODT or Word 97-2003 file's body text, cleaned, and its title (tasks/steps/office.py); None for any
    other file."""
    kind = document_kind(raw)
    if kind is None:
        return None
    crash_point("decode")
    page = timer.run(kind, read_document, raw, kind, options.max_bytes)
    return _clean_read(kind, page, options, timer, markup_read=True)


def clean_markdown(raw: bytes, options: CleanOptions, timer: StepTimer) -> tuple[str, list[str], str, PageMetadata] | None:
    """A Markdown file's article, cleaned, and its metadata (tasks/steps/markdown.py); None for a file that is not
    Markdown, which clean_text reads."""
    decoded = timer.run("markdown", markdown_text, raw)
    if decoded is None:
        return None
    crash_point("decode")
    return _clean_read("markdown", timer.run("markdown", read_markdown, decoded), options, timer, markup_read=True)


def clean_pdf(raw: bytes, options: CleanOptions, timer: StepTimer) -> tuple[str, list[str], str, PageMetadata] | None:
    """A PDF's text layer made into paragraphs, cleaned, and its title (tasks/steps/pdf_text_layer.py and
    pdf_paragraphs.py); None for any other file."""
    if not is_pdf(raw):
        return None
    crash_point("decode")
    page = timer.run("pdf", read_pdf, raw, options.max_bytes)
    return _clean_read("pdf", page, options, timer, markup_read=True)


# The formats read by content, each reader None for a file not of its format: tried in this order, then text.
# PDF first: its header may follow up to 1 KB of anything. Markdown last: an e-mail's body may hold Markdown's links
# and headings.
SOURCE_READERS = (clean_pdf, clean_web_page, clean_word_document, clean_structured, clean_message, clean_markdown)


def _clean_read(
    source_format: str, page: WebPage, options: CleanOptions, timer: StepTimer, markup_read: bool
) -> tuple[str, list[str], str, PageMetadata]:
    """The text a page or message gave, cleaned; an HTML parser has decoded the entities of markup it read."""
    text = "\n\n".join(page.paragraphs)
    check_line_length(text, options.max_line_chars)  # the text: a page's markup may well be one long line
    clean, fixes = repair_and_tidy(text, timer, unescape_html=not markup_read)
    title, title_fixes = clean_title(page.title, timer, unescape_html=not markup_read)
    fixes = (["bom_removed"] if page.had_bom else []) + list(page.fixes) + fixes + title_fixes
    metadata = PageMetadata(source_format, title, page.source_url, page.published, page.notes)
    return clean, list(dict.fromkeys(fixes)), page.encoding, metadata


def clean_title(title: str | None, timer: StepTimer, unescape_html: bool) -> tuple[str | None, list[str]]:
    """A title held apart from the text (a subject, a document's or page's title) cleaned as the text's paragraphs
    are, on one line: so it reads as the text file's first paragraph does, mojibake and invisible characters gone,
    and the doc_id that counts it (doc_id_of) is the same in every format.

    >>> clean_title("CafÃ© owners\u200b  protest ", StepTimer(), True)
    ('Café owners protest', ['zero_width_removed', 'mojibake_repaired', 'trailing_whitespace_stripped', 'spaces_collapsed'])
    """
    if not title:
        return None, []
    clean, fixes = repair_and_tidy(title, timer, unescape_html)
    return clean.replace("\n\n", " ") or None, fixes


def repair_and_tidy(text: str, timer: StepTimer | None = None, unescape_html: bool = True) -> tuple[str, list[str]]:
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
        repaired, repair_fixes = timer.run("repair", repair, text, unescape_html)
        if round_ and repaired == text and not repair_fixes:
            break  # `text` is already clean-up's output, which clean-up leaves as it is: only a repair can change it
        tidy = timer.run("whitespace", tidy_whitespace, repaired)  # hands on the indentation it removed
        clean = "\n\n".join(timer.run("paragraphs", split_paragraphs, tidy.text, tidy.indents))
        fixes += repair_fixes + tidy.fixes
        if clean == text:
            break
        text = clean
    return clean, fixes


@dataclass
class Document:
    """One file on its way through DOCUMENT_STEPS: each step fills in what it makes."""

    source: SourceFile
    known_sha256: Collection[str] = ()  # digests of this path's bytes that OUT already accounts for
    raw: bytes = b""  # the file's bytes, until the text is made of them
    sha256: str | None = None
    text: str = ""
    encoding: str = ""
    fixes: list[str] = field(default_factory=list)
    doc_id: str = ""
    paragraphs: list[str] = field(default_factory=list)  # without the reprint notice once `notices` ran
    reprint_source: str | None = None
    folded: list[str] = field(default_factory=list)  # repeats.paragraph_key of each: repeats, minhash, boilerplate compare it
    repeats: list[int | None] = field(default_factory=list)  # per paragraph: the index of the earlier one it repeats
    unique_guesses: list[Guess] = field(default_factory=list)  # the language of each paragraph that is no repeat
    parts: list[Part] = field(default_factory=list)
    minhash: bytes | None = None
    page: PageMetadata = field(default_factory=PageMetadata)  # a web page's or e-mail's title, URL and date
    alignments: list[AlignedUnit] = field(default_factory=list)  # its parts aligned (tasks/steps/align.py)

    @property
    def unique(self) -> list[str]:
        return [p for p, r in zip(self.paragraphs, self.repeats, strict=True) if r is None]

    def paragraphs_out(self) -> int:
        """Paragraphs the document holds now: those of its parts once grouped (repeats dropped), else all."""
        return sum(len(part.paragraphs) for part in self.parts) if self.parts else len(self.paragraphs)

    def cleaned(self) -> CleanDocument:
        assert self.sha256 is not None  # read sets it, and a document that ended before becomes an outcome instead
        return CleanDocument(
            source_path=self.source.source_path,
            source_sha256=self.sha256,
            doc_id=self.doc_id,
            source_encoding=self.encoding,
            fixes=self.fixes,
            parts=self.parts,
            reprint_source=self.reprint_source,
            minhash=self.minhash,
            page=self.page,
            alignments=self.alignments,
        )


def read(doc: Document, options: CleanOptions, timer: StepTimer) -> Outcome | None:
    """The file's bytes and digest; a file whose bytes OUT already holds ends here."""
    doc.raw, doc.sha256 = timer.run("read", read_source, doc.source, options.max_bytes)
    return AlreadyIngested(doc.source.source_path, doc.sha256) if doc.sha256 in doc.known_sha256 else None


def make_text(doc: Document, options: CleanOptions, timer: StepTimer) -> None:
    """A PDF's text (clean_pdf), a web page's article (clean_web_page), a word-processor file's text
    (clean_word_document), a news XML or JSON article's (clean_structured), an e-mail's text (clean_message), a Markdown
    file's (clean_markdown), or decode, repair, clean whitespace, join paragraphs
    (clean_text); the bytes are not needed after it."""
    raw = doc.raw
    made = next((made for read in SOURCE_READERS if (made := read(raw, options, timer))), None)
    doc.text, doc.fixes, doc.encoding, doc.page = made or (*clean_text(raw, options, timer), PageMetadata())
    doc.raw = b""


def split(doc: Document, options: CleanOptions, timer: StepTimer) -> None:
    """The paragraphs, and the doc_id they give; no paragraph left is an empty file."""
    doc.paragraphs = timer.run("paragraphs", split_paragraphs, doc.text)
    doc.text = ""
    if not doc.paragraphs:
        raise Rejected("empty", "no text left after removing whitespace and invisible characters")
    doc.doc_id = doc_id_of(doc.paragraphs, doc.page.title)


def lift_notice(doc: Document, options: CleanOptions, timer: StepTimer) -> None:
    """A reprint notice leaves the text and names the outlet (reprint_source). A text without one may have it in a
    footnote, endnote, header or footer (a word-processor file's or a PDF's notes, cleaned as a title is): it names
    the outlet just the same, and nothing leaves the text, which never held it (docs/documents.md)."""
    notice = timer.run("notices", find_reprint_notice, doc.paragraphs)
    if notice:
        doc.paragraphs = doc.paragraphs[: notice[0]] + doc.paragraphs[notice[0] + 1 :]
        doc.reprint_source = notice[1]
    elif doc.page.notes:
        short_notes = [note for note in doc.page.notes if len(note) <= MAX_NOTE_LENGTH]
        notes = [clean_title(note, timer, unescape_html=False)[0] or "" for note in short_notes]
        doc.reprint_source = timer.run("notices", note_reprint_source, notes)
    if doc.page.notes:
        doc.page = replace(doc.page, notes=())  # read: no record holds them
    if not doc.paragraphs:
        raise Rejected("no_text", "the only paragraph is a reprint notice")


def mark_repeats(doc: Document, options: CleanOptions, timer: StepTimer) -> None:
    """Which paragraph repeats which: repeats are counted, not kept (the parts step drops them)."""
    # folded and whitespace collapsed once a paragraph (minhash ignores whitespace; the others collapsed it each)
    doc.folded = timer.run("repeats", lambda: [paragraph_key(p) for p in doc.paragraphs])
    doc.repeats = timer.run("repeats", first_of_keys, doc.folded)


def identify_languages(docs: list[Document], options: CleanOptions, timer: StepTimer) -> list[Exception | None]:
    """The language of every paragraph that is no repeat, for all the batch's documents in one call; a failure
    there is found by running it again document by document, and only the document it is in fails."""
    try:
        guesses = timer.run("language", identify_documents, [doc.unique for doc in docs], options.languages)
    except Exception:  # a bug or an unforeseen input
        return [_identify_alone(doc, options, timer) for doc in docs]
    for doc, doc_guesses in zip(docs, guesses, strict=True):
        doc.unique_guesses = doc_guesses
    return [None] * len(docs)


def _identify_alone(doc: Document, options: CleanOptions, timer: StepTimer) -> Exception | None:
    try:
        doc.unique_guesses = timer.run("language", identify_paragraphs, doc.unique, options.languages)
    except Exception as error:
        return error
    return None


def group(doc: Document, options: CleanOptions, timer: StepTimer) -> None:
    """One part per language, in document order; a repeat takes its original's language."""
    guesses_of_unique = iter(doc.unique_guesses)
    guesses = [next(guesses_of_unique) if r is None else None for r in doc.repeats]
    guesses = [g if r is None else guesses[r] for g, r in zip(guesses, doc.repeats, strict=True)]
    doc.parts = timer.run("parts", group_parts, doc.paragraphs, guesses, doc.repeats)
    if doc.page.title and doc.parts:
        doc.parts[0].title = doc.page.title  # a web page's own title heads the part it opens with; it is not a paragraph


def sign(doc: Document, options: CleanOptions, timer: StepTimer) -> None:
    """The MinHash signature of the paragraphs kept, for reprint clusters (tasks/steps/reprint_clusters.py)."""
    kept = [p for part in doc.parts for p in part.paragraphs]
    folded_of = dict(zip(doc.paragraphs, doc.folded, strict=True))
    doc.minhash = timer.run("minhash", signature, kept, [folded_of[p] for p in kept])
    for part in doc.parts:  # keyed here, in the workers: the sink only counts keys (tasks/output/boilerplate.py)
        part.keys = timer.run("boilerplate_keys", collapsed_keys, [folded_of[p] for p in part.paragraphs])


def align(doc: Document, options: CleanOptions, timer: StepTimer) -> None:
    """A document with parts in two or more languages: each aligned with the main one, paragraphs and sentences
    (OUT/alignments), when the run asks for it; here, in the worker, so that it runs in parallel."""
    if options.align and len(doc.parts) > 1:
        doc.alignments = timer.run("align", align_document, doc.parts)


@dataclass(frozen=True)
class Step:
    """One step of the document pipeline.

    A per-document step is `run(doc, options, timer)`: it fills in its part of `doc`, returns an outcome that ends
    the document early (None to go on), or raises Rejected to quarantine it. A batched step runs once over every
    document still going: `run(docs, options, timer)` returns, per document, the error that quarantines it or None.
    """

    name: str
    run: Callable
    batched: bool = False


# The pipeline, in order (docs/output.md, "Steps"). The run report counts documents in and out of each step.
DOCUMENT_STEPS = (
    Step("read", read),
    Step("text", make_text),
    Step("paragraphs", split),
    Step("notices", lift_notice),
    Step("repeats", mark_repeats),
    Step("language", identify_languages, batched=True),
    Step("parts", group),
    Step("minhash", sign),
    Step("align", align),
)


def run_steps(
    docs: list[Document], options: CleanOptions, timer: StepTimer, steps: Sequence[Step] = DOCUMENT_STEPS
) -> list[Outcome]:
    """Every document through `steps`: one outcome each, in order, never raising for bad input.

    Consecutive per-document steps run document after document (a file's bytes and text are let go before the
    next file is read); a batched step waits for all of them. Only a TransientError escapes, so that Prefect
    retries the whole batch.
    """
    for step in steps:  # every step in the counts, in order, even one no document reached
        timer.counts(step.name)
    ended: list[Outcome | None] = [None] * len(docs)
    for stage in _stages(steps):
        going = [index for index, outcome in enumerate(ended) if outcome is None]
        if stage[0].batched:
            errors = _run_batched(stage[0], [docs[index] for index in going], options, timer)
            for index, error in zip(going, errors, strict=True):
                ended[index] = _quarantined(docs[index], error) if error is not None else None
        else:
            for index in going:
                ended[index] = _through(stage, docs[index], options, timer)
    return [outcome if outcome is not None else doc.cleaned() for outcome, doc in zip(ended, docs, strict=True)]


def _stages(steps: Sequence[Step]) -> list[list[Step]]:
    """The steps cut at each batched step: runs of per-document steps, and each batched step alone."""
    stages: list[list[Step]] = []
    for step in steps:
        if step.batched or not stages or stages[-1][0].batched:
            stages.append([step])
        else:
            stages[-1].append(step)
    return stages


def _through(stage: list[Step], doc: Document, options: CleanOptions, timer: StepTimer) -> Outcome | None:
    """The document through consecutive per-document steps: the outcome that ended it, or None."""
    for step in stage:
        counts = timer.counts(step.name)
        counts.documents_in += 1
        start = time.perf_counter()
        try:
            outcome = step.run(doc, options, timer)
        except TransientError:
            raise
        except Exception as error:
            outcome = _quarantined(doc, error)
        counts.seconds += time.perf_counter() - start
        if outcome is not None:
            return outcome
        counts.documents_out += 1
        counts.paragraphs_out += doc.paragraphs_out()
    return None


def _run_batched(step: Step, docs: list[Document], options: CleanOptions, timer: StepTimer) -> list[Exception | None]:
    counts = timer.counts(step.name)
    start = time.perf_counter()
    errors = step.run(docs, options, timer) if docs else []
    counts.seconds += time.perf_counter() - start
    counts.documents_in += len(docs)
    going = [doc for doc, error in zip(docs, errors, strict=True) if error is None]
    counts.documents_out += len(going)
    counts.paragraphs_out += sum(doc.paragraphs_out() for doc in going)
    return errors


def _quarantined(doc: Document, error: Exception) -> Quarantined:
    """A bad input (Rejected) with its reason; a bug or an unforeseen input must not take the batch down with it."""
    source = doc.source
    if isinstance(error, Rejected):
        return Quarantined(source.source_path, error.reason, error.detail, doc.sha256, source.size)
    return Quarantined(source.source_path, "failed", f"{type(error).__name__}: {error}", doc.sha256, source.size)


def clean_files(
    sources: list[SourceFile], known_sha256: list[Collection[str]], options: CleanOptions, timer: StepTimer
) -> list[Outcome]:
    """Read, check against what was already handled, clean; one outcome per source, never raising for bad input."""
    docs = [Document(source, digests) for source, digests in zip(sources, known_sha256, strict=True)]
    return run_steps(docs, options, timer)


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


def warm_up(align: bool = False) -> None:
    """Clean the warm-up texts, so a process forked afterwards starts with every step's first-use work done; with
    `align`, also load what only the align step uses."""
    source = SourceFile("warm-up", "warm-up", 0)
    docs = [Document(source, raw=text.encode(encoding), sha256="") for text, encoding in WARM_UP_TEXTS]
    run_steps(docs, CleanOptions(), StepTimer(), [step for step in DOCUMENT_STEPS if step.name != "read"])
    SECOND_IDENTIFIER.load()  # lid.176 (0.1 s, 1 MB): loaded once here and shared by forked workers
    if align:  # CC-CEDICT, for aligning English with Chinese and Japanese (0.1 s CPU from its cache, 19 MB): a run without
        LEXICON.load()  # --align never reads it


def process_batch(sources: Iterable[SourceFile], known: dict[str, frozenset[str]], options: CleanOptions) -> BatchResult:
    """Clean a batch; `known` maps a source_path to the digests of its bytes that OUT already accounts for."""
    timer = StepTimer()
    sources = list(sources)
    outcomes = clean_files(sources, [known.get(s.source_path, frozenset()) for s in sources], options, timer)
    return BatchResult(outcomes=outcomes, step_seconds=timer.seconds, steps=timer.steps)
