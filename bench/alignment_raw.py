"""Alignment quality end to end: bench/alignment.py's gold documents written as raw files, run through the real command.

    .venv/bin/python -m bench.alignment_raw                      # every shape, the held-out draw
    .venv/bin/python -m bench.alignment_raw --shapes blank,wrapped --keep /tmp/raw-shapes   # some shapes; keep RAW and OUT
    .venv/bin/python -m bench.alignment_raw --score /tmp/raw-shapes --shapes wrapped        # score kept OUTs again

bench/alignment.py feeds the aligner Parts built from its gold; a user's file goes through decoding, paragraph
splitting, notices, repeats, language identification, parts and cross-document boilerplate first. Here every gold
document of a draw (61 held-out articles x 10 pairs) is written as one raw file, the translation first and then the
English, as reprints are (one document in four English first), with the reprint notice at the file's end, in one of
these shapes:

- blank:    paragraphs separated by a blank line, UTF-8 (the baseline);
- lines:    one paragraph per line, no blank lines;
- wrapped:  hard-wrapped (Latin and Korean at 72 columns, Chinese and Japanese at 36 characters), blank line between
            paragraphs;
- indented: hard-wrapped as `wrapped`, each paragraph's first line indented (four spaces; two ideographic spaces
            U+3000 in Chinese and Japanese), no blank lines;
- legacy:   `blank` in the code page such a file would use (LEGACY), CRLF; characters the code page lacks are
            written as it writes them (`?`) in the gold too;
- html:     a web page: the first part's headline as <title> and <h1>, the other headings as <h2>, paragraphs as <p>,
            a menu and a footer (with the notice) around.

Each shape's folder of each pair is ingested by `reprints ingest --align RAW OUT` (a subprocess; one OUT per pair,
since each pair's documents hold the same English articles, whose paragraphs would otherwise be boilerplate found
in ten documents), and OUT/alignments is scored as bench/alignment.py scores (strict links, 1-0 and 0-1 links in
precision), rows turned so English is the source side (in a trilingual file's pair of translations, the first). A
record paragraph is mapped to the gold paragraph of its language with the same text (repeats.paragraph_key: case,
width and whitespace folded, invisible characters left out); one that matches none (two joined, one split, a
wrong language) matches no gold link. What the pipeline legitimately moves out of the text leaves the gold, the
same rule for every shape: a gold paragraph no record holds that repeats an earlier paragraph of the document, is
listed in OUT/boilerplate, or is a record's `title` (a web page's headline) is taken out of the gold links (and
its lines out of the sentence links); any other gold paragraph no record holds counts as lost. The reprint notice
is never in the gold (bench/alignment.py leaves out the notices the notices step knows, all of these). The
trilingual shape's two translations are scored as a pair too (`zh-Hant-ja`, `fr-de`, `es-ru` rows): their gold
links go through the English paragraphs both link to (translation_gold).
"""

from __future__ import annotations

import argparse
import difflib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.dataset as ds

from bench.alignment import LINES, NOTICES, NTREX, PAIRS, GoldDocument, _line_ids, add_scores, f1, gold_documents, ntrex_articles
from tasks.steps.repeats import paragraph_key

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ("blank", "lines", "wrapped", "indented", "legacy", "html", "trilingual")
# the trilingual shape's files: two translations and their English original, in this order ("en" where English stands)
TRILINGUAL = (("zh-Hant", "ja", "en"), ("fr", "de", "en"), ("en", "es", "ru"))
LEGACY = {
    "zh-Hant": "big5",
    "zh-Hans": "gb18030",
    "ja": "shift_jis",
    "ko": "cp949",
    "ru": "cp1251",
    "fr": "cp1252",
    "de": "cp1252",
    "es": "cp1252",
    "pt": "cp1252",
    "vi": "utf-8",  # cp1258 writes Vietnamese with combining tone marks, which Python's codec cannot produce from NFC
}
UNSPACED = ("zh-Hant", "zh-Hans", "ja")
LATIN_WIDTH = 72
UNSPACED_WIDTH = 36
# Where a CJK wrapper may break, after UAX #14 (Unicode line breaking) and kinsoku: never before closing punctuation,
# a hyphen or an ellipsis (LB13, LB21, LB22), never after an opening bracket or quote (LB14), never inside a run of
# characters that are neither CJK nor spaces (a Latin word, a number, "4&3", "10:30", "mph)", ":“": LB19, LB23-LB30)
CLOSING = "、。，．！？：；」』）】》〉”’-‐–…‥"
OPENING = "「『（【《〈“‘(["
NOT_CJK_RUN = re.compile("[^\\s\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
HEADING_LINE = 10_000  # gold line ids from here on are inserted headlines or notices (bench/alignment.py)
# what the whitespace step removes by contract (zero-width spaces, word joiners, BOMs, soft hyphens): NTREX's Russian
# and Vietnamese hold zero-width spaces, which no record keeps
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")


@dataclass
class Written:
    """One raw file: its pair, article and gold document."""

    language: str
    article: int
    document: GoldDocument
    english_first: bool
    lines: dict[str, list[str]]  # both languages' NTREX lines as written (what bench.alignment.LINES holds for the pair)
    path: str = ""  # the file under the shape's RAW (`zh-Hant/001.txt`); a trilingual file holds three pairs' Written
    source: str = "en"  # the gold's source side (`document.src`): English, or a trilingual file's first translation

    @property
    def pair(self) -> str:
        """The pair's row in the report: the other language for a pair with English, else `source-language`."""
        return self.language if self.source == "en" else f"{self.source}-{self.language}"


@dataclass
class Tally:
    counts: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # pair -> level -> score counts
    lost: Counter = field(default_factory=Counter)  # documents that lost alignment entirely, by why
    failures: Counter = field(default_factory=Counter)  # paragraphs, by what went wrong
    unmatched_documents: int = 0  # documents with a record paragraph that matches no gold paragraph
    main: Counter = field(default_factory=Counter)  # trilingual files, by the language their alignments take as source


def english_first(article: int) -> bool:
    return (article // 2) % 4 == 0


def build(folder: Path, shape: str, articles: list[int]) -> dict[str, Written]:
    """Write every gold document of the draw in `shape`, each pair's in its own folder under `folder` (`zh-Hant/001.txt`);
    by path under `folder`, what each holds."""
    english = ntrex_articles("en")
    if shape == "trilingual":
        return build_trilingual(folder, articles, english)
    written: dict[str, Written] = {}
    for language in PAIRS:
        other = ntrex_articles(language)
        codec = LEGACY[language] if shape == "legacy" else "utf-8"
        # the gold holds what the code page can: a character it lacks is written as its `?`
        english_lines, other_lines = (_as_written(texts, codec) for texts in (english, other))
        for article, document in gold_documents(articles, language, english_lines, other_lines):
            name = f"{article:03d}.{'html' if shape == 'html' else 'txt'}"
            first = english_first(article)
            sides = [(document.src, document.src_lines, "en"), (document.tgt, document.tgt_lines, language)]
            if not first:
                sides.reverse()
            notice_language = "en" if document.tgt_lines and _damaged_english(document) else language
            notice = NOTICES[notice_language].encode(codec, "replace").decode(codec)
            path = folder / language / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render(shape, sides, notice, codec))
            written[f"{language}/{name}"] = Written(
                language, article, document, first, {"en": LINES["en"], language: LINES[language]}, f"{language}/{name}"
            )
    return written


def build_trilingual(folder: Path, articles: list[int], english: list[list[str]]) -> dict[str, Written]:
    """Each article as a file of three parts (TRILINGUAL: two translations, each damaged its own way, and the intact
    English both were translated from; `blank`'s shape), in a folder per combination (`fr+de+en/001.txt`): one
    Written per translation, scored against its pair's gold, and one for the two translations (translation_gold)."""
    written: dict[str, Written] = {}
    for order in TRILINGUAL:
        combination = "+".join(order)
        translations = [language for language in order if language != "en"]
        golds: dict[str, dict[int, GoldDocument]] = {}
        lines: dict[str, list[str]] = {}
        for language in translations:
            golds[language] = dict(gold_documents(articles, language, english, ntrex_articles(language), shared_english=True))
            lines[language] = LINES[language]
        for article in articles:
            name = f"{article:03d}.txt"
            documents = {language: golds[language][article] for language in translations}
            shared = documents[translations[0]]  # the same English paragraphs in both pairs' gold
            sides = [
                (shared.src, shared.src_lines, "en")
                if language == "en"
                else (documents[language].tgt, documents[language].tgt_lines, language)
                for language in order
            ]
            path = folder / combination / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render("blank", sides, NOTICES[order[-1]], "utf-8"))
            for language in translations:
                written[f"{combination}/{name}#{language}"] = Written(
                    language,
                    article,
                    documents[language],
                    order[0] == "en",
                    {"en": LINES["en"], language: lines[language]},
                    f"{combination}/{name}",
                )
            first, second = translations
            written[f"{combination}/{name}#{first}-{second}"] = Written(
                second,
                article,
                translation_gold(documents[first], documents[second]),
                False,
                {first: lines[first], second: lines[second]},
                f"{combination}/{name}",
                first,
            )
    return written


def translation_gold(first: GoldDocument, second: GoldDocument) -> GoldDocument:
    """The gold of two translations of one English original (both gold documents' English the same paragraphs,
    `shared_english`): paragraphs of the two linked to English paragraphs that one of them links together are one
    link (the Chinese 3 with the English 2 and 3, the Japanese 2 with the English 2 and the Japanese 3 with the
    English 3: the Chinese 3 with the Japanese 2 and 3); a paragraph whose English has no partner in the other, or that
    has no English (a headline inserted), has none. Lines as in each pair's gold: a line both kept is a 1-1 sentence
    link within its paragraph link, one only one kept a 1-0 or 0-1.

    >>> zh = GoldDocument(["E0", "E1", "E2"], ["Z0", "Z1"], [((0,), (0,)), ((1, 2), (1,))], [[0], [1], [2]], [[0], [1, 2]])
    >>> ja = GoldDocument(["E0", "E1", "E2"], ["J0", "J1", "H"], [((0,), ()), ((1,), (0,)), ((2,), (1,)), ((), (2,))],
    ...                   [[0], [1], [2]], [[1], [2], [10_000]])
    >>> gold = translation_gold(zh, ja)
    >>> gold.links, gold.sentence_links
    ([((0,), ()), ((1,), (0, 1)), ((), (2,))], [((1,), (1,)), ((2,), (2,))])
    """
    group = list(range(len(first.src)))  # per English paragraph, the first of those linked with it through either side

    def root(paragraph: int) -> int:
        while group[paragraph] != paragraph:
            paragraph = group[paragraph]
        return paragraph

    for document in (first, second):
        for english, _ in document.links:
            for paragraph in english[1:]:
                group[root(paragraph)] = root(english[0])
    sides: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    alone: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for side, document in enumerate((first, second)):
        for english, translated in document.links:
            if english:
                sides[root(english[0])][side].update(translated)
            else:
                alone.append((translated, ()) if side == 0 else ((), translated))
    links = [(tuple(sorted(a)), tuple(sorted(b))) for a, b in sides.values() if a or b]
    sentence_links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for a, b in links:
        if a and b:
            in_first = {i for p in a for i in first.tgt_lines[p]}
            in_second = {i for p in b for i in second.tgt_lines[p]}
            sentence_links += [
                ((i,) if i in in_first else (), (i,) if i in in_second else ()) for i in sorted(in_first | in_second)
            ]
    return GoldDocument(first.tgt, second.tgt, links + alone, first.tgt_lines, second.tgt_lines, sentence_links)


def _as_written(articles: list[list[str]], codec: str) -> list[list[str]]:
    if codec == "utf-8":
        return articles
    return [[line.encode(codec, "replace").decode(codec) for line in article] for article in articles]


def _damaged_english(document: GoldDocument) -> bool:
    """Whether bench/alignment.py damaged the English side: it holds the inserted headlines."""
    return any(ids[0] >= HEADING_LINE for ids in document.src_lines)


def render(shape: str, sides: list[tuple[list[str], list[list[int]], str]], notice: str, codec: str) -> bytes:
    """The file's bytes: both sides' paragraphs in order, then the notice, in `shape`."""
    first_line = min(i for _, all_lines, _ in sides for lines in all_lines for i in lines)  # the article's headline
    paragraphs = [
        (text, lines[0] in (first_line, *range(HEADING_LINE, HEADING_LINE + 10)), language)
        for texts, all_lines, language in sides
        for text, lines in zip(texts, all_lines, strict=True)
    ]
    paragraphs.append((notice, False, sides[-1][2]))
    if shape == "html":
        return _page(paragraphs).encode("utf-8")
    if shape == "lines":
        text = "\n".join(text for text, _, _ in paragraphs)
    elif shape == "wrapped":
        text = "\n\n".join("\n".join(wrap(text, language)) for text, _, language in paragraphs)
    elif shape == "indented":
        text = "\n".join(_indented(wrap(text, language), language) for text, _, language in paragraphs)
    else:
        text = "\n\n".join(text for text, _, _ in paragraphs)
    if shape == "legacy":
        return text.replace("\n", "\r\n").encode(codec, "replace")
    return text.encode("utf-8")


def wrap(text: str, language: str) -> list[str]:
    """Hard-wrapped lines: at spaces within LATIN_WIDTH, or for Chinese and Japanese every UNSPACED_WIDTH characters
    where a CJK line breaker may (CLOSING, OPENING, NOT_CJK_RUN), a space at the break dropped.

    >>> wrap("The talks ended without a deal. " * 3, "en")
    ['The talks ended without a deal. The talks ended without a deal. The', 'talks ended without a deal.']
    >>> wrap("雙方未能達成協議。" * 5, "zh-Hant")
    ['雙方未能達成協議。雙方未能達成協議。雙方未能達成協議。雙方未能達成協議。', '雙方未能達成協議。']
    """
    if language not in UNSPACED:
        return textwrap.wrap(text, LATIN_WIDTH, break_long_words=False, break_on_hyphens=False)
    lines, start = [], 0
    while len(text) - start > UNSPACED_WIDTH:
        end = _cjk_break(text, start, start + UNSPACED_WIDTH)
        lines.append(text[start:end].strip())
        start = end
    lines.append(text[start:].strip())
    return [line for line in lines if line]


def _cjk_break(text: str, start: int, end: int) -> int:
    """The break at `end` (before the text's end) or, where a CJK line breaker may not break there, the nearest one it
    may: after the closing marks that follow, else before the run of non-CJK characters or the opening mark it falls
    in (back to `start`: a line of one long run breaks at the width).

    >>> text = "是在2018年4&3获胜的“Brett Kavanaugh”。"
    >>> [text[:_cjk_break(text, 0, end)] for end in (4, 9, 15, 20, 29)]
    ['是在', '是在2018年', '是在2018年4&3获胜的', '是在2018年4&3获胜的“Brett ', '是在2018年4&3获胜的“Brett Kavanaugh”。']
    """
    while end < len(text) and text[end] in CLOSING:
        end += 1  # the closing mark stays on its line
    while start < end < len(text) and not _may_break(text, end):
        end -= 1
    return end if end > start else start + UNSPACED_WIDTH


def _may_break(text: str, index: int) -> bool:
    if text[index - 1] in OPENING or text[index] in CLOSING:
        return False
    return not (NOT_CJK_RUN.match(text[index - 1]) and NOT_CJK_RUN.match(text[index]))


def _indented(lines: list[str], language: str) -> str:
    indent = "\u3000\u3000" if language in UNSPACED else "    "
    return "\n".join([indent + lines[0], *lines[1:]])


def _page(paragraphs: list[tuple[str, bool, str]]) -> str:
    """A news page: the first headline as <title> and <h1>, headings as <h2>, the notice in the footer."""
    *body, (notice, _, _) = paragraphs
    title = body[0][0]
    blocks = [f"<h1>{html.escape(title)}</h1>"]
    for text, heading, _ in body[1:]:
        blocks.append(f"<h2>{html.escape(text)}</h2>" if heading else f"<p>{html.escape(text)}</p>")
    article = "\n".join(blocks)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n'
        f"<title>{html.escape(title)} | Harbour Times</title>\n"
        '<meta property="og:site_name" content="Harbour Times">\n</head><body>\n'
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/world">World</a> <a href="/opinion">Opinion</a></nav>\n'
        f"<article>\n{article}\n</article>\n"
        f"<footer><p>{html.escape(notice)}</p><p>© 2026 Harbour Times. All rights reserved.</p></footer>\n"
        "</body></html>\n"
    )


def ingest(raw: Path, out: Path) -> None:
    """The real command, as a user runs it (the test command's environment)."""
    env = dict(os.environ)
    env.update(
        PREFECT_HOME=str(ROOT / ".prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_SETTINGS_PATH=str(ROOT / "reprints" / "logging.yml"),
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    command = [str(Path(sys.executable).with_name("reprints")), "ingest", "--align", str(raw), str(out)]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


def _read(out: Path, dataset: str, columns: list[str]) -> list[dict]:
    folder = out / dataset
    if not folder.is_dir():
        return []
    table = ds.dataset(folder, format="parquet", partitioning="hive")
    return table.to_table(columns=columns).to_pylist() if table.files else []


def evaluate(out: Path, written: dict[str, Written]) -> Tally:
    """Score the alignments in each pair's OUT (out/zh-Hant, ...) of every written file against its gold (the module's
    docstring)."""
    records, rows, boilerplate = defaultdict(list), defaultdict(list), defaultdict(set)
    for folder in sorted({file.path.split("/")[0] for file in written.values()}):
        for row in _read(out / folder, "records", ["source_path", "language", "paragraphs", "title"]):
            records[f"{folder}/{row['source_path']}"].append(row)
        columns = ["source_path", "level", "src_language", "tgt_language", "src_indices", "tgt_indices"]
        for row in _read(out / folder, "alignments", [*columns, "src_paragraph_indices", "tgt_paragraph_indices"]):
            rows[f"{folder}/{row['source_path']}"].append(row)
        for row in _read(out / folder, "boilerplate", ["paragraph", "language"]):
            boilerplate[folder].add((row["language"], _key(row["paragraph"])))
    pairs = [*PAIRS, *sorted({file.pair for file in written.values()} - set(PAIRS))]
    tally = Tally({pair: {"paragraph": [0] * 4, "sentence": [0] * 4} for pair in pairs})
    for file in written.values():
        LINES.update(file.lines)  # what _line_ids measures lines with
        file_records, file_rows = records[file.path], rows[file.path]
        if "+" in file.path:  # a trilingual file: this pair's records and rows only
            pair = {file.source, file.language}
            file_records = [r for r in file_records if r["language"] in pair]
            file_rows = [r for r in file_rows if {r["src_language"], r["tgt_language"]} == pair]
        # a pair of translations: its paragraphs are counted once, in their pairs with English
        diagnostics = tally if file.source == "en" else Tally()
        document = _kept_gold(file, file_records, boilerplate[file.path.split("/")[0]], diagnostics)
        paragraphs, sentences = _test_links(file, document, file_records, file_rows, diagnostics)
        add_scores(tally.counts[file.pair], document, paragraphs, sentences)
    for path in sorted({file.path for file in written.values() if "+" in file.path}):
        sources = Counter(r["src_language"] for r in rows[path] if r["level"] == "paragraph")
        tally.main[f"{len(records[path])} parts, source side {'+'.join(sorted(sources)) or 'none'}"] += 1
    return tally


def _kept_gold(file: Written, records: list[dict], boilerplate: set, tally: Tally) -> GoldDocument:
    """The gold without the paragraphs the pipeline moved out of the text (repeats, boilerplate, a page's title)."""
    document = file.document
    held = {(r["language"], _key(p)) for r in records for p in r["paragraphs"]}
    titles = {(r["language"], _key(r["title"])) for r in records if r["title"]}
    seen: set[str] = set()
    moved: dict[str, set[int]] = {file.source: set(), file.language: set()}
    for language, texts in ((file.source, document.src), (file.language, document.tgt)):
        for index, text in enumerate(texts):
            key = (language, _key(text))
            if key not in held:
                why = "repeat" if key[1] in seen else "boilerplate" if key in boilerplate else "title" if key in titles else None
                if why:
                    moved[language].add(index)
                if why:
                    tally.failures[f"moved out: {why}"] += 1
            seen.add(key[1])
    if not moved[file.source] and not moved[file.language]:
        return document
    gone_lines = {i for p in moved[file.source] for i in document.src_lines[p]} | {
        i for p in moved[file.language] for i in document.tgt_lines[p]
    }
    links = [
        (tuple(i for i in s if i not in moved[file.source]), tuple(j for j in t if j not in moved[file.language]))
        for s, t in document.links
    ]
    sentence_links = [
        (tuple(i for i in s if i not in gone_lines), tuple(j for j in t if j not in gone_lines))
        for s, t in document.sentence_links
    ]
    return GoldDocument(document.src, document.tgt, links, document.src_lines, document.tgt_lines, sentence_links)


def _test_links(file: Written, document: GoldDocument, records: list[dict], rows: list[dict], tally: Tally):
    """The document's alignment rows as links between gold paragraph indices and line ids, the gold's source side as
    the source;
    what maps to no gold paragraph is ("?", its index), which no gold link holds."""
    languages = {r["language"] for r in records}
    if len(records) < 2:
        tally.lost["one part only" if records else "no records"] += 1
    elif not {file.source, file.language} <= languages:
        tally.lost["wrong language"] += 1
    gold = {file.source: document.src, file.language: document.tgt}
    to_gold = {r["language"]: _gold_indices(r["paragraphs"], gold.get(r["language"], [])) for r in records}
    unmatched = [
        (r["language"], p) for r in records for p, i in zip(r["paragraphs"], to_gold[r["language"]], strict=True) if i is None
    ]
    if unmatched:
        tally.unmatched_documents += 1
    for language, paragraph in unmatched:
        tally.failures[failure_class(paragraph, language, gold)] += 1
    paragraphs, sentences = [], []
    for row in rows:
        src, tgt = ("src", "tgt") if row["src_language"] == file.source else ("tgt", "src")
        src_language, tgt_language = row[f"{src}_language"], row[f"{tgt}_language"]
        if row["level"] == "paragraph":
            paragraphs.append(
                (_mapped(to_gold[src_language], row[f"{src}_indices"]), _mapped(to_gold[tgt_language], row[f"{tgt}_indices"]))
            )
            continue
        sides = []
        for side, language, lines in ((src, src_language, document.src_lines), (tgt, tgt_language, document.tgt_lines)):
            in_gold = _mapped(to_gold[language], row[f"{side}_paragraph_indices"])
            ids = _line_ids(gold[language], lines, in_gold, language) if language in gold and "?" not in in_gold else []
            indices = row[f"{side}_indices"]
            sides.append(tuple(sorted({ids[i] for i in indices})) if all(i < len(ids) for i in indices) else ("?", *indices))
        sentences.append(tuple(sides))
    return paragraphs, sentences


def _gold_indices(paragraphs: list[str], gold: list[str]) -> list[int | None]:
    """Per record paragraph: the gold paragraph with its text (the first not yet taken), or None."""
    free = defaultdict(list)
    for index, text in enumerate(gold):
        free[_key(text)].append(index)
    return [free[key].pop(0) if free.get(key := _key(p)) else None for p in paragraphs]


def failure_class(paragraph: str, language: str, gold: dict[str, list[str]]) -> str:
    """Why a record paragraph matches no gold paragraph of its language.

    >>> gold = {"en": ["A headline", "One.", "Two."], "fr": ["Un titre", "Un texte."]}
    >>> [failure_class(p, l, gold) for p, l in (("Un titre", "en"), ("One. Two.", "en"), ("Two", "en"), ("Un texte!", "fr"))]
    ['mislabelled', 'joined', 'split', 'text changed']
    """
    key = _key(paragraph)
    own = [_key(text) for text in gold.get(language, [])]
    if any(key == _key(text) for side, texts in gold.items() if side != language for text in texts):
        return "mislabelled"
    sides = [[_key(text) for text in texts] for texts in gold.values()]
    if any(
        key in (" ".join(keys[i:j]), "".join(keys[i:j]))
        for keys in sides
        for i in range(len(keys))
        for j in range(i + 2, len(keys) + 1)
    ):
        return "joined"
    if any(key in text for keys in sides for text in keys):
        return "split"
    if any(difflib.SequenceMatcher(None, key, text).ratio() > 0.8 for text in own):
        return "text changed"
    return "other (joined across parts, or with a piece of another)"


def _key(text: str) -> str:
    """What a gold paragraph and a record's are compared by: repeats.paragraph_key, without invisible characters."""
    return paragraph_key(INVISIBLE.sub("", text))


def _mapped(to_gold: list[int | None], indices: list[int]) -> tuple:
    mapped = [to_gold[i] for i in indices]
    return tuple(mapped) if None not in mapped else ("?", *indices)


def report(results: dict[str, Tally], documents: int) -> None:
    files = documents // len(PAIRS) * len(TRILINGUAL)
    trilingual = f", {files} files of three parts in trilingual" if "trilingual" in results else ""
    print(f"strict link F1, paragraphs / sentences ({documents} documents per bilingual shape{trilingual})")
    print(f"{'pair':<11}" + "".join(f"{shape:>14}" for shape in results))
    labels = {language: f"en-{language}" for language in PAIRS}
    labels |= {pair: pair for pair in sorted({pair for tally in results.values() for pair in tally.counts} - set(PAIRS))}
    for pair, label in labels.items():
        cells = []
        for tally in results.values():
            counts = tally.counts.get(pair, {"paragraph": [0] * 4})
            scored = any(counts["paragraph"])
            cells.append(f"{f1(counts['paragraph'])[2]:.3f} / {f1(counts['sentence'])[2]:.3f}" if scored else "-")
        print(f"{label:<11}" + "".join(f"{cell:>14}" for cell in cells))
    for shape, tally in results.items():
        lost = ", ".join(f"{why} {n}" for why, n in sorted(tally.lost.items())) or "none"
        print(f"\n{shape}: documents that lost alignment entirely: {lost}")
        failures = ", ".join(f"{why} {n}" for why, n in sorted(tally.failures.items())) or "none"
        print(f"  {tally.unmatched_documents} documents with a record paragraph that matches no gold paragraph")
        print(f"  such paragraphs by why, and gold paragraphs moved out: {failures}")
        if tally.main:
            print(f"  files of three languages: {', '.join(f'{why} {n}' for why, n in sorted(tally.main.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of {', '.join(SHAPES)}")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write RAW and OUT of each shape under DIR and keep them")
    parser.add_argument("--score", type=Path, metavar="DIR", help="score the OUTs a --keep run left in DIR, without ingesting")
    args = parser.parse_args()
    shapes = args.shapes.split(",")
    if unknown := set(shapes) - set(SHAPES):
        parser.error(f"unknown shapes: {', '.join(sorted(unknown))}")
    if not NTREX.is_dir():
        raise SystemExit(f"bench: {NTREX} is missing (the shared corpus beside the checkout)")
    articles = list(range(1, len(ntrex_articles("en")), 2))
    base = args.score or args.keep or Path(tempfile.mkdtemp(prefix="alignment-raw-"))
    results = {}
    try:
        for shape in shapes:
            raw, out = base / shape / "raw", base / shape / "out"
            if not args.score:
                shutil.rmtree(base / shape, ignore_errors=True)
            written = build(raw, shape, articles)  # (again, the same bytes, with --score: the gold comes with them)
            folders = sorted({file.path.split("/")[0] for file in written.values()})
            for folder in folders if not args.score else ():  # one OUT per pair: the English articles repeat across pairs
                ingest(raw / folder, out / folder)
            results[shape] = evaluate(out, written)
    finally:
        if not (args.keep or args.score):
            shutil.rmtree(base, ignore_errors=True)
    report(results, len(articles) * len(PAIRS))


if __name__ == "__main__":
    main()
