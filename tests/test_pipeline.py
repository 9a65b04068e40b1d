"""The per-document steps together, on the real sample and on encoded corpus articles."""

import codecs
from pathlib import Path

from tasks.model import AlreadyIngested, CleanDocument, Quarantined, SourceFile
from tasks.pipeline import CleanOptions, StepTimer, clean_files
from tasks.steps import language
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
    assert (outcomes[1].reason, outcomes[1].detail) == ("failed", "RuntimeError: unforeseen")
    assert [list(outcome.parts[0].paragraphs) for outcome in (outcomes[0], outcomes[2])] == [articles[0], articles[2]]
