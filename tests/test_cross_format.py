"""One article in many formats is one document (docs/dedup.md, "The same article in other formats"): NTREX articles of
../shared/corpus written as a text file and, with the builders of each format's tests, as NITF, NewsML-G2, e-mail,
DOCX, ODT, RTF, Markdown, a web page, a WordPress post and JSON-LD; through the pipeline's steps, and once through the
real command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.cross_format import FORMATS
from tasks.model import CleanDocument, SourceFile
from tasks.pipeline import CleanOptions, StepTimer, clean_files, repair_and_tidy
from tests.cli_runs import finish, rows, run_cli
from tests.conftest import outcome_as
from tests.test_news_xml import article

LANGUAGES = ["en", "fr", "de", "zh-Hant", "ja", "ru", "ar"]


def cleaned(tmp_path: Path, lines: list[str]) -> dict[str, CleanDocument]:
    """The article in every format of bench/cross_format.py, each file through the pipeline's steps."""
    tmp_path.mkdir(exist_ok=True)
    sources = []
    for kind, (name, write) in FORMATS.items():
        path = tmp_path / f"{kind}-{name}"
        path.write_bytes(write(lines))
        sources.append(SourceFile(str(path), path.name, path.stat().st_size))
    outcomes = clean_files(sources, [frozenset()] * len(sources), CleanOptions(), StepTimer())
    return {kind: outcome_as(CleanDocument, outcome) for kind, outcome in zip(FORMATS, outcomes, strict=True)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_format_of_one_article_gives_the_text_files_doc_id(tmp_path: Path, language: str) -> None:
    """The headline is a text file's first paragraph and the other formats' title: the doc_id counts it either way;
    a web page keeps its no-break spaces (French «\xa0», Russian \xa0—) as the text file does."""
    lines = article(language)
    docs = cleaned(tmp_path, lines)
    headline, *body = [repair_and_tidy(line)[0] for line in lines]
    assert {kind: doc.doc_id for kind, doc in docs.items()} == dict.fromkeys(FORMATS, docs["text"].doc_id)
    for kind, doc in docs.items():
        paragraphs = [p for part in doc.parts for p in part.paragraphs]
        assert paragraphs == ([headline, *body] if kind in ("text", "email") else body), kind
        assert doc.parts[0].title == headline, kind  # a text file's short first paragraph heads its part too


def test_another_headline_is_another_document_linked_as_a_reprint(tmp_path: Path) -> None:
    """docs/dedup.md: a word changed makes another document; a headline changed too, and the body still links it."""
    lines = article("en")
    retitled = ["Update: " + lines[0], *lines[1:]]
    first, second = cleaned(tmp_path / "a", lines)["nitf"], cleaned(tmp_path / "b", retitled)["nitf"]
    assert first.doc_id != second.doc_id
    assert first.minhash == second.minhash  # the same body: the same signature, so the same reprint cluster


def test_one_article_as_nitf_email_docx_markdown_and_text_is_one_documents_records(tmp_path: Path, api_url: str) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    lines = article("fr")
    names = []
    for kind in ("nitf", "email", "docx", "markdown", "text"):
        name, write = FORMATS[kind]
        (raw / name).write_bytes(write(lines))
        names.append(name)
    code, stdout, stderr = finish(run_cli(raw, out, api_url, "--runner", "thread", "--no-progress", "--json"))
    assert code == 0, stderr
    report = json.loads(stdout)
    kept = sorted(names)[0]  # the first in path order: cms.md
    found = rows(out, "records", ["source_path", "doc_id", "title", "text"])
    headline, *body = [repair_and_tidy(line)[0] for line in lines]
    assert [row[0] for row in found] == [kept]
    assert found[0][2:] == (headline, "\n\n".join(body))
    duplicates = rows(out, "duplicates", ["source_path", "doc_id", "duplicate_of_path"])
    assert duplicates == sorted((name, found[0][1], kept) for name in names if name != kept)
    assert report["adds_up"] and (report["documents"], report["duplicates"]) == (1, 4)
    assert set(report["duplicate_of"]) == set(names) - {kept}


@pytest.mark.parametrize("damage", ["mojibake", "invisible", "spaces"])
def test_a_damaged_headline_is_cleaned_as_a_paragraph_is_in_every_format(tmp_path: Path, damage: str) -> None:
    """A title is cleaned as the text is (repair, whitespace): the headline of an e-mail's subject, a DOCX's title, a
    Markdown front matter... comes out as the text file's first paragraph does, so every format keeps one doc_id."""
    lines = article("fr")
    damaged = {
        "mojibake": lines[0].encode("utf-8").decode("cp1252", errors="replace"),  # UTF-8 read as cp1252
        "invisible": lines[0].replace(" ", " \u200b", 2) + "\u2060",  # zero-width space, word joiner
        "spaces": "  " + lines[0].replace(" ", "   ", 1) + "\t ",
    }[damage]
    assert damaged != lines[0]
    docs = cleaned(tmp_path, [damaged, *lines[1:]])
    headline = repair_and_tidy(lines[0])[0]
    assert {kind: doc.parts[0].title for kind, doc in docs.items()} == dict.fromkeys(FORMATS, headline)
    assert {kind: doc.doc_id for kind, doc in docs.items()} == dict.fromkeys(FORMATS, docs["text"].doc_id)
