import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.steps.boilerplate import collapsed_keys, paragraph_keys
from tasks.steps.repeats import first_occurrences, first_of_keys, fold, folded_key, paragraph_key
from tasks.steps.reprint_clusters import signature
from tests.corpus import ntrex_articles


def test_repeats_point_at_their_first_occurrence() -> None:
    paragraphs = ["A heading", "Body text.", "A  HEADING", "Other text.", "Body text."]
    assert first_occurrences(paragraphs) == [None, None, 0, None, 1]


def test_width_case_and_whitespace_do_not_make_paragraphs_different() -> None:
    assert paragraph_key("ＡＢＣ　Summit  2025") == paragraph_key("abc summit 2025")
    assert paragraph_key("美俄峰會應按五項原則進行") != paragraph_key("美俄峰會應按四項原則進行")


def test_the_sample_has_one_repeated_heading_and_one_repeated_paragraph(sample_path) -> None:
    paragraphs = [line for line in sample_path.read_text(encoding="utf-8").split("\n") if line.strip()]
    repeats = [(i, first) for i, first in enumerate(first_occurrences(paragraphs)) if first is not None]
    assert [paragraphs[i][:12] for i, _ in repeats] == ["美俄峰會應按五項原則進行", "The Summit h"]


# The pipeline keeps paragraph_key of each paragraph (folded, whitespace collapsed) for repeats, minhash and boilerplate.
KEYED_TEXTS = [
    "A heading",
    "Body  text.\u3000Ｆｕｌｌ width",
    "a HEADING ",
    " \t ",
    "",
    "© 2019 Example News. All rights reserved.",
    "本社獲作者授權轉載\u00a0 (2019)",
    "Follow us\ton Twitter for more news.",
]


def test_first_of_keys_is_first_occurrences() -> None:
    keys = [paragraph_key(text) for text in KEYED_TEXTS]
    assert first_of_keys(keys) == first_occurrences(KEYED_TEXTS) == [None, None, 0, None, 3, None, None, None]


def test_keys_give_the_boilerplate_keys_and_signature_of_the_folded_paragraphs() -> None:
    keys = [paragraph_key(text) for text in KEYED_TEXTS]
    folded = [fold(text) for text in KEYED_TEXTS]
    assert collapsed_keys(keys) == paragraph_keys(folded)
    assert sum(key != 0 for key in collapsed_keys(keys)) == 3
    assert signature(KEYED_TEXTS, keys) == signature(KEYED_TEXTS, folded) == signature(KEYED_TEXTS)


def test_keys_on_the_corpus() -> None:
    for language in ("en", "fr", "zh-Hant", "ja", "ru"):
        for article in ntrex_articles(language)[:20]:
            keys = [paragraph_key(line) for line in article]
            folded = [fold(line) for line in article]
            assert first_of_keys(keys) == first_occurrences(list(article))
            assert collapsed_keys(keys) == paragraph_keys(folded)
            assert signature(list(article), keys) == signature(list(article), folded)


def test_whitespace_but_the_space_is_never_printable() -> None:
    """What folded_key's shortcut rests on: a printable text's only whitespace is the plain space."""
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()] == [" "]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(list("ab 中\t\n\u00a0\u3000\u2028\x85\u200b\u200d")), max_size=8).map("".join))
def test_folded_key_collapses_whitespace_as_split_and_join_do(text: str) -> None:
    assert folded_key(text) == " ".join(text.split())
