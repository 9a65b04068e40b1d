"""langdetect-rs is used only because it gives langdetect's results bit for bit: checked on every corpus line.

Also: detection is deterministic across processes, threads and call order,
and the n-gram model reads langdetect's profiles the way langdetect does.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from bench import language_corpus as corpus
from tasks.steps import detectors
from tasks.steps.language import ALPHABETIC, BCP47_TO_LANGDETECT, identify_paragraphs
from tests.conftest import shared_path

CORPUS_LANGUAGES = tuple(sorted(BCP47_TO_LANGDETECT.get(lang, lang) for lang in corpus.LANGUAGES))
PRIORS = {"alphabetic": dict.fromkeys(ALPHABETIC, 1.0), "corpus languages": dict.fromkeys(CORPUS_LANGUAGES, 1.0)}


def corpus_lines() -> list[str]:
    shared_path("corpus")
    lines = [line for lines in corpus.sentences().values() for line in lines]
    lines += [line for article in corpus.ntrex_articles() for lang in corpus.LANGUAGES for line in article[lang]]
    return lines


def _probabilities(backend: str, lines: list[str], prior: str) -> list[dict[str, float]]:
    detector = detectors.Detector(backend)
    prior_map = detector.prior_map(PRIORS[prior])
    return [detector.probabilities(line, prior_map) for line in lines]


def _in_two_processes(backend: str, lines: list[str], prior: str) -> list[dict[str, float]]:
    half = len(lines) // 2
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("forkserver")) as pool:
        parts = pool.map(_probabilities, [backend] * 2, [lines[:half], lines[half:]], [prior] * 2)
        return [result for part in parts for result in part]


@pytest.mark.parametrize("prior", sorted(PRIORS))
def test_langdetect_rs_equals_langdetect_on_every_corpus_line(prior: str) -> None:
    pytest.importorskip("langdetect_rs")
    lines = corpus_lines()
    reference = _in_two_processes("langdetect", lines, prior)
    fast = _probabilities("langdetect_rs", lines, prior)
    different = [(line, a, b) for line, a, b in zip(lines, reference, fast, strict=True) if a != b]
    assert not different, f"{len(different)} of {len(lines)} lines differ, first: {different[0]}"
    assert sum(bool(r) for r in reference) > 0.99 * len(lines)  # the comparison compared real results


def test_every_backend_gives_the_same_labels_through_the_whole_identification() -> None:
    pytest.importorskip("langdetect_rs")
    shared_path("corpus")
    documents = [article[lang] for article in corpus.ntrex_articles()[:40] for lang in ("en", "es", "pt", "ru", "fr")]
    results = {
        backend: [identify_paragraphs(doc, None, detectors.Detector(backend)) for doc in documents]
        for backend in detectors.BACKENDS
    }
    assert results["langdetect"] == results["langdetect_rs"]


def _identify_all(documents: list[list[str]]) -> list[list[tuple[str, float]]]:
    return [[(g.language, g.confidence) for g in identify_paragraphs(doc)] for doc in documents]


def test_same_output_in_any_process_thread_or_order() -> None:
    shared_path("corpus")
    documents = [article[lang] for article in corpus.ntrex_articles()[:12] for lang in ("es", "pt", "en", "zh-Hant")]
    documents += [[line] for line in corpus.sentences()["pt"][:200]]
    here = _identify_all(documents)
    reversed_order = _identify_all(documents[::-1])[::-1]
    with ThreadPoolExecutor(4) as threads:
        threaded = [result for part in threads.map(_identify_all, [[doc] for doc in documents]) for result in part]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        odd, even = pool.map(_identify_all, [documents[1::2], documents[::2]])
    assert reversed_order == here
    assert threaded == here
    assert (odd, even) == (here[1::2], here[::2])


def test_ngrams_are_the_ones_langdetect_extracts() -> None:
    from langdetect import detector_factory

    detector_factory.init_factory()
    lines = corpus_lines()[::50]
    for line in lines:
        reference = detector_factory._factory.create()
        reference.append(line)
        reference.cleaning_text()
        known = [g for g in detectors.ngrams(reference.text) if g in detector_factory._factory.word_lang_prob_map]
        assert known == reference._extract_ngrams()


def test_profiles_give_langdetects_probabilities() -> None:
    from langdetect import detector_factory

    detector_factory.init_factory()
    factory = detector_factory._factory
    index = factory.langlist.index("pt")
    profile = detectors._profile("pt")
    for gram in ("ção", "ão", "a", "nh", "lh"):
        assert profile[gram] == factory.word_lang_prob_map[gram][index]


def test_foreign_letters_counts_what_each_letter_judged_alone_counts() -> None:
    """foreign_letters remembers the characters it judged per language and script; cold or warm, its count is the
    sum over the text's letters of _foreign, each judged on its own."""
    texts = [
        "Қазақстан Республикасы мен Ресей Федерациясы",  # Kazakh қ, ә-free: foreign to Russian
        "Российская Федерация и Республика Беларусь",
        "Ђорђе Балашевић и ћирилица",  # Serbian ђ, ћ: foreign to Macedonian and Russian
        "Tiếng Việt có dấu, São Paulo, Zürich, Łódź",
        "plain ASCII text",
    ]
    for lang, script in [("ru", "cyrillic"), ("mk", "cyrillic"), ("pt", "latin"), ("de", "latin"), ("xx", "latin")]:
        for _ in range(2):  # first with new characters, then with all of them judged
            for text in texts:
                lowered = text.lower()
                expected = (
                    0
                    if text.isascii() or not detectors.alphabet(lang)
                    else sum(1 for char in lowered if detectors._foreign(char, lang, script))
                )
                assert detectors.foreign_letters(text, lang, script) == expected, (text, lang)
    assert detectors.foreign_letters("Қазақстан", "ru", "cyrillic") == 2
