"""The demo raw/ through the real `reprints ingest`, as `make run` ingests it, and the README's summary of that run.

The demo files were written for the README: each format reprints reads by content
gives its records, and the summary the README shows is what the command prints.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tests.cli_runs import finish, rows, run_cli

REPO = Path(__file__).resolve().parents[1]

# What each demo file is, as its author wrote it: (source_format, the languages of its text), by path under raw/
DEMO_RECORDS = {
    "2026-11/library-hours.txt": ("text", ["en", "zh-Hant"]),
    "2026-11/ev-sales-gb18030.txt": ("text", ["zh-Hans"]),
    "2026-11/marche-noel-cp1252.txt": ("text", ["fr"]),
    "2026-11/mojibake-cafe.txt": ("text", ["en"]),
    "2026-11/faehre-winter-partner.eml": ("email", ["de"]),
    "2026-11/mercado-nocturno-nitf.xml": ("nitf", ["es"]),
    "2026-11/asaichi-cms-export.md": ("markdown", ["ja"]),
    "2026-11/naberezhnaya-oped.pdf": ("pdf", ["ru"]),
    "2026-11/sciezki-rowerowe.doc": ("doc", ["pl"]),
    "2026-11/tram-notturno-wordpress.json": ("json", ["it"]),
}
DEMO_QUARANTINE = [("empty.txt", "empty")]


@pytest.fixture(scope="module")
def demo_run(api_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """OUT and the printed summary of `reprints ingest raw OUT` on the checkout's raw/, `make run`'s command on the
    session's Prefect server (`--no-progress`: the bar only shows on a terminal, so the output is the same)."""
    out = tmp_path_factory.mktemp("demo") / "processed"
    code, stdout, stderr = finish(run_cli(REPO / "raw", out, api_url, "--no-progress"))
    assert code == 0, stderr
    return out, stdout


def test_every_demo_file_gives_its_format_and_languages_once(demo_run: tuple[Path, str]) -> None:
    out, _ = demo_run
    table = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table()
    by_file: dict[str, tuple[set[str], list[str]]] = defaultdict(lambda: (set(), []))
    for record in table.select(["source_path", "source_format", "language"]).to_pylist():
        formats, languages = by_file[record["source_path"]]
        formats.add(record["source_format"])
        languages.append(record["language"])
    expected = {path: ({source_format}, languages) for path, (source_format, languages) in DEMO_RECORDS.items()}
    assert {path: (formats, sorted(languages)) for path, (formats, languages) in by_file.items()} == expected
    assert rows(out, "quarantine", ["source_path", "reason"]) == DEMO_QUARANTINE
    found = sorted(str(p.relative_to(REPO / "raw")) for p in (REPO / "raw").rglob("*") if p.is_file())
    assert found == sorted([*DEMO_RECORDS, *(path for path, _ in DEMO_QUARANTINE)]), "a demo file this test does not know"


def test_the_email_demo_is_the_forwarded_message_without_note_transfer_encoding_or_attachment(
    demo_run: tuple[Path, str],
) -> None:
    record = the_record(demo_run, "2026-11/faehre-winter-partner.eml")
    assert {"forward_note_removed", "attachments_dropped"} <= set(record["fixes"])
    assert record["title"] == "Neue Fährverbindung nach Möwensand auch im Winter"  # the RFC 2047 subject, decoded
    assert record["reprint_source"] == "Nordsee-Kurier"
    assert record["paragraphs"][0].startswith("Ab dem 1. März verkehrt die Fähre zwischen Kellerhörn")
    assert "»Endlich" in record["text"]
    assert not re.search(r"=[0-9A-F]{2}|PDF|Content-|winterfahrplan|Hallo|Grüße|Timo|WG:", record["text"])


def test_the_pdf_demo_is_its_article_without_running_heads_or_page_numbers(demo_run: tuple[Path, str]) -> None:
    record = the_record(demo_run, "2026-11/naberezhnaya-oped.pdf")
    assert record["title"] == "Набережной нужны скамейки, а не новый фонтан"  # the document's /Title, not a paragraph
    assert record["reprint_source"] == "Волжская заря"
    # five paragraphs set in lines of 46 characters on two pages: each re-joined, the fourth across the page break
    assert len(record["paragraphs"]) == 5 and "\n" not in record["text"].replace("\n\n", "")
    assert record["paragraphs"][3].startswith("Сотня") and "потратить на пандусы" in record["paragraphs"][3]
    assert not re.search(r"Мнение|Волжская|^\d+$|Набережной нужны", record["text"], re.M)


def test_the_word97_demo_is_its_body_with_the_table_row_by_row(demo_run: tuple[Path, str]) -> None:
    record = the_record(demo_run, "2026-11/sciezki-rowerowe.doc")
    assert record["title"] == "Ścieżki rowerowe zmieniły nasze miasto"  # SummaryInformation's title, in code page 1250
    assert record["reprint_source"] == "Kuriera Dębowskiego"  # the outlet as the notice inflects it (genitive)
    assert record["paragraphs"][0].startswith("Jeszcze pięć lat temu")
    assert record["paragraphs"][-4:] == ["Rok | Długość ścieżek (km) | Rowerzyści dziennie", "2021 | 6 | 1 200",
                                         "2023 | 19 | 2 900", "2026 | 34 | 4 300"]  # fmt: skip
    assert not re.search(r"PAGE|HYPERLINK|HARBOUR TIMES|Przedruk|[\x00-\x08]", record["text"])


def the_record(demo_run: tuple[Path, str], path: str) -> dict:
    """The one record of a demo file written in one language."""
    out, _ = demo_run
    (record,) = (
        ds.dataset(out / "records", format="parquet", partitioning="hive")
        .to_table(filter=ds.field("source_path") == path)
        .to_pylist()
    )
    return record


def test_the_json_demo_is_the_wordpress_posts_article_with_its_metadata(demo_run: tuple[Path, str]) -> None:
    record = the_record(demo_run, "2026-11/tram-notturno-wordpress.json")
    assert record["title"] == "Il tram per San Donato corre fino a mezzanotte e mezza"  # title.rendered
    assert record["source_url"] == "https://notizie-quartiere.example/2026/11/28/tram-san-donato-mezzanotte/"
    assert str(record["published"]) == "2026-11-28"  # the post's own date, not the excerpt's or the GMT one
    assert record["reprint_source"] == "Gazzetta del Reno"
    # content.rendered's <ul>: each item its own paragraph, after the lead-in; the JSON's \u escapes and the
    # entities decoded, curly quotes kept
    assert record["paragraphs"][1:5] == [
        "Le novità principali per chi viaggia la sera:",
        "ultima partenza dalla stazione alle 0.30",
        "una corsa ogni 12 minuti dopo le 21",
        "biglietto serale a 1,50 euro",
    ]
    assert "“Volevamo" in record["text"] and "l’auto”" in record["text"]
    assert not re.search(r"[<>{}]|&#|rendered|excerpt|Gazzetta", record["text"])


def test_the_readme_shows_the_summary_the_command_prints(demo_run: tuple[Path, str]) -> None:
    _, stdout = demo_run
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (shown,) = re.findall(r"```\n(reprints run .*?)```", readme, re.S)
    printed = stdout[stdout.index("reprints run ") :]
    assert unvarying(shown) == unvarying(printed)


def unvarying(summary: str) -> str:
    """The summary without what changes from run to run: its first line (run id, RAW and OUT as typed, seconds)."""
    first, rest = summary.strip().split("\n", 1)
    seconds = r"\d+\.\d s(?: \(\d+\.\d s with the Prefect server's start\))?"  # (not on a server already running)
    assert re.fullmatch(rf"reprints run [0-9a-f]{{8}}: \S+ -> \S+ in {seconds}", first), first
    return rest
