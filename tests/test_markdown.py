"""Markdown in, article text out (tasks/steps/markdown.py through the pipeline): NTREX articles of ../shared/corpus
written as Markdown here (bench/markdown_articles.py's renderings), in UTF-8 and legacy code pages; plain text that
merely uses Markdown's characters unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench import paragraph_shapes
from bench.markdown_articles import PUBLISHED, render
from reprints.cli import main
from tasks.model import CleanDocument, Outcome, PageMetadata, Quarantined, SourceFile
from tasks.pipeline import CleanOptions, StepTimer, clean_files, clean_text, repair_and_tidy
from tasks.steps.markdown import markdown_text
from tests.cli_runs import finish, rows, run_cli
from tests.corpus import ntrex_articles

LANGUAGES = ["en", "zh-Hant", "ja", "ru", "ar", "he", "th", "ko"]
# language, the code page the file is written in, the name source_encoding records
ENCODINGS = [("zh-Hant", "big5", "big5"), ("ja", "shift_jis", "shift_jis"), ("ru", "windows-1251", "cp1251"),
             ("en", "utf-16", "utf-16-le")]  # fmt: skip


def article(language: str, codec: str = "utf-8") -> tuple[int, tuple[str, ...]]:
    """The first NTREX article (its number, its lines) whose lines the code page can write and that repeats no line."""
    for number, lines in enumerate(ntrex_articles(language)):
        text = "\n".join(lines)
        if len(set(lines)) == len(lines) and text.encode(codec, "replace").decode(codec) == text:
            return number, lines
    raise AssertionError(f"no NTREX {language} article fits {codec}")


def clean(tmp_path: Path, content: bytes, name: str = "story.md") -> Outcome:
    path = tmp_path / name
    path.write_bytes(content)
    return clean_files([SourceFile(str(path), name, len(content))], [frozenset()], CleanOptions(), StepTimer())[0]


def cleaned(tmp_path: Path, content: bytes) -> CleanDocument:
    outcome = clean(tmp_path, content)
    assert isinstance(outcome, CleanDocument), outcome
    return outcome


def body(lines: tuple[str, ...]) -> list[str]:
    """The body's paragraphs as bench/paragraph_shapes.py expects them: each line cleaned alone."""
    return [repair_and_tidy(line)[0] for line in lines[1:]]


def paragraphs_of(doc: CleanDocument) -> list[str]:
    return [p for part in doc.parts for p in part.paragraphs]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_markdown_article_becomes_its_text_title_and_date(tmp_path: Path, language: str) -> None:
    number, lines = article(language)
    markdown = render(lines, language, number, "front-matter")  # bold, links, a wrapped paragraph, list, quote, image
    doc = cleaned(tmp_path, markdown.encode())
    assert paragraphs_of(doc) == body(lines)  # no front matter, heading, **, [..](url), - , > nor image
    assert [part.language for part in doc.parts] == [language]
    assert doc.parts[0].title == lines[0]
    assert doc.page == PageMetadata("markdown", lines[0], None, PUBLISHED)


README_HEAD = """<p align="center">
  <img src="docs/logo.png" alt="logo" width="160">
</p>
<p align="center"><a href="https://ci.example/reprints"><img src="https://ci.example/badge.svg" alt="CI"></a></p>

"""


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_readme_that_opens_with_html_stays_markdown(tmp_path: Path, language: str) -> None:
    """A README opening with a centred logo in HTML is Markdown, not an HTML fragment (docs/web.md, "Fragments: a
    piece of a page")."""
    number, lines = article(language)
    readme = README_HEAD + render(lines, language, number, "heading+links")
    doc = cleaned(tmp_path, readme.encode())
    assert doc.page.source_format == "markdown"
    assert paragraphs_of(doc) == body(lines) and doc.parts[0].title == lines[0]


@pytest.mark.parametrize(("language", "codec", "recorded"), ENCODINGS)
def test_markdown_in_a_legacy_code_page_or_utf_16_with_crlf(tmp_path: Path, language: str, codec: str, recorded: str) -> None:
    number, lines = article(language, codec)
    doc = cleaned(tmp_path, render(lines, language, number, "front-matter").replace("\n", "\r\n").encode(codec))
    assert paragraphs_of(doc) == body(lines) and doc.parts[0].title == lines[0]
    assert doc.page.source_format == "markdown" and doc.source_encoding == recorded


@pytest.mark.parametrize(
    "tail", ['<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">', '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{0}</title>']
)
def test_another_files_start_run_into_a_markdown_article_fails_nothing(tmp_path: Path, tail: str) -> None:
    """Another file run into the article after it (found by bench/fuzz_formats.py): a DOCTYPE line alone, an HTML
    block lxml finds no document in; an <html> start whose <body> never comes, on which lxml's fragment parser
    asserts. Both failed the file; both are no text, and the article stays whole."""
    number, lines = article("en")
    markdown = render(lines, "en", number, "front-matter") + "\n" + tail.format(lines[0]) + "\n"
    doc = cleaned(tmp_path, markdown.encode())
    assert paragraphs_of(doc) == body(lines) and doc.page.source_format == "markdown"


@pytest.mark.parametrize(
    ("language", "notice", "outlet"),
    [
        ("zh-Hant", "*原刊於[澳門新聞通訊社(MNA)](https://mna.example)網站，本社獲作者授權轉載。*", "澳門新聞通訊社(MNA)"),
        ("en", "_Originally published in [The Harbour Times](https://harbour.example/story)._", "The Harbour Times"),
    ],
)
def test_a_reprint_notice_in_markdown_names_the_outlet_without_its_link(
    tmp_path: Path, language: str, notice: str, outlet: str
) -> None:
    number, lines = article(language)
    doc = cleaned(tmp_path, f"{render(lines, language, number, 'heading+links')}\n{notice}\n".encode())
    assert doc.reprint_source == outlet and paragraphs_of(doc) == body(lines)  # the notice left the text


def test_the_first_heading_is_the_title_without_front_matter_and_other_headings_are_paragraphs(tmp_path: Path) -> None:
    markdown = (
        "Council meets on budget\n=======================\n\nThe council met on Tuesday.\n\n"
        "## What it decided\n\nIt approved the [ferry][1] budget.  \nThe vote was 7 to 2.\n\n[1]: https://example.com/ferry\n"
    )
    doc = cleaned(tmp_path, markdown.encode())
    assert paragraphs_of(doc) == ["The council met on Tuesday.", "What it decided", "It approved the ferry budget.",
                                  "The vote was 7 to 2."]  # fmt: skip
    assert doc.page == PageMetadata("markdown", "Council meets on budget")


def test_tables_code_html_and_nested_lists(tmp_path: Path) -> None:
    markdown = (
        "# Ferry timetable\n\nThe **new** timetable starts in May:\n\n| Port | Crossings |\n|:-----|----------:|\n"
        "| North | 12 |\n| South | 9 |\n\n1. Weekdays\n   - mornings\n   - evenings\n2. Weekends\n\n"
        "```python\nfares = {'adult': 4}\n```\n\n<figure>\n<figcaption>The <em>old</em> ferry</figcaption>\n</figure>\n"
    )
    doc = cleaned(tmp_path, markdown.encode())
    assert paragraphs_of(doc) == [
        "The new timetable starts in May:", "Port | Crossings", "North | 12", "South | 9",  # a row a paragraph
        "Weekdays", "mornings", "evenings", "Weekends",  # an item a paragraph, markers dropped
        "fares = {'adult': 4}",  # a code line a paragraph
        "The old ferry",  # an HTML block's visible text
    ]  # fmt: skip


def test_markdown_of_markup_only_is_quarantined_no_text(tmp_path: Path) -> None:
    outcome = clean(tmp_path, b"---\ntitle: Photos\n---\n# Photos\n\n![harbour](harbour.jpg)\n")
    assert isinstance(outcome, Quarantined) and outcome.reason == "no_text", outcome


MARKDOWN_PIECES = ["---\n", "title: x\n", "# ", "## ", "**", "*", "_", "[", "](", ")", "![", "`", "```\n", "> ", "- ",
                   "1. ", "|", "|---|\n", "<div>", "</div>", "<!--", "\\", "&amp;", "  \n", "\n", "\n\n", "===\n"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(MARKDOWN_PIECES) | st.text(max_size=12), max_size=40))
@example(pieces=["</div>", "\x1b"])  # a control character in an HTML block once failed lxml
def test_any_markdown_becomes_a_document_or_a_quarantine_that_says_why(tmp_path: Path, pieces: list[str]) -> None:
    content = "# Council\n\n**The council** met.\n\n" + "".join(pieces)  # two constructs: always read as Markdown
    outcome = clean(tmp_path, content.encode())
    if isinstance(outcome, CleanDocument):
        assert outcome.page.source_format == "markdown" and all(paragraphs_of(outcome))
    else:
        assert isinstance(outcome, Quarantined) and outcome.reason != "failed", outcome


@pytest.mark.parametrize(
    "content",
    [
        "#budget #council: the council met on Tuesday.\n\nIt was *very* close, said one #member.\n",
        "Agenda\n- budget\n- ferries\n1. Opening\n2. Vote\n",
        "> On Tuesday, Ann wrote:\n> The council met.\n\nThanks, see you then.\n-- \nBob\n",
        "[Editor's note] The council met on Tuesday. [Updated] (see below)\n",
        "# 1 priority for the council: the ferry\n\nThe council met on Tuesday and approved the budget.\n",
        "Read the minutes [here](https://example.com/minutes) before Tuesday's vote.\n",
        "Budget 2026\n===========\n\nThe council met on Tuesday.\n----------\nFootnote: figures are provisional.\n",
        "---\nFrom: Ann\nTo: Bob\n---\nThe council met on Tuesday, and the vote was close.\n",
        "Prices rose 5%** this year\n\n** provisional figures [1]: the council's own\n",
    ],
)
def test_plain_text_that_uses_markdown_characters_stays_text(tmp_path: Path, content: str) -> None:
    doc = cleaned(tmp_path, content.encode())
    text, _, _ = clean_text(content.encode(), CleanOptions(), StepTimer())
    assert paragraphs_of(doc) == list(dict.fromkeys(text.split("\n\n")))  # a repeated paragraph once
    assert doc.page == PageMetadata("text")


@pytest.mark.parametrize("shape", paragraph_shapes.SHAPES)
def test_no_ntrex_article_in_any_language_and_shape_is_taken_for_markdown(shape: str) -> None:
    languages = sorted(p.stem for p in paragraph_shapes.NTREX.glob("*.txt") if p.stem != "doc_ids")
    assert len(languages) == 42
    for language in languages:
        for number, lines in enumerate(ntrex_articles(language)):
            raw = paragraph_shapes.render(lines, language, shape, paragraph_shapes.width_of(language, str(number)))
            assert markdown_text(raw.encode()) is None, (language, number)


def test_a_real_run_reads_markdown(tmp_path: Path, api_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (en_number, en), (ja_number, ja) = article("en"), article("ja", "shift_jis")
    (raw / "story.md").write_text(render(en, "en", en_number, "front-matter"), encoding="utf-8")
    (raw / "export-17").write_bytes(render(ja, "ja", ja_number, "heading+links").encode("shift_jis"))
    note = ("The #council met on Tuesday and approved the *new* budget for the ferries.\n\n"
            "- Budget: approved by seven votes to two\n- Ferries: more evening crossings from May\n")  # fmt: skip
    (raw / "note.txt").write_text(note, encoding="utf-8")
    code, stdout, stderr = finish(run_cli(raw, out, api_url, "--runner", "thread", "--no-progress", "--json"))
    assert code == 0, stderr
    assert json.loads(stdout)["documents"] == 3
    columns = ["source_path", "part_index", "source_format", "title", "published", "source_encoding", "text"]
    found = {row[:2]: row[2:] for row in rows(out, "records", columns)}  # (path, part): one part a file
    assert found == {
        ("story.md", 0): ("markdown", en[0], date(2026, 3, 2), "utf-8", "\n\n".join(body(en))),
        ("export-17", 0): ("markdown", ja[0], None, "shift_jis", "\n\n".join(body(ja))),
        ("note.txt", 0): ("text", None, None, "utf-8", clean_text(note.encode(), CleanOptions(), StepTimer())[0]),
    }
    assert main(["show", str(out), "--language", "en"]) == 0  # `reprints show` says where a record came from
    assert "\nformat     markdown, published 2026-03-02\n" in capsys.readouterr().out
