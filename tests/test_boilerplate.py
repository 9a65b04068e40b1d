"""Boilerplate across documents (docs/dedup.md, section 4): what gets a key, how clusters are counted, what leaves
the records, and that OUT's state makes reruns, crashes and batch sizes agree."""

from __future__ import annotations

import uuid
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tasks.inputs.discover import find_inputs
from tasks.output import boilerplate as out_boilerplate
from tasks.output import storage
from tasks.output.boilerplate import (
    CHECKPOINT,
    COUNTS_DIR,
    KEYS_DIR,
    load_counter,
    load_state,
    read_checkpoint,
    write_checkpoint,
)
from tasks.output.report import RunReport
from tasks.output.sink import RecordSink
from tasks.pipeline import CleanOptions, process_batch
from tasks.steps.boilerplate import BoilerplateCounter, boilerplate_key
from tasks.steps.repeats import fold
from tests.corpus import ntrex_articles

# short, as most footers are: long ones shared by short articles make those articles reprints of each other (dedup.md)
FOOTER = "© 2019 Harbour Gazette. All rights reserved."
FOLLOW = "Follow the Harbour Gazette on Twitter."
QUOTE = '"We will rebuild the pier before the summer," the mayor told the council on Tuesday evening.'
STORIES = (
    (
        "The ferry to the islands will run twice an hour from May.",
        "Fares stay the same, the operator said, though diesel costs rose sharply.",
    ),
    (
        "A new primary school opens in the north district next autumn.",
        "Parents queued overnight to register their children for its first classes.",
    ),
    (
        "The city library extends its opening hours until ten at night.",
        "Students had petitioned for quiet places to revise during the exam season.",
    ),
    (
        "Thieves took two paintings from the maritime museum on Sunday.",
        "Police are reviewing camera footage and appealed to witnesses to come forward.",
    ),
    (
        "Engineers found cracks in the old stone bridge over the river.",
        "Lorries must now take a detour of eleven kilometres through the valley.",
    ),
    (
        "Farmers at the Saturday market protest against new stall fees.",
        "The council argues the fees pay for cleaning and for the new roof.",
    ),
    (
        "The hospital's emergency ward will double its number of beds.",
        "Nurses welcome the plan but warn that staff shortages remain acute.",
    ),
    (
        "Our football stadium gets solar panels on its entire roof.",
        "Club officials expect the panels to cover most matchday electricity needs.",
    ),
    (
        "Flights to the capital resume after a week of dense fog.",
        "Hundreds of stranded travellers slept in the terminal's departure hall.",
    ),
    (
        "The theatre festival sold every ticket within an hour.",
        "Organisers promise extra performances in the park if weather allows.",
    ),
)


def own_article(i: int) -> list[str]:
    """Paragraphs no other article shares: a one-word heading and a story of its own."""
    return ["Analysis", *STORIES[i % len(STORIES)]]


def write_raw(raw: Path, articles: dict[str, list[str]]) -> Path:
    raw.mkdir(parents=True, exist_ok=True)
    for name, paragraphs in articles.items():
        (raw / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return raw


def ingest(
    raw: Path,
    out: Path | str,
    run_id: str,
    min_docs: int = 3,
    batch: int = 1000,
    sources=None,
    checkpoint: bool = True,
    flush_mb: float = 64,
    align: bool = False,
) -> RunReport:
    """Clean RAW in batches of `batch` files and accept them through the run's own sink, as the flow does
    (`checkpoint=False`: as a run killed after its last flush, its journal not folded)."""
    sources = sources if sources is not None else list(find_inputs(str(raw)))
    report = RunReport(run_id=run_id, raw=str(raw), out=str(out), files_found=len(sources))
    sink = RecordSink(str(out), run_id, report, flush_mb=flush_mb, boilerplate_min_docs=min_docs)
    try:
        seen = sink.known([s.source_path for s in sources])
        for start in range(0, len(sources), batch):
            part = sources[start : start + batch]
            known = {s.source_path: seen[s.source_path] for s in part if s.source_path in seen}
            sink.accept(process_batch(part, known, CleanOptions(languages=["en", "fr", "zh-Hant"], align=align)))
        sink.flush()
        if checkpoint:
            sink.checkpoint()
    finally:
        sink.release()
    return report


def records(out: Path) -> dict[tuple[str, str], tuple[list[str], int]]:
    table = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table()
    return {
        (row["source_path"], row["language"]): (row["paragraphs"], row["boilerplate_paragraphs"]) for row in table.to_pylist()
    }


def listed(out: Path) -> dict[str, int]:
    """Boilerplate paragraph (as first listed) -> its latest count of documents."""
    rows = ds.dataset(out / "boilerplate", format="parquet").to_table().to_pylist()
    latest: dict[int, dict] = {}
    for row in rows:
        if row["key"] not in latest or row["documents"] >= latest[row["key"]]["documents"]:
            latest[row["key"]] = row
    return {row["paragraph"]: row["documents"] for row in latest.values()}


def outlet(count: int, quoted: int = 2) -> dict[str, list[str]]:
    """`count` articles of one outlet ending in its footer; the first `quoted` also carry the same quote."""
    return {f"a{i:02d}.txt": own_article(i) + ([QUOTE] if i < quoted else []) + [FOLLOW, FOOTER] for i in range(count)}


# --- keys: what can be boilerplate at all


def test_short_headings_and_datelines_get_no_key_but_footers_and_notices_do() -> None:
    for paragraph in ("Analysis", "一、會談背景", "WASHINGTON, March 3, 2019 (Reuters)", "Tokyo, 3 March", "Subscribe now"):
        assert boilerplate_key(fold(paragraph)) == 0, paragraph
    for paragraph in (FOOTER, FOLLOW, "本社獲作者授權轉載", "All rights reserved.", QUOTE):
        assert boilerplate_key(fold(paragraph)) != 0, paragraph


def test_keys_ignore_digits_case_width_and_spacing_but_not_words() -> None:
    key = boilerplate_key(fold(FOOTER))
    assert boilerplate_key(fold(FOOTER.replace("2019", "2021"))) == key
    assert boilerplate_key(fold("  " + FOOTER.upper().replace(" ", "   "))) == key
    assert boilerplate_key(fold(FOOTER.replace("Harbour", "Harbor"))) != key


def test_the_counter_counts_distinct_clusters_once_each() -> None:
    counter = BoilerplateCounter(bits_log2=16)
    for cluster in (7, 7, 7, 8):  # three reprints of one article, then another article
        counter.add_document(cluster, [101, 202])
    assert counter.count(101) == counter.count(202) == 2
    counter.add_document(9, [101, 0, 101])
    assert counter.count(101) == 3 and counter.count(202) == 2 and counter.count(0) == 0


# --- through the sink: small texts written here


def test_footers_leave_records_from_the_kth_cluster_on_and_quotes_and_headings_stay(tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", outlet(6))
    report = ingest(raw, tmp_path / "out", "run1", min_docs=3)
    got = records(tmp_path / "out")
    for i in range(6):
        paragraphs, removed = got[f"a{i:02d}.txt", "en"]
        assert paragraphs[: len(own_article(i))] == own_article(i), "the article's own paragraphs, heading included"
        assert (QUOTE in paragraphs) == (i < 2), "a quote two articles share is theirs"
        # the first K-1 = 2 documents (in path order) were written before the footer was known to be boilerplate
        assert (FOOTER in paragraphs, FOLLOW in paragraphs, removed) == ((True, True, 0) if i < 2 else (False, False, 2))
    assert report.boilerplate_paragraphs == 8
    assert listed(tmp_path / "out") == {FOLLOW: 6, FOOTER: 6}


def test_min_docs_zero_removes_nothing_but_still_counts(tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", outlet(6))
    ingest(raw, tmp_path / "out", "off", min_docs=0)
    assert all(removed == 0 and FOOTER in paragraphs for paragraphs, removed in records(tmp_path / "out").values())
    assert not list((tmp_path / "out" / "boilerplate").glob("*.parquet"))
    assert load_counter(str(tmp_path / "out")).count(boilerplate_key(fold(FOOTER))) == 6


def test_reprints_of_one_article_count_once(tmp_path: Path) -> None:
    """Six edited reprints of one article share most paragraphs: one reprint cluster, so nothing is boilerplate."""
    intro = "Reprinted by outlet {} of the region, with its own short introduction here."
    articles = {f"r{i}.txt": [intro.format(i), *own_article(1), QUOTE, FOLLOW] for i in range(6)}
    ingest(write_raw(tmp_path / "raw", articles), tmp_path / "out", "reprints", min_docs=3)
    assert all(removed == 0 for _, removed in records(tmp_path / "out").values())


def test_a_document_of_nothing_but_boilerplate_is_kept_whole(tmp_path: Path) -> None:
    articles = outlet(4) | {"z-only-footer.txt": [FOLLOW, FOOTER]}
    ingest(write_raw(tmp_path / "raw", articles), tmp_path / "out", "whole", min_docs=3)
    assert records(tmp_path / "out")["z-only-footer.txt", "en"] == ([FOLLOW, FOOTER], 0)


def test_state_carries_over_runs_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", outlet(2))
    out = tmp_path / "out"
    ingest(raw, out, "first", min_docs=3)
    write_raw(raw, {f"b{i}.txt": [*own_article(5 + i), FOOTER] for i in range(2)})
    ingest(raw, out, "second", min_docs=3)
    got = records(out)
    assert FOOTER in got["a00.txt", "en"][0] and FOOTER in got["a01.txt", "en"][0]
    assert got["b0.txt", "en"][1] == got["b1.txt", "en"][1] == 1, "the third and fourth document of OUT, in a later run"
    files = sorted(p.relative_to(out) for p in out.rglob("*.parquet") if "reports" not in p.parts)
    rerun = ingest(raw, out, "third", min_docs=3)
    assert rerun.already_ingested == 4 and rerun.documents == 0
    assert sorted(p.relative_to(out) for p in out.rglob("*.parquet") if "reports" not in p.parts) == files


def journal_files(out: Path) -> list[str]:
    return sorted(p.name for folder in (KEYS_DIR, COUNTS_DIR) for p in (out / folder).glob("*.parquet"))


def same_state(a: BoilerplateCounter, b: BoilerplateCounter) -> bool:
    return bytes(a.pairs.bits) == bytes(b.pairs.bits) and bytes(a.seen.bits) == bytes(b.seen.bits) and a.counts == b.counts


def test_the_checkpoint_holds_what_the_journal_did(tmp_path: Path) -> None:
    raw, out = write_raw(tmp_path / "raw", outlet(3)), tmp_path / "out"
    ingest(raw, out, "c1", checkpoint=False)
    assert journal_files(out), "each flush journals its keys"
    from_journal = load_counter(str(out))
    state = load_state(str(out))
    out_boilerplate.fold_journal(str(out), state.counter, state.journal)
    assert journal_files(out) == [] and (out / CHECKPOINT).exists()
    assert same_state(load_counter(str(out)), from_journal)
    write_raw(raw, {f"b{i}.txt": [*own_article(5 + i), FOOTER] for i in range(3)})
    ingest(raw, out, "c2", checkpoint=False)  # loads the checkpoint, journals the new run's flushes
    assert journal_files(out) and load_counter(str(out)).count(boilerplate_key(fold(FOOTER))) == 6


def test_a_run_checkpoints_at_its_end_and_equals_one_that_replays_the_journal(tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", outlet(4))
    ingest(raw, tmp_path / "journal", "j1", checkpoint=False)
    ingest(raw, tmp_path / "folded", "f1")
    assert journal_files(tmp_path / "folded") == [] and (tmp_path / "folded" / CHECKPOINT).exists()
    assert same_state(load_counter(str(tmp_path / "folded")), load_counter(str(tmp_path / "journal")))
    write_raw(raw, {f"b{i}.txt": [*own_article(5 + i), FOLLOW, FOOTER] for i in range(3)})
    ingest(raw, tmp_path / "journal", "j2", checkpoint=False)
    ingest(raw, tmp_path / "folded", "f2")
    assert records(tmp_path / "journal") == records(tmp_path / "folded")
    assert same_state(load_counter(str(tmp_path / "folded")), load_counter(str(tmp_path / "journal")))


def test_killed_between_checkpoint_and_deleting_the_journal_a_rerun_counts_each_document_once(tmp_path: Path) -> None:
    """The checkpoint is renamed into place, then the kill: the journal it holds is still there, and must not be
    counted twice (the crash test with a real SIGKILL is tests/test_crash_safety.py)."""
    raw = write_raw(tmp_path / "raw", outlet(3))
    ingest(raw, tmp_path / "one", "o1")
    out = tmp_path / "killed"
    ingest(raw, out, "k1", checkpoint=False)
    state = load_state(str(out))
    write_checkpoint(str(out), state.counter, state.journal)  # fold() without its last step
    left = journal_files(out)
    assert left and same_state(load_counter(str(out)), load_counter(str(tmp_path / "one")))
    write_raw(raw, {f"b{i}.txt": [*own_article(5 + i), FOOTER] for i in range(3)})
    ingest(raw, out, "k2")  # the next fold deletes the leftovers
    ingest(raw, tmp_path / "one", "o2")
    assert records(out) == records(tmp_path / "one") and listed(out) == listed(tmp_path / "one")
    assert journal_files(out) == [] and same_state(load_counter(str(out)), load_counter(str(tmp_path / "one")))


@pytest.mark.parametrize("killed", ["before the checkpoint", "after the checkpoint"])
def test_a_run_with_nothing_new_folds_what_a_killed_run_left(killed: str, tmp_path: Path) -> None:
    raw, out = write_raw(tmp_path / "raw", outlet(3)), tmp_path / "out"
    ingest(raw, out, "k1", checkpoint=False)
    state = load_state(str(out))
    if killed == "after the checkpoint":
        write_checkpoint(str(out), state.counter, state.journal)
    rerun = ingest(raw, out, "k2")
    assert rerun.documents == 0 and journal_files(out) == [] and (out / CHECKPOINT).exists()
    assert same_state(load_counter(str(out)), state.counter)
    ingest(raw, out, "k3")  # and a run after a clean one does not even look
    assert journal_files(out) == []


def test_a_long_journal_is_folded_at_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw, out = write_raw(tmp_path / "raw", outlet(3)), tmp_path / "out"
    ingest(raw, out, "c1", checkpoint=False)
    replayed = load_counter(str(out))
    monkeypatch.setattr(out_boilerplate, "FOLD_AFTER_KEYS", 1)
    assert same_state(load_counter(str(out)), replayed)
    assert journal_files(out) == [] and (out / CHECKPOINT).exists()


def test_a_long_run_folds_its_journal_after_a_flush_and_writes_the_same_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = write_raw(tmp_path / "raw", outlet(9, quoted=3))
    ingest(raw, tmp_path / "one", "one", batch=2)
    monkeypatch.setattr(out_boilerplate, "FOLD_AFTER_KEYS", 10)
    folds: list[int] = []
    fold_journal = out_boilerplate.fold_journal

    def counted_fold_journal(out: str, counter: BoilerplateCounter, journal: set[str]) -> None:
        folds.append(1)
        fold_journal(out, counter, journal)

    monkeypatch.setattr(out_boilerplate, "fold_journal", counted_fold_journal)
    ingest(raw, tmp_path / "folding", "folding", batch=2, checkpoint=False, flush_mb=0.0001)  # a flush a document
    assert len(folds) >= 2 and len(journal_files(tmp_path / "folding")) < len(list(find_inputs(str(raw))))
    assert records(tmp_path / "one") == records(tmp_path / "folding")
    assert same_state(load_counter(str(tmp_path / "one")), load_counter(str(tmp_path / "folding")))


def test_a_remote_out_folds_into_the_same_checkpoint_through_fsspec(tmp_path: Path) -> None:
    raw, remote = write_raw(tmp_path / "raw", outlet(4)), f"memory://boilerplate-{uuid.uuid4().hex}"
    try:
        ingest(raw, remote, "r1")
        ingest(raw, tmp_path / "local", "l1")
        assert storage.exists(f"{remote}/{CHECKPOINT}") and not storage.glob(f"{remote}/{KEYS_DIR}/*.parquet")
        assert same_state(load_counter(remote), load_counter(str(tmp_path / "local")))
    finally:
        storage.rmtree(remote)


def test_a_checkpoint_of_other_filters_is_refused(tmp_path: Path) -> None:
    raw, out = write_raw(tmp_path / "raw", outlet(3)), tmp_path / "out"
    ingest(raw, out, "c1")
    with pytest.raises(ValueError, match="another shape"):
        read_checkpoint(str(out), BoilerplateCounter(bits_log2=16))


def test_batch_size_and_flushes_do_not_change_records(tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", outlet(9, quoted=3))
    ingest(raw, tmp_path / "one", "one", batch=1000)
    ingest(raw, tmp_path / "small", "small", batch=2)
    sources = list(find_inputs(str(raw)))
    ingest(raw, tmp_path / "halves", "h1", sources=sources[:4])  # as a run killed after four documents, then rerun
    ingest(raw, tmp_path / "halves", "h2", sources=sources)
    assert records(tmp_path / "one") == records(tmp_path / "small") == records(tmp_path / "halves")
    assert listed(tmp_path / "one") == listed(tmp_path / "halves")


# --- real text from ../shared


def without(got: dict, injected: set[str]) -> dict:
    """The records' paragraphs but `injected`; a part of nothing else (an English footer part of a French article) goes."""
    kept = {key: [p for p in paragraphs if p not in injected] for key, (paragraphs, _) in got.items()}
    return {key: paragraphs for key, paragraphs in kept.items() if paragraphs}


def test_real_articles_keep_every_own_paragraph_while_injected_footers_go(tmp_path: Path) -> None:
    articles = ntrex_articles("en")[:40]
    dated = [FOOTER.replace("2019", str(2000 + i % 20)) for i in range(len(articles))]
    footers = set(dated)
    raw = {f"n{i:03d}.txt": [*lines, FOLLOW, dated[i]] for i, lines in enumerate(articles)}
    write_raw(tmp_path / "raw", raw)
    ingest(tmp_path / "raw", tmp_path / "on", "ntrex", min_docs=3)
    ingest(tmp_path / "raw", tmp_path / "off", "ntrex0", min_docs=0)
    on, off = records(tmp_path / "on"), records(tmp_path / "off")
    assert without(on, footers | {FOLLOW}) == without(off, footers | {FOLLOW}), "not one of the articles' own paragraphs"
    assert sum(removed for _, removed in on.values()) == 2 * (len(articles) - 2), "every footer but the first two documents'"
    assert listed(tmp_path / "on") == {FOLLOW: 40, FOOTER.replace("2019", "2002"): 40}


@pytest.mark.parametrize("language", ["zh-Hant", "fr"])
def test_real_articles_in_other_languages_keep_their_text(tmp_path: Path, language: str) -> None:
    articles = ntrex_articles(language)[:12]
    notice = "本報歡迎轉載，請註明出處並保留本段文字，謝謝合作。" if language == "zh-Hant" else FOLLOW
    raw = {f"n{i:03d}.txt": [*lines, notice] for i, lines in enumerate(articles)}
    write_raw(tmp_path / "raw", raw)
    ingest(tmp_path / "raw", tmp_path / "on", language, min_docs=3)
    ingest(tmp_path / "raw", tmp_path / "off", language + "0", min_docs=0)
    on, off = records(tmp_path / "on"), records(tmp_path / "off")
    assert without(on, {notice}) == without(off, {notice})
    assert sum(removed for _, removed in on.values()) == len(articles) - 2
    assert listed(tmp_path / "on") == {notice: 12}


def test_the_ingest_option_takes_0_or_2_and_more_and_reaches_the_flow(capsys: pytest.CaptureFixture[str]) -> None:
    from reprints.cli import build_parser, flow_parameters

    for bad in ("1", "-3", "five"):
        with pytest.raises(SystemExit) as exit_:
            build_parser().parse_args(["ingest", "--boilerplate-min-docs", bad])
        assert exit_.value.code == 2 and "boilerplate-min-docs" in capsys.readouterr().err
    assert flow_parameters(build_parser().parse_args(["ingest", "--boilerplate-min-docs", "0"]))["boilerplate_min_docs"] == 0
    assert "boilerplate_min_docs" not in flow_parameters(build_parser().parse_args(["ingest"]))


# --- with alignments: their indices point into the paragraphs the records keep

ZH_STORIES = (
    "渡輪公司宣布，自五月起前往離島的班次將增至每小時兩班，票價維持不變。",
    "北區一所新小學將於明年秋季開學，家長連夜排隊為孩子報名。",
    "市立圖書館延長開放時間至晚上十時，學生曾聯署要求更多溫習空間。",
    "週日有竊賊從海事博物館偷走兩幅畫作，警方正翻查閉路電視片段。",
    "工程師在跨河的舊石橋上發現裂縫，貨車須繞道十一公里。",
    "農民在週六市集抗議新的攤位費，議會稱費用用於清潔和新屋頂。",
)


def test_alignments_index_the_paragraphs_records_keep_once_a_footer_is_boilerplate(tmp_path: Path) -> None:
    articles = {f"b{i:02d}.txt": [ZH_STORIES[i], *STORIES[i], FOLLOW, FOOTER] for i in range(len(ZH_STORIES))}
    out = tmp_path / "out"
    ingest(write_raw(tmp_path / "raw", articles), out, "aligned", min_docs=3, align=True)
    kept = records(out)
    rows = ds.dataset(out / "alignments", format="parquet", partitioning="hive").to_table().to_pylist()
    trimmed = {path for (path, language), (_, removed) in kept.items() if removed and language == "en"}
    assert len(trimmed) >= 3  # the footer left the records of the later articles ...
    assert trimmed <= {row["source_path"] for row in rows}  # ... which still have their alignments
    for row in (row for row in rows if row["level"] == "paragraph"):
        for side in ("src", "tgt"):
            paragraphs = kept[(row["source_path"], row[f"{side}_language"])][0]
            assert row[f"{side}_text"] == "\n\n".join(paragraphs[i] for i in row[f"{side}_indices"])
