"""The run report: counts that add up, as JSON, a terminal summary and Prefect artifacts."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field, fields

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact


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
    records_per_language: Counter = field(default_factory=Counter)
    fixes: Counter = field(default_factory=Counter)  # fix code -> documents
    duplicate_paragraphs: int = 0
    files_written: list[str] = field(default_factory=list)
    duplicate_of: dict[str, dict[str, str]] = field(default_factory=dict)  # duplicate path -> doc_id, original_path
    step_seconds: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def accounted(self) -> int:
        return self.documents + self.duplicates + self.already_ingested + sum(self.quarantined.values())

    def adds_up(self) -> bool:
        return self.accounted == self.files_found

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update({name: dict(value) for name, value in data.items() if isinstance(value, Counter)})
        data["adds_up"] = self.adds_up()
        data["records"] = sum(self.records_per_language.values())
        data["quarantined_total"] = sum(self.quarantined.values())
        return data

    def summary_lines(self) -> list[str]:
        languages = ", ".join(f"{lang} {n}" for lang, n in self.records_per_language.most_common()) or "none"
        reasons = ", ".join(f"{reason} {n}" for reason, n in self.quarantined.most_common()) or "none"
        lines = [
            f"reprints run {self.run_id}: {self.raw} -> {self.out} in {self.seconds:.1f} s",
            f"  files found       {self.files_found}",
            f"  ingested          {self.documents} documents, {sum(self.records_per_language.values())} records ({languages})",
            f"  duplicates        {self.duplicates} files (content already ingested)",
            f"  reprints          {self.reprints} documents joined the cluster of an earlier one",
            f"  already ingested  {self.already_ingested} files (unchanged since an earlier run)",
            f"  quarantined       {sum(self.quarantined.values())} files ({reasons})",
            f"  repeated paragraphs dropped {self.duplicate_paragraphs}; changed in place {self.changed_in_place}",
        ]
        if not self.adds_up():
            lines.append(f"  ERROR: {self.accounted} files accounted for, {self.files_found} found")
        return lines

    def markdown(self) -> str:
        rows = [
            ("files found", self.files_found),
            ("documents ingested", self.documents),
            ("duplicates", self.duplicates),
            ("reprints (near-duplicates, ingested)", self.reprints),
            ("already ingested", self.already_ingested),
            ("quarantined", sum(self.quarantined.values())),
        ]
        table = "\n".join(f"| {name} | {value} |" for name, value in rows)
        languages = "\n".join(
            f"| {lang} | {n} | {'█' * max(1, round(30 * n / max(self.records_per_language.values())))} |"
            for lang, n in self.records_per_language.most_common()
        )
        reasons = "\n".join(f"| {reason} | {n} |" for reason, n in self.quarantined.most_common()) or "| none | 0 |"
        fixes = "\n".join(f"| {code} | {n} |" for code, n in self.fixes.most_common()) or "| none | 0 |"
        return (
            f"# reprints run `{self.run_id}`\n\n`{self.raw}` → `{self.out}` in {self.seconds:.1f} s; "
            f"counts add up: **{self.adds_up()}**\n\n| files | count |\n|---|---|\n{table}\n\n"
            f"## Records per language\n\n| language | records | |\n|---|---|---|\n{languages}\n\n"
            f"## Quarantine reasons\n\n| reason | files |\n|---|---|\n{reasons}\n\n"
            f"## Fixes applied\n\n| fix | documents |\n|---|---|\n{fixes}\n"
        )

    def write_json(self) -> str:
        folder = os.path.join(self.out, "reports")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{self.run_id}.json")
        temporary = path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(self.to_dict(), handle, indent=2, ensure_ascii=False, sort_keys=True)
        os.replace(temporary, path)
        return path


@task(name="publish-report")
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
