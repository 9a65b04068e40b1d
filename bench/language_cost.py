"""The language step's CPU time on documents that alternate two languages, and where it goes.

    .venv/bin/python -m bench.language_cost [--articles 30] [--rounds 5]

Inputs: bench/language_corpus.py's interleaved kinds built from the first
`--articles` NTREX articles (../shared/corpus): the eight same-script ones
(en/fr, en/de, en/es, fr/de in both orders) and zh-Hant/en. Prints lingua's
model load per language (once per process, timed on its first call), then per
kind the best of `--rounds` rounds of `identify_documents` one document at a
time, in CPU time (time.process_time: the machine is shared), and that round's
split: lingua's calls, the n-gram arbiter (log_likelihoods) and the names
(_names, _capitalised, _without). Run it on two versions of the code, one
after the other, to compare them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from bench import language_corpus as corpus
from tasks.steps import detectors, language

SPLIT = ("lingua", "arbiter", "names")
LINES = {
    "fr": "Le conseil se réunira lundi pour discuter du nouveau budget.",
    "de": "Der Rat wird am Montag über den neuen Haushalt beraten.",
    "es": "El consejo se reunirá el lunes para discutir el nuevo presupuesto.",
}


class Clock:
    """CPU seconds spent in some functions of tasks.steps.language, by the part of the work they do."""

    def __init__(self) -> None:
        self.spent = dict.fromkeys(SPLIT, 0.0)

    def wrap(self, part: str, function: Callable) -> Callable:
        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[part] += time.process_time() - start

        return timed


def load_times() -> dict[str, float]:
    """CPU seconds of lingua's first call with each language (its models load then, about 35 MB a language, once a
    process): English and French together, then German and Spanish each with English (a detector of one language
    answers without its models)."""
    times = {}
    for lang, line in LINES.items():  # long enough for every n-gram length of lingua's models
        start = time.process_time()
        detectors._lingua(frozenset({"en", lang})).compute_language_confidence_values(line)
        times["en+fr" if lang == "fr" else lang] = time.process_time() - start
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if not corpus.available():
        print(f"needs the shared corpus at {corpus.CORPUS}", file=sys.stderr)
        return 2
    loads = load_times()
    print("lingua model load, first call per language (CPU s): " + ", ".join(f"{k} {v:.3f}" for k, v in loads.items()))
    clock = Clock()
    language.CLOSE_ARBITER.confidences = clock.wrap("lingua", language.CLOSE_ARBITER.confidences)  # type: ignore[method-assign]  # timed
    language.log_likelihoods = clock.wrap("arbiter", language.log_likelihoods)
    for name in ("_names", "_capitalised", "_without"):
        setattr(language, name, clock.wrap("names", getattr(language, name)))
    articles = corpus.ntrex_articles()[: args.articles]
    kinds: dict[str, list[list[str]]] = {}
    for doc in corpus.mixed_documents(articles):
        if "interleaved" in doc.kind and "zh-Hans" not in doc.kind:
            kinds.setdefault(doc.kind, []).append(doc.paragraphs)
    print(f"{'kind':<24} {'docs':>5} {'paras':>6} {'CPU s':>7} {'ms/para':>8} {'lingua':>7}  split (s): " + ", ".join(SPLIT))
    for kind, documents in kinds.items():
        language.identify_documents(documents[:1])  # any model this kind needs is loaded before the rounds
        best: tuple[float, dict[str, float], int] | None = None
        for _ in range(args.rounds):
            clock.spent = dict.fromkeys(SPLIT, 0.0)
            calls = language.CLOSE_ARBITER.calls
            start = time.process_time()
            for paragraphs in documents:
                language.identify_documents([paragraphs])
            seconds = time.process_time() - start
            if best is None or seconds < best[0]:
                best = (seconds, dict(clock.spent), language.CLOSE_ARBITER.calls - calls)
        assert best is not None, "--rounds must be at least 1"
        seconds, spent, calls = best
        count = sum(map(len, documents))
        split = ", ".join(f"{spent[part]:.3f}" for part in SPLIT)
        per_paragraph = 1000 * seconds / count
        print(f"{kind:<24} {len(documents):>5} {count:>6} {seconds:>7.3f} {per_paragraph:>8.3f} {calls:>7}  {split}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
