"""The run report: counts that add up, as JSON, a terminal summary and Prefect artifacts."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field, fields

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from tasks.output.write import publish_file

CHART_ROWS = 8  # a chart longer than this sums the smallest rows, so the summary stays one screen
BAR_WIDTH = 30


@dataclass
class RunReport:
    run_id: str
    raw: str
    out: str
    files_found: int = 0
    documents: int = 0  # files that became records
    duplicates: int = 0  # files whose clean content was already ingested (this run or earlier)
    reprints: int = 0  # documents ingested into the reprint cluster of an earlier document
    already_ingested: int = 0  # same path and bytes as a file an earlier run handled
    quarantined: Counter = field(default_factory=Counter)  # reason -> files
    changed_in_place: int = 0  # documents from a path an earlier run saw with other bytes
    changed_in_place_paths: list[str] = field(default_factory=list)
    records_per_language: Counter = field(default_factory=Counter)
    fixes: Counter = field(default_factory=Counter)  # fix code -> documents
    duplicate_paragraphs: int = 0
    files_written: list[str] = field(default_factory=list)
    duplicate_of: dict[str, dict[str, str]] = field(default_factory=dict)  # duplicate path -> doc_id, original_path
    step_seconds: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    unaccounted: list[str] = field(default_factory=list)  # found, but in no outcome: must stay empty
    counted_twice: list[str] = field(default_factory=list)  # in more than one outcome, or never found: must stay empty

    @property
    def accounted(self) -> int:
        return self.documents + self.duplicates + self.already_ingested + sum(self.quarantined.values())

    def adds_up(self) -> bool:
        return self.accounted == self.files_found and not self.unaccounted and not self.counted_twice

    def reconcile(self, found: list[str], outcomes: Counter) -> None:
        """Check file by file that each path found has exactly one outcome (counts alone can hide a swap)."""
        self.unaccounted = sorted(set(found) - set(outcomes))
        self.counted_twice = sorted(outcomes - Counter(set(found)))

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update({name: dict(value) for name, value in data.items() if isinstance(value, Counter)})
        data["adds_up"] = self.adds_up()
        data["records"] = sum(self.records_per_language.values())
        data["quarantined_total"] = sum(self.quarantined.values())
        return data

    def outcome_counts(self) -> list[tuple[str, int]]:
        """Where every file found went; the counts add up to files_found."""
        return [
            ("ingested", self.documents),
            ("duplicates", self.duplicates),
            ("already ingested", self.already_ingested),
            ("quarantined", sum(self.quarantined.values())),
        ]

    def record_counts(self) -> list[tuple[str, int]]:
        """What the ingested documents gave: records, reprints, dropped repeats, documents changed in place."""
        return [
            ("records written", sum(self.records_per_language.values())),
            ("reprints of earlier documents", self.reprints),
            ("repeated paragraphs dropped", self.duplicate_paragraphs),
            ("documents changed in place", self.changed_in_place),
        ]

    def charts(self) -> list[tuple[str, str, list[tuple[str, int, str]]]]:
        """(title, unit, rows of label, count, bar) for records per language, fixes applied, quarantine reasons."""
        return [
            ("Records per language", "records", bars(self.records_per_language)),
            ("Fixes applied, in documents", "documents", bars(self.fixes)),
            ("Quarantined files by reason", "files", bars(self.quarantined)),
        ]

    def summary_lines(self) -> list[str]:
        """The end-of-run summary for a terminal: one screen, whatever the corpus."""
        outcomes = " + ".join(f"{n} {name}" for name, n in self.outcome_counts())
        check = (
            "adds up"
            if self.adds_up()
            else (
                f"ERROR: {self.accounted} accounted for, {self.files_found} found; "
                f"{len(self.unaccounted)} without an outcome, {len(self.counted_twice)} counted twice"
            )
        )
        lines = [
            f"reprints run {self.run_id}: {self.raw} -> {self.out} in {self.seconds:.1f} s",
            f"  files   {self.files_found} found = {outcomes} ({check})",
            "  " + "; ".join(f"{n} {name}" for name, n in self.record_counts()),
        ]
        for title, _, rows in self.charts():
            lines += ["", f"  {title}"]
            lines += [f"    {label:<{_width(rows)}} {n:>7}  {bar}" for label, n, bar in rows] or ["    none"]
        return lines

    def markdown(self) -> str:
        outcomes = "\n".join(f"| {name} | {n} |" for name, n in self.outcome_counts())
        records = "\n".join(f"| {name} | {n} |" for name, n in self.record_counts())
        sections = [
            f"# reprints run `{self.run_id}`\n\n`{self.raw}` → `{self.out}` in {self.seconds:.1f} s; "
            f"counts add up: **{'yes' if self.adds_up() else 'NO'}**",
            f"| files | count |\n|---|---:|\n| **found** | **{self.files_found}** |\n{outcomes}",
            f"| documents ingested | count |\n|---|---:|\n{records}",
        ]
        for title, unit, rows in self.charts():
            table = "\n".join(f"| {label} | {n} | `{bar}` |" for label, n, bar in rows) or "| none | 0 | |"
            sections.append(f"## {title}\n\n| | {unit} | |\n|---|---:|---|\n{table}")
        return "\n\n".join(sections) + "\n"

    def write_json(self) -> str:
        """Write OUT/reports/<run>.json atomically (call while holding OUT's lock)."""
        content = json.dumps(self.to_dict(), indent=2, ensure_ascii=False, sort_keys=True)
        return publish_file(self.out, os.path.join("reports", f"{self.run_id}.json"), content.encode("utf-8"))


def bars(counts: Counter, top: int = CHART_ROWS) -> list[tuple[str, int, str]]:
    """The `top` largest counts with a bar each, scaled to the largest; the rest summed into one row."""
    rows = counts.most_common()
    if len(rows) > top:
        rest = rows[top - 1 :]
        rows = [*rows[: top - 1], (f"{len(rest)} others", sum(n for _, n in rest))]
    largest = max((n for _, n in rows), default=0)
    return [(label, n, "█" * max(1, round(BAR_WIDTH * n / largest))) for label, n in rows]


def _width(rows: list[tuple[str, int, str]]) -> int:
    return max((len(label) for label, _, _ in rows), default=0)


@task(name="publish-report", retries=2, retry_delay_seconds=[1, 5], timeout_seconds=120)
def publish_report(report: RunReport) -> str:
    """Write the JSON report into OUT/reports and publish it as Prefect artifacts."""
    path = report.write_json()
    create_table_artifact(
        key="reprints-run-report",
        table=[
            {"outcome": k, "files": v}
            for k, v in (
                ("documents", report.documents),
                ("duplicates", report.duplicates),
                ("already_ingested", report.already_ingested),
                *((f"quarantined:{r}", n) for r, n in sorted(report.quarantined.items())),
            )
        ],
        description=f"reprints run {report.run_id}: {report.files_found} files found",
    )
    create_markdown_artifact(key="reprints-run-summary", markdown=report.markdown(), description="reprints run summary")
    return path
