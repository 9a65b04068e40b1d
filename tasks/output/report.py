"""The run report: counts that add up, as JSON, a terminal summary and the markdown of its Prefect artifact.

Plain data: the Prefect task that publishes it is tasks/run/prefect_tasks.py.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field, fields

from tasks.model import StepCounts, add_steps
from tasks.output.write import publish_file

CHART_ROWS = 8  # a chart longer than this sums the smallest rows, so the summary stays one screen
BAR_WIDTH = 30


def printable(text: str) -> str:
    r"""`text` safe to print on a terminal: control and format characters (ESC, BEL, bidi overrides, ...) escaped.

    A file name is anyone's to choose: raw, ESC and BEL could move the cursor, retitle the window or hide lines.

    >>> print(printable("caf\u00e9 \x1b[2Jnews\a.txt"))
    café \x1b[2Jnews\x07.txt
    >>> print(printable("\u202eevil"))
    \u202eevil
    """
    if text.isprintable():  # the usual case, at C speed
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


# Labels for a count of one, in the run summary and `reprints show` (the report's own names are plural, as its
# tables' rows are)
SINGULAR = {
    "duplicates": "duplicate",
    "records written": "record written",
    "reprints of earlier documents": "reprint of an earlier document",
    "repeated paragraphs dropped": "repeated paragraph dropped",
    "boilerplate paragraphs removed": "boilerplate paragraph removed",
    "documents changed in place": "document changed in place",
    "more paragraphs": "more paragraph",
    "files quarantined before": "file quarantined before",
}


def counted(n: int, name: str) -> str:
    """A count and its label, singular for one.

    >>> counted(1, "records written"), counted(0, "records written"), counted(1, "quarantined")
    ('1 record written', '0 records written', '1 quarantined')
    """
    return f"{n} {SINGULAR.get(name, name) if n == 1 else name}"


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
    still_quarantined: int = 0  # of those, files whose latest quarantine row already said so: no new row
    changed_in_place: int = 0  # documents from a path an earlier run saw with other bytes
    changed_in_place_paths: list[str] = field(default_factory=list)
    ingested_from_quarantine: int = 0  # documents from a file whose latest outcome was a quarantine, read again
    records_per_language: Counter = field(default_factory=Counter)
    fixes: Counter = field(default_factory=Counter)  # fix code -> documents
    duplicate_paragraphs: int = 0
    boilerplate_paragraphs: int = 0  # paragraphs left out as boilerplate repeated across documents
    files_written: list[str] = field(default_factory=list)
    duplicate_of: dict[str, dict[str, str]] = field(default_factory=dict)  # duplicate path -> doc_id, original_path
    step_seconds: Counter = field(default_factory=Counter)  # per function the steps timed, in the workers
    steps: dict[str, StepCounts] = field(default_factory=dict)  # per step of the document pipeline, in order
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

    def add_batch_steps(self, step_seconds: dict[str, float], steps: dict[str, StepCounts]) -> None:
        self.step_seconds.update(step_seconds)
        add_steps(self.steps, steps)

    def step_rows(self) -> list[dict]:
        """The pipeline's steps in order, each with what it did (a list: JSON objects lose their order)."""
        return [{"step": name, **asdict(counts)} for name, counts in self.steps.items()]

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update({name: dict(value) for name, value in data.items() if isinstance(value, Counter)})
        data["steps"] = self.step_rows()
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
            ("boilerplate paragraphs removed", self.boilerplate_paragraphs),
            ("documents changed in place", self.changed_in_place),
        ]

    def outcome_table(self) -> list[dict]:
        """The outcomes, quarantine reasons apart, as the rows of the Prefect table artifact."""
        rows = [("documents", self.documents), ("duplicates", self.duplicates), ("already_ingested", self.already_ingested)]
        rows += [(f"quarantined:{reason}", n) for reason, n in sorted(self.quarantined.items())]
        return [{"outcome": outcome, "files": files} for outcome, files in rows]

    def headline(self) -> str:
        return f"reprints run {self.run_id}: {self.files_found} files found"

    def charts(self) -> list[tuple[str, str, list[tuple[str, int, str]]]]:
        """(title, unit, rows of label, count, bar) for records per language, fixes applied, quarantine reasons."""
        return [
            ("Records per language", "records", bars(self.records_per_language)),
            ("Fixes applied, in documents", "documents", bars(self.fixes)),
            ("Quarantined files by reason", "files", bars(self.quarantined)),
        ]

    def summary_lines(self, command_seconds: float | None = None) -> list[str]:
        """The end-of-run summary for a terminal: one screen, whatever the corpus. `command_seconds`: the whole
        command's time, when it also started the embedded Prefect server (the run's own time leaves that out)."""
        outcomes = " + ".join(counted(n, name) for name, n in self.outcome_counts())
        check = (
            "adds up"
            if self.adds_up()
            else (
                f"ERROR: {self.accounted} accounted for, {self.files_found} found; "
                f"{len(self.unaccounted)} without an outcome, {len(self.counted_twice)} counted twice"
            )
        )
        lines = [
            f"reprints run {self.run_id}: {printable(self.raw)} -> {printable(self.out)} in {self.seconds:.1f} s"
            + (f" ({command_seconds:.1f} s with the Prefect server's start)" if command_seconds else ""),
            f"  files   {self.files_found} found = {outcomes} ({check})",
            "  " + "; ".join(counted(n, name) for name, n in self.record_counts()),
        ]
        if self.ingested_from_quarantine:
            n = self.ingested_from_quarantine
            lines.append(f"  {counted(n, 'files quarantined before')} {'is' if n == 1 else 'are'} now ingested")
        if self.still_quarantined:
            verb = "was" if self.still_quarantined == 1 else "were"
            lines.append(f"  {self.still_quarantined} of the quarantined files {verb} already, for the same reason: no new row")
        for title, _, rows in self.charts():
            lines += ["", f"  {title}"]
            lines += [f"    {label:<{_width(rows)}} {n:>7}  {bar}" for label, n, bar in rows] or ["    none"]
        return lines

    def markdown(self) -> str:
        outcomes = "\n".join(f"| {name} | {n} |" for name, n in self.outcome_counts())
        retried = ("files quarantined before, now ingested", self.ingested_from_quarantine)
        records = "\n".join(f"| {name} | {n} |" for name, n in [*self.record_counts(), retried])
        sections = [
            f"# reprints run `{self.run_id}`\n\n`{self.raw}` → `{self.out}` in {self.seconds:.1f} s; "
            f"counts add up: **{'yes' if self.adds_up() else 'NO'}**",
            f"| files | count |\n|---|---:|\n| **found** | **{self.files_found}** |\n{outcomes}",
            f"| documents ingested | count |\n|---|---:|\n{records}",
        ]
        for title, unit, rows in self.charts():
            table = "\n".join(f"| {label} | {n} | `{bar}` |" for label, n, bar in rows) or "| none | 0 | |"
            sections.append(f"## {title}\n\n| | {unit} | |\n|---|---:|---|\n{table}")
        steps = "\n".join(
            f"| {row['step']} | {row['documents_in']} | {row['documents_out']} | {row['paragraphs_out']} | {row['seconds']:.2f} |"
            for row in self.step_rows()
        )
        sections.append(
            "## Steps of the document pipeline\n\n| step | documents in | documents out | paragraphs out | seconds |\n"
            f"|---|---:|---:|---:|---:|\n{steps or '| none | 0 | 0 | 0 | 0 |'}"
        )
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
