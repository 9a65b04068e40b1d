"""Every pair of a document's known parts aligned (tasks/steps/align.py align_document), carried through the sink's
boilerplate projection (tasks/steps/kept_alignments.py), OUT/alignments and `reprints export alignments`.

The inputs are NTREX-128 articles (../shared), line-aligned in every language: with one paragraph per line and no
damage, paragraph i of any part is the translation of paragraph i of every other part, so each pair's gold is i-i."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

from reprints.cli import main
from tasks.model import AlignedUnit, Part
from tasks.steps.align import align_document, align_parts, main_part
from tests.cli_runs import SMALL_COMMITS, finish, run_cli
from tests.corpus import ntrex_articles

ARTICLES = range(1, 41, 4)  # ten articles, as tests/test_align.py draws NTREX


def part(language: str, article: int, lines: int | None = None) -> Part:
    """The article's first `lines` lines (all by default), one paragraph each."""
    return Part(language, [line.strip() for line in ntrex_articles(language)[article][:lines]], 1.0)


def source_of(first: Part, second: Part) -> str:
    """The language main_part picks of the two: the source side of their pair."""
    return (first, second)[main_part([first, second])].language


def paragraph_links(units: list[AlignedUnit], src: str, tgt: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    pair = (src, tgt)
    return [(u.src_indices, u.tgt_indices) for u in units if u.level == "paragraph" and (u.src_language, u.tgt_language) == pair]


def oriented_pairs(units: list[AlignedUnit]) -> set[tuple[str, str]]:
    return {(u.src_language, u.tgt_language) for u in units}


def test_three_parts_give_every_pair_each_linking_the_translations_of_the_same_lines() -> None:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for article in ARTICLES:
        # translations first, as a Macau reprint holds them; one without its last line, one without its last three
        count = len(ntrex_articles("en")[article])
        parts = [part("pt", article, count - 3), part("zh-Hant", article, count - 1), part("en", article)]
        units = align_document(parts)
        main = parts[main_part(parts)].language
        for first, second in combinations(parts, 2):
            src = source_of(first, second)
            tgt = (first if src == second.language else second).language
            if main in (first.language, second.language):
                assert src == main  # the main part is the source side of all its pairs
            links = paragraph_links(units, src, tgt)
            assert links, f"no {src}-{tgt} rows"
            gold = min(len(first.paragraphs), len(second.paragraphs))  # the longer part's last lines have no partner
            pair = "-".join(sorted((src, tgt)))
            right[pair] += sum(((i,), (i,)) in links for i in range(gold))
            total[pair] += gold
    assert set(total) == {"en-pt", "en-zh-Hant", "pt-zh-Hant"}
    for pair, count in total.items():
        assert right[pair] >= 0.95 * count, f"{pair}: {right[pair]} of {count} lines linked to their translation"


def test_the_source_of_each_pair_is_the_part_with_more_text_and_the_earlier_one_on_a_tie() -> None:
    en, zh, ja = part("en", 13), part("zh-Hant", 13, 18), part("ja", 13, 9)  # 27, 18 and 9 lines of one article
    assert oriented_pairs(align_document([ja, zh, en])) == {("en", "zh-Hant"), ("en", "ja"), ("zh-Hant", "ja")}
    # the same text in two languages of no length model (English-like): as long, so the earlier is the source
    first, second = Part("xx", list(en.paragraphs), 1.0), Part("yy", list(en.paragraphs), 1.0)
    assert oriented_pairs(align_document([en, second, first])) == {("en", "yy"), ("en", "xx"), ("yy", "xx")}


def test_a_pair_is_aligned_as_a_two_part_document_of_those_parts_would_be() -> None:
    en, zh, fr = part("en", 9), part("zh-Hant", 9, 3), part("fr", 9, 2)
    units = align_document([zh, fr, en])
    for src, tgt in ((en, zh), (en, fr), (zh, fr)):
        alone = align_document([tgt, src])
        assert alone == align_parts(src, tgt)  # a two-part document: the larger part is the source, as before
        assert [u for u in units if (u.src_language, u.tgt_language) == (src.language, tgt.language)] == alone


def test_parts_of_unknown_language_are_still_left_out() -> None:
    en, zh, ja = part("en", 13), part("zh-Hant", 13, 20), part("ja", 13, 10)
    unknown = Part("und", ["??? ### ???"], 0.1)
    with_unknown = align_document([zh, unknown, ja, en])
    assert with_unknown == align_document([zh, ja, en])
    assert len(oriented_pairs(with_unknown)) == 3 and "und" not in {u.tgt_language for u in with_unknown}
    assert align_document([unknown, en]) == [] and align_document([unknown, zh, unknown]) == []


def test_a_three_part_file_gives_a_pair_without_english_that_exports(tmp_path: Path, api_url: str) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    article = 3
    zh, pt, en = (part(language, article) for language in ("zh-Hant", "pt", "en"))
    (raw / "macau.txt").write_text("\n\n".join([*zh.paragraphs, *pt.paragraphs, *en.paragraphs]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = finish(run_cli(raw, out, api_url, *SMALL_COMMITS, "--align"))
    assert code == 0, stderr
    assert sorted(p.name for p in (out / "alignments").iterdir()) == ["pair=en__pt", "pair=en__zh-Hant", "pair=pt__zh-Hant"]
    dest = tmp_path / "export"
    command = ["export", "alignments", str(out), str(dest), "--format", "moses", "--level", "paragraph", "--pair", "pt,zh-Hant"]
    assert main(command) == 0
    assert sorted(p.name for p in dest.iterdir()) == ["pt__zh-Hant.pt", "pt__zh-Hant.zh-Hant"]
    pt_lines, zh_lines = ((dest / f"pt__zh-Hant.{side}").read_text(encoding="utf-8").splitlines() for side in ("pt", "zh-Hant"))
    exported = list(zip(pt_lines, zh_lines, strict=True))
    gold = set(zip(pt.paragraphs, zh.paragraphs, strict=True))
    assert sum(pair in gold for pair in exported) >= 0.9 * len(gold), exported
