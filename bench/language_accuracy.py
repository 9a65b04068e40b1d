"""Language identification, measured per language on real text (../shared/corpus).

    .venv/bin/python -m bench.language_accuracy [--backend langdetect|langdetect_rs]

Prints, per language: paragraph accuracy, the confusions (expected -> got:
count), paragraphs per second, how many paragraphs langdetect had to look
at and how many lingua judged among close languages; for NTREX articles as documents, for sentences/ each alone (unrestricted
and restricted to the corpus's languages), for mixed documents built from
those lines, the Chinese script checks, and accuracy by confidence bucket.
Timings on a shared machine are noisy: run it twice.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bench import language_corpus as corpus
from tasks.steps import language
from tasks.steps.detectors import BACKENDS, Detector
from tasks.steps.language import Guess, identify_paragraphs
from tasks.steps.scripts import script_counts

BUCKETS = (0.0, 0.5, 0.8, 0.95, 0.99, 1.01)


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    seconds: float = 0.0
    langdetect_paragraphs: int = 0
    langdetect_calls: int = 0
    lingua_calls: int = 0
    confusions: Counter = field(default_factory=Counter)

    def add(self, expected: Iterable[str], guesses: list[Guess]) -> None:
        for want, got in zip(expected, guesses, strict=True):
            self.total += 1
            self.right += want == got.language
            if want != got.language:
                self.confusions[f"{want}->{got.language}"] += 1
            self.langdetect_paragraphs += got.method in ("langdetect", "document")

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def row(self, name: str) -> str:
        confusions = ", ".join(f"{pair}:{n}" for pair, n in self.confusions.most_common(6)) or "-"
        rate = self.total / self.seconds if self.seconds else 0.0
        return (
            f"{name:<34} {self.total:>6} {100 * self.accuracy:>8.2f}% {rate:>9.0f}/s"
            f" {self.langdetect_paragraphs:>6} {self.langdetect_calls:>6} {self.lingua_calls:>6}  {confusions}"
        )


HEADER = (
    f"{'':<34} {'paras':>6} {'accuracy':>9} {'paras/s':>11} {'ld-par':>6} {'ld-cal':>6} {'lingua':>6}"
    "  confusions (expected->got:n)"
)


def run(tally: Tally, detector: Detector, paragraphs: list[str], expected: list[str], languages=None) -> list[Guess]:
    calls, lingua_calls = detector.calls, language.CLOSE_ARBITER.calls
    start = time.perf_counter()
    guesses = identify_paragraphs(paragraphs, languages, detector)
    tally.seconds += time.perf_counter() - start
    tally.langdetect_calls += detector.calls - calls
    tally.lingua_calls += language.CLOSE_ARBITER.calls - lingua_calls
    tally.add(expected, guesses)
    return guesses


def ntrex(detector: Detector, confidences: list[tuple[float, bool]]) -> None:
    print("\n== NTREX-128, each article a document (unrestricted) ==\n" + HEADER)
    for lang in corpus.LANGUAGES:
        tally = Tally()
        for article in corpus.ntrex_articles():
            doc = corpus.monolingual(article, lang)
            guesses = run(tally, detector, doc.paragraphs, doc.expected)
            confidences += [(g.confidence, g.language == lang) for g in guesses]
        print(tally.row(lang))


def sentences_alone(detector: Detector, confidences: list[tuple[float, bool]]) -> None:
    restricted = frozenset(corpus.LANGUAGES)
    print(f"\n== sentences/, each sentence alone; restricted to {','.join(corpus.LANGUAGES)} ==\n" + HEADER)
    for lang, lines in corpus.sentences().items():
        tallies = {"unrestricted": Tally(), "restricted": Tally()}
        for line in lines:
            guess = run(tallies["unrestricted"], detector, [line], [lang])[0]
            confidences.append((guess.confidence, guess.language == lang))
            run(tallies["restricted"], detector, [line], [lang], restricted)
        for name, tally in tallies.items():
            print(tally.row(f"{lang} {name}"))


def mixed(detector: Detector) -> None:
    print("\n== mixed documents built from NTREX lines ==\n" + HEADER)
    tallies: dict[str, Tally] = {}
    right_sets: Counter = Counter()
    documents: Counter = Counter()
    for doc in corpus.mixed_documents(corpus.ntrex_articles()):
        kind = doc.kind if "notice" not in doc.kind else "<lang> + <other> notice"
        guesses = run(tallies.setdefault(kind, Tally()), detector, doc.paragraphs, doc.expected)
        documents[kind] += 1
        right_sets[kind] += {g.language for g in guesses} == doc.languages
    for kind, tally in tallies.items():
        print(tally.row(kind) + f"   right set of records: {right_sets[kind]}/{documents[kind]}")


def chinese_checks(detector: Detector) -> None:
    print("\n== Chinese: script rules ==")
    han_only = wrong = 0
    for lines in [*corpus.sentences().values(), *(a[lang] for a in corpus.ntrex_articles() for lang in corpus.LANGUAGES)]:
        for line in lines:
            counts = script_counts(line)
            if counts.get("han") and not counts.get("kana") and not counts.get("hangul"):
                han_only += 1
                wrong += identify_paragraphs([line], None, detector)[0].language in ("ja", "ko")
    print(f"Han-only lines (each alone) labelled ja or ko: {wrong} of {han_only}")
    sources = [(f"NTREX {lang}", lang, [a[lang] for a in corpus.ntrex_articles()]) for lang in ("zh-Hant", "zh-Hans")]
    sources.append(("sentences zh-Hans", "zh-Hans", [[line] for line in corpus.sentences()["zh-Hans"]]))
    for name, lang, documents in sources:
        specific = Tally()
        neutral = Tally()
        for doc in documents:
            guesses = identify_paragraphs(doc, None, detector)
            for line, guess in zip(doc, guesses, strict=True):
                if any(c in language.TRADITIONAL_ONLY or c in language.SIMPLIFIED_ONLY for c in line):
                    specific.add([lang], identify_paragraphs([line], None, detector))
                else:
                    neutral.add([lang], [guess])
        print(
            f"{name:<18} lines with script-specific characters, each alone: {specific.right}/{specific.total}"
            f" ({100 * specific.accuracy:.2f}%); neutral lines in their document: {neutral.right}/{neutral.total}"
        )


def confidence_buckets(confidences: list[tuple[float, bool]]) -> None:
    print("\n== accuracy by language_confidence (NTREX in context + sentences alone, unrestricted) ==")
    for low, high in itertools.pairwise(BUCKETS):
        inside = [right for confidence, right in confidences if low <= confidence < high]
        if inside:
            shown = f"{low:.2f} <= c < {min(high, 1.0):.2f}" if high <= 1.0 else f"{low:.2f} <= c <= 1.00"
            print(f"{shown:<20} {len(inside):>6} paragraphs  {100 * sum(inside) / len(inside):7.2f}% right")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=BACKENDS, default=None, help="default: the pipeline's")
    args = parser.parse_args(argv)
    if not corpus.available():
        print(f"needs the shared corpus at {corpus.CORPUS}", file=sys.stderr)
        return 2
    detector = Detector(args.backend) if args.backend else language.DETECTOR
    print(
        f"langdetect backend: {detector.backend}; ld-par = paragraphs langdetect decided, ld-cal = langdetect calls,"
        " lingua = paragraphs lingua judged among close languages"
    )
    confidences: list[tuple[float, bool]] = []
    start = time.perf_counter()
    ntrex(detector, confidences)
    sentences_alone(detector, confidences)
    mixed(detector)
    chinese_checks(detector)
    confidence_buckets(confidences)
    print(f"\n{time.perf_counter() - start:.1f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
