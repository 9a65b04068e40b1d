"""Precision and recall of reprint clustering on real news articles (NTREX-128), edited as reprints are.

Positives: each article of each language against an edited copy of itself:
  lede     a new first paragraph (a sentence of another article)
  footer   the original and the copy end in different boilerplate footers
  words    a few words changed (three words, or for Chinese and Japanese three
           pairs of characters, replaced)
  rewrap   paragraphs re-joined and hard-wrapped at another width, punctuation
           changed (ASCII/fullwidth, dropped commas, curly quotes)
  all      lede + footer + words together
Negatives: every pair of distinct articles of one language, both ending in the
same boilerplate footer.

A pair counts as clustered when the original, alone in a ReprintIndex, is the
best match of the copy: LSH candidates, then verified similarity >= threshold.

    .venv/bin/python bench/near_duplicates.py [--threshold 0.4] [--sweep]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
import textwrap
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.steps.reprint_clusters import THRESHOLD, ReprintIndex, signature, signature_array
from tests.corpus import ntrex_articles

NTREX = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "parallel" / "ntrex128"
CJK = ("zh-Hant", "zh-Hans", "ja")
# Boilerplate written for this benchmark (not corpus text): two per script, as outlets append them.
FOOTERS = {
    "latin": (
        "Follow us on Twitter and Facebook for more news. Subscribe to our daily newsletter.",
        "© 2019 Daily Courier. All rights reserved. This material may not be redistributed.",
    ),
    "ru": ("Подписывайтесь на нашу рассылку и следите за нами в социальных сетях.", "© 2019 Все права защищены."),
    "zh": ("歡迎訂閱本報電子報，並在社交媒體上關注我們。", "版權所有，未經授權不得轉載。"),
    "ja": ("最新ニュースはメールマガジンでお届けします。", "無断転載を禁じます。"),
    "ko": ("뉴스레터를 구독하고 소셜 미디어에서 팔로우하세요.", "무단 전재 및 재배포 금지."),
}
WORD = re.compile(r"\w{3,}")


def articles(language: str) -> list[list[str]]:
    return [list(article) for article in ntrex_articles(language)]


def footers(language: str) -> tuple[str, str]:
    key = {"zh-Hant": "zh", "zh-Hans": "zh", "ja": "ja", "ko": "ko", "ru": "ru"}.get(language, "latin")
    return FOOTERS[key]


def change_words(article: list[str], donor: list[str], language: str, rng: random.Random) -> list[str]:
    edited = list(article)
    donor_text = "".join(donor)
    for index in rng.sample(range(len(article)), min(3, len(article))):
        paragraph = edited[index]
        if language in CJK:
            if len(paragraph) < 4:
                continue
            at = rng.randrange(len(paragraph) - 2)
            edited[index] = paragraph[:at] + donor_text[at % len(donor_text)] * 2 + paragraph[at + 2 :]
        else:
            words = WORD.findall(paragraph)
            replacements = WORD.findall(" ".join(donor))
            if words and replacements:
                edited[index] = paragraph.replace(rng.choice(words), rng.choice(replacements), 1)
    return edited


def rewrap(article: list[str], language: str, rng: random.Random) -> list[str]:
    repunctuated = [_repunctuate(p, language) for p in article]
    blocks = [" ".join(repunctuated[i : i + 3]) for i in range(0, len(repunctuated), 3)]
    width = rng.choice((40, 60, 72))
    if language in CJK:
        return [b[i : i + width // 2] for b in blocks for i in range(0, len(b), width // 2)]
    return [line for b in blocks for line in textwrap.wrap(b, width)]


def _repunctuate(paragraph: str, language: str) -> str:
    if language in CJK:
        return paragraph.translate(str.maketrans("，。：；「」", ',.:;""'))
    return paragraph.replace(", ", " ").replace('"', "“").replace("'", "’").replace(".", " .")


def edited_pairs(language: str, rng: random.Random) -> dict[str, list[tuple[list[str], list[str]]]]:
    texts = articles(language)
    first, second = footers(language)
    pairs: dict[str, list[tuple[list[str], list[str]]]] = defaultdict(list)
    for index, article in enumerate(texts):
        donor = texts[(index + 1 + rng.randrange(len(texts) - 1)) % len(texts)]
        lede = [donor[min(1, len(donor) - 1)]]
        pairs["lede"].append((article, lede + article))
        pairs["footer"].append(([*article, first], [*article, second]))
        pairs["words"].append((article, change_words(article, donor, language, rng)))
        pairs["rewrap"].append((article, rewrap(article, language, rng)))
        pairs["all"].append(([*article, first], lede + change_words(article, donor, language, rng) + [second]))
    return pairs


def clustered(original: bytes | None, copy: bytes | None, threshold: float) -> bool:
    if original is None or copy is None:
        return False
    index = ReprintIndex.build(signature_array(original), np.zeros(1, dtype="S16"), threshold=threshold)
    return index.best_match(copy) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--sweep", action="store_true", help="also print precision and recall for other thresholds")
    args = parser.parse_args()
    if not NTREX.exists():
        sys.exit(f"needs {NTREX} (the team's shared corpus)")
    languages = sorted(p.stem for p in NTREX.glob("*.txt") if p.stem != "doc_ids")
    rng = random.Random(20261)
    started = time.perf_counter()
    positives: list[tuple[str, str, bytes | None, bytes | None]] = []
    negatives: list[tuple[str, bytes | None, bytes | None]] = []
    for language in languages:
        for edit, pairs in edited_pairs(language, rng).items():
            positives += [(language, edit, signature(a), signature(b)) for a, b in pairs]
        footer = footers(language)[0]
        sigs = [signature([*article, footer]) for article in articles(language)]
        negatives += [(language, a, b) for a, b in itertools.combinations(sigs, 2)]
    signing = time.perf_counter() - started
    print(f"{len(positives)} edited pairs, {len(negatives)} distinct pairs, {len(languages)} languages: {', '.join(languages)}")
    print(f"signatures computed in {signing:.1f} s")
    thresholds = sorted({args.threshold, *((0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6) if args.sweep else ())})
    for threshold in thresholds:
        report(threshold, positives, negatives, detailed=threshold == args.threshold)


def report(threshold: float, positives: list, negatives: list, detailed: bool) -> None:
    found = [clustered(a, b, threshold) for _, _, a, b in positives]
    false = [(language, a, b) for language, a, b in negatives if clustered(a, b, threshold)]
    tp, fn, fp = sum(found), len(found) - sum(found), len(false)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn)
    print(f"threshold {threshold:.2f}: precision {precision:.4f}  recall {recall:.4f}  (TP {tp}, FN {fn}, FP {fp})")
    if not detailed:
        return
    by_edit, missed = Counter[str](), Counter[str]()
    for (language, edit, _, _), hit in zip(positives, found, strict=True):
        by_edit[edit] += 1
        missed[edit] += not hit
        missed[language] += not hit
    for edit in by_edit:
        print(f"  recall {edit:7s} {1 - missed[edit] / by_edit[edit]:.4f}")
    misses = {k: v for k, v in missed.items() if v and k not in by_edit}
    print(f"  missed pairs by language: {misses or 'none'}")
    similar = [np.mean(np.frombuffer(a, "<u2") == np.frombuffer(b, "<u2")) for _, a, b in negatives if a and b]
    print(f"  distinct pairs: estimated similarity max {max(similar):.3f}, 99th percentile {np.percentile(similar, 99):.3f}")


if __name__ == "__main__":
    main()
