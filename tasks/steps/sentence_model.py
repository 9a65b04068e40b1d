"""How a language's translators cut sentences, for aligning the sentences of two linked paragraphs (tasks/steps/align.py).

Japanese translators often cut a long English sentence in two (「...」と述べた。 before a quotation, a clause of its
own): in NTREX-128, 250 of the 2,000 English lines that hold one sentence are two or more in Japanese. Korean ones
too (248 lines, the second sentence often opening with 그리고 "and" or 하지만 "but"). So between Japanese or Korean and
another language, at sentence level:

- one sentence linked with two of theirs is more likely than Gale and Church's prior says (0.1, not 0.02);
- the length of a Japanese sentence varies less around the ratio than a paragraph's (the variance times 0.6): a
  sentence cut in two then pays for the half left out (for Korean, whose lengths vary twice as much, it moved nothing);
- two paragraphs with as many sentences on each side are aligned, not paired in order, unless every pair's lengths
  agree: a cut sentence and a dropped one give as many sentences on each side, paired wrongly.

Each measured on bench/alignment.py (Japanese: the default draw, seeds 1 and 2, all articles; Korean: tuned on the
even-numbered articles, en-ko sentence F1 .896 -> .916 on the held-out seed 1, .928 -> .935 on the default draw);
see docs/alignment.md.
"""

from __future__ import annotations

import math

# A quotation that ends with a sentence mark and is followed by a quotative particle (「...。」と述べた, 「...？」って)
# is part of the sentence that reports it: no sentence ends after it (in NTREX-128's Japanese, 49 times)
CLOSING_QUOTES = "\u300d\u300f"  # 」』
QUOTATIVE_PARTICLES = "\u3068\u3063"  # と, っ (って)
SPLIT_PRIORS = {"ja": 0.1, "ko": 0.1}
# Paragraphs with as many sentences on each side are paired in order all the same when every pair's lengths are within
# this many standard deviations of what the language pair predicts (align.py _lengths_agree): a cut sentence and a
# dropped one leave a pair far off. (bench/alignment.py --articles even, default draw and seeds 1-3: en-ko and en-ja
# sentence F1 as with every such paragraph aligned at 1.0; at 1.5 en-ko seed 2 .913 -> .911, at 2.0 en-ja seed 1 .927 ->
# .924 too; aligning them all made align_document on parts2000 ~6% dearer, at 1.5 it costs as main's did)
IN_ORDER_DEVIATIONS = 1.5
SENTENCE_VARIANCE_SCALES = {"ja": 0.6}
# What a difference in the number of sentences of a paragraph link costs, times align.py's SENTENCE_COUNT_COST: Spanish
# translators cut and join English sentences more freely (en-es paragraph F1 .952 -> .954 default draw, .941 -> .945
# seed 1, .961 seed 2, .954 -> .960 --all; sentence F1 +0.003-0.005; for every pair at once en-ru lost .006)
SENTENCE_COUNT_SCALES = {"es": 1.25 / 1.5}


def link_cost_overrides(src_language: str, tgt_language: str) -> dict[tuple[int, int], float]:
    """The -log priors of sentence links that differ from align.py's LINK_COSTS for this pair of languages.

    >>> link_cost_overrides("en", "ja") == {(1, 2): -math.log(0.1)}, link_cost_overrides("ja", "en") == {(2, 1): -math.log(0.1)}
    (True, True)
    >>> link_cost_overrides("en", "fr")
    {}
    """
    overrides = {}
    if tgt_language in SPLIT_PRIORS and src_language != tgt_language:
        overrides[1, 2] = -math.log(SPLIT_PRIORS[tgt_language])
    if src_language in SPLIT_PRIORS and src_language != tgt_language:
        overrides[2, 1] = -math.log(SPLIT_PRIORS[src_language])
    return overrides


def sentence_variance_scale(language: str) -> float:
    """What a language's length variance is multiplied by at sentence level.

    >>> sentence_variance_scale("ja"), sentence_variance_scale("fr")
    (0.6, 1.0)
    """
    return SENTENCE_VARIANCE_SCALES.get(language, 1.0)


def pairs_sentences_in_order(src_language: str, tgt_language: str) -> bool:
    """Whether paragraphs with as many sentences on each side may have them paired in order, unaligned.

    >>> pairs_sentences_in_order("en", "fr"), pairs_sentences_in_order("en", "ja")
    (True, False)
    """
    return src_language not in SPLIT_PRIORS and tgt_language not in SPLIT_PRIORS


def sentence_count_scale(src_language: str, tgt_language: str) -> float:
    """What the cost of a paragraph link's difference in sentences is multiplied by for this pair of languages.

    >>> sentence_count_scale("en", "es") < 1.0, sentence_count_scale("en", "ja")
    (True, 1.0)
    """
    return min(SENTENCE_COUNT_SCALES.get(src_language, 1.0), SENTENCE_COUNT_SCALES.get(tgt_language, 1.0))
