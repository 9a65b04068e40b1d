"""The per-document steps together, on the real sample and on encoded corpus articles."""

import codecs
import hashlib
from pathlib import Path

import pytest

from tasks import pipeline
from tasks.model import AlreadyIngested, BatchResult, CleanDocument, Outcome, Quarantined, SourceFile, TransientError
from tasks.pipeline import DOCUMENT_STEPS, CleanOptions, Document, Step, StepTimer, clean_files, process_batch, run_steps
from tasks.steps import language
from tests.conftest import outcome_as
from tests.corpus import ntrex_articles


def _process(path: Path, known: str | None = None, relative: str = "doc.txt"):
    digests = frozenset({known} if known else ())
    return clean_files([SourceFile(str(path), relative, path.stat().st_size)], [digests], CleanOptions(), StepTimer())[0]


def test_the_sample_becomes_exactly_a_traditional_chinese_and_an_english_part(sample_path: Path) -> None:
    doc = _process(sample_path)
    assert isinstance(doc, CleanDocument)
    assert [part.language for part in doc.parts] == ["zh-Hant", "en"]
    assert [part.duplicate_paragraphs for part in doc.parts] == [1, 1]
    assert doc.reprint_source == "澳門新聞通訊社(MNA)"
    assert doc.source_encoding == "utf-8"
    chinese, english = doc.parts
    assert chinese.paragraphs.count("美俄峰會應按五項原則進行") == 1
    repeated = next(p for p in english.paragraphs if p.startswith("The Summit has reignited debate"))
    assert english.paragraphs.count(repeated) == 1
    assert english.title == "The Trump-Putin Summit on Russo-Ukrainian War: A bridge too far"
    assert chinese.title is None
    for part in doc.parts:
        assert all(p == p.strip() and p for p in part.paragraphs)
        assert not any("原刊於" in p for p in part.paragraphs)
    raw_lines = [line for line in sample_path.read_text(encoding="utf-8").split("\n") if line.strip()]
    kept = chinese.paragraphs + english.paragraphs
    assert len(kept) == len(raw_lines) - 2 - 1  # two repeats and the notice


def test_the_same_article_in_any_encoding_or_line_ending_has_one_doc_id(tmp_path: Path) -> None:
    text = "\n".join(ntrex_articles("zh-Hant")[3]).encode("big5", errors="ignore").decode("big5")
    variants = {
        "utf8.txt": text.encode(),
        "bom.txt": codecs.BOM_UTF8 + text.encode(),
        "big5.txt": text.encode("big5"),
        "utf16.txt": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "crlf.txt": (text.replace("\n", "\r\n") + "\r\n\r\n  \r\n").encode(),
    }
    ids = set()
    for name, raw in variants.items():
        (tmp_path / name).write_bytes(raw)
        doc = _process(tmp_path / name)
        assert isinstance(doc, CleanDocument), name
        ids.add(doc.doc_id)
    assert len(ids) == 1


def test_known_bytes_are_not_cleaned_again(sample_path: Path) -> None:
    doc = _process(sample_path)
    again = _process(sample_path, known=doc.source_sha256)
    assert again == AlreadyIngested("doc.txt", doc.source_sha256)


def test_bad_input_becomes_a_quarantine_outcome(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    outcome = _process(tmp_path / "image.png", relative="image.png")
    assert isinstance(outcome, Quarantined)
    assert (outcome.reason, outcome.source_path, outcome.size_bytes) == ("binary", "image.png", 208)


def test_mojibake_and_whitespace_damage_are_repaired_and_reported(tmp_path: Path) -> None:
    article = ntrex_articles("fr")[5]
    damaged = "\r\n".join(f"  {line}\u200b   " for line in article).encode().decode("cp1252", errors="replace")
    (tmp_path / "damaged.txt").write_text(damaged + "\r\n\r\n", encoding="utf-8")
    doc = _process(tmp_path / "damaged.txt")
    assert isinstance(doc, CleanDocument)
    assert [p for part in doc.parts for p in part.paragraphs] == list(dict.fromkeys(article))
    assert {"mojibake_repaired", "zero_width_removed", "line_endings_normalized", "trailing_whitespace_stripped"} <= set(
        doc.fixes
    )


def test_a_document_the_language_step_fails_on_is_quarantined_alone(tmp_path: Path, monkeypatch) -> None:
    """The language step runs for a whole batch at once; an unforeseen failure on one document costs only that one."""
    articles = [list(article) for article in ntrex_articles("en")[:3]]
    paths = []
    for index, article in enumerate(articles):
        paths.append(tmp_path / f"{index}.txt")
        paths[-1].write_text("\n\n".join(article), encoding="utf-8")
    poisoned = articles[1][1]
    read = language._read

    def failing_read(paragraph: str):
        if paragraph == poisoned:
            raise RuntimeError("unforeseen")
        return read(paragraph)

    monkeypatch.setattr(language, "_read", failing_read)
    sources = [SourceFile(str(path), path.name, path.stat().st_size) for path in paths]
    outcomes = clean_files(sources, [frozenset()] * 3, CleanOptions(), StepTimer())
    assert [type(outcome) for outcome in outcomes] == [CleanDocument, Quarantined, CleanDocument]
    failed = outcome_as(Quarantined, outcomes[1])
    assert (failed.reason, failed.detail) == ("failed", "RuntimeError: unforeseen")
    cleaned = [outcome_as(CleanDocument, outcome) for outcome in (outcomes[0], outcomes[2])]
    assert [list(document.parts[0].paragraphs) for document in cleaned] == [articles[0], articles[2]]


# The pipeline as a list, with counts per step: small texts written here, no ../shared needed.

BILINGUAL = (
    "港務委員會週一討論渡輪的新時刻表，居民要求增加晚間班次。\n\n"
    "The harbour council met on Monday to discuss the new ferry timetable for the winter season.\n\n"
    "Residents asked for more evening crossings, and the operator promised a reply within weeks.\n\n"
    "The harbour council met on Monday to discuss the new ferry timetable for the winter season.\n\n"
    "Originally published in The Harbour Gazette.\n"
)


def _files(tmp_path: Path, contents: dict[str, bytes]) -> list[SourceFile]:
    sources = []
    for name, content in contents.items():
        (tmp_path / name).write_bytes(content)
        sources.append(SourceFile(str(tmp_path / name), name, len(content)))
    return sources


def test_the_pipeline_is_one_ordered_list_with_one_batched_step() -> None:
    assert [step.name for step in DOCUMENT_STEPS] == [
        "read", "text", "paragraphs", "notices", "repeats", "language", "parts", "minhash", "align",
    ]  # fmt: skip
    assert [step.name for step in DOCUMENT_STEPS if step.batched] == ["language"]


def test_each_step_counts_the_documents_it_lets_through_and_where_the_others_stopped(tmp_path: Path) -> None:
    sources = _files(
        tmp_path,
        {
            "bilingual.txt": BILINGUAL.encode(),
            "known.txt": b"Bytes OUT already holds.\n",
            "image.png": b"\x89PNG\r\n\x1a\n" + bytes(200),
            "blank.txt": b"\xef\xbb\xbf \r\n\r\n",
            "notice-only.txt": "本文原刊於《城市週報》網站，經授權轉載。\n".encode(),
        },
    )
    known = hashlib.sha256(b"Bytes OUT already holds.\n").hexdigest()
    result = process_batch(sources, {"known.txt": frozenset({known})}, CleanOptions())
    outcomes = {outcome.source_path: outcome for outcome in result.outcomes}
    assert isinstance(outcomes["known.txt"], AlreadyIngested)
    reasons = [outcome_as(Quarantined, outcomes[n]).reason for n in ("image.png", "blank.txt", "notice-only.txt")]
    assert reasons == ["binary", "empty", "no_text"]
    steps = result.steps
    assert list(steps) == [step.name for step in DOCUMENT_STEPS]
    ins_and_outs = [(name, counts.documents_in, counts.documents_out) for name, counts in steps.items()]
    assert ins_and_outs == [
        ("read", 5, 4),  # known.txt: already ingested
        ("text", 4, 3),  # image.png: binary
        ("paragraphs", 3, 2),  # blank.txt: empty
        ("notices", 2, 1),  # notice-only.txt: nothing but a notice
        ("repeats", 1, 1), ("language", 1, 1), ("parts", 1, 1), ("minhash", 1, 1), ("align", 1, 1),
    ]  # fmt: skip
    document = outcome_as(CleanDocument, outcomes["bilingual.txt"])
    assert steps["notices"].paragraphs_out == steps["repeats"].paragraphs_out == 4  # the notice left, the repeat stays
    kept = sum(len(part.paragraphs) for part in document.parts)
    assert steps["parts"].paragraphs_out == steps["minhash"].paragraphs_out == kept == 3
    assert sum(part.duplicate_paragraphs for part in document.parts) == 1
    assert all(counts.seconds >= 0 for counts in steps.values()) and steps["language"].seconds > 0


def test_counts_of_pieces_add_up_to_those_of_the_whole_batch(tmp_path: Path) -> None:
    sources = _files(tmp_path, {f"{i}.txt": BILINGUAL.replace("Monday", f"day {i}").encode() for i in range(4)})
    whole = process_batch(sources, {}, CleanOptions())
    pieces = BatchResult.combined(
        [process_batch(sources[:1], {}, CleanOptions()), process_batch(sources[1:], {}, CleanOptions())]
    )
    assert pieces.outcomes == whole.outcomes
    assert {name: (c.documents_in, c.documents_out, c.paragraphs_out) for name, c in pieces.steps.items()} == {
        name: (c.documents_in, c.documents_out, c.paragraphs_out) for name, c in whole.steps.items()
    }


def test_a_transient_error_fails_the_whole_batch_and_any_other_error_only_its_document(tmp_path: Path) -> None:
    """A TransientError is Prefect's to retry (the batch); any other failure is one document's quarantine."""
    sources = _files(tmp_path, {"a.txt": BILINGUAL.encode(), "b.txt": BILINGUAL.encode()})

    def unwell_read(doc: Document, options: CleanOptions, timer: StepTimer) -> Outcome | None:
        if doc.source.source_path == "b.txt":
            raise TransientError("reading b.txt: Input/output error")
        return pipeline.read(doc, options, timer)

    def failing_notices(doc: Document, options: CleanOptions, timer: StepTimer) -> None:
        if doc.source.source_path == "b.txt":
            raise KeyError("unforeseen")
        return pipeline.lift_notice(doc, options, timer)

    transient = [Step("read", unwell_read), *DOCUMENT_STEPS[1:]]
    with pytest.raises(TransientError):
        run_steps([Document(source) for source in sources], CleanOptions(), StepTimer(), transient)
    buggy = [Step(step.name, failing_notices) if step.name == "notices" else step for step in DOCUMENT_STEPS]
    timer = StepTimer()
    first, second = run_steps([Document(source) for source in sources], CleanOptions(), timer, buggy)
    assert isinstance(first, CleanDocument) and first.reprint_source == "The Harbour Gazette"
    assert isinstance(second, Quarantined) and (second.reason, second.detail) == ("failed", "KeyError: 'unforeseen'")
    assert (timer.steps["notices"].documents_in, timer.steps["notices"].documents_out) == (2, 1)
