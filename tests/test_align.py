"""Alignment of a document's language parts (tasks/steps/align.py), OUT/alignments and `reprints export alignments`."""

from __future__ import annotations

import json
import math
import pickle
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pyarrow.dataset as ds
import pytest

import tasks.steps.align as align_module
from reprints.cli import main
from tasks.model import AlignedColumns, AlignedUnit, CleanDocument, Part
from tasks.output.records import alignments_table, pair_of, partitions
from tasks.output.schema import ALIGNMENT_SCHEMA, DATASET_PARTITIONS
from tasks.pipeline import CleanOptions, Document, StepTimer, run_steps
from tasks.steps.align import align, align_document, align_parts, anchors, main_part, split_sentences
from tests.cli_runs import SMALL_COMMITS, articles_raw, finish, run_cli
from tests.corpus import ntrex_articles

EN = [
    "Harbour council approves new ferry timetable",
    "The harbour council voted on 12 March to add 4 evening crossings to the ferry timetable from 1 May.",
    "Residents had asked for later boats for years. The operator, Harbour Lines, said the change would cost 2.5 million.",
    "Councillor Anna Smith said the vote was “a good day for the islands”.",
    "The new timetable will be reviewed after 6 months.",
]
ZH = [
    "港務委員會通過渡輪新時刻表",
    "港務委員會3月12日表決，自5月1日起在渡輪時刻表中增加4班晚間航班。",
    "居民多年來一直要求延後末班船。營運商Harbour Lines表示，這項改變將耗資250萬。",
    "議員Anna Smith說，這次表決是「島民的好日子」。",
    "新時刻表將在6個月後檢討。",
]


def links(src: list[str], tgt: list[str], src_language: str = "en", tgt_language: str = "zh-Hant") -> list[tuple]:
    return [(link.src, link.tgt) for link in align(src, tgt, src_language, tgt_language)]


def test_a_faithful_translation_aligns_one_to_one() -> None:
    assert links(EN, ZH) == [((i,), (i,)) for i in range(len(EN))]


def test_a_heading_added_on_one_side_has_no_partner() -> None:
    zh = [*ZH[:3], "議員的看法", *ZH[3:]]
    assert links(EN, zh) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,)), ((3,), (4,)), ((4,), (5,))]


def test_a_headline_lifted_into_the_title_still_takes_the_other_sides_headline_out_of_the_links() -> None:
    """A web page's headline is its part's title, not a paragraph (docs/web.md): the other part's headline must be
    left without a partner, not paired with a heading the page inserted after it."""
    zh = Part("zh-Hant", ["美國股市週五收高", *ZH[1:]], 1.0, title=ZH[0])
    units = align_document([zh, Part("en", EN, 1.0)])
    paragraphs = [(u.src_indices, u.tgt_indices) for u in units if u.level == "paragraph"]
    assert paragraphs == [((0,), ()), ((), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,)), ((4,), (4,))]
    assert all(u.src_paragraphs and u.tgt_paragraphs for u in units if u.level == "sentence")
    assert [u.tgt_text for u in units if u.level == "paragraph"][2:] == ZH[1:]  # the texts as the records hold them
    text_file = Part("zh-Hant", [ZH[0], *ZH[1:]], 1.0, title=ZH[0])  # a text file's title is its first paragraph
    assert align_document([text_file, Part("en", EN, 1.0)]) == align_parts(Part("en", EN, 1.0), text_file)


def test_two_paragraphs_run_together_on_one_side_are_one_two_to_one_link() -> None:
    zh = [ZH[0], ZH[1] + ZH[2], *ZH[3:]]
    assert links(EN, zh) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,))]


def test_a_paragraph_dropped_from_the_translation_is_a_one_to_nothing_link() -> None:
    zh = [*ZH[:2], *ZH[3:]]
    assert links(EN, zh) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))]


def test_every_unit_is_in_exactly_one_link_in_order_and_scores_are_between_0_and_1() -> None:
    for src, tgt in ((EN, ZH), (EN[:2], ZH), (EN, ZH[::-1]), (EN, []), ([], ZH), (EN[:1], ZH[:1])):
        found = align(src, tgt, "en", "zh-Hant")
        assert [i for link in found for i in link.src] == list(range(len(src)))
        assert [j for link in found for j in link.tgt] == list(range(len(tgt)))
        for link in found:
            assert 0.0 <= link.score <= 1.0
            assert link.score == 0.0 or (link.src and link.tgt)


def test_a_matching_pair_scores_higher_than_a_mismatched_one() -> None:
    (good,) = align(EN[1:2], ZH[1:2], "en", "zh-Hant")
    (bad,) = align(EN[1:2], ZH[4:5], "en", "zh-Hant")
    assert good.score > 0.5 > bad.score


def test_an_untranslated_notice_at_the_end_is_left_without_a_partner() -> None:
    """The last Chinese paragraph condenses its English one: the notice after it would make up the length of a 1-2."""
    en = [
        *EN[:4],
        "The new timetable will be reviewed after 6 months, the council said, and the fares will stay as they are until then.",
    ]
    zh = [*ZH[:4], "新時刻表將在6個月後檢討。", "この記事は港湾ニュースに掲載されたものを転載しました。"]
    assert links(en, zh)[-2:] == [((4,), (4,)), ((), (5,))]


def test_a_notice_after_real_articles_is_left_without_a_partner() -> None:
    """NTREX-128 articles (../shared) in English and Japanese, a Japanese notice (written here) after the Japanese."""
    english, japanese = ntrex_articles("en"), ntrex_articles("ja")
    notice = "この記事は港湾ニュースに掲載されたものを、著者の許可を得て転載しました。"
    alone = sum(
        (found[-1].src, found[-1].tgt) == ((), (len(ja),))
        for en, ja in zip(english, japanese, strict=True)
        for found in [align(list(en), [*ja, notice], "en", "ja")]
    )
    assert alone >= 0.9 * len(english), f"{alone} of {len(english)} notices left alone"


def _all_ways(src: list[str], tgt: list[str], language: str, monkeypatch: pytest.MonkeyPatch) -> list[list[tuple]]:
    """The links of each way of finding them: as align chooses, every table in NumPy, every table lazily in Python,
    and without the shortcut for a clear diagonal."""
    found = [links(src, tgt, "en", language)]
    numpy, lazily, no_shortcut = (
        {"SMALL_TABLE": 0, "LAZY_CELL_COST": math.inf},
        {"SMALL_TABLE": 10_000},
        {"CLEAR_LINK_COST": -1.0, "DEAR_PAIR_COST": -1.0},
    )
    for settings in (numpy, lazily, no_shortcut):
        with monkeypatch.context() as patch:
            for name, value in settings.items():
                patch.setattr(align_module, name, value)
            found.append(links(src, tgt, "en", language))
    return found


@pytest.mark.parametrize(
    ("src", "tgt"),
    [(EN, ZH), (EN[:2], ZH[:3]), (EN, [ZH[0], ZH[1] + ZH[2], *ZH[3:]]), (EN[1:], ZH), (EN[::-1], ZH), (EN[:1], ZH[:4])],
)
def test_the_numpy_tables_the_lazy_programme_and_the_diagonal_shortcut_agree(
    src: list[str], tgt: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, *others = _all_ways(src, tgt, "zh-Hant", monkeypatch)
    assert all(other == first for other in others)


def test_every_way_agrees_on_damaged_real_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    """NTREX-128 (../shared): English with German and Korean articles, a line dropped and lines run together."""
    english = ntrex_articles("en")
    for language in ("de", "ko"):
        other = ntrex_articles(language)
        for number in range(0, 60, 12):
            en, tgt = list(english[number]), list(other[number])
            damaged = [*tgt[:2], tgt[2] + " " + tgt[3], *tgt[5:]] if len(tgt) > 5 else tgt
            for src_lines, tgt_lines in ((en, tgt), (en, damaged), (en[:4], damaged[:3])):
                first, *others = _all_ways(src_lines, tgt_lines, language, monkeypatch)
                assert all(other == first for other in others), (language, number)


def test_every_way_agrees_on_short_windows_of_real_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    """NTREX-128 (../shared): two lines of an article against the same two lines (the last one halved, or not) and
    the next article's headline: small tables, where a skip of the last paragraph costs less than any other link."""
    english = ntrex_articles("en")
    for language in ("zh-Hant", "ja"):
        other = ntrex_articles(language)
        for number in range(20):
            en, tgt, heading = list(english[number][2:4]), list(other[number][2:4]), other[number + 1][0]
            if len(en) < 2 or len(tgt) < 2:
                continue
            for damaged in ([*tgt, heading], [tgt[0], tgt[1][: len(tgt[1]) // 2], heading]):
                first, *others = _all_ways(en, damaged, language, monkeypatch)
                assert all(other == first for other in others), (language, number)


@pytest.mark.parametrize(
    ("paragraph", "language", "sentences"),
    [
        ("Dr. Smith met Mr. Jones. They agreed! Did they?", "en", ["Dr. Smith met Mr. Jones.", "They agreed!", "Did they?"]),
        ("It rose 2.5% to 3.1 million, i.e. more.", "en", ["It rose 2.5% to 3.1 million, i.e. more."]),
        ("他說:「會議結束了。」然後離開。", "zh-Hant", ["他說:「會議結束了。」", "然後離開。"]),
        ("会議は終わった。彼は帰った。", "ja", ["会議は終わった。", "彼は帰った。"]),
        ("회의가 끝났다. 그는 떠났다.", "ko", ["회의가 끝났다.", "그는 떠났다."]),
        # German closes a quotation with “ and French puts a space before », after the sentence mark
        ("Er sagte: „Wir sind arm.“ Dann ging er.", "de", ["Er sagte: „Wir sind arm.“", "Dann ging er."]),
        (
            "« Il y a un requin ! », a dit Chad. « C’est fini. » Il est parti.",
            "fr",
            ["« Il y a un requin ! », a dit Chad.", "« C’est fini. »", "Il est parti."],
        ),
        ("他说。“我们走吧。”然后离开。", "zh-Hans", ["他说。", "“我们走吧。”", "然后离开。"]),  # “ opens here
        ("การประชุมจบแล้ว เขากลับบ้าน", "th", ["การประชุมจบแล้ว", "เขากลับบ้าน"]),
    ],
)
def test_sentences_split_where_each_script_ends_them(paragraph: str, language: str, sentences: list[str]) -> None:
    assert split_sentences(paragraph, language) == sentences


@pytest.mark.parametrize(
    ("paragraph", "language", "sentences"),
    [
        (
            "Capt. Ortiz and Mrs. Webb met Sen. Hale on Jan. 5. The talks went well.",
            "en",
            ["Capt. Ortiz and Mrs. Webb met Sen. Hale on Jan. 5.", "The talks went well."],
        ),
        (
            "Sales fell in Sept. Gov. Reyes blamed the rain in Sept. 2024.",
            "en",
            ["Sales fell in Sept.", "Gov. Reyes blamed the rain in Sept. 2024."],
        ),
        ("He lives at No. 10 now. Nos. 3 and 4 are sold.", "en", ["He lives at No. 10 now.", "Nos. 3 and 4 are sold."]),
        (
            'Judges cited Ames v. Clark. "Dr. Lund agreed," she said.',
            "en",
            ["Judges cited Ames v. Clark.", '"Dr. Lund agreed," she said.'],
        ),
        (
            "It ended in the oxygen. Then it rained. We left at Noon. Dec. 3 came.",
            "en",
            ["It ended in the oxygen.", "Then it rained.", "We left at Noon.", "Dec. 3 came."],
        ),
        (
            "Wir trafen uns am 29. September in Bonn. Es regnete im Jahr 2019. Dann kam Prof. Lenz.",
            "de",
            ["Wir trafen uns am 29. September in Bonn.", "Es regnete im Jahr 2019.", "Dann kam Prof. Lenz."],
        ),
        ("La Sra. Ruiz llegó. Se fue.", "es", ["La Sra. Ruiz llegó.", "Se fue."]),
        ("Sales fell in Sept. Then they rose.", "fr", ["Sales fell in Sept.", "Then they rose."]),
    ],
)
def test_the_aligner_splits_no_sentence_after_a_known_abbreviation(paragraph: str, language: str, sentences: list[str]) -> None:
    assert split_sentences(paragraph, language) == sentences


def test_ntrex_english_lines_are_seldom_cut_after_an_abbreviation() -> None:
    """Every NTREX-128 English line is one gold sentence: none is cut after a title, a month or "v."."""
    cut = [
        sentences[0] for article in ntrex_articles("en") for line in article if len(sentences := split_sentences(line, "en")) > 1
    ]
    titles = ("Sen.", "Rep.", "Rev.", "Capt.", "Det.", "Oct.", "Nov.", "Dec.", " v.", "Dr.", "Mr.", "Mrs.")
    assert cut and not [sentence for sentence in cut if sentence.endswith(titles)]


def test_ntrex_german_and_french_quotations_end_their_sentences_where_the_lines_end() -> None:
    """NTREX-128 (../shared): a German line that ends with a quotation („…“) is not run into the next one, and a French
    line that ends with one (« … ») is not cut before its closing » (on main, the 91 German lines ran into the next)."""
    german, french = ntrex_articles("de"), ntrex_articles("fr")
    ends = [
        (line, after)
        for article in german
        for line, after in pairwise(article)
        if line.endswith((".“", "?“", "!“")) and len(split_sentences(line, "de")) == 1
    ]
    assert len(ends) > 50
    assert [line for line, after in ends if split_sentences(f"{line} {after}", "de")[0] != line] == []
    closed = [line for article in french for line in article if line.endswith("»") and line[-2].isspace()]
    assert len(closed) > 50
    assert [line for line in closed if split_sentences(line, "fr")[-1] == "»"] == []


def test_anchors_keep_numbers_without_separators_and_leave_out_capitalised_first_words() -> None:
    found = anchors("Prices rose by 3,000 in 2025. Then 1.5 times more.")
    assert {"3000", "2025", "15", "~price", "~times"} <= found
    assert "prices" not in found and "then" in found  # "Then" begins a sentence only when the sentences are given
    after_marker = anchors("- Trump met Putin.")
    assert "#" in after_marker and "putin" in after_marker and "trump" not in after_marker
    sentences = ["Trump spoke.", "Putin left.", "Then Putin spoke and NATO listened."]
    names = anchors(" ".join(sentences), sentences=sentences)
    assert "nato" in names and not {"trump", "putin", "then"} & names  # an acronym is a name even first


def test_anchors_note_a_quotation_in_ascii_text_and_in_cjk_text() -> None:
    assert '"' in anchors('He said "no".', cognates=False) and '"' in anchors("他說「不」。")
    assert '"' not in anchors("He said no.", cognates=False)


def test_two_sentences_linked_with_one_are_joined_as_their_language_joins_them() -> None:
    en = Part(
        "en", ["The harbour council met on 12 March.", "No deal was reached on 12 March. Talks go on in Harbour Lines."], 1.0
    )
    zh = Part("zh-Hant", ["港務委員會3月12日開會。", "3月12日沒有達成協議，Harbour Lines的談判繼續。"], 1.0)
    second = [unit for unit in align_parts(en, zh) if unit.src_paragraphs == (1,)]
    assert [(unit.level, unit.src_indices, unit.tgt_indices) for unit in second] == [
        ("paragraph", (1,), (1,)),
        ("sentence", (0, 1), (0,)),
    ]
    assert second[1].src_text == en.paragraphs[1] and second[1].tgt_text == zh.paragraphs[1]


def test_sentences_are_aligned_within_each_paragraph_link() -> None:
    en = Part("en", [EN[0], EN[1] + " " + EN[2]], 1.0)
    zh = Part("zh-Hant", [ZH[0], ZH[1] + ZH[2]], 1.0)
    units = align_parts(en, zh)
    paragraph_links = [(u.src_indices, u.tgt_indices) for u in units if u.level == "paragraph"]
    assert paragraph_links == [((0,), (0,)), ((1,), (1,))]
    second = [u for u in units if u.level == "sentence" and u.src_paragraphs == (1,)]
    assert [(u.src_indices, u.tgt_indices) for u in second] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert second[2].src_text.startswith("The operator") and second[2].tgt_text.startswith("營運商")


def test_one_part_gives_nothing_and_three_give_every_pair_with_the_main_one_as_source() -> None:
    en, zh = Part("en", EN, 1.0), Part("zh-Hant", ZH, 1.0)
    fr = Part("fr", ["Le conseil approuve le nouvel horaire", "Le conseil a voté le 12 mars."], 1.0)
    assert align_document([en]) == []
    assert align_document([Part("und", ["???"], 0.1), en]) == []
    assert main_part([zh, en, fr]) == 1  # the most text, counted in English characters
    pairs = {(u.src_language, u.tgt_language) for u in align_document([zh, en, fr])}
    assert pairs == {("en", "zh-Hant"), ("en", "fr"), ("zh-Hant", "fr")}  # tests/test_align_pairs.py: on NTREX


def test_the_pipeline_aligns_a_bilingual_file_and_not_a_monolingual_one(tmp_path: Path) -> None:
    bilingual, english = tmp_path / "bilingual.txt", tmp_path / "english.txt"
    bilingual.write_text("\n\n".join(ZH + EN) + "\n", encoding="utf-8")
    english.write_text("\n\n".join(EN) + "\n", encoding="utf-8")
    from tasks.model import SourceFile

    docs = [Document(SourceFile(str(p), p.name, p.stat().st_size)) for p in (bilingual, english)]
    outcomes = [o for o in run_steps(docs, CleanOptions(align=True), StepTimer()) if isinstance(o, CleanDocument)]
    assert [len(o.parts) for o in outcomes] == [2, 1]  # both cleaned: none left out above
    paragraph_links = [(u.src_indices, u.tgt_indices) for u in outcomes[0].alignments if u.level == "paragraph"]
    assert paragraph_links == [((i,), (i,)) for i in range(len(EN))]
    assert outcomes[1].alignments == []


def test_alignment_rows_follow_the_schema_and_are_partitioned_by_the_sorted_pair() -> None:
    unit = AlignedUnit("sentence", "zh-Hant", "en", (0,), (0, 1), (2,), (3,), "甲。", "A. B.", 0.75)
    fr = AlignedUnit("paragraph", "en", "fr", (1,), (), (1,), (), "Alone.", "", 0.0)
    docs = [
        CleanDocument("a.txt", "0" * 64, "a" * 32, "utf-8", [], [], alignments=[unit, fr]),
        CleanDocument("b.txt", "1" * 64, "b" * 32, "utf-8", [], []),  # one part: no rows
        CleanDocument("c.txt", "2" * 64, "c" * 32, "utf-8", [], [], alignments=[fr]),
    ]
    now = datetime.now(UTC)
    table = alignments_table(docs, "run", now)
    assert table.schema == ALIGNMENT_SCHEMA
    row, lone, other = table.to_pylist()
    assert row["pair"] == pair_of("en", "zh-Hant") == "en__zh-Hant" and lone["pair"] == "en__fr"
    assert (row["src_indices"], row["tgt_indices"], row["src_paragraph_indices"]) == ([0], [0, 1], [2])
    assert (row["src_text"], row["tgt_text"], row["score"], row["level"]) == ("甲。", "A. B.", 0.75, "sentence")
    assert (lone["tgt_indices"], lone["tgt_paragraph_indices"], lone["tgt_text"]) == ([], [], "")
    assert [(r["doc_id"], r["source_path"]) for r in (row, lone, other)] == [("a" * 32, "a.txt")] * 2 + [("c" * 32, "c.txt")]
    assert {(r["run_id"], r["ingested_at"], r["method"]) for r in (row, lone, other)} == {("run", now, align_module.METHOD)}
    assert alignments_table(docs[1:2], "run", now).num_rows == 0
    split = partitions(table, DATASET_PARTITIONS["alignments"])  # the files of OUT/alignments/pair=...
    assert list(split) == ["en__fr", "en__zh-Hant"]
    assert split["en__fr"].column("doc_id").to_pylist() == ["a" * 32, "c" * 32] and split["en__zh-Hant"].num_rows == 1


def test_a_document_sent_by_a_worker_carries_its_alignments_as_columns_that_give_the_same_units_and_rows() -> None:
    en, zh = Part("en", EN, 1.0), Part("zh-Hant", ZH, 1.0)
    units = align_document([en, zh])
    doc = CleanDocument("a.txt", "0" * 64, "d" * 32, "utf-8", [], [en, zh], alignments=units)
    sent = pickle.loads(pickle.dumps(doc))  # as a worker's result reaches the flow process
    assert isinstance(sent.alignments, AlignedColumns) and len(sent.alignments) == len(units) > len(EN)
    assert list(sent.alignments) == units and sent.alignments == units and sent.alignments[3] == units[3]
    assert sent.alignments.column("tgt_text") == [unit.tgt_text for unit in units]
    assert sent.parts == doc.parts and doc.alignments is units  # the sender's document is left as it was
    now = datetime.now(UTC)
    assert alignments_table([sent], "run", now).equals(alignments_table([doc], "run", now))
    lone = CleanDocument("b.txt", "1" * 64, "e" * 32, "utf-8", [], [en])
    assert pickle.loads(pickle.dumps(lone)).alignments == []


def test_ntrex_articles_with_a_dropped_line_and_an_inserted_heading_are_aligned_as_built() -> None:
    """Real translations (../shared NTREX-128): the gold is known from how each document is made."""
    english, chinese = ntrex_articles("en"), ntrex_articles("zh-Hant")
    found = expected = 0
    for number in range(0, 40, 4):
        en = [line.strip() for line in english[number]]
        zh = [line.strip() for line in chinese[number]]
        dropped, heading_at = len(en) // 2, 3
        zh_damaged = [*zh[:dropped], *zh[dropped + 1 :]]
        zh_damaged.insert(heading_at, chinese[number + 1][0].strip())
        gold: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
        for i in range(len(en)):
            if i == dropped:
                gold.add(((i,), ()))
                continue
            j = i if i < dropped else i - 1
            gold.add(((i,), (j + (j >= heading_at),)))
        gold.add(((), (heading_at,)))
        test = set(links(en, zh_damaged))
        found += len(gold & test)
        expected += len(gold)
    assert found / expected > 0.9, f"{found} of {expected} gold links"


@pytest.fixture
def aligned_out(tmp_path: Path, api_url: str) -> Path:
    raw = articles_raw(tmp_path / "raw", 7)  # a0, a3 and a6 are Traditional Chinese followed by English
    (raw / "summit.txt").write_text("\n\n".join(ZH + EN) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = finish(run_cli(raw, out, api_url, *SMALL_COMMITS, "--align"))
    assert code == 0, stderr
    return out


def test_ingest_writes_alignments_with_the_records_and_a_rerun_adds_none(aligned_out: Path, api_url: str) -> None:
    table = ds.dataset(aligned_out / "alignments", format="parquet", partitioning="hive").to_table()
    assert set(table.column("pair").to_pylist()) == {"en__zh-Hant"}
    records = ds.dataset(aligned_out / "records", format="parquet", partitioning="hive").to_table().to_pylist()
    bilingual = {r["doc_id"] for r in records if r["part_count"] == 2}
    assert set(table.column("doc_id").to_pylist()) == bilingual and len(bilingual) == 4
    rows = table.to_pylist()
    summit = [r for r in rows if r["source_path"] == "summit.txt" and r["level"] == "paragraph"]
    assert [(r["src_indices"], r["tgt_indices"]) for r in summit] == [([i], [i]) for i in range(len(EN))]
    assert {r["run_id"] for r in rows} == {r["run_id"] for r in records}
    before = table.num_rows
    code, _, stderr = finish(run_cli(aligned_out.parent / "raw", aligned_out, api_url, *SMALL_COMMITS, "--align"))
    assert code == 0, stderr
    assert ds.dataset(aligned_out / "alignments", format="parquet", partitioning="hive").count_rows() == before


def test_a_crash_between_renames_leaves_records_and_alignments_agreeing(tmp_path: Path, api_url: str) -> None:
    raw = articles_raw(tmp_path / "raw", 12)
    out = tmp_path / "out"
    code, _, _ = finish(run_cli(raw, out, api_url, *SMALL_COMMITS, "--align", crash_at="rename:5"))
    assert code != 0
    code, _, stderr = finish(run_cli(raw, out, api_url, *SMALL_COMMITS, "--align"))
    assert code == 0, stderr
    records = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table().to_pylist()
    aligned = ds.dataset(out / "alignments", format="parquet", partitioning="hive").to_table()
    assert set(aligned.column("doc_id").to_pylist()) == {r["doc_id"] for r in records if r["part_count"] == 2}
    paragraph_rows = [r for r in aligned.to_pylist() if r["level"] == "paragraph"]
    assert len(paragraph_rows) == len({(r["doc_id"], tuple(r["src_indices"]), tuple(r["tgt_indices"])) for r in paragraph_rows})


def test_export_writes_moses_tmx_and_jsonl_that_read_back(aligned_out: Path, tmp_path: Path) -> None:
    dest = tmp_path / "export"
    assert main(["export", "alignments", str(aligned_out), str(dest), "--format", "moses", "--pair", "zh-Hant,en"]) == 0
    zh_lines = (dest / "zh-Hant__en.zh-Hant").read_text(encoding="utf-8").splitlines()
    en_lines = (dest / "zh-Hant__en.en").read_text(encoding="utf-8").splitlines()
    assert len(zh_lines) == len(en_lines) > 0
    assert (ZH[4], EN[4]) in set(zip(zh_lines, en_lines, strict=True))

    assert main(["export", "alignments", str(aligned_out), str(dest), "--format", "tmx", "--level", "paragraph"]) == 0
    root = ET.parse(dest / "en__zh-Hant.tmx").getroot()
    assert root.get("version") == "1.4" and root.find("header[@srclang='en']") is not None
    units = root.findall("body/tu")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    pairs = {tuple(tuv.get(lang) for tuv in tu.findall("tuv")) for tu in units}
    assert pairs == {("en", "zh-Hant")}
    segments = {(tu.findall("tuv/seg")[0].text, tu.findall("tuv/seg")[1].text) for tu in units}
    assert (EN[3], ZH[3]) in segments

    assert main(["export", "alignments", str(aligned_out), str(dest), "--format", "jsonl", "--min-score", "0.5"]) == 0
    lines = [json.loads(line) for line in (dest / "en__zh-Hant.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines and all(line["score"] >= 0.5 and line["src_text"] and line["tgt_text"] for line in lines)
    assert main(["export", "alignments", str(aligned_out), str(dest), "--format", "jsonl", "--min-score", "1.1"]) == 1
    assert main(["export", "alignments", str(tmp_path / "nothing"), str(dest), "--format", "jsonl"]) == 2


def test_katakana_names_find_the_partner_of_a_japanese_paragraph_that_lengths_alone_get_wrong() -> None:
    """The English side has a paragraph the Japanese leaves out; by length alone the first English paragraph is the one
    left out (without name_sounds it is: ((0,), ()), ((1,), (0,))...). The katakana names say which paragraph is which."""
    en = Part(
        "en",
        [
            "Peter Jones met Gwyneth Paltrow in London on Monday.",
            "The talks were short and nobody said much afterwards.",
            "Holly Willoughby told Smith she was leaving the company.",
            "Trump left early.",
        ],
        1.0,
    )
    ja = Part(
        "ja",
        [
            "月曜日、ピーター・ジョーンズはロンドンでグウィネス・パルトロウに会った。",
            "ホリー・ウィロウビーはスミスに会社を辞めると伝えた。",
            "トランプは早く帰った。",
        ],
        1.0,
    )
    links = [(unit.src_indices, unit.tgt_indices) for unit in align_parts(en, ja) if unit.level == "paragraph"]
    assert links == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]


def test_a_unit_sharing_only_meanings_costs_a_little_more_to_leave_out_than_one_sharing_nothing() -> None:
    """A short paragraph whose partner a reprint merged with the next shares words with that partner: leaving it out
    costs MEANING_SKIP_COST more; a name or number both parts hold still costs ANCHOR_WEIGHT / 2."""
    nothing = align_module._skip_cost(40.0, frozenset())
    meaning = align_module._skip_cost(40.0, frozenset({"&exper"}))
    name = align_module._skip_cost(40.0, frozenset({"&exper", "2014"}))
    assert nothing < meaning < name
    assert meaning - nothing == pytest.approx(align_module.MEANING_SKIP_COST)
    assert name - nothing == pytest.approx(align_module.ANCHOR_WEIGHT / 2)
