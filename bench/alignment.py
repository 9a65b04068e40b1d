"""Alignment quality on gold built from NTREX-128, and the length model's calibration (tasks/steps/align.py).

    .venv/bin/python -m bench.alignment               # per-pair precision, recall, strict F1 (held-out articles)
    .venv/bin/python -m bench.alignment --calibrate   # write tasks/steps/align_lengths.json from the other half
    .venv/bin/python -m bench.alignment --cost 1000   # the align step's share of the cleaning time, one process
    .venv/bin/python -m bench.alignment --seed 1      # the same on another draw of the damage (also --all, --keep-notices)
    .venv/bin/python -m bench.alignment --articles even  # on the calibration half, to tune costs without the held-out one
    .venv/bin/python -m bench.alignment --check-shortcut --seed 3   # links the diagonal shortcut changes (must be 0)

NTREX-128 (../shared/corpus/parallel/ntrex128) is line-aligned: every line of an article is one sentence in
every language. A gold document is one article in English and in one other language, its lines grouped into
paragraphs of 1 to 3 sentences the same way on both sides, then damaged on one side (English or the other language,
at random), as reprints are: 10% of the lines dropped, adjacent paragraphs merged into one
(15% of the boundaries), one or two headings inserted (the headline of another article in that language) and a
reprint notice at the end (the pipeline's notices step lifts it out of the text before alignment, as it does in a
run, when it knows the phrasing: since notices.py learned 16 languages it knows all eleven below; --keep-notices
leaves them in, a paragraph with no partner, as a notice in a phrasing the step does not know). The headline stays
a paragraph of its own on both sides (a lost blank line may merge two body paragraphs; a translator does not run
the headline into the text). The gold links follow from how the document was built.

Scores are link-level, as Vecalign's score.py computes them (and Bertalign reports them): precision over every
link the aligner returns, 1-0 and 0-1 links included; recall over the gold links with both sides; strict: a link
counts only when both of its sides are exactly the gold's. Sentence links are scored on the NTREX lines (each
sentence the splitter returns belongs to the line holding its middle). The length model is calibrated on the
even-numbered articles and measured on the odd-numbered ones (--all measures on all 123).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import tasks.steps.align as align_module
from tasks.model import Part
from tasks.steps.align import align_parts, join_units, split_sentences
from tasks.steps.notices import find_reprint_notice

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NTREX = SHARED / "corpus" / "parallel" / "ntrex128"
MODEL_FILE = Path(align_module.__file__).with_name("align_lengths.json")
PAIRS = ("zh-Hant", "zh-Hans", "ja", "ko", "fr", "de", "es", "ru", "pt", "vi")
# A notice in each language, as a reprint ends with one (written for this benchmark; the pipeline lifts real
# ones out before alignment, so here it is one more paragraph with no partner).
NOTICES = {
    "en": "Originally published by the Macau News Agency (MNA). Reprinted with the author's permission.",
    "zh-Hant": "原刊於澳門新聞通訊社(MNA)網站,本社獲作者授權轉載。",
    "zh-Hans": "原刊于澳门新闻通讯社(MNA)网站,本社获作者授权转载。",
    "ja": "マカオ通信社(MNA)のサイトに掲載された記事を、著者の許可を得て転載しました。",
    "ko": "마카오 통신사(MNA) 웹사이트에 처음 실린 글을 저자의 허락을 받아 다시 싣습니다.",
    "fr": "Publié initialement par l'agence MNA. Reproduit avec l'autorisation de l'auteur.",
    "de": "Zuerst erschienen bei der Nachrichtenagentur MNA. Nachdruck mit Genehmigung des Autors.",
    "es": "Publicado originalmente por la agencia MNA. Reproducido con permiso del autor.",
    "ru": "Впервые опубликовано агентством MNA. Перепечатано с разрешения автора.",
    "pt": "Publicado originalmente pela agência MNA. Reproduzido com autorização do autor.",
    "vi": "Bài viết đăng lần đầu trên trang của hãng tin MNA, được đăng lại với sự cho phép của tác giả.",
}
KEEP_NOTICES = False  # --keep-notices: as if the notices step knew none of these notices
SEED: int | None = None  # --seed: another damage draw (None: the draw the figures in docs/alignment.md come from)
DROP_SHARE = 0.10
MERGE_SHARE = 0.15


def ntrex_articles(language: str) -> list[list[str]]:
    ids = (NTREX / "doc_ids.txt").read_text(encoding="utf-8").splitlines()
    lines = (NTREX / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    articles: dict[str, list[str]] = defaultdict(list)
    for doc_id, line in zip(ids, lines, strict=True):
        articles[doc_id].append(line.strip())
    return list(articles.values())


def calibrate(articles: range) -> dict[str, tuple[float, float]]:
    """Per language: characters per English character, and the variance of a line's length around that ratio
    per English character (in the language's characters), over the lines of `articles`."""
    english = ntrex_articles("en")
    model = {"en": (1.0, 0.0)}
    for path in sorted(NTREX.glob("*.txt")):
        language = path.stem
        if language in ("en", "doc_ids"):
            continue
        other = ntrex_articles(language)
        pairs = [(len(e), len(o)) for a in articles for e, o in zip(english[a], other[a], strict=True) if e and o]
        ratio = sum(o for _, o in pairs) / sum(e for e, _ in pairs)
        variance = sum((o - ratio * e) ** 2 for e, o in pairs) / sum(e for e, _ in pairs)
        model[language] = (round(ratio, 4), round(variance, 4))
    return model


@dataclass
class GoldDocument:
    src: list[str]  # English paragraphs
    tgt: list[str]  # the other language's
    links: list[tuple[tuple[int, ...], tuple[int, ...]]]  # paragraph links
    src_lines: list[list[int]] = field(default_factory=list)  # per paragraph: its lines' ids
    tgt_lines: list[list[int]] = field(default_factory=list)
    sentence_links: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)  # by line id


def gold_document(
    article: int,
    english: list[str],
    other: list[str],
    language: str,
    headlines: dict[str, list[str]],
    shared_english: bool = False,
) -> GoldDocument:
    """One article as a damaged bilingual document, with its gold links (see the module's docstring). With
    `shared_english`, the English side is intact and grouped the same way whatever the language (one original with
    several translations in one file: bench/alignment_raw.py's trilingual shape)."""
    rng = random.Random(f"{language}:{article}" if SEED is None else f"{language}:{article}:{SEED}")
    shared = random.Random(f"en:{article}" if SEED is None else f"en:{article}:{SEED}")
    groups = _paragraph_groups(shared if shared_english else rng, len(english))
    damage_english = rng.random() < 0.5 and not shared_english
    kept = [[i for i in group if rng.random() >= DROP_SHARE] for group in groups]
    damaged: list[list[int]] = []  # damaged side: per paragraph, the groups it holds (empty for a heading/notice)
    for index, lines in enumerate(kept):
        if not lines:
            continue
        if damaged and damaged[-1] not in ([], [0]) and len(damaged[-1]) == 1 and rng.random() < MERGE_SHARE:
            damaged[-1].append(index)
        else:
            damaged.append([index])
    for _ in range(rng.randint(1, 2)):
        damaged.insert(rng.randint(1, len(damaged)), [])
    if KEEP_NOTICES or not find_reprint_notice([NOTICES[language if not damage_english else "en"]]):
        damaged.append([-1])  # the notice, unless the pipeline's notices step lifts it out of the text
    intact_texts, damaged_texts = (other, english) if damage_english else (english, other)
    intact_language, damaged_language = (language, "en") if damage_english else ("en", language)
    heading_ids = iter(range(10_000, 10_010))
    intact = [join_units([intact_texts[i] for i in group], intact_language) for group in groups]
    intact_lines = [list(group) for group in groups]
    damaged_paragraphs, damaged_lines = [], []
    for held in damaged:
        if held == [-1]:
            damaged_paragraphs.append(NOTICES[damaged_language])
            damaged_lines.append([next(heading_ids)])
        elif not held:
            damaged_paragraphs.append(rng.choice(headlines[damaged_language]))
            damaged_lines.append([next(heading_ids)])
        else:
            lines = [i for g in held for i in kept[g]]
            damaged_paragraphs.append(join_units([damaged_texts[i] for i in lines], damaged_language))
            damaged_lines.append(lines)
    links, sentence_links = _gold_links(groups, kept, damaged, damaged_lines)
    if damage_english:  # English is always the source side
        links = [(d, i) for i, d in links]
        sentence_links = [(d, i) for i, d in sentence_links]
        return GoldDocument(damaged_paragraphs, intact, links, damaged_lines, intact_lines, sentence_links)
    return GoldDocument(intact, damaged_paragraphs, links, intact_lines, damaged_lines, sentence_links)


def _paragraph_groups(rng: random.Random, lines: int) -> list[list[int]]:
    """An article's lines grouped into paragraphs of 1 to 3 sentences, the headline alone."""
    groups: list[list[int]] = [[0]]
    line = 1
    while line < lines:
        size = rng.choices((1, 2, 3), (0.5, 0.35, 0.15))[0]
        groups.append(list(range(line, min(line + size, lines))))
        line += size
    return groups


def _gold_links(
    groups: list[list[int]], kept: list[list[int]], damaged: list[list[int]], damaged_lines: list[list[int]]
) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """(intact side, damaged side) links of paragraphs, in order, and of lines within linked paragraphs."""
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    sentence_links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    where = {g: p for p, held in enumerate(damaged) for g in held if g >= 0}
    done: set[int] = set()
    for g in range(len(groups)):
        if g in done:
            continue
        if g not in where:
            links.append(((g,), ()))
            continue
        paragraph = where[g]
        held = [h for h in damaged[paragraph] if h >= 0]
        done.update(held)
        links.append((tuple(held), (paragraph,)))
        for h in held:
            for i in groups[h]:
                sentence_links.append(((i,), (i,)) if i in kept[h] else ((i,), ()))
    # the headings and the notice: 0-1 links, in their place
    for paragraph, held in enumerate(damaged):
        if not held or held == [-1]:
            links.append(((), (paragraph,)))
    return links, sentence_links  # in no particular order: links are scored as sets


def aligned(document: GoldDocument, src_language: str, tgt_language: str):
    """The aligner's paragraph links, and its sentence links as line ids."""
    units = align_parts(Part(src_language, document.src, 1.0), Part(tgt_language, document.tgt, 1.0))
    paragraphs = [(u.src_indices, u.tgt_indices) for u in units if u.level == "paragraph"]
    sentences = []
    for unit in units:
        if unit.level != "sentence":
            continue
        src_ids = _line_ids(document.src, document.src_lines, unit.src_paragraphs, src_language)
        tgt_ids = _line_ids(document.tgt, document.tgt_lines, unit.tgt_paragraphs, tgt_language)
        sentences.append(
            (tuple(sorted({src_ids[i] for i in unit.src_indices})), tuple(sorted({tgt_ids[j] for j in unit.tgt_indices})))
        )
    return paragraphs, sentences


def _line_ids(paragraphs: list[str], lines: list[list[int]], indices: tuple[int, ...], language: str) -> list[int]:
    """Per sentence the splitter finds in these paragraphs: the id of the line holding its middle."""
    ids = []
    for p in indices:
        text = paragraphs[p]
        sentences = split_sentences(text, language)
        line_texts = _line_texts(text, lines[p], language)
        cursor = 0
        for sentence in sentences:
            start = text.find(sentence, cursor)
            middle = start + len(sentence) // 2
            cursor = start + len(sentence)
            ends = 0
            for line_id, length in line_texts:
                ends += length
                if middle < ends:
                    ids.append(line_id)
                    break
            else:
                ids.append(line_texts[-1][0])
    return ids


def _line_texts(text: str, line_ids: list[int], language: str) -> list[tuple[int, int]]:
    """(line id, characters it spans in the joined paragraph, its separator included)."""
    if len(line_ids) == 1:
        return [(line_ids[0], len(text))]
    lines = LINES[language]
    separator = len(join_units(["a", "b"], language)) - 2
    return [(i, len(lines[i]) + separator) for i in line_ids]


LINES: dict[str, list[str]] = {}


def score(gold: list, test: list) -> tuple[int, int, int, int]:
    """(true positives for precision, test links, true positives for recall, gold links with both sides), strict."""
    gold_set = {link for link in gold if link[0] or link[1]}
    test_set = {link for link in test if link[0] or link[1]}
    gold_full = {link for link in gold_set if link[0] and link[1]}
    test_full = {link for link in test_set if link[0] and link[1]}
    return len(test_set & gold_set), len(test_set), len(gold_full & test_full), len(gold_full)


def f1(counts: list[int]) -> tuple[float, float, float]:
    tp_p, tests, tp_r, golds = counts
    precision, recall = tp_p / max(tests, 1), tp_r / max(golds, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def gold_documents(
    articles: list[int], language: str, english: list[list[str]], other: list[list[str]], shared_english: bool = False
):
    """(article, its gold document) for each of `articles` in the pair English-`language`, line ids shifted into
    the whole file's; LINES holds both languages' lines once it starts. `shared_english`: see gold_document."""
    for lang, texts in (("en", english), (language, other)):
        LINES[lang] = [line for article in texts for line in article]
    offsets = [sum(len(a) for a in english[:k]) for k in range(len(english))]
    for article in articles:
        headlines = {
            lang: [texts[a][0] for a in range(len(texts)) if a != article] for lang, texts in (("en", english), (language, other))
        }
        document = gold_document(article, english[article], other[article], language, headlines, shared_english)
        yield article, _shifted(document, offsets[article])


def add_scores(counts: dict[str, list[int]], document: GoldDocument, paragraphs: list, sentences: list) -> None:
    """Add one document's scores (paragraph and sentence links) to `counts`."""
    for level, gold, test in (("paragraph", document.links, paragraphs), ("sentence", document.sentence_links, sentences)):
        counts[level] = [a + b for a, b in zip(counts[level], score(gold, test), strict=True)]


def measure(articles: list[int]) -> dict[str, dict[str, list[int]]]:
    english = ntrex_articles("en")
    results: dict[str, dict[str, list[int]]] = {}
    for language in PAIRS:
        counts = {"paragraph": [0, 0, 0, 0], "sentence": [0, 0, 0, 0]}
        for _, document in gold_documents(articles, language, english, ntrex_articles(language)):
            paragraphs, sentences = aligned(document, "en", language)
            add_scores(counts, document, paragraphs, sentences)
        results[language] = counts
    return results


def _shifted(document: GoldDocument, offset: int) -> GoldDocument:
    """Line ids of the article made ids into the whole file (what LINES holds); heading ids stay as they are."""

    def shift(ids):
        return [i + offset if i < 10_000 else i for i in ids]

    document.src_lines = [shift(ids) for ids in document.src_lines]
    document.tgt_lines = [shift(ids) for ids in document.tgt_lines]
    document.sentence_links = [(tuple(shift(s)), tuple(shift(t))) for s, t in document.sentence_links]
    return document


def report(results: dict[str, dict[str, list[int]]], label: str) -> None:
    print(f"\n{label}")
    columns = f"{'P':>7} {'R':>7} {'F1':>8} {'links':>6}"
    print(f"{'':<12} {'paragraphs':^31}   {'sentences':^31}\n{'pair':<12} {columns}   {columns}")
    for language, counts in results.items():
        p = f1(counts["paragraph"])
        s = f1(counts["sentence"])
        print(
            f"en-{language:<9} {p[0]:>7.3f} {p[1]:>7.3f} {p[2]:>8.3f} {counts['paragraph'][3]:>6}"
            f"   {s[0]:>7.3f} {s[1]:>7.3f} {s[2]:>8.3f} {counts['sentence'][3]:>6}"
        )


def shortcut_changes(articles: list[int]) -> tuple[int, int, int]:
    """(part pairs, those with as many paragraphs on each side, those whose links change when the clear-diagonal
    shortcut of align.py is off): the shortcut (CLEAR_LINK_COST, DEAR_PAIR_COST) must change none, whatever costs a link gains."""
    global align_parts
    aligner, counts = align_parts, [0, 0, 0]

    def with_and_without(src: Part, tgt: Part):
        links = aligner(src, tgt)
        thresholds = align_module.CLEAR_LINK_COST, align_module.DEAR_PAIR_COST
        align_module.CLEAR_LINK_COST = align_module.DEAR_PAIR_COST = -1.0
        try:
            table_links = aligner(src, tgt)
        finally:
            align_module.CLEAR_LINK_COST, align_module.DEAR_PAIR_COST = thresholds
        counts[0] += 1
        counts[1] += len(src.paragraphs) == len(tgt.paragraphs)
        counts[2] += links != table_links
        return links

    align_parts = with_and_without  # what aligned() calls
    try:
        measure(articles)
    finally:
        align_parts = aligner
    return counts[0], counts[1], counts[2]


def cost(documents: int, rounds: int = 3) -> None:
    """The align step's share of the document pipeline's CPU time on bench/throughput.py's corpus (bench/corpus.py,
    same seed), in this one process: every step with and without align, rounds interleaved, best of each. CPU time,
    not wall time, since the machine is shared."""
    import tempfile
    import time

    from bench.corpus import build
    from bench.steps import one_round, sources_of
    from tasks.model import CleanDocument
    from tasks.pipeline import CleanOptions, warm_up
    from tasks.steps.align import align_document

    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw"
        manifest = build(raw, documents)
        sources = sources_of(raw)
        warm_up(align=True)
        best = {"with align": float("inf"), "without": float("inf")}
        for _ in range(rounds):
            for variant, align in (("with align", True), ("without", False)):
                total, _, outcomes = one_round(sources, CleanOptions(align=align))
                best[variant] = min(best[variant], total)
        parts = [o.parts for o in outcomes if isinstance(o, CleanDocument) and len(o.parts) > 1]
    start = time.process_time()
    links = sum(len(align_document(p)) for p in parts)
    per_document = (time.process_time() - start) / max(len(parts), 1)
    with_align, without = best["with align"], best["without"]
    print(f"bench/corpus.py, {documents} documents ({manifest.bilingual} written bilingual, {len(parts)} with two parts or more)")
    print(f"  CPU s, all steps, best of {rounds}: {with_align:.2f} with align, {without:.2f} without")
    print(f"  align: {(with_align - without) / with_align:.1%} of the steps' CPU time; {1000 * per_document:.2f} ms per aligned")
    print(f"  document ({links} links), against {1000 * without / documents:.2f} ms per document for the other steps")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calibrate", action="store_true", help=f"write {MODEL_FILE.name} from the even-numbered articles")
    parser.add_argument("--all", action="store_true", help="measure on all articles, not only the held-out odd ones")
    parser.add_argument(
        "--articles",
        choices=("odd", "even", "all"),
        default="odd",
        help="which articles to measure on: the held-out odd ones (default), the even ones the length model is calibrated"
        " on (to tune costs without looking at the held-out ones), or all (as --all)",
    )
    parser.add_argument("--ablation", action="store_true", help="also measure without anchors (length only)")
    parser.add_argument("--cost", type=int, metavar="N", help="time the align step on N documents of bench/corpus.py")
    parser.add_argument(
        "--check-shortcut", action="store_true", help="count the part pairs whose links change without the diagonal shortcut"
    )
    parser.add_argument("--seed", type=int, help="draw the damage with this seed (default: the documented draw)")
    parser.add_argument(
        "--keep-notices", action="store_true", help="leave every notice in the text, as if the notices step knew none"
    )
    args = parser.parse_args()
    if not NTREX.is_dir():
        raise SystemExit(f"bench: {NTREX} is missing (the shared corpus beside the checkout)")
    count = len(ntrex_articles("en"))
    if args.cost:
        cost(args.cost)
        return
    if args.calibrate:
        model = calibrate(range(0, count, 2))
        lines = [f"  {json.dumps(language)}: [{ratio}, {variance}]" for language, (ratio, variance) in sorted(model.items())]
        MODEL_FILE.write_text("{\n" + ",\n".join(lines) + "\n}\n")
        print(f"wrote {MODEL_FILE} ({len(model)} languages)")
        return
    global KEEP_NOTICES, SEED
    KEEP_NOTICES, SEED = args.keep_notices, args.seed
    which_articles = "all" if args.all else args.articles
    articles = list(range(count)) if which_articles == "all" else list(range(which_articles == "odd", count, 2))
    which = {
        "all": "all 123 articles",
        "odd": f"the {len(articles)} held-out (odd-numbered) articles",
        "even": f"the {len(articles)} calibration (even-numbered) articles, not held out",
    }[which_articles]
    which += "" if SEED is None else f", damage drawn with seed {SEED}"
    if args.check_shortcut:
        pairs, square, changed = shortcut_changes(articles)
        print(f"NTREX-128, {which}: {pairs} part pairs, {square} with as many paragraphs on each side;")
        print(
            f"  {changed} whose links change without the diagonal shortcut (CLEAR_LINK_COST {align_module.CLEAR_LINK_COST},"
            f" DEAR_PAIR_COST {align_module.DEAR_PAIR_COST})"
        )
        return
    report(measure(articles), f"NTREX-128, {which}: strict link precision, recall, F1 (gold links with both sides)")
    if args.ablation:
        align_module.ANCHOR_WEIGHT = 0.0
        report(measure(articles), "the same, length only (no anchors)")


if __name__ == "__main__":
    main()
