"""Regenerate tasks/steps/letter_tables.json from ../shared/corpus: letter and letter-pair counts per language.

Derived from the FIRST half of each language's NTREX-128 articles (by article, in file order); tests and
bench/encodings.py measure on the second half, so no figure is measured on text the tables were counted from.
The file holds counts only (characters and pairs that occur at least twice), never text.

    .venv/bin/python -m bench.letter_tables
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from bench.encoding_corpus import SHARED, training_half
from tasks.steps.decode import LEGACY_CODECS
from tasks.steps.letters import TABLES, fold, pair_counts, to_cp1258

MAX_PAIRS = 700  # the commonest pairs carry the model; the rest back off to letter frequencies
MAX_CHARS = 1500
MIN_COUNT = 2
ENCODABLE = 0.97  # a codec serves a language when it can write this share of its non-ASCII letters
# Codecs whose repertoire is all of Unicode: judged by the national standard they extend.
REPERTOIRE = {"gb18030": "gbk"}
CJK_CODECS = frozenset({"gb18030", "big5", "cp950", "big5hkscs", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949", "johab"})
CJK_LANGUAGES = frozenset({"zh-Hans", "zh-Hant", "ja", "ko"})


def languages() -> list[str]:
    return sorted(path.stem for path in SHARED.glob("*.txt") if path.stem != "doc_ids")


def table(language: str) -> tuple[dict, Counter[str]]:
    chars: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for article in training_half(language):
        for line in article:
            folded = fold(line)
            chars.update(folded)
            pairs.update(pair_counts(folded))
    kept_chars = [(c, n) for c, n in chars.most_common(MAX_CHARS) if n >= MIN_COUNT]
    kept_pairs = [(p, n) for p, n in pairs.most_common(MAX_PAIRS) if n >= MIN_COUNT]
    return {
        "chars": "".join(c for c, _ in kept_chars),
        "counts": [n for _, n in kept_chars],
        "pairs": [p for p, _ in kept_pairs],
        "pair_counts": [n for _, n in kept_pairs],
    }, chars


def encodable_share(chars: Counter[str], codec: str) -> float:
    letters = {c: n for c, n in chars.items() if not c.isascii() and c.isalpha()}
    if not letters:
        return 1.0
    ok = 0
    for char, count in letters.items():
        for variant in (char, char.upper()):
            try:
                (to_cp1258(variant) if codec == "cp1258" else variant).encode(REPERTOIRE.get(codec, codec))
            except UnicodeEncodeError:
                break
        else:
            ok += count
    return ok / sum(letters.values())


def main() -> None:
    if not SHARED.exists():
        sys.exit(f"needs {SHARED}")
    codec_languages: dict[str, list[str]] = {codec: [] for codec, _ in LEGACY_CODECS}
    tables = {}
    for language in languages():
        tables[language], chars = table(language)
        for codec in codec_languages:
            if encodable_share(chars, codec) >= ENCODABLE:
                codec_languages[codec].append(language)
    for codec, served in codec_languages.items():  # CJK standards also hold Cyrillic, Greek, accented Latin
        if codec in CJK_CODECS:
            served[:] = [language for language in served if language in CJK_LANGUAGES]
    codec_languages["iso2022_jp_2"], codec_languages["iso2022_kr"], codec_languages["hz"] = ["ja"], ["ko"], ["zh-Hans"]
    TABLES.write_text(json.dumps({"languages": tables, "codecs": codec_languages}, ensure_ascii=False, separators=(",", ":")))
    size = TABLES.stat().st_size
    print(f"{TABLES}: {len(tables)} languages, {size / 1024:.0f} KB ({size / 1024 / len(tables):.1f} KB a language)")
    for codec, served in codec_languages.items():
        print(f"  {codec:<13} {' '.join(served)}")


if __name__ == "__main__":
    main()
