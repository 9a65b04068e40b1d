"""README.md and docs/*.md name what the code has: files, modules and names, options, settings and codes.

docs/schema.md and docs/operations.md have tests of their own (test_schema_docs.py, test_operations_docs.py).
"""

from __future__ import annotations

import argparse
import importlib
import re
from collections.abc import Sequence
from pathlib import Path

from reprints.cli import build_parser
from reprints.settings import settings_of
from tasks.output.report import RunReport
from tasks.output.schema import DATASETS, SOURCE_FORMAT_CODES
from tests.conftest import REPO

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
README = (REPO / "README.md").read_text(encoding="utf-8")
CODE_FOLDERS = ("tasks", "flows", "reprints", "bench", "tests")


def doc_lines() -> list[tuple[str, str]]:
    """(where, line) of every line of the docs, where as 'docs/x.md:12'."""
    return [
        (f"{doc.relative_to(REPO)}:{number}", line)
        for doc in DOCS
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1)
    ]


def section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def subcommands() -> dict[str, argparse.ArgumentParser]:
    [choices] = [a.choices for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(choices)


def options_of(parser: argparse.ArgumentParser) -> list[Sequence[str]]:
    """Each option's spellings (`-v`, `--verbose`), --help left out."""
    return [action.option_strings for action in parser._actions if action.option_strings and action.dest != "help"]


def documents(options: list[Sequence[str]], documented: set[str]) -> None:
    """Every option has a spelling in `documented`, which has no spelling that is none of theirs."""
    assert [spellings for spellings in options if not documented & set(spellings)] == [], "not documented"
    assert documented - {spelling for spellings in options for spelling in spellings} == set(), "no such option"


def test_every_link_between_the_docs_reaches_its_file_and_heading() -> None:
    """[x](docs/deploy.md#batch-size), [y](#what-reprints-reads): the file exists, the heading's anchor (as GitHub
    makes it) too; markup quoted in backticks is not a link."""
    broken = []
    for where, line in doc_lines():
        doc = REPO / where.rsplit(":", 1)[0]
        for target in re.findall(r"\]\(([^)\s]+)\)", re.sub(r"`[^`]*`", "", line)):
            if target.startswith(("http://", "https://")):
                continue
            path, _, anchor = target.partition("#")
            linked = (doc.parent / path) if path else doc
            if not linked.exists() or (anchor and linked.suffix == ".md" and anchor not in anchors(linked)):
                broken.append((where, target))
    assert not broken


def anchors(doc: Path) -> set[str]:
    """GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces made -, repeats numbered."""
    found: set[str] = set()
    text = re.sub(r"^```.*?^```", "", doc.read_text(encoding="utf-8"), flags=re.M | re.S)
    for heading in re.findall(r"^#+ (.+)$", text, re.M):
        anchor = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        repeats = sum(1 for a in found if a == anchor or re.fullmatch(rf"{re.escape(anchor)}-\d+", a))
        found.add(f"{anchor}-{repeats}" if repeats else anchor)
    return found


OPTION = re.compile(r"(?<![\w-])--?[a-z][\w-]*")


def test_every_code_file_the_docs_name_exists() -> None:
    """`tasks/steps/x.py`, bench/y.py, reprints/logging.yml... (not other projects' tests/x.json, nor ../shared)."""
    path = re.compile(r"(?<![\w./-])((?:tasks|flows|reprints|bench)/[\w/-]*\w\.(?:py|json|yml)|tests/\w+\.py)\b")
    missing = [(where, name) for where, line in doc_lines() for name in path.findall(line) if not (REPO / name).is_file()]
    assert not missing


def test_every_dotted_module_name_the_docs_give_imports() -> None:
    """`tasks.run.prefect_tasks.clean_batch`, `tasks/pipeline.repair_and_tidy`, `reprints.deploy.deployed_from`; a
    `reprints.x` that is no module of reprints/ is a Parquet metadata key (`reprints.run_id`), not checked here."""
    dotted = re.compile(r"`((?:tasks|flows|reprints)(?:[./]\w+)+)(?:\(\))?`")
    broken = []
    for where, line in doc_lines():
        for name in dotted.findall(line):
            first, second = re.split(r"[./]", name)[:2]
            if name.endswith((".py", ".yml", ".json")) or (first == "reprints" and not is_module(first, second)):
                continue
            if resolved(name.replace("/", ".")) is None:
                broken.append((where, name))
    assert not broken


def is_module(package: str, name: str) -> bool:
    return (REPO / package / f"{name}.py").is_file() or (REPO / package / name / "__init__.py").is_file()


def resolved(dotted: str) -> object | None:
    """The object a dotted name stands for (the longest importable module, then attributes), or None."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute, None)
        return found
    return None


NAME_IN_FILE = [
    # html.py's `MIN_ARTICLE_CHARS`, tasks/steps/mail.py `BoundedPolicy`
    re.compile(r"`?((?:\w+/)*\w+\.py)`?(?:'s)? `([A-Za-z_]\w*)(?:\.\w+)*(?:\(\))?`"),
    # `SOURCE_READERS` in `tasks/pipeline.py`
    re.compile(r"`([A-Za-z_]\w*)(?:\.\w+)*(?:\(\))?`,? (?:in|of|from) \(?`?((?:\w+/)*\w+\.py)\b"),
]


def python_files(name: str) -> list[Path]:
    """The repo's files this name points at: a path, or a bare file name (html.py) matching any folder's."""
    if "/" in name:
        return [REPO / name] if (REPO / name).is_file() else []
    return [path for folder in CODE_FOLDERS for path in (REPO / folder).rglob(name)]


def test_every_name_the_docs_place_in_a_file_is_in_that_file() -> None:
    wrong = []
    for where, line in doc_lines():
        for index, pattern in enumerate(NAME_IN_FILE):
            for match in pattern.finditer(line):
                file, name = match.groups() if index == 0 else reversed(match.groups())
                files = python_files(file)
                if files and not any(re.search(rf"\b{name}\b", path.read_text(encoding="utf-8")) for path in files):
                    wrong.append((where, name, file))
    assert not wrong


def test_the_readme_options_table_is_reprints_ingest_help() -> None:
    table = section("The command line").split("| option | meaning | default |", 1)[1].split("\n\n", 1)[0]
    documented = {option for cells in re.findall(r"^\| (.+?) \|", table, re.M) for option in OPTION.findall(cells)}
    documents(options_of(subcommands()["ingest"]), documented)


def test_the_readme_shows_every_command_with_every_option() -> None:
    synopsis = section("The command line").split("more commands", 1)[1].split("```", 2)[1]
    shown = {line.split()[1]: line for line in synopsis.splitlines() if line.startswith("reprints ")}
    commands = subcommands()
    assert set(shown) | {"ingest"} == set(commands)
    for name, line in shown.items():
        if "[ingest options]" not in line:
            documents(options_of(commands[name]), set(OPTION.findall(line.split("#")[0])))
    count = re.search(r"(\w+) more commands", section("The command line"))
    assert count is not None and count[1].lower() == ["two", "three", "four", "five", "six", "seven"][len(shown) - 2]


def test_the_readme_layout_shows_every_dataset() -> None:
    layout = section("What lands in OUT").split("```", 2)[1]
    assert set(DATASETS) <= set(re.findall(r"^OUT/(\w+)/", layout, re.M))


def test_the_readme_layout_names_every_output_module() -> None:
    layout = section("Layout").split("```", 2)[1]
    entry = layout.split("tasks/output/", 1)[1].split("\ntasks/run/", 1)[0]
    modules = {path.stem for path in (REPO / "tasks" / "output").glob("*.py")} - {"__init__"}
    assert modules - set(re.findall(r"\w+", entry)) == set()


def test_every_command_line_in_the_docs_uses_options_its_command_has() -> None:
    """`reprints compact processed --target-mb 512`, `reprints ingest --align`...: in backticks or a code block."""
    commands = subcommands()
    command = re.compile(r"reprints ([a-z]+)((?:(?! #)[^`|])*)")
    shell_line = re.compile(r"\s*(\$ )?(\w+=\S+ )*[\w./]*reprints [a-z]")
    wrong = []
    for where, line in doc_lines():
        spans = re.findall(r"`(reprints [a-z][^`]*)`", line) + ([line] if shell_line.match(line) else [])
        for name, arguments in (match.groups() for span in spans for match in command.finditer(span)):
            if name in commands:
                known = {"-h", "--help"} | {spelling for spellings in options_of(commands[name]) for spelling in spellings}
                wrong += [(where, name, option) for option in OPTION.findall(arguments) if option not in known]
    assert not wrong


def test_the_readme_lists_every_source_format() -> None:
    out = " ".join(section("What lands in OUT").split())
    [listed] = re.findall(r"`source_format` \(((?:`\w+`,? )+or `\w+`)\)", out)
    assert re.findall(r"`(\w+)`", listed) == list(SOURCE_FORMAT_CODES)
    reads = section("What reprints reads")
    rows = re.findall(r"^\|(?:[^|]*\|){3}([^|]*)\|", reads, re.M)[2:]  # after the header and its rule
    in_table = {code for row in rows for code in re.findall(r"`(\w+)`", row)}
    assert in_table == set(SOURCE_FORMAT_CODES)


def test_every_key_of_the_run_report_is_in_output_md() -> None:
    text = (REPO / "docs" / "output.md").read_text(encoding="utf-8")
    table = text.split("| key | what |", 1)[1].split("\n\n", 1)[0]
    documented = {key for cells in re.findall(r"^\| (.+?) \|", table, re.M) for key in re.findall(r"`(\w+)`", cells)}
    assert documented == set(RunReport(run_id="r", raw="raw", out="out").to_dict())


def test_the_configuration_page_lists_every_setting_in_the_options_order() -> None:
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    table = text.split("| setting | variable | file key | value |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| [^|]+ \| `(\w+)` \| `([\w-]+)` \|", table, re.M)
    settings = settings_of(subcommands()["ingest"])
    assert rows == [(s.variable, s.name.replace("_", "-")) for s in settings]
