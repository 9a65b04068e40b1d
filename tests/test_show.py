"""`reprints show OUT`: records printed readably, by document or language, without Prefect."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reprints.cli import main
from tasks.model import CleanDocument
from tests.conftest import REPO, write_out


@pytest.fixture(scope="module")
def out(ntrex_documents: list, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("show")
    write_out(folder, ntrex_documents[:30], "showrun")
    return folder


def bilingual(ntrex_documents: list) -> CleanDocument:
    return next(d for d in ntrex_documents[:30] if isinstance(d, CleanDocument) and len(d.parts) == 2)


def headers(text: str) -> list[tuple[str, str, str]]:
    return re.findall(r"^── (\w+)  (\S+)  part (\d) of \d", text, re.M)


def test_show_doc_prints_every_part_of_the_document_in_order(
    out: Path, ntrex_documents: list, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = bilingual(ntrex_documents)
    assert main(["show", str(out), "--doc", doc.doc_id]) == 0
    printed = capsys.readouterr().out
    assert headers(printed) == [(doc.doc_id, part.language, str(i + 1)) for i, part in enumerate(doc.parts)]
    assert f"source     {doc.source_path} (utf-8)" in printed
    for part in doc.parts:
        assert f"  {part.paragraphs[0]}" in printed
        assert f"  … {len(part.paragraphs) - 3} more paragraphs (" in printed
    assert printed.rstrip().endswith(f"{len(doc.parts)} of {len(doc.parts)} records")


def test_show_full_prints_every_paragraph(out: Path, ntrex_documents: list, capsys: pytest.CaptureFixture[str]) -> None:
    doc = bilingual(ntrex_documents)
    assert main(["show", str(out), "--doc", doc.doc_id, "--full"]) == 0
    printed = capsys.readouterr().out
    for part in doc.parts:
        for paragraph in part.paragraphs:
            assert f"  {paragraph}\n" in printed
    assert "more paragraphs" not in printed


def test_show_language_with_limit(out: Path, ntrex_documents: list, capsys: pytest.CaptureFixture[str]) -> None:
    total = sum(1 for d in ntrex_documents[:30] for p in getattr(d, "parts", []) if p.language == "fr")
    assert main(["show", str(out), "--language", "fr", "--limit", "2"]) == 0
    printed = capsys.readouterr().out
    assert [language for _, language, _ in headers(printed)] == ["fr", "fr"]
    assert f"2 of {total} records (--limit N for more)" in printed


def test_show_exit_codes(out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(out), "--doc", "0" * 32]) == 1
    assert "no record matches" in capsys.readouterr().err
    assert main(["show", str(tmp_path)]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["show", str(out), "--doc", "x", "--language", "en"])
    assert usage.value.code == 2


def test_schema_show_and_compact_start_without_importing_prefect(out: Path, tmp_path: Path) -> None:
    shutil.copytree(out, tmp_path / "out")
    for arguments in (["schema"], ["show", str(out)], ["compact", str(tmp_path / "out")]):
        code = f"import sys; from reprints.cli import main; assert main({arguments!r}) == 0; assert 'prefect' not in sys.modules"
        subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True)


def test_escape_and_bell_in_a_file_name_are_printed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: ESC and BEL in a name reached the terminal raw (clear the screen, retitle the window)."""
    from tasks.inputs.discover import find_inputs
    from tasks.pipeline import CleanOptions, process_batch
    from tests.cli_runs import article

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "news\x1b[2J\x1b]0;owned\x07.txt").write_text(article(1), encoding="utf-8")
    write_out(tmp_path / "out", process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes, "escrun")
    assert main(["show", str(tmp_path / "out"), "--language", "en"]) == 0
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and "\x07" not in shown
    assert "news\\x1b[2J\\x1b]0;owned\\x07.txt" in shown


@pytest.mark.parametrize("command", [["schema"], ["show", "OUT"], ["show", "OUT", "--full", "--language", "en"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(command: list[str], tmp_path: Path) -> None:
    """`reprints show OUT | head`: before, head closing the pipe ended in a BrokenPipeError traceback (and Python's
    "Exception ignored" at exit); now the command stops quietly with the shell's code for a closed pipe."""
    from reprints.commands import EXIT_READER_GONE
    from tasks.inputs.discover import find_inputs
    from tasks.pipeline import CleanOptions, process_batch
    from tests.cli_runs import articles_raw

    raw = articles_raw(tmp_path / "raw", 6)
    write_out(tmp_path / "out", process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes, "piperun")
    argv = [str(tmp_path / "out") if argument == "OUT" else argument for argument in command]
    code = f"import sys; from reprints.cli import main; sys.exit(main({argv!r}))"
    process = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None  # both PIPE
    process.stdout.close()  # the reader is gone before the command writes its first line
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == EXIT_READER_GONE, stderr
    assert stderr == ""


def test_a_reader_that_goes_away_after_a_run_leaves_the_run_done(tmp_path: Path, api_url: str) -> None:
    """`reprints ingest RAW OUT --json | head -1`: the report's reader going away once the run is done was reported
    as "the run failed: BrokenPipeError" with exit 1; the run is committed, so the command stops quietly."""
    from reprints.commands import EXIT_READER_GONE
    from tests.cli_runs import articles_raw, records, run_cli

    raw, out = articles_raw(tmp_path / "raw", 6), tmp_path / "out"
    process = run_cli(raw, out, api_url, "--json", "--no-progress", "--runner", "thread")
    assert process.stdout is not None and process.stderr is not None  # both PIPE
    process.stdout.close()  # the reader is gone before the command writes its report
    stderr = process.stderr.read()
    assert process.wait(timeout=300) == EXIT_READER_GONE, stderr
    assert "failed" not in stderr
    assert len({doc_id for doc_id, _, _ in records(out)}) == 6


def test_one_hidden_paragraph_and_one_repeat_are_said_in_the_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A record of four paragraphs hides one: "1 more paragraph", as "1 repeated paragraph dropped"."""
    raw = tmp_path / "raw"
    raw.mkdir()
    paragraphs = [f"Paragraph {n} of the harbour council's report, with enough words to read as English text." for n in range(4)]
    (raw / "report.txt").write_text("\n\n".join([*paragraphs, paragraphs[1]]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["ingest", str(raw), str(out), "--runner", "thread"]) == 0
    capsys.readouterr()
    assert main(["show", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "  … 1 more paragraph (--full shows them all)" in printed
    assert "1 repeated paragraph dropped" in printed
