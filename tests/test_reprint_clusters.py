"""Reprint clustering on real news articles (NTREX-128) edited as reprints are."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Sequence

import numpy as np
import pytest

from tasks.steps import reprint_clusters
from tasks.steps.reprint_clusters import ReprintIndex, normalise, signature_array, similarity
from tests.conftest import REPO
from tests.corpus import ntrex_articles

FOOTER = {
    "en": "Follow us on Twitter and Facebook for more news. Subscribe to our daily newsletter for the best stories.",
    "zh-Hant": "歡迎訂閱本報電子報，並在社交媒體上關注我們，獲取每日最新新聞。",
}
OTHER_FOOTER = {"en": "© 2019 Daily Courier. All rights reserved.", "zh-Hant": "版權所有，未經授權不得轉載。"}


def signature_of(paragraphs: Sequence[str]) -> bytes:
    """reprint_clusters.signature of a test's document, which has letters (the signature is None only without)."""
    found = reprint_clusters.signature(list(paragraphs))
    assert found is not None, paragraphs
    return found


def index_of(documents: Sequence[Sequence[str]]) -> ReprintIndex:
    signatures = signature_array([signature_of(d) for d in documents])
    clusters = np.array([i.to_bytes(16) for i in range(len(documents))], dtype="S16")
    return ReprintIndex.build(signatures, clusters)


def reprinted(article: Sequence[str], lede: str, language: str) -> list[str]:
    """A new lede, another footer, and two words changed, as another outlet would reprint it."""
    body = list(article)
    if language == "en":
        body[1] = body[1].replace(" the ", " this ", 1).replace(" a ", " one ", 1)
    else:
        body[1] = body[1][:4] + "今日" + body[1][6:]
    return [lede, *body, OTHER_FOOTER[language]]


def test_normalise_ignores_case_width_punctuation_and_spacing():
    assert normalise("Ｈｅｌｌｏ,  World!\n") == normalise("hello world") == "helloworld"
    assert normalise("台北，今天「晴」。") == normalise("台北 今天 晴") == "台北今天晴"


def test_signature_is_the_same_in_another_process():
    """Fixed hashes: a signature stored by one run must match one computed by the next."""
    paragraphs = ["Leaders met in Alaska.", "會談在安克拉治舉行。"]
    code = "import sys; from tasks.steps.reprint_clusters import signature; sys.stdout.write(signature(sys.argv[1:]).hex())"
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code, *paragraphs], cwd=REPO, env=environment, capture_output=True, text=True, check=True
    )
    assert other.stdout == signature_of(paragraphs).hex()


def test_rewrapped_and_repunctuated_text_has_the_same_signature():
    article = ntrex_articles("en")[3]
    rewrapped = " ".join(article).replace(", ", " ; ").replace('"', "“")
    lines = [rewrapped[i : i + 70] for i in range(0, len(rewrapped), 70)]
    assert signature_of(lines) == signature_of(article)


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_an_edited_reprint_is_matched_to_its_original(language):
    articles = ntrex_articles(language)[:40]
    index = index_of(articles)
    for row in (0, 7, 21):
        copy = reprinted(articles[row], articles[row + 1][1], language)
        assert index.best_match(signature_of(copy)) == row


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_different_articles_with_a_shared_footer_are_not_reprints(language):
    articles = [[*a, FOOTER[language]] for a in ntrex_articles(language)]
    index = index_of(articles[:60])
    assert [index.best_match(signature_of(a)) for a in articles[60:]] == [None] * len(articles[60:])
    assert max(similarity(signature_of(articles[0]), signature_of(a)) for a in articles[1:60]) < 0.4


def shingle_set(text: str) -> set[str]:
    normal = normalise(text)
    return {normal[i : i + 5] for i in range(max(1, len(normal) - 4))}


def test_short_texts_leave_bins_empty_and_densified_signatures_still_estimate_the_similarity():
    """200 characters give ~110 shingles for 126 bins, so ~50 bins are filled from others: the estimate must stay
    unbiased against the exact Jaccard similarity of the shingle sets (cut, shifted and unrelated texts)."""
    articles = ntrex_articles("en")
    errors = []
    for article, other in itertools.pairwise(articles[:101]):
        text = article[1][:200]
        for variant in (text[: len(text) * 3 // 4], text[len(text) // 4 :], other[1][:200]):
            exact = len(shingle_set(text) & shingle_set(variant)) / len(shingle_set(text) | shingle_set(variant))
            errors.append(similarity(signature_of([text]), signature_of([variant])) - exact)
    assert abs(np.mean(errors)) < 0.02 and np.mean(np.abs(errors)) < 0.05


def test_clusters_are_named_after_their_first_document():
    articles = ntrex_articles("en")
    index = ReprintIndex()
    first = index.assign("a" * 32, signature_of(articles[5]))
    second = index.assign("b" * 32, signature_of(reprinted(articles[5], articles[9][1], "en")))
    third = index.assign("c" * 32, signature_of(articles[9]))
    fourth = index.assign("d" * 32, signature_of(reprinted(articles[5], articles[11][2], "en")))
    assert (first, second, third, fourth) == ("a" * 32, "a" * 32, "c" * 32, "a" * 32)
    assert len(index) == 4


def test_text_without_letters_stays_in_its_own_cluster():
    index = ReprintIndex()
    assert reprint_clusters.signature(["——", "……!!"]) is None
    assert index.assign("e" * 32, None) == "e" * 32
    assert index.assign("f" * 32, None) == "f" * 32
