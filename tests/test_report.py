"""The run report as a person reads it: a one-screen terminal summary and a markdown artifact with charts."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tasks.output.report import BAR_WIDTH, CHART_ROWS, RunReport
from tests.conftest import write_out


@pytest.fixture(scope="module")
def report(ntrex_documents: list, quarantined: list, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    """A real report: ntrex news, plus an empty and a binary file that are quarantined."""
    return write_out(tmp_path_factory.mktemp("out"), ntrex_documents + quarantined, "report")


def chart(lines: list[str], title: str) -> dict[str, tuple[int, int]]:
    """label -> (count, bar length) of the terminal chart under `title`."""
    start = lines.index(f"  {title}") + 1
    rows = {}
    for line in lines[start:]:
        match = re.match(r"^    (\S.*?) +(\d+)  (█+)$", line)
        if not match:
            break
        rows[match.group(1)] = (int(match.group(2)), len(match.group(3)))
    return rows


def test_the_terminal_summary_shows_where_every_file_went_and_three_charts(report: RunReport) -> None:
    lines = report.summary_lines()
    assert f"{report.files_found} found" in lines[1] and "(adds up)" in lines[1]
    assert f"{report.documents} ingested" in lines[1] and "2 quarantined" in lines[1]
    languages = chart(lines, "Records per language")
    assert {label: n for label, (n, _) in languages.items()} == dict(report.records_per_language)
    assert max(bar for _, bar in languages.values()) == BAR_WIDTH
    for _, (n, bar) in languages.items():
        assert bar == max(1, round(BAR_WIDTH * n / max(report.records_per_language.values())))
    assert {label: n for label, (n, _) in chart(lines, "Fixes applied, in documents").items()} == dict(report.fixes)
    quarantine = chart(lines, "Quarantined files by reason")
    assert {label: n for label, (n, _) in quarantine.items()} == dict(report.quarantined)
    assert set(report.quarantined) == {"empty", "binary"}


def test_the_summary_stays_one_screen_however_many_languages_and_fixes(report: RunReport) -> None:
    many = RunReport(
        run_id="many",
        raw="raw",
        out="out",
        files_found=report.files_found,
        documents=report.documents,
        quarantined=report.quarantined,
        records_per_language=Counter({f"l{i:02d}": 100 - i for i in range(40)}),
        fixes=Counter({f"fix{i}": i + 1 for i in range(20)}),
    )
    lines = many.summary_lines()
    assert len(lines) <= 3 + 3 * (CHART_ROWS + 2)
    rows = chart(lines, "Records per language")
    assert len(rows) == CHART_ROWS
    assert rows[f"{40 - CHART_ROWS + 1} others"][0] == sum(100 - i for i in range(CHART_ROWS - 1, 40))
    assert sum(n for n, _ in rows.values()) == sum(many.records_per_language.values())


def test_the_markdown_artifact_has_a_table_of_files_and_a_chart_per_count(report: RunReport) -> None:
    markdown = report.markdown()
    assert f"| **found** | **{report.files_found}** |" in markdown
    for name, n in report.outcome_counts():
        assert f"| {name} | {n} |" in markdown
    for title, counts in (
        ("Records per language", report.records_per_language),
        ("Fixes applied, in documents", report.fixes),
        ("Quarantined files by reason", report.quarantined),
    ):
        section = markdown.split(f"## {title}\n")[1].split("\n## ")[0]
        rows = re.findall(r"^\| (\S+) \| (\d+) \| `(█+)` \|$", section, re.M)
        assert {label: int(n) for label, n, _ in rows} == dict(counts), title
        assert max(len(bar) for _, _, bar in rows) == BAR_WIDTH


def test_the_summary_prints_control_characters_of_raw_and_out_escaped() -> None:
    summary = "\n".join(RunReport(run_id="esc", raw="raw\x1b]0;owned\x07", out="out\u202e").summary_lines())
    assert "\x1b" not in summary and "\x07" not in summary and "\u202e" not in summary
    assert "raw\\x1b]0;owned\\x07 -> out\\u202e" in summary


def test_the_summary_says_one_of_the_quarantined_files_in_the_singular() -> None:
    # the summary's counts of one are singular (counted): so is the line under them about files quarantined again
    lines = {n: RunReport(run_id="q", raw="raw", out="out", still_quarantined=n).summary_lines()[3] for n in (1, 2)}
    assert lines[1] == "  1 of the quarantined files was already, for the same reason: no new row"
    assert lines[2] == "  2 of the quarantined files were already, for the same reason: no new row"


def test_the_summary_says_how_many_files_quarantined_before_are_now_ingested() -> None:
    lines = {n: RunReport(run_id="q", raw="raw", out="out", ingested_from_quarantine=n).summary_lines()[3] for n in (1, 2)}
    assert lines[1] == "  1 file quarantined before is now ingested"
    assert lines[2] == "  2 files quarantined before are now ingested"


def test_the_markdown_artifact_says_how_many_files_quarantined_before_are_now_ingested() -> None:
    # the Prefect UI shows the artifact, not the terminal summary: the count the summary prints is in its table too
    markdown = RunReport(run_id="q", raw="raw", out="out", documents=3, ingested_from_quarantine=2).markdown()
    table = markdown.split("| documents ingested | count |\n")[1].split("\n\n")[0]
    assert "| files quarantined before, now ingested | 2 |" in table.splitlines()
