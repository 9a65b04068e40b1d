"""Language per paragraph, pinned on real text: ../shared/corpus and the sample, read at test time.

The documents are built from corpus lines (bench/language_corpus.py); the few
invented strings are lines without letters (dates, numbers, links), which
carry no language by design, and edge cases no corpus has.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from bench import language_corpus as corpus
from tasks.steps import language
from tasks.steps.language import (
    CJK_LANGUAGES,
    SIMPLIFIED_ONLY,
    TRADITIONAL_ONLY,
    UNDETERMINED,
    check_languages,
    identify_documents,
    identify_paragraphs,
)
from tasks.steps.scripts import char_script, script_counts
from tests.conftest import shared_path

NTREX_TARGET = 0.995
SENTENCE_TARGET = 0.99


def languages_of(paragraphs: list[str], languages=None) -> list[str]:
    return [guess.language for guess in identify_paragraphs(paragraphs, languages)]


@pytest.fixture(scope="module")
def articles() -> tuple[dict[str, list[str]], ...]:
    shared_path("corpus", "parallel", "ntrex128")
    return corpus.ntrex_articles()


@pytest.fixture(scope="module")
def sentences() -> dict[str, list[str]]:
    shared_path("corpus", "sentences")
    return corpus.sentences()


def han_only(line: str) -> bool:
    counts = script_counts(line)
    return bool(counts.get("han")) and not counts.get("kana") and not counts.get("hangul")


def _specific(line: str) -> bool:
    """Has a character that exists in only one of Traditional and Simplified Chinese."""
    return any(c in TRADITIONAL_ONLY or c in SIMPLIFIED_ONLY for c in line)


# --- the accuracy targets, on the whole corpus ---------------------------------------------------------


@pytest.mark.parametrize("lang", corpus.LANGUAGES)
def test_ntrex_articles_as_documents_reach_the_target(articles, lang: str) -> None:
    right = total = 0
    for article in articles:
        found = languages_of(article[lang])
        right += sum(got == lang for got in found)
        total += len(found)
    assert right / total >= NTREX_TARGET, f"{lang}: {right}/{total}"


def test_sentences_alone_restricted_to_the_corpus_languages_reach_the_target(sentences) -> None:
    expected = frozenset(corpus.LANGUAGES)
    for lang, lines in sentences.items():
        right = sum(languages_of([line], expected) == [lang] for line in lines)
        assert right / len(lines) >= SENTENCE_TARGET, f"{lang}: {right}/{len(lines)}"


def test_portuguese_sentences_langdetect_takes_for_spanish_are_portuguese(sentences) -> None:
    """Without any letter Spanish lacks ("Escrevo letras de músicas para bandas."), langdetect's profiles say
    Spanish; lingua, asked between the close languages only, says Portuguese."""
    expected = frozenset(corpus.LANGUAGES)
    prior = language._setting(expected, language.DETECTOR).prior_map
    spanish_to_langdetect = [
        line
        for line in sentences["pt"]
        if (probabilities := language.DETECTOR.probabilities(line, prior)) and language._top(probabilities) == "es"
    ]
    assert len(spanish_to_langdetect) >= 10
    right = sum(languages_of([line], expected) == ["pt"] for line in spanish_to_langdetect)
    assert right >= 0.8 * len(spanish_to_langdetect), f"{right}/{len(spanish_to_langdetect)}"  # 11 of 13 measured


def test_spanish_lines_alone_stay_spanish_with_the_close_language_arbiter(articles, monkeypatch) -> None:
    """lingua decides among Spanish, Portuguese, French... only where langdetect is unsure: it must not cost
    Spanish lines what it gains for Portuguese ones (NTREX es, each line alone, restricted)."""
    expected = frozenset(corpus.LANGUAGES)
    lines = [line for article in articles for line in article["es"]]
    with_arbiter = sum(languages_of([line], expected) == ["es"] for line in lines)
    monkeypatch.setattr(language, "CLOSE_LANGUAGES", ())
    without_arbiter = sum(languages_of([line], expected) == ["es"] for line in lines)
    assert with_arbiter >= without_arbiter
    assert with_arbiter >= 0.985 * len(lines), f"{with_arbiter}/{len(lines)}"


def test_restriction_removes_the_neighbouring_languages(sentences) -> None:
    unrestricted = Counter(languages_of([line])[0] for line in sentences["ru"])
    restricted = Counter(languages_of([line], {"ru", "en"})[0] for line in sentences["ru"])
    assert unrestricted["bg"] + unrestricted["mk"] + unrestricted["uk"] > 10  # the problem is real
    assert set(restricted) == {"ru"}


# --- Chinese, Japanese, Korean by script ---------------------------------------------------------------


def test_han_only_text_is_chinese_never_japanese_or_korean(articles, sentences) -> None:
    lines = [line for lines in sentences.values() for line in lines if han_only(line)]
    lines += [line for article in articles for lang in corpus.LANGUAGES for line in article[lang] if han_only(line)]
    assert len(lines) > 4000
    assert {got for line in lines for got in languages_of([line])} <= {"zh-Hant", "zh-Hans"}


def test_a_kanji_only_headline_in_a_japanese_article_is_still_chinese(articles) -> None:
    """The contract's rule, decided in docs/language.md: Han-only text is Chinese even among Japanese."""
    article = articles[0]["ja"]
    headline = "".join(c for c in article[0] if script_counts(c).get("han"))
    assert han_only(headline)
    found = languages_of([headline, *article[1:]])
    assert found[0] in ("zh-Hant", "zh-Hans")
    assert set(found[1:]) == {"ja"}


def test_japanese_and_korean_articles_are_settled_by_script_alone(articles) -> None:
    for lang in ("ja", "ko"):
        found = Counter(got for article in articles for got in languages_of(article[lang]))
        assert found[lang] >= sum(found.values()) - 1  # the one other: a French sentence quoted alone in Korean


def test_traditional_and_simplified_from_script_specific_characters(articles, sentences) -> None:
    for lang, lines in (
        ("zh-Hant", [line for a in articles for line in a["zh-Hant"]]),
        ("zh-Hans", [line for a in articles for line in a["zh-Hans"]] + sentences["zh-Hans"]),
    ):
        specific = [line for line in lines if _specific(line)]
        right = sum(languages_of([line]) == [lang] for line in specific)
        assert right / len(specific) >= 0.995


def test_script_specific_characters_are_counted_as_the_sets_say(articles, sentences) -> None:
    lines = [line for article in articles for line in article["zh-Hant"] + article["zh-Hans"]] + sentences["zh-Hans"]
    for line in lines:
        assert len(language.TRADITIONAL_ONLY_CHARACTER.findall(line)) == sum(c in TRADITIONAL_ONLY for c in line)
        assert len(language.SIMPLIFIED_ONLY_CHARACTER.findall(line)) == sum(c in SIMPLIFIED_ONLY for c in line)
    everything = "".join(sorted(TRADITIONAL_ONLY | SIMPLIFIED_ONLY))
    assert len(language.TRADITIONAL_ONLY_CHARACTER.findall(everything)) == len(TRADITIONAL_ONLY)
    assert len(language.SIMPLIFIED_ONLY_CHARACTER.findall(everything)) == len(SIMPLIFIED_ONLY)


def test_plain_words_are_counted_as_word_by_word(articles, sentences) -> None:
    """The regex that finds the first letters of non-CJK words counts what looking at every word counts."""

    def word_by_word(text: str) -> int:
        words = language.WORD.findall(text)
        return sum(1 for word in words if not word[0].isupper() and char_script(word[0]) not in ("han", "kana", "hangul"))

    lines = [line for article in articles for lines in article.values() for line in lines]
    lines += [line for lines in sentences.values() for line in lines]
    lines += ["BBC Scotland 的 Alasdair Lamont 在 Tony Macaroni 球场", "x²y ²x _a 1b Ǆemal ǅemal ǆemal ꙁ 𝐀bc ｱいう Émile é"]
    assert [language._plain_words(line) for line in lines] == [word_by_word(line) for line in lines]


def test_a_line_common_to_both_scripts_follows_its_document(articles) -> None:
    neutral = next(line for article in articles for line in article["zh-Hant"] if han_only(line) and not _specific(line))
    for lang in ("zh-Hant", "zh-Hans"):
        document = articles[5][lang]
        found = languages_of([*document[:3], neutral, *document[3:]])
        assert found[3] == lang


# --- documents of several languages --------------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed(articles) -> dict[str, list[tuple[corpus.Document, list[str]]]]:
    by_kind: dict[str, list[tuple[corpus.Document, list[str]]]] = {}
    for doc in corpus.mixed_documents(articles[:30]):
        by_kind.setdefault(doc.kind, []).append((doc, languages_of(doc.paragraphs)))
    return by_kind


def test_every_shape_of_mixed_document_is_right_per_paragraph(mixed) -> None:
    assert len(mixed) >= 15
    for kind, results in mixed.items():
        right = sum(got == want for doc, found in results for got, want in zip(found, doc.expected, strict=True))
        total = sum(len(doc.expected) for doc, _ in results)
        assert right / total >= 0.99, f"{kind}: {right}/{total}"
        right_sets = sum(set(found) == doc.languages for doc, found in results)
        assert right_sets >= len(results) - 1, f"{kind}: right records for {right_sets} of {len(results)} documents"


@pytest.mark.parametrize("kind", ["zh-Hant+en", "en+zh-Hant", "zh-Hant/en interleaved", "zh-Hans/en interleaved"])
def test_bilingual_documents_in_both_orders_and_interleaved(mixed, kind: str) -> None:
    for doc, found in mixed[kind]:
        wrong = [(p, want, got) for p, want, got in zip(doc.paragraphs, doc.expected, found, strict=True) if want != got]
        assert len(wrong) <= 1, wrong


SAME_SCRIPT_INTERLEAVED = [f"{a}/{b} interleaved" for pair in corpus.SAME_SCRIPT_PAIRS for a, b in (pair, pair[::-1])]


@pytest.mark.parametrize("kind", SAME_SCRIPT_INTERLEAVED)
def test_documents_that_alternate_two_languages_of_one_script_keep_each_paragraph_in_its_language(mixed, kind) -> None:
    """English and German (French, Spanish) lines alternated: a short line sits between two long paragraphs of
    the other language, and lines full of English names look English to langdetect. Lines written the same in
    both languages ("Elite League: Dundee Stars 5-3 Belfast Giants") are right in one of them at most."""
    results = mixed[kind]
    assert len(results) == 30
    wrong = [
        (paragraph, want, got)
        for doc, found in results
        for paragraph, want, got in zip(doc.paragraphs, doc.expected, found, strict=True)
        if want != got
    ]
    identical = sum(
        a.strip() == b.strip() for doc, _ in results for a, b in zip(doc.paragraphs[::2], doc.paragraphs[1::2], strict=True)
    )
    assert len(wrong) <= identical + 2, wrong
    assert all(set(found) == doc.languages for doc, found in results)


def test_a_chinese_paragraph_quoting_an_english_sentence_stays_chinese(articles) -> None:
    article = articles[7]
    quoting = f"{article['zh-Hant'][3]}「{article['en'][3]}」"
    found = languages_of([*article["zh-Hant"][:3], quoting, *article["zh-Hant"][4:]])
    assert found[3] == "zh-Hant"
    # and an English paragraph that quotes a Chinese name stays English
    name = "".join(c for c in article["zh-Hant"][1] if script_counts(c).get("han"))[:3]
    assert languages_of([*article["en"][:3], f"{article['en'][3]} ({name})", *article["en"][4:]])[3] == "en"


def test_a_french_article_with_an_english_notice_keeps_both(articles) -> None:
    for index in range(0, 30, 3):
        french = articles[index]["fr"]
        notice = sorted(articles[index + 1]["en"][1:], key=len)[len(articles[index + 1]["en"]) // 2]
        found = languages_of([*french, notice])
        assert found[-1] == "en", notice
        assert set(found[:-1]) == {"fr"}


def test_spanish_and_portuguese_lines_follow_their_document(articles) -> None:
    """langdetect alone calls some of these lines Catalan, Spanish or Portuguese; the document decides."""
    for lang in ("es", "pt"):
        alone = sum(languages_of([line]) != [lang] for article in articles for line in article[lang])
        in_context = sum(got != lang for article in articles for got in languages_of(article[lang]))
        assert alone > 15
        assert in_context <= 2


# --- short lines, bylines, dates, numbers, links -------------------------------------------------------


def test_short_english_lines_take_their_english_neighbours_in_a_chinese_english_document(articles) -> None:
    short = [(i, line) for i, article in enumerate(articles) for line in article["en"][1:] if len(line) < 20]
    assert len(short) >= 10
    for index, line in short:
        article = articles[index]
        position = article["en"].index(line)
        paragraphs = [p for pair in zip(article["zh-Hant"], article["en"], strict=True) for p in pair]
        found = languages_of(paragraphs)
        assert found[2 * position + 1] == "en", line


def test_a_short_line_between_two_paragraphs_of_the_other_language_keeps_its_own_in_an_alternating_document() -> None:
    """Its nearest long paragraphs of its script are both French: in a document that alternates English and French
    paragraph by paragraph (a two-column page extracted to text), its own words decide between the two."""
    paragraphs = [
        "The council will meet on Monday to discuss the new budget for the schools of the region.",
        "Le conseil se réunira lundi pour discuter du nouveau budget des écoles de la région.",
        "She was not there.",
        "Elle n'était pas là, a-t-elle précisé devant les journalistes réunis à la mairie.",
        "The mayor said that the plan would be presented to the public early next month.",
        "Le maire a déclaré que le plan serait présenté au public au début du mois prochain.",
        "Nobody knew why the meeting had been moved to the old town hall at short notice.",
        "Personne ne savait pourquoi la réunion avait été déplacée à l'ancienne mairie.",
    ]
    found = languages_of(paragraphs)
    assert found == ["en", "fr"] * 4
    # the same line among English paragraphs only, or in a document in two halves, follows its neighbours as before
    assert languages_of([paragraphs[0], paragraphs[2], paragraphs[4]]) == ["en"] * 3
    halves = [paragraphs[1], paragraphs[3], paragraphs[5], paragraphs[7], paragraphs[0], paragraphs[4], paragraphs[6]]
    assert languages_of(halves) == ["fr"] * 4 + ["en"] * 3


def test_in_an_alternating_document_only_the_paragraphs_that_break_the_pattern_or_are_unsure_are_weighed() -> None:
    """English and German alternating: each paragraph langdetect is sure of, in the other language than both its
    neighbours, keeps langdetect's answer without lingua; the German one full of English names (langdetect: half
    English) is weighed, and still German."""
    paragraphs = [
        "The council will meet on Monday to discuss the new budget for the schools of the region.",
        "Der Rat wird am Montag zusammenkommen, um den neuen Haushalt für die Schulen der Region zu beraten.",
        "The mayor said that the plan would be presented to the public early next month.",
        "Der Bürgermeister sagte, dass der Plan Anfang nächsten Monats der Öffentlichkeit vorgestellt werde.",
        "Prime Minister Theresa May arrives at the Conservative Party conference in Birmingham.",
        "Premierministerin Theresa May trifft zum Parteitag der Conservative Party in Birmingham ein.",
        "Nobody knew why the meeting had been moved to the old town hall at such short notice.",
        "Niemand wusste, warum die Sitzung so kurzfristig in das alte Rathaus verlegt worden war.",
    ]
    calls = language.CLOSE_ARBITER.calls
    found = identify_paragraphs(paragraphs)
    assert [guess.language for guess in found] == ["en", "de"] * 4
    assert [guess.method for guess in found].count("document") == 1 == language.CLOSE_ARBITER.calls - calls
    assert found[5].method == "document"
    # the same paragraphs with the German one out of turn (two German in a row): those around it are weighed too
    calls = language.CLOSE_ARBITER.calls
    swapped = [*paragraphs[:4], paragraphs[5], paragraphs[4], *paragraphs[6:]]
    assert languages_of(swapped) == ["en", "de", "en", "de", "de", "en", "en", "de"]
    assert language.CLOSE_ARBITER.calls - calls > 1


def test_a_latin_byline_in_a_chinese_article_takes_the_language_around_it(articles) -> None:
    article = articles[3]["zh-Hant"]
    byline = next(line for a in articles for line in a["en"] if sum(script_counts(line).values()) < 20)
    found = languages_of([article[0], byline, *article[1:]])
    assert found[1] == "zh-Hant"


def test_lines_without_letters_take_their_neighbours(articles) -> None:
    zh, en = articles[9]["zh-Hans"], articles[9]["en"]
    paragraphs = [zh[0], "2019-09-30", *zh[1:], "https://www.bbc.com/news/49914829", en[0], "30.09.2019", *en[1:], "— 2 —"]
    found = languages_of(paragraphs)
    assert found[1] == "zh-Hans"  # under the Chinese headline
    assert found[len(zh) + 1] == "zh-Hans"  # a link closes the Chinese part
    assert found[len(zh) + 3] == "en"  # under the English headline
    assert found[-1] == "en"


def test_und_only_for_a_document_with_no_language_evidence(articles) -> None:
    assert languages_of(["2019-09-30", "12 345", "https://example.org/a/b", "— 1 —"]) == [UNDETERMINED] * 4
    line = articles[0]["en"][1]
    assert languages_of(["2019-09-30", line, "12 345"]) == ["en"] * 3
    assert UNDETERMINED not in languages_of(["It is very bad."])  # short, but evidence all the same
    assert languages_of([]) == []


def test_the_real_sample_is_traditional_chinese_then_english(sample_path: Path) -> None:
    paragraphs = [line.strip() for line in sample_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = languages_of(paragraphs)
    for paragraph, got in zip(paragraphs, found, strict=True):
        expected = "zh-Hant" if script_counts(paragraph).get("han") else "en"
        assert got == expected, paragraph


# --- confidence ----------------------------------------------------------------------------------------


def test_low_confidence_picks_out_the_ambiguous_paragraphs(articles, sentences) -> None:
    results = [
        (guess.confidence, guess.language == lang)
        for lang in corpus.ALPHABETIC
        for article in articles
        for guess in identify_paragraphs(article[lang])
    ]
    for lang, lines in sentences.items():
        results += [(g.confidence, g.language == lang) for line in lines for g in identify_paragraphs([line])]
    low = [right for confidence, right in results if confidence < 0.8]
    high = [right for confidence, right in results if confidence >= 0.95]
    assert sum(low) / len(low) < 0.95 < sum(high) / len(high)
    wrong = [confidence for confidence, right in results if not right]
    assert sorted(wrong)[len(wrong) // 2] < 0.9 <= sorted(c for c, _ in results)[len(results) // 10]


def test_confidence_is_a_probability_and_cjk_by_script_is_near_certain(articles) -> None:
    for lang in ("ja", "ko", "zh-Hant"):
        guesses = [g for article in articles[:20] for g in identify_paragraphs(article[lang])]
        assert all(0.0 <= g.confidence <= 1.0 for g in guesses)
        assert sorted(g.confidence for g in guesses)[len(guesses) // 2] > 0.9


# --- the languages option ------------------------------------------------------------------------------


def test_check_languages_normalises_case_and_rejects_unknown_tags() -> None:
    assert check_languages(["EN", "zh-hant", "Zh-Hans", "pt"]) == {"en", "zh-Hant", "zh-Hans", "pt"}
    with pytest.raises(ValueError, match="zh-TW"):
        check_languages(["en", "zh-TW"])
    with pytest.raises(ValueError, match="xx"):
        identify_paragraphs(["Hello world, this is a sentence."], ["xx"])


def test_expecting_only_cjk_languages_does_not_turn_english_into_chinese(articles) -> None:
    found = languages_of(articles[2]["en"], {"zh-Hant", "ja"})
    assert Counter(found).most_common(1)[0][0] == "en"
    assert not set(found) & set(CJK_LANGUAGES)


def test_one_expected_chinese_variant_settles_lines_common_to_both(articles) -> None:
    line = next(line for article in articles for line in article["zh-Hans"] if han_only(line) and not _specific(line))
    assert languages_of([line], {"zh-Hant", "en"}) == ["zh-Hant"]
    assert languages_of([line], {"zh-Hans", "en"}) == ["zh-Hans"]


# --- shortcuts: the same answers as the computation they skip ------------------------------------------


def _weighed(document: list[tuple[int, dict[str, float]]]) -> language._Rests:
    items = [language._Paragraph("", "latin", letters, letters, probabilities=p, top=language._top(p)) for letters, p in document]
    return language._Rests(items)


def _random_document(rng: random.Random) -> list[tuple[int, dict[str, float]]]:
    """Letters and probabilities as langdetect gives them: one or two large, a long tail down to about 1e-270."""
    languages = rng.sample(["en", "fr", "es", "pt", "ca", "it", "de", "nl"], rng.randint(1, 8))
    document = []
    for _ in range(rng.randint(2, 12)):
        weights = {lang: rng.choice([1.0, rng.random(), 10.0 ** -rng.randint(1, 270)]) for lang in languages}
        total = sum(weights.values())
        document.append((rng.randint(20, 400), {lang: w / total for lang, w in weights.items()}))
    return document


def test_a_language_clearly_established_in_the_rest_is_established_there() -> None:
    rng = random.Random(7)
    clear = 0
    for _ in range(500):
        document = _random_document(rng)
        rests = _weighed(document)
        for index in range(len(document)):
            established = rests.established(index)
            for lang in document[0][1]:
                if rests.clearly_established(index, lang):
                    clear += 1
                    assert lang in established, (document, index, lang)
    assert clear > 500  # the shortcut was taken, not only declined


def test_a_language_on_the_threshold_is_left_to_the_full_computation() -> None:
    """Five languages of equal weight: each is exactly a quarter of the rest of the fifth's paragraph."""
    rests = _weighed([(100, {lang: 1.0}) for lang in ("de", "en", "es", "fr", "pt")])
    assert set(rests.established(4)) == {"de", "en", "es", "fr"}
    assert not any(rests.clearly_established(4, lang) for lang in ("de", "en", "es", "fr"))


def test_the_document_rules_give_the_same_guesses_without_the_shortcut(articles, monkeypatch) -> None:
    documents = [article[lang] for article in articles[:40] for lang in ("en", "es", "pt", "ru", "fr")]
    documents += [doc.paragraphs for doc in corpus.mixed_documents(articles[:20])]
    with_shortcut = [identify_paragraphs(doc) for doc in documents]
    monkeypatch.setattr(language._Rests, "clearly_established", lambda *_: False)
    assert [identify_paragraphs(doc) for doc in documents] == with_shortcut


def test_documents_identified_together_get_what_each_gets_alone(articles) -> None:
    """identify_documents runs langdetect for all documents in one go; nothing else may change."""
    documents = [article[lang] for article in articles[:15] for lang in ("en", "es", "pt", "ru", "zh-Hant", "ja")]
    documents += [doc.paragraphs for doc in corpus.mixed_documents(articles[:15])]
    random.Random(3).shuffle(documents)
    assert identify_documents(documents) == [identify_paragraphs(doc) for doc in documents]
    assert identify_documents(documents, ["en", "fr"]) == [identify_paragraphs(doc, ["en", "fr"]) for doc in documents]


def _langprob_document(rng: random.Random) -> list[tuple[int, list[float]]]:
    """_random_document's shape as langdetect's raw list over its languages: zeros where the prior rules one out."""
    languages = language.DETECTOR.languages
    document = []
    for letters, probabilities in _random_document(rng):
        langprob = [probabilities.get(lang, 0.0) for lang in languages]
        if rng.random() < 0.2:  # a tie for the best, which breaks by the language's name
            best = max(langprob)
            langprob[rng.choice([i for i, p in enumerate(langprob) if p != best])] = best
        document.append((letters, langprob))
    return document


def test_the_langprob_list_reads_as_the_dict_it_stands_for() -> None:
    """Paragraphs keep langdetect's raw list and build the dict only where a rule needs it: best language, sums,
    single probabilities and the document's rests are the same bits either way."""
    rng = random.Random(11)
    detector = language.DETECTOR
    listed = 0
    for _ in range(300):
        document = _langprob_document(rng)
        raw = [language._Paragraph("", "latin", n, n, langprob=lp, detector=detector) for n, lp in document]
        built = [language._Paragraph("", "latin", n, n, probabilities=detector.as_dict(lp)) for n, lp in document]
        for fast, full in zip(raw, built, strict=True):
            assert full.probabilities is not None  # built with them
            assert fast.best_language() == language._top(full.probabilities)
            assert fast.total() == sum(full.probabilities.values())
            every = (*detector.languages, "xx")  # and one it does not know
            assert [fast.probability(lang) for lang in every] == [full.probabilities.get(lang, 0.0) for lang in every]
            fast.top = full.top = fast.best_language()
        fast_rests, full_rests = language._Rests(raw), language._Rests(built)
        assert full_rests._lists is None
        # the lists are read where no paragraph's dict was built (a tie for the best builds it)
        assert (fast_rests._lists is not None) == all(item.probabilities is None for item in raw)
        listed += fast_rests._lists is not None
        for index in range(len(document)):
            assert list(fast_rests.established(index).items()) == list(full_rests.established(index).items())
            for lang in detector.languages:
                assert fast_rests.clearly_established(index, lang) == full_rests.clearly_established(index, lang)
    assert listed > 10  # the lists were read, not only the dicts (ties are common in this draw)
    assert language._Paragraph("", "latin", 30, 30, langprob=None, detector=detector).best_language() == ""


# --- the seam between two parts (bench/alignment_raw.py: headings and bylines put in the other part) -----------------

GERMAN = "Die Verhandlungen wurden am Dienstag ohne eine Einigung über den neuen Haushalt abgebrochen."
ENGLISH = "The talks broke down on Tuesday without an agreement on the new budget for the coming year."
FRENCH = "Les négociations ont été rompues mardi sans accord sur le nouveau budget de l’année prochaine."


def test_a_translations_byline_at_the_seam_stays_in_its_part_though_its_names_are_english() -> None:
    byline = "John Edward ist Leiter des Scottish Council of Independent Schools."  # English to langdetect
    paragraphs = [GERMAN, GERMAN, byline, "John Edward is Director of the Scottish Council", ENGLISH, ENGLISH]
    assert languages_of(paragraphs) == ["de", "de", "de", "en", "en", "en"]


def test_a_headline_at_the_seam_goes_with_the_part_its_words_are_in() -> None:
    headline = "Un Mickelson hors forme sur le banc de la Ryder Cup samedi"  # a tie between en and fr to langdetect
    assert languages_of([ENGLISH, ENGLISH, headline, FRENCH, FRENCH]) == ["en", "en", "fr", "fr", "fr"]


def test_an_english_headline_of_names_at_the_seam_keeps_its_language() -> None:
    headline = "Watch: Liverpool's Daniel Sturridge dips deep equalizer vs. Chelsea"  # "dips deep equalizer" looks French
    assert languages_of([FRENCH, FRENCH, headline, ENGLISH, ENGLISH]) == ["fr", "fr", "en", "en", "en"]


def test_a_short_latin_line_inside_a_cyrillic_part_stays_in_it() -> None:
    russian = "Независимые школы Шотландии продолжают традицию блестящего образования."
    paragraphs = [russian, russian, "Il faut bien le faire.", "Джон Эдвардс, директор Совета независимых школ", ENGLISH]
    assert languages_of(paragraphs) == ["ru", "ru", "ru", "ru", "en"]


def test_a_short_english_line_between_chinese_lines_of_an_interleaved_document_stays_english() -> None:
    chinese = ["雙方未能就新的預算達成任何協議。", "會議在週二結束，沒有發表聯合聲明。", "下一輪談判將在下個月舉行。"]
    english = ["Still no deal.", "The meeting ended on Tuesday without a joint statement.", "The next round is due next month."]
    paragraphs = [line for pair in zip(chinese, english, strict=True) for line in pair]
    assert languages_of(paragraphs) == ["zh-Hant", "en"] * 3
