"""docs/operations.md matches the code: crash points, quarantine reasons, retried reasons, exit codes."""

from __future__ import annotations

import re

from reprints.commands import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_READER_GONE, EXIT_USAGE
from reprints.interrupt import EXIT_INTERRUPTED
from tasks.output.schema import QUARANTINE_REASONS, RETRY_NEXT_RUN
from tests.conftest import REPO

DOC = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return DOC.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_every_crash_point_in_the_code_is_documented_and_no_other() -> None:
    in_code = set()
    for path in [*REPO.glob("tasks/**/*.py"), *REPO.glob("flows/*.py")]:
        in_code |= set(re.findall(r'crash_point\("(\w+)"\)', path.read_text(encoding="utf-8")))
    documented = set(re.findall(r"^\| `(\w+)` \|", section("Crash safety"), re.M))
    assert in_code == documented


def test_every_quarantine_reason_has_an_example_input() -> None:
    documented = set(re.findall(r"\| `(\w+)` \|", section("Bad input")))
    assert documented == set(QUARANTINE_REASONS)


def test_the_retried_reasons_are_the_ones_in_the_code() -> None:
    text = " ".join(section("Idempotence, new files and files changed in place").split())
    [listed] = re.findall(r"((?:`\w+`, )+`\w+` and `\w+`) may pass", text)
    assert set(re.findall(r"`(\w+)`", listed)) == set(RETRY_NEXT_RUN)


def test_the_exit_codes_are_the_ones_the_commands_use() -> None:
    rows = dict(re.findall(r"^\| (\d+) \| (.+) \|$", section("Exit codes and the run lock"), re.M))
    in_code = [EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_INTERRUPTED, EXIT_READER_GONE]
    assert sorted(map(int, rows)) == sorted(in_code)
    assert "another" in rows[str(EXIT_LOCKED)]
