"""Language per paragraph: Unicode script first, seeded langdetect only where script leaves a choice.

1. Own evidence. Chinese, Japanese and Korean are settled by script: Hangul
   means Korean, Kana means Japanese, Han without either is Chinese (never
   Japanese or Korean), Traditional vs Simplified by the characters that exist
   in only one of the two systems (CC-CEDICT tables, via hanzidentifier).
   Other text goes to langdetect (seeded, its candidates restricted to the
   alphabetic languages, or to the expected ones), which returns a probability
   for every candidate. Where its answer is one of a group of close languages
   (Portuguese, Spanish, French, ...) and its own n-gram evidence does not set
   it clearly apart, lingua chooses among that group.
2. Document context. A long paragraph whose own best language differs from
   what the rest of its document says is asked again, with the document's
   length-weighted vote as langdetect's prior: weak evidence (Spanish vs
   Portuguese vs Catalan on one sentence) follows the document, strong evidence
   (an English notice under a French article) keeps its own language. Where a
   script's paragraphs alternate two languages (en, de, en, de, ...), each that
   breaks the alternation or that langdetect is unsure of is weighed between
   them on its own words less the document's names, with lingua's evidence
   added to langdetect's n-gram model.
3. Neighbours. Short lines (headings, bylines, dates), Chinese lines with no
   script-specific character, and lines with no letters at all (numbers, URLs)
   take the language of their neighbours (in an alternating script, a short
   line is weighed between its languages as in 2); `und` only when no
   paragraph of the document has any evidence.

docs/language.md has the rules, the numbers behind them and how
`language_confidence` is computed.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache, partial

from hanzidentifier import helpers as hanzi

from tasks.steps.detectors import CloseLanguages, Detector, default_detector, foreign_letters, log_likelihoods, main_script
from tasks.steps.fasttext_detector import HAN_SCRIPT_LABELS, Lid176, bcp47, known_tags
from tasks.steps.scripts import cjk_letter_class, script_counts

MIN_LETTERS = 20  # fewer letters than this in an alphabetic paragraph: too short to trust alone
# A paragraph is CJK when its CJK characters, counted twice, are at least as many as its ordinary words in
# other scripts: Chinese text quotes English originals and names far more often than English quotes Chinese.
CJK_WEIGHT = 2
MIN_KANA_SHARE = 0.1  # Japanese text has Kana for at least 18% of its Han+Kana in every NTREX line
MIN_HANGUL_SHARE = 0.1
STRONG_VARIANT_MARGIN = 2  # a Chinese line needs this many more characters of one system to stand alone
ESTABLISHED_SHARE = 0.25  # a language with this share of a document's alphabetic text is one of its languages
# Prior odds against a paragraph being in another language than its document: its own evidence must beat
# e^12 (about 160,000 : 1) under langdetect's n-gram model. Set on NTREX; see docs/language.md.
SECOND_LANGUAGE_LOG_ODDS = 12.0
# A short paragraph (under LONE_PART_LETTERS letters) whose language would be in no other paragraph of its
# document, nor close to one, needs e^12 more: repeated words ("had ... million" x4) make strong-looking evidence.
LONE_PART_LETTERS = 120
# A paragraph at the seam of two parts in one script changes part only when its words (less names) favour the other
# language by e^6 or more: on bench/alignment_raw.py's four draws the headlines and bylines put right had 12-63 nats,
# and the one English headline the rule would have put wrong 2.3 ("Watch: ... dips deep equalizer vs. Chelsea").
SEAM_LOG_ODDS = 6.0
SEAM_SAMPLE = 200  # characters of a seam paragraph's words weighed (see _seam_guess)
LONE_PART_LOG_ODDS = 12.0
NEGLIGIBLE_WEIGHT = 1e-9  # letters x probability summed over paragraphs: below this, no evidence of a language
MIN_CHANGES = 3  # a script's paragraphs alternate languages: they change this often (a quotation: twice), and 2 times in 3
# langdetect's probability of its best language on a long paragraph of an alternating script that the alternation
# predicts: at least this, and it keeps it without weighing (see _fits_alternation)
SURE_PROBABILITY = 0.999
LOCAL_WINDOW = 2  # paragraphs on each side whose languages set a paragraph's prior
OVERLAP = 3  # every letter sits in up to three n-grams: the evidence is counted about three times
# Languages langdetect takes for each other on one sentence (the confusions bench/language_accuracy.py prints):
# among these, lingua decides unless langdetect's n-gram model beats the rest of the group by CLEAR_MARGIN.
CLOSE_LANGUAGES = (
    frozenset({"pt", "es", "ca", "it", "fr", "ro"}),
    frozenset({"ru", "bg", "mk", "uk"}),
    frozenset({"de", "nl", "af"}),
)
CLEAR_MARGIN = 20.0  # natural-log likelihood; set on sentences/ (10 and 20 tried), see docs/language.md
CHINESE_DEFAULT = "zh-Hans"
UNDETERMINED = "und"
CJK_LANGUAGES = ("zh-Hant", "zh-Hans", "ja", "ko")
LANGDETECT_TO_BCP47 = {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant", "no": "nb"}  # langdetect's "no" is Bokmål
BCP47_TO_LANGDETECT = {v: k for k, v in LANGDETECT_TO_BCP47.items()}
CJK_SCRIPTS = frozenset({"han", "kana", "hangul"})

TRADITIONAL_ONLY = frozenset(hanzi.TRADITIONAL_CHARACTERS - hanzi.SHARED_CHARACTERS)
SIMPLIFIED_ONLY = frozenset(hanzi.SIMPLIFIED_CHARACTERS - hanzi.SHARED_CHARACTERS)


def _any_of(characters: frozenset[str]) -> re.Pattern[str]:
    """One character of the set: the regex engine finds them all in C, 3-4x faster than a lookup per character."""
    return re.compile(f"[{''.join(map(re.escape, sorted(characters)))}]")


TRADITIONAL_ONLY_CHARACTER = _any_of(TRADITIONAL_ONLY)
SIMPLIFIED_ONLY_CHARACTER = _any_of(SIMPLIFIED_ONLY)
# URLs and e-mail addresses are letters but no evidence of a language.
NOT_LANGUAGE = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORD = re.compile(r"[^\W\d_]+")
TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # a word with its elisions and possessives: "Trump's", "l’Américain"
ELISION = re.compile("['’]")
# The first letter of a word (as WORD finds them) that is not in a CJK script: in CJK text, mostly none.
NON_CJK_WORD_START = re.compile(rf"(?<![^\W\d_])(?!{cjk_letter_class()})[^\W\d_]")


DETECTOR = default_detector()  # loaded once at import: profile loading is slow and not thread-safe
ALPHABETIC = tuple(sorted(lang for lang in DETECTOR.languages if LANGDETECT_TO_BCP47.get(lang, lang) not in CJK_LANGUAGES))
CLOSE_ARBITER = CloseLanguages()  # cheap to create: lingua loads a language's models when first asked about it
SECOND_IDENTIFIER = Lid176()  # cheap to create: the model loads when first asked (or in tasks.pipeline.warm_up)
KNOWN_TO_LANGDETECT = frozenset(LANGDETECT_TO_BCP47.get(lang, lang) for lang in ALPHABETIC)
# Every tag the identifiers can answer, langdetect's and lid.176's; `--languages` accepts these.
SUPPORTED_LANGUAGES = frozenset(CJK_LANGUAGES) | KNOWN_TO_LANGDETECT | known_tags()
# Parts langdetect labels with these are always shown to the second identifier: languages it does not know look
# like them, often without a letter that tells (Serbian Cyrillic without ђ or ћ is Macedonian to it, Nynorsk is
# Norwegian). Other parts are shown only when they have letters their language never writes (Kazakh қ, ә in
# "Russian", Belarusian ў in "Ukrainian"). Set on NTREX (bench/languages42.py).
UNSEEN_RELATIVES = frozenset({"mk", "nb"})
FOREIGN_SHARE = 0.03  # letters foreign to a language, of a text's letters, that make the language impossible
MIN_FOREIGN = 3  # and at least this many: foreign letters in names are a few
# lid.176 reads this much of a part (its cost grows with the text, about as langdetect's): plenty for a language
SAMPLE_CHARACTERS = 600
SECOND_MIN_PROBABILITY = 0.1  # and at least this of lid.176's whole probability when langdetect's answer is possible
SECOND_ACCEPT = 0.5  # share of the counted labels' probability (see _verdict) that replaces langdetect's answer


CANONICAL_TAGS = {lang.lower(): lang for lang in SUPPORTED_LANGUAGES} | {"no": "nb"}  # Norwegian, written as langdetect does


def check_languages(tags: Iterable[str]) -> frozenset[str]:
    """Expected languages as canonical BCP 47 tags (case-insensitive input); ValueError for unsupported ones."""
    unknown = sorted(tag for tag in tags if tag.lower() not in CANONICAL_TAGS)
    if unknown:
        raise ValueError(
            f"unsupported language(s) {', '.join(unknown)}; supported: the {len(SUPPORTED_LANGUAGES)} BCP 47 tags that"
            " docs/language.md lists, e.g. en, fr, zh-Hant, zh-Hans, ja, ko, nb, sr-Cyrl, sr-Latn, kk, be"
        )
    return frozenset(CANONICAL_TAGS[tag.lower()] for tag in tags)


@dataclass(frozen=True)
class Guess:
    language: str  # BCP 47
    confidence: float  # 0..1, see docs/language.md
    method: str  # "script", "langdetect", "document", "context" or "none"
    letters: int = 0  # in the whole paragraph, addresses included: its weight in its part (set by identify_paragraphs)


@dataclass(slots=True)  # slots: a paragraph's fields are read a dozen times each, a little faster
class _Paragraph:
    text: str  # without URLs and e-mail addresses
    family: str  # "zh", "ja", "ko", an alphabetic script ("latin", "cyrillic", ...) or "none"
    letters: int  # in `text`
    all_letters: int  # in the paragraph as given, addresses included
    share: float = 1.0  # share of the paragraph written in its family's script
    margin: int = 0  # Chinese: Traditional-only minus Simplified-only characters
    # langdetect's, for a long alphabetic paragraph: its probability of each of `detector.languages` (None: no
    # features). Most paragraphs need only the best of them and sums, read off this list; the `probabilities`
    # dict is built for those a rule needs it for: building it for every paragraph cost a third of langdetect's time.
    langprob: list[float] | None = None
    detector: Detector | None = None
    probabilities: dict[str, float] | None = None  # {langdetect code: probability above 0.0}; see `distribution`
    top: str = ""  # the language of the highest of `probabilities`
    guess: Guess | None = None

    def distribution(self) -> dict[str, float]:
        """`probabilities`, built from `langprob` on first need (empty for a paragraph langdetect did not read)."""
        if self.probabilities is None:
            self.probabilities = self.detector.as_dict(self.langprob) if self.detector else {}
        return self.probabilities

    def probability(self, lang: str) -> float:
        """`probabilities.get(lang, 0.0)`, without building the dict."""
        if self.probabilities is not None or self.langprob is None or self.detector is None:
            return self.distribution().get(lang, 0.0)
        index = self.detector.index.get(lang)
        return 0.0 if index is None else self.langprob[index]

    def total(self) -> float:
        """`sum(probabilities.values())`, the same bits: the zeros the dict leaves out add nothing to a sum."""
        if self.probabilities is not None or self.langprob is None:
            return sum(self.distribution().values())
        return sum(self.langprob)

    def best_language(self) -> str:
        """`_top(probabilities)`, "" when there are none."""
        if self.probabilities is not None or self.langprob is None or self.detector is None:
            return _top(self.distribution()) if self.distribution() else ""
        langprob = self.langprob
        best = max(langprob)
        if best <= 0.0:
            return ""  # nothing above 0.0: `probabilities` is empty
        if langprob.count(best) == 1:  # the zeros the dict leaves out are not the best: the same position in both
            return self.detector.languages[langprob.index(best)]
        return _top(self.distribution())


@dataclass(frozen=True)
class _Setting:
    detector: Detector
    candidates: tuple[str, ...]  # langdetect codes langdetect may answer
    expected: frozenset[str]  # BCP 47 tags the second identifier may answer; empty: any
    chinese_default: str
    prior_map: list[float]  # the detector's for a uniform prior over `candidates`


def identify_paragraphs(
    paragraphs: list[str], languages: Iterable[str] | None = None, detector: Detector | None = None
) -> list[Guess]:
    """One Guess per paragraph, in order. `languages` restricts the answers to those expected."""
    return identify_documents([paragraphs], languages, detector)[0]


def identify_documents(
    documents: list[list[str]], languages: Iterable[str] | None = None, detector: Detector | None = None
) -> list[list[Guess]]:
    """identify_paragraphs for each document, with the same results: langdetect runs on the paragraphs of all
    of them in one go. Its n-gram tables are far larger than the CPU's caches, and the other steps run between
    two documents push them out: over the pool's pieces of 64 files, the language step costs 7-26% less
    (docs/performance.md)."""
    setting = _setting(check_languages(languages or ()), detector or DETECTOR)
    documents_items = [[_read(p) for p in paragraphs] for paragraphs in documents]
    alone = [item for items in documents_items for item in items if _detected_alone(item)]
    for item in alone:
        item.langprob, item.detector = setting.detector.langprob(item.text, setting.prior_map), setting.detector
    return [_identify(items, setting) for items in documents_items]


def _identify(items: list[_Paragraph], setting: _Setting) -> list[Guess]:
    detected = [item.family for item in items if item.detector is not None]  # those langdetect read
    once = {family for family in set(detected) if detected.count(family) == 1}  # counted in C: a Counter costs more
    for item in items:
        _own_evidence(item, setting, alone=item.family in once)
    for family in sorted({item.family for item in items if item.top}):  # `top` is set where `probabilities` are
        _follow_document([item for item in items if item.family == family and item.top], setting)
    _resolve_weak_chinese(items, setting)
    _resolve_short(items, setting)
    _resolve_without_letters(items)
    _second_opinion(items, setting)
    return [_weighed(item.guess or Guess(UNDETERMINED, 0.0, "none"), item.all_letters) for item in items]


def _weighed(guess: Guess, letters: int) -> Guess:
    """The guess with the paragraph's letters; most already have them (see _own_evidence): a frozen dataclass
    costs a microsecond to build, as much as the rest of a paragraph's own-evidence step."""
    return guess if guess.letters == letters else Guess(guess.language, guess.confidence, guess.method, letters)


# a job has one setting: built once, not once per document (small: each entry keeps its detector alive)
@lru_cache(maxsize=4)
def _setting(expected: frozenset[str], detector: Detector) -> _Setting:
    restricted = tuple(sorted(BCP47_TO_LANGDETECT.get(lang, lang) for lang in expected if lang in KNOWN_TO_LANGDETECT))
    variants = [lang for lang in ("zh-Hans", "zh-Hant") if lang in expected]
    # alphabetic text in a job that expects only CJK languages still gets its real language; a job that expects
    # a language langdetect does not know lets langdetect answer any (Kazakh has to look Russian to it first)
    unseen = expected - KNOWN_TO_LANGDETECT - set(CJK_LANGUAGES)
    candidates = ALPHABETIC if unseen or not restricted else restricted
    return _Setting(
        detector=detector,
        candidates=candidates,
        expected=expected - set(CJK_LANGUAGES),
        chinese_default=variants[0] if len(variants) == 1 else CHINESE_DEFAULT,
        prior_map=detector.prior_map(dict.fromkeys(candidates, 1.0)),
    )


def _read(paragraph: str) -> _Paragraph:
    # the substitution is costly on long text: only run it where an address can be
    # NOT_LANGUAGE cannot match text without one of its marks (three `in` tests cost less than a map over them)
    marked = "@" in paragraph or "://" in paragraph or "www." in paragraph
    text = NOT_LANGUAGE.sub(" ", paragraph) if marked else paragraph
    counts = script_counts(text)
    letters = sum(counts.values())
    all_letters = letters if text is paragraph else sum(script_counts(paragraph).values())
    if not letters:
        return _Paragraph(text, "none", 0, all_letters)
    han, kana, hangul = counts.get("han", 0), counts.get("kana", 0), counts.get("hangul", 0)
    cjk = han + kana + hangul
    if cjk and CJK_WEIGHT * cjk >= (plain_words := _plain_words(text)):
        share = cjk / (cjk + plain_words)
        if hangul >= kana and hangul >= MIN_HANGUL_SHARE * cjk:
            return _Paragraph(text, "ko", letters, all_letters, share)
        if kana >= MIN_KANA_SHARE * (han + kana):
            return _Paragraph(text, "ja", letters, all_letters, share)
        margin = len(TRADITIONAL_ONLY_CHARACTER.findall(text)) - len(SIMPLIFIED_ONLY_CHARACTER.findall(text))
        return _Paragraph(text, "zh", letters, all_letters, share, margin)
    if len(counts) == 1:  # one script, and not a CJK one (those are settled above): most paragraphs
        return _Paragraph(text, next(iter(counts)), letters, all_letters)
    alphabetic = {script: n for script, n in counts.items() if script not in CJK_SCRIPTS}
    return _Paragraph(text, max(sorted(alphabetic), key=alphabetic.__getitem__), letters, all_letters)


def _plain_words(text: str) -> int:
    """Names inside CJK text are written in capitalised Latin words: only the other words count against CJK."""
    starts = NON_CJK_WORD_START.findall(text)
    return len(starts) - sum(map(str.isupper, starts))


def _detected_alone(item: _Paragraph) -> bool:
    """Whether langdetect judges this paragraph on its own evidence: alphabetic and long enough."""
    return item.family not in ("zh", "ja", "ko", "none") and item.letters >= MIN_LETTERS


def _own_evidence(item: _Paragraph, setting: _Setting, alone: bool) -> None:
    """`alone`: no other paragraph of the document is in the same script, so pass 2 cannot help with a close call."""
    if item.family in ("ja", "ko"):
        item.guess = Guess(item.family, item.share, "script", item.all_letters)
    elif item.family == "zh":
        if abs(item.margin) >= STRONG_VARIANT_MARGIN:
            item.guess = _chinese(item, item.margin, "script")
    elif _detected_alone(item):  # langdetect's probabilities are in already (identify_documents)
        if alone:
            item.probabilities = _settle_close(item.text, item.distribution(), setting)
        item.top = item.best_language()
        if item.top:
            item.guess = Guess(_bcp47(item.top), item.probability(item.top), "langdetect", item.all_letters)


def _settle_close(text: str, probabilities: dict[str, float], setting: _Setting) -> dict[str, float]:
    """langdetect's probabilities, with lingua sharing out those of close languages where langdetect is unsure.

    langdetect's random walk often ends at 1.0 for one of two close languages
    ("Escrevo letras de músicas para bandas." = Spanish), so its own
    probabilities cannot say when it is unsure; its n-gram log-likelihoods can.
    lingua's confidences, among the group's candidates only, then divide the
    probability langdetect gave that group.
    """
    if not probabilities:
        return probabilities
    top = _top(probabilities)
    close = next((group for group in CLOSE_LANGUAGES if top in group), frozenset()) & frozenset(setting.candidates)
    if len(close) < 2:
        return probabilities
    likelihoods, counted = log_likelihoods(text, close)
    if counted and likelihoods[top] - max(likelihoods[lang] for lang in close - {top}) >= CLEAR_MARGIN:
        return probabilities
    confidences = CLOSE_ARBITER.confidences(_without_names(text), close)
    if not confidences:
        return probabilities
    mass = sum(probabilities.get(lang, 0.0) for lang in sorted(close))  # sorted: a set's order varies by process
    shared = probabilities | {lang: mass * confidences.get(lang, 0.0) for lang in sorted(close)}
    return {lang: p for lang, p in shared.items() if p > 0.0}


def _ordinary_words(text: str) -> str:
    """The words not capitalised: capitalised ones are mostly names, which translations keep in the original."""
    return " ".join(word for word in WORD.findall(text) if not word[0].isupper())


def _without_names(text: str) -> str:
    """The ordinary words when they are enough to judge by (a title in Title Case is not), else the whole text."""
    ordinary = _ordinary_words(text)
    return ordinary if sum(char.isalpha() for char in ordinary) >= MIN_LETTERS else text


def _chinese(item: _Paragraph, margin: int, method: str) -> Guess:
    """Traditional when it has more Traditional-only characters; confidence grows with the margin."""
    language = "zh-Hant" if margin > 0 else "zh-Hans"
    return Guess(language, item.share * (abs(margin) + 1) / (abs(margin) + 2), method, item.all_letters)


def _top(weights: dict[str, float]) -> str:
    values = list(weights.values())
    best = max(values)
    if values.count(best) == 1:  # almost always: found in C, not in a Python loop over some 50 languages
        return list(weights)[values.index(best)]
    return min([lang for lang, weight in weights.items() if weight == best])  # ties break the same way every time


def _best(probabilities: dict[str, float], top: str, method: str, letters: int = 0) -> Guess:
    return Guess(_bcp47(top), probabilities[top], method, letters)


def _follow_document(items: list[_Paragraph], setting: _Setting) -> None:
    """Weigh each paragraph that disagrees with the rest of its document against that rest.

    `items` are the long paragraphs of one script, in document order. The
    prior is what the nearest paragraphs around it are written in (so each
    half of a French+English document weighs for its own language), among the
    languages the rest of the document really uses. Where the paragraphs
    alternate languages (see _alternates), a paragraph with the other language
    among its neighbours is weighed too, even when it agrees with some of them.
    """
    if len(items) < 2:
        return  # nothing else in the document to follow
    tops = [item.top for item in items]
    rests = _Rests(items)
    names: list[frozenset[str]] = []  # built on first need: most documents are in one language a script
    alternating = _alternates(tops)
    decided = []
    for index, item in enumerate(items):
        nearby = _nearby(index, tops)
        alone = not alternating or nearby.count(tops[index]) == len(nearby)  # (counted in C)
        if alone and tops[index] in nearby and rests.clearly_established(index, tops[index]):
            continue  # its own language is a neighbour's and one of the rest's: it is in its shares
        if alternating and _fits_alternation(items, index, tops, partial(rests.clearly_established, index)):
            continue  # as below, without the rest's table (most paragraphs of an alternating script)
        established = rests.established(index)
        if alternating and _fits_alternation(items, index, tops, established.__contains__):
            continue  # the other language than both its neighbours', and surely so: weighing would say the same
        local = _local_shares(index, tops, established)
        if tops[index] in local and (not alternating or len(local) == 1):
            continue  # the same, without the shortcut
        own = [lang for lang, p in item.distribution().items() if p > 0.1] if local and tops[index] not in local else []
        lone = _lone_risk(item, tops[:index] + tops[index + 1 :]) if own else frozenset()
        if alternating and len(established) > 1:
            # paragraphs that alternate two languages of the script: langdetect's best is often the other one by
            # names and loanwords alone ("Theresa May trifft am ... Conservative Party in Birmingham ein" =
            # English), so each is weighed between them even when its best is one of them (see _between)
            names = names or [_names([i.text for i in items], tops)]
            shares = {lang: local.get(lang, 0.0) + 1.0 for lang in sorted(established.keys() | local.keys())}
            near = [items[i].text for i in range(max(0, index - LOCAL_WINDOW), min(len(items), index + 1 + LOCAL_WINDOW))]
            guess = _between(item.text, shares, setting, "document", own, lone, names[0] | _capitalised(near, item.text))
            decided.append((item, guess or Guess(_bcp47(_top(local or shares)), 0.5, "document")))
        elif own:
            guess = _arbitrate(item.text, local, own, setting, lone)
            decided.append((item, guess or Guess(_bcp47(_top(local)), 0.5, "document")))
    if not alternating:
        decided += _seam_guesses(items, tops, rests, {id(item) for item, _ in decided})
    for item, guess in decided:  # after the loop: every paragraph was weighed against its neighbours' own evidence
        item.guess = guess


def _seam_guesses(items: list[_Paragraph], tops: list[str], rests: _Rests, weighed: set[int]) -> list[tuple[_Paragraph, Guess]]:
    """The paragraphs at a seam of a script's text in halves (the last of one language's paragraphs, the first of the
    next's) that their own words put on the other side: a part's headline or a translation's byline there is mostly
    names, which both parts write, so langdetect reads the part it does not belong to ("John Edward ist Leiter des
    Scottish Council of Independent Schools." is English to it, "Un Mickelson hors forme sur le banc de la Ryder Cup
    samedi" a tie) and the neighbours it agrees with keep it. Each is weighed between its language and its
    neighbour's, on its words less the document's names (see _seam_guess).

    >>> german = "Die Verhandlungen wurden am Dienstag ohne eine Einigung über den neuen Haushalt abgebrochen."
    >>> english = "The talks broke down on Tuesday without an agreement on the new budget for the coming year."
    >>> byline = "John Edward ist Leiter des Scottish Council of Independent Schools."  # English to langdetect
    >>> paragraphs = [german, german, byline, "John Edward is Director of the Scottish Council", english, english]
    >>> [guess.language for guess in identify_paragraphs(paragraphs)]
    ['de', 'de', 'de', 'en', 'en', 'en']
    """
    texts: list[str] = []  # built on first need: most documents have no seam in a script
    found = []
    for index, item in enumerate(items):
        top = tops[index]
        others = {tops[i] for i in (index - 1, index + 1) if 0 <= i < len(items)} - {top}
        if not others or id(item) in weighed or not rests.clearly_established(index, top):
            continue
        languages = sorted({top} | {lang for lang in others if rests.clearly_established(index, lang)})
        if len(languages) < 2:
            continue  # a neighbour in a language the document hardly writes: not a seam (pass 2 weighs it)
        texts = texts or [i.text for i in items]
        elsewhere = "\n".join(texts[:index] + texts[index + 1 :])
        guess = _seam_guess(item.text, languages, _nearby(index, tops), elsewhere)
        if guess is not None and guess.language != _bcp47(top):
            found.append((item, guess))
    return found


def _seam_words(text: str, elsewhere: str) -> str:
    """The words of `text` that may be evidence of its language: those not capitalised, and a capitalised word
    alone between words that are not (a German noun, Spanish "Miembro") unless `elsewhere` (the document's other
    paragraphs) writes it: a name both parts write, whichever part this paragraph was put in. A capitalised word
    next to another (a name, "Ryder Cup", "Scottish Council of Independent Schools") or first in the text is left out
    too: another article's headline has names the document does not repeat ("Un Mickelson hors forme sur le banc de
    la Ryder Cup samedi").

    >>> _seam_words("Un Mickelson hors forme sur le banc de la Ryder Cup samedi", "")
    'hors forme sur le banc de la samedi'
    >>> byline = "Chris Leslie es Miembro del Parlamento por Nottingham East"
    >>> _seam_words(byline, "Leslie"), _seam_words(byline, "Miembro del Parlamento")
    ('es Miembro del Parlamento por', 'es del por')
    """
    words = TOKEN.findall(text)
    kept = []
    for index, word in enumerate(words):
        if word[0].isupper() and (
            index == 0
            or words[index - 1][0].isupper()
            or (index + 1 < len(words) and words[index + 1][0].isupper())
            or _written_in(ELISION.split(word, maxsplit=1)[0], elsewhere)
        ):
            continue
        kept.append(word)
    return " ".join(kept)


def _written_in(word: str, text: str) -> bool:
    """Whether `text` holds `word` as a whole word (one search in C: cheaper than the words of every paragraph)."""
    return word in text and re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", text) is not None


def _seam_guess(text: str, languages: list[str], nearby: list[str], elsewhere: str) -> Guess | None:
    """A seam paragraph's language among `languages` (langdetect codes): the n-gram evidence of its words less the
    document's names (a capitalised word that is no name stays evidence: German "Leiter", Spanish "Miembro"), with
    each language's count among its nearest paragraphs (plus once) as the prior. None without evidence, or when it
    does not set one language apart by SEAM_LOG_ODDS.

    >>> _seam_guess("Chris Leslie es Miembro del Parlamento por Nottingham East", ["en", "es"],
    ...             ["es", "es", "en", "en"], "Chris Leslie is MP for Nottingham East").language
    'es'
    """
    # the first SEAM_SAMPLE characters of them: a heading or byline is shorter, and a long paragraph's language is
    # clear long before its end
    likelihoods, counted = log_likelihoods(_seam_words(text, elsewhere)[:SEAM_SAMPLE], languages)
    if not counted:
        return None  # names alone ("Trump's West Virginia Rally Time, YouTube Channel"): langdetect's answer stands
    scores = {lang: likelihoods[lang] + math.log(nearby.count(lang) + 1.0) for lang in languages}
    ranked = sorted(languages, key=scores.__getitem__, reverse=True)
    margin = scores[ranked[0]] - scores[ranked[1]]
    if margin < SEAM_LOG_ODDS:
        return None  # a few words that look a little more like the other language: langdetect's answer stands
    return Guess(_bcp47(ranked[0]), 1.0 / (1.0 + math.exp(-margin / OVERLAP)), "document")


def _fits_alternation(items: list[_Paragraph], index: int, tops: list[str], established: Callable[[str], bool]) -> bool:
    """Whether a paragraph of an alternating script keeps langdetect's answer without weighing (see _between): the
    alternation predicts it (its nearest paragraph on each side is in the script's other language) and langdetect
    is sure of it on a long paragraph, so names and loanwords cannot have made it. Names pull a paragraph towards
    its neighbours' language, not away from it: those that break the pattern, short ones and unsure ones are weighed.

    >>> item = _Paragraph("x" * 200, "latin", 200, 200, probabilities={"de": 0.99999}, top="de")
    >>> other = _Paragraph("y" * 200, "latin", 200, 200, probabilities={"en": 0.99999}, top="en")
    >>> established = {"en", "de"}.__contains__  # the document's languages
    >>> _fits_alternation([other, item, other], 1, ["en", "de", "en"], established)
    True
    >>> _fits_alternation([other, item, item], 1, ["en", "de", "de"], established)  # breaks the pattern
    False
    """
    item, top = items[index], tops[index]
    if item.probability(top) < SURE_PROBABILITY or not established(top):
        return False
    neighbours = tops[max(0, index - 1) : index] + tops[index + 1 : index + 2]
    return all(lang != top and established(lang) for lang in neighbours)


def _alternates(languages: list[str]) -> bool:
    """Whether paragraphs change language at least two times in three, and MIN_CHANGES times or more (a
    document that alternates two languages: in NTREX's, 71% of the time or more; one in halves, with a notice or
    a quotation changes once or twice), between two languages that are not close relatives (langdetect flips
    between Russian and Ukrainian from line to line of a Belarusian or Kazakh article).

    >>> _alternates(["en", "de", "en", "de", "de", "en"]), _alternates(["fr", "fr", "fr", "en", "en", "en"])
    (True, False)
    >>> _alternates(["en", "en", "fr", "en", "en"]), _alternates(["ru", "uk", "ru", "uk", "ru"])
    (False, False)
    """
    changes = sum(a != b for a, b in itertools.pairwise(languages))
    if changes < MIN_CHANGES or 3 * changes < 2 * (len(languages) - 1):
        return False
    first, second = sorted(sorted(set(languages)), key=languages.count, reverse=True)[:2]  # ties: by name
    return not any(first in group and second in group for group in CLOSE_LANGUAGES)


def _names(texts: list[str], languages: list[str]) -> frozenset[str]:
    """Capitalised words written in paragraphs of two languages or more: names, which a translation keeps (and
    capitalised words of one language stay evidence of it: German nouns, "Leiter" in "John Edward ist Leiter des
    Scottish Council of Independent Schools").

    >>> sorted(_names(["John Edward ist Leiter", "John Edward is Director", "Der Rat"], ["de", "en", "de"]))
    ['Edward', 'John']
    """
    first_language: dict[str, str] = {}
    names = set()
    for text, language in zip(texts, languages, strict=True):
        for word in set(WORD.findall(text)):
            if word[0].isupper() and first_language.setdefault(word, language) != language:
                names.add(word)
    return frozenset(names)


def _capitalised(texts: list[str], text: str) -> frozenset[str]:
    """The capitalised words of `texts` other than `text`: a translation next to a paragraph keeps its names."""
    return frozenset(word for other in texts if other is not text for word in WORD.findall(other) if word[0].isupper())


def _without(text: str, names: frozenset[str]) -> str:
    """`text`'s words less `names`."""
    return " ".join(word for word in WORD.findall(text) if word not in names)


def _nearby(index: int, tops: list[str]) -> list[str]:
    """The languages of the nearest paragraphs on each side."""
    return tops[max(0, index - LOCAL_WINDOW) : index] + tops[index + 1 : index + 1 + LOCAL_WINDOW]


def _local_shares(index: int, tops: list[str], established: dict[str, float]) -> dict[str, float]:
    """The document's languages that its nearest paragraphs on each side are in; all of them if none is."""
    shares: dict[str, float] = {}
    for lang in _nearby(index, tops):
        if lang in established:
            shares[lang] = shares.get(lang, 0.0) + 1.0
    return shares or established


class _Rests:
    """What the rest of a document is written in, for each of its paragraphs.

    A paragraph weighs each language by its letters times langdetect's
    probability; the rest of the document is the sum over the other
    paragraphs, paragraph after paragraph. langdetect gives each paragraph a
    probability for every candidate (most of them about 1e-270), so the full
    table is paragraphs x 51 languages: it is built only for a paragraph that
    `clearly_established` cannot settle, which in most documents is none.
    """

    # Of the document's weight: summing n terms rounds by at most about n x 1.1e-16 of it, so this covers any
    # document under some 10^9 paragraphs x languages, and is far below any share that counts.
    SLACK = 1e-6

    def __init__(self, items: list[_Paragraph]) -> None:
        self._items = items
        self._totals: dict[str, float] = {}
        self._letters = [item.letters for item in items]
        # most documents: no paragraph has its dict built, and their langprob lists are read at one index per language
        detector = items[0].detector if items else None
        unbuilt = [
            item.langprob
            for item in items
            if item.probabilities is None and item.detector is detector and item.langprob is not None
        ]
        self._lists = unbuilt if len(unbuilt) == len(items) and detector else None
        own = [item.letters * item.total() for item in items]
        document = sum(own)
        self._bounds = [document - weight + self.SLACK * document for weight in own]

    def clearly_established(self, index: int, lang: str) -> bool:
        """Whether `lang` is surely one of `established(index)`, without the table: its weight in the rest is a
        large share of an upper bound of the rest's total weight."""
        rest = self._total(lang) - self._items[index].letters * self._items[index].probability(lang)
        return rest > NEGLIGIBLE_WEIGHT and rest >= ESTABLISHED_SHARE * self._bounds[index]

    def established(self, index: int) -> dict[str, float]:
        """The rest's best language and any with a large share of it, with their shares."""
        item = self._items[index]
        rests = {lang: self._total(lang) - item.letters * item.probability(lang) for lang in self._languages}
        present = {lang: rest for lang, rest in rests.items() if rest > NEGLIGIBLE_WEIGHT}
        if not present:
            return {}
        total = sum(present.values())
        top = _top(present)
        return {lang: rest / total for lang, rest in present.items() if rest >= ESTABLISHED_SHARE * total or lang == top}

    def _total(self, lang: str) -> float:
        """`lang`'s weight in the whole document, summed paragraph after paragraph: the same bits every time."""
        if lang not in self._totals:
            self._totals[lang] = sum(self._terms(lang))
        return self._totals[lang]

    def _terms(self, lang: str) -> list[float]:
        """Each paragraph's letters times its probability of `lang`, in document order."""
        if self._lists is None:
            return [item.letters * item.probability(lang) for item in self._items]
        detector = self._items[0].detector
        assert detector is not None  # no lists without one
        position = detector.index.get(lang)
        if position is None:
            return [letters * 0.0 for letters in self._letters]
        return [letters * langprob[position] for letters, langprob in zip(self._letters, self._lists, strict=True)]

    @cached_property
    def _languages(self) -> list[str]:
        """Every language the paragraphs give a probability, in the order they first do: the order sums add up in."""
        met: dict[str, None] = {}
        for item in self._items:
            met |= dict.fromkeys(item.distribution())
        return list(met)


def _lone_risk(item: _Paragraph, others: list[str]) -> frozenset[str]:
    """For a short paragraph: the languages that no other paragraph of its script in the document is in, nor a
    close relative of (those would make a part of this one paragraph alone); empty for a long one."""
    if item.letters >= LONE_PART_LETTERS:
        return frozenset()
    related = set(others).union(*(group for group in CLOSE_LANGUAGES if group & set(others)))
    return frozenset(lang for lang in item.distribution() if lang not in related)


def _arbitrate(
    text: str, shares: dict[str, float], own: list[str], setting: _Setting, lone: frozenset[str] = frozenset()
) -> Guess | None:
    """Bayes over the document's languages (prior: their shares) and the paragraph's own candidates.

    The evidence is langdetect's n-gram model over the paragraph's ordinary
    words: capitalised words are mostly names, which translations keep in the
    original language. Only when those give no evidence at all (a title in
    Title Case, "Remember?") do the capitalised words count. None when
    nothing does. A language in `lone` would make a part of this paragraph alone: it needs LONE_PART_LOG_ODDS
    more (issue 16: "CBS had 3.1 million, NBC had 2.94 million, ..." is 19 nats more Welsh than English).
    """
    candidates = (set(shares) | set(own)) & set(setting.candidates)
    likelihoods, counted = log_likelihoods(_ordinary_words(text), candidates)
    if not counted:
        likelihoods, counted = log_likelihoods(text, candidates)
    if not counted:
        return None
    total = sum(shares.values())
    scores = {
        lang: likelihoods[lang]
        + (math.log(shares[lang] / total) if lang in shares else -SECOND_LANGUAGE_LOG_ODDS)
        - (LONE_PART_LOG_ODDS if lang in lone else 0.0)
        for lang in candidates
    }
    ranked = sorted(sorted(scores), key=scores.__getitem__, reverse=True)
    margin = scores[ranked[0]] - scores[ranked[1]] if len(ranked) > 1 else math.inf
    return Guess(_bcp47(ranked[0]), 1.0 / (1.0 + math.exp(-margin / OVERLAP)), "document")


def _bcp47(lang: str) -> str:
    return LANGDETECT_TO_BCP47.get(lang, lang)


def _resolve_weak_chinese(items: list[_Paragraph], setting: _Setting) -> None:
    """Chinese lines with (almost) no script-specific character follow the nearest Chinese lines that have them."""
    weak = [i for i, item in enumerate(items) if item.family == "zh" and item.guess is None]
    strong = [item.family == "zh" and item.guess is not None for item in items]
    for index in weak:
        item = items[index]
        before, after = _nearest(items, index, strong.__getitem__)
        neighbour = _nearer(index, before, after)
        if neighbour is not None:
            guess = _decided(items[neighbour])
            item.guess = Guess(guess.language, min(guess.confidence, item.share), "context")
        elif item.margin:
            item.guess = _chinese(item, item.margin, "script")
        else:
            item.guess = Guess(setting.chinese_default, 0.5 * item.share, "none")


def _resolve_short(items: list[_Paragraph], setting: _Setting) -> None:
    """Short alphabetic lines: the language of their neighbours in the same script, else of any neighbour."""
    short = [i for i, item in enumerate(items) if item.family not in ("zh", "ja", "ko", "none") and item.guess is None]
    anchored = [item.guess is not None for item in items]  # short lines decide from these only, in any order
    scripts = _Scripts(items, anchored)
    for index in short:
        items[index].guess = _short_guess(items, index, anchored, scripts, setting)
    for index in short:  # still nothing: a document of short lines only, each on its own evidence
        item = items[index]
        if item.guess is None and item.text.strip():
            probabilities = _settle_close(item.text, setting.detector.probabilities(item.text, setting.prior_map), setting)
            if probabilities:
                best = _best(probabilities, _top(probabilities), "langdetect")
                item.guess = replace(best, confidence=best.confidence * item.letters / MIN_LETTERS)


class _Scripts:
    """What the decided paragraphs of a document say of each alphabetic script, for its short lines: whether they
    alternate languages, and the names (see _names). Each built on first need, once a script."""

    def __init__(self, items: list[_Paragraph], anchored: list[bool]) -> None:
        self._items = [item for item, decided in zip(items, anchored, strict=True) if decided]
        self._alternating: dict[str, tuple[str, ...]] = {}
        self._names: dict[str, frozenset[str]] = {}
        self._interleaved: bool | None = None

    def alternating(self, family: str) -> tuple[str, ...]:
        """The script's languages (ESTABLISHED_SHARE of its letters or more) when its paragraphs alternate them (see
        _alternates); () otherwise."""
        if family not in self._alternating:
            written = [item for item in self._items if item.family == family]
            weights: dict[str, int] = {}
            for item in written:
                weights[_decided(item).language] = weights.get(_decided(item).language, 0) + item.letters
            spoken = sorted(lang for lang, weight in weights.items() if weight >= ESTABLISHED_SHARE * sum(weights.values()))
            alternates = len(spoken) > 1 and _alternates([_decided(item).language for item in written])
            self._alternating[family] = tuple(spoken) if alternates else ()
        return self._alternating[family]

    def interleaved(self) -> bool:
        """Whether the decided paragraphs of every script, in order, alternate languages (see _alternates)."""
        if self._interleaved is None:
            self._interleaved = _alternates([_decided(item).language for item in self._items])
        return self._interleaved

    def names(self, family: str) -> frozenset[str]:
        if family not in self._names:
            written = [item for item in self._items if item.family == family]
            self._names[family] = _names([item.text for item in written], [_decided(item).language for item in written])
        return self._names[family]


def _short_guess(items: list[_Paragraph], index: int, anchored: list[bool], scripts: _Scripts, setting: _Setting) -> Guess | None:
    item = items[index]
    before, after = _nearest(items, index, lambda i: anchored[i] and items[i].family == item.family)
    if before is None and after is None:
        before, after = _nearest(items, index, anchored.__getitem__)
        neighbour = after if after is not None else before  # a heading belongs to what follows it
        return None if neighbour is None else _inherit(_decided(items[neighbour]))
    nearest = after if after is not None else before
    assert nearest is not None  # not both None: returned above
    if (inside := _inside_other_script(items, index, anchored, scripts)) is not None:
        return _inherit(inside)
    if alternating := scripts.alternating(item.family):
        decided = _alternating_short(items, index, anchored, scripts, setting, alternating)
        return decided or _inherit(_decided(items[nearest]))
    languages = {_decided(items[i]).language for i in (before, after) if i is not None}
    if len(languages) == 1:
        return _inherit(_decided(items[nearest]))
    # between two languages of its own script: its own evidence decides, between those two only
    shares = {BCP47_TO_LANGDETECT.get(lang, lang): 0.5 for lang in languages}
    decided = _arbitrate(item.text, shares, [], setting)
    return replace(decided, method="context") if decided else _inherit(_decided(items[nearest]))


def _inside_other_script(items: list[_Paragraph], index: int, anchored: list[bool], scripts: _Scripts) -> Guess | None:
    """The guess of the paragraphs around a short line when both are in one language of another script: the line is
    inside that part ("Il faut bien le faire." quoted in a Russian translation, an English part after it), as a
    Latin byline in a Chinese article with no Latin paragraph is. Not where the document's parts alternate line by
    line (a Chinese line, its English translation, ...): there a short English line sits between two Chinese ones.

    >>> russian = "Независимые школы Шотландии продолжают традицию блестящего образования."
    >>> english = "Scotland's independent schools maintain a track record of academic excellence."
    >>> [guess.language for guess in identify_paragraphs([russian, "Il faut bien le faire.", russian, english])]
    ['ru', 'ru', 'ru', 'en']
    """
    before, after = _nearest(items, index, anchored.__getitem__)
    if before is None or after is None or scripts.interleaved():
        return None
    first, second = _decided(items[before]), _decided(items[after])
    family = items[index].family
    if first.language != second.language or family in (items[before].family, items[after].family):
        return None
    return first


def _alternating_short(
    items: list[_Paragraph], index: int, anchored: list[bool], scripts: _Scripts, setting: _Setting, spoken: tuple[str, ...]
) -> Guess | None:
    """A short line of a script whose paragraphs alternate languages: its nearest paragraphs on each side are most
    often all in the other language, so its own evidence decides, between the script's languages, weighed as the
    nearest LOCAL_WINDOW on each side stand (each language once more: a run of short lines in one language leaves
    only the other one's long paragraphs around it)."""
    family = items[index].family
    around = _around(items, index, lambda i: anchored[i] and items[i].family == family)
    shares: dict[str, float] = {}
    for lang in [_decided(items[i]).language for i in around] + list(spoken):
        code = BCP47_TO_LANGDETECT.get(lang, lang)
        shares[code] = shares.get(code, 0.0) + 1.0
    names = scripts.names(family) | _capitalised([items[i].text for i in around], items[index].text)
    return _between(items[index].text, shares, setting, "context", names=names)


def _between(
    text: str,
    shares: dict[str, float],
    setting: _Setting,
    method: str,
    own: Iterable[str] = (),
    lone: frozenset[str] = frozenset(),
    names: frozenset[str] = frozenset(),
) -> Guess | None:
    """A paragraph's language among `shares` (the languages of its script in the document, with how many of its
    neighbours are in each) and, against the prior odds of a language the document does not use, its `own`
    candidates; `lone` as for _arbitrate.

    For a paragraph of a document that writes its script in two languages. langdetect's n-gram profiles are
    pruned: on a few words they say "Eh bien, attendez un instant." is more German than French, "Das ist normal." more English
    than German, and its arbiter alone misses many of these lines. The evidence adds lingua's (1- to 5-gram
    models) to the arbiter's counted once, both on the paragraph less the document's `names`. The arbiter alone
    judges where lingua does not know a language.
    """
    languages = (frozenset(shares) | frozenset(own)) & frozenset(setting.candidates)
    if len(languages) < 2 or not all(map(CLOSE_ARBITER.knows, languages)):
        decided = _arbitrate(text, shares, list(own), setting, lone)
        return replace(decided, method=method) if decided else None
    words = _without(text, names)
    if not words:
        return None  # names alone ("Elite League: Dundee Stars 5-3 Belfast Giants"): no evidence of a language
    confidences = CLOSE_ARBITER.confidences(words, languages) or dict.fromkeys(languages, 1.0)
    likelihoods, _ = log_likelihoods(words, languages)
    total = sum(shares.values())
    scores = {
        lang: math.log(confidences[lang])
        + likelihoods[lang] / OVERLAP
        + (math.log(shares[lang] / total) if lang in shares else -SECOND_LANGUAGE_LOG_ODDS)
        - (LONE_PART_LOG_ODDS if lang in lone else 0.0)
        for lang in sorted(languages)
        if confidences.get(lang)
    }
    best = _top(scores)
    return Guess(_bcp47(best), 1.0 / sum(math.exp(score - scores[best]) for score in scores.values()), method)


def _resolve_without_letters(items: list[_Paragraph]) -> None:
    """Numbers, dates, URLs: the language of the paragraph before (they close it), else after."""
    for index, item in enumerate(items):
        if item.guess is None:
            before, after = _nearest(items, index, lambda i: items[i].family != "none" and items[i].guess is not None)
            neighbour = before if before is not None else after
            if neighbour is not None:
                item.guess = _inherit(_decided(items[neighbour]))


def _inherit(guess: Guess) -> Guess:
    return Guess(guess.language, guess.confidence, "context")


def _decided(item: _Paragraph) -> Guess:
    """The guess of a paragraph its caller picked for having one."""
    assert item.guess is not None
    return item.guess


def _nearest(items: list[_Paragraph], index: int, fits: Callable[[int], bool]) -> tuple[int | None, int | None]:
    """The nearest paragraph before and after `index` that `fits`."""
    before = next((i for i in range(index - 1, -1, -1) if fits(i)), None)
    after = next((i for i in range(index + 1, len(items)) if fits(i)), None)
    return before, after


def _around(items: list[_Paragraph], index: int, fits: Callable[[int], bool]) -> list[int]:
    """The nearest LOCAL_WINDOW paragraphs on each side of `index` that `fits`, as a long paragraph's prior has."""
    before = list(itertools.islice(filter(fits, range(index - 1, -1, -1)), LOCAL_WINDOW))
    after = list(itertools.islice(filter(fits, range(index + 1, len(items))), LOCAL_WINDOW))
    return before[::-1] + after


def _nearer(index: int, before: int | None, after: int | None) -> int | None:
    if before is None or after is None:
        return after if before is None else before
    return before if index - before < after - index else after


def _second_opinion(items: list[_Paragraph], setting: _Setting) -> None:
    """lid.176 on the parts langdetect may have given a language it does not know (see UNSEEN_RELATIVES).

    A document's paragraphs of one script and one language are asked as one text (its first SAMPLE_CHARACTERS),
    once: the document context again, and one call instead of one per paragraph. When that text is still the
    language langdetect said, a paragraph of it with letters the language never writes is asked alone (a Kazakh
    paragraph in a Russian article).
    """
    groups: dict[tuple[str, str], list[_Paragraph]] = {}
    for item in items:
        if item.guess is not None and item.family not in ("zh", "ja", "ko", "none") and item.guess.language != UNDETERMINED:
            groups.setdefault((item.family, item.guess.language), []).append(item)
    for (family, language), group in groups.items():
        text = " ".join(item.text for item in group)
        # one look at the whole part first: most parts have no foreign letter at all
        foreign = foreign_letters(text, BCP47_TO_LANGDETECT.get(language, language), family) >= MIN_FOREIGN
        odd = [item for item in group if _impossible(item.text, language, family)] if foreign else []
        suspect = language in UNSEEN_RELATIVES and main_script(BCP47_TO_LANGDETECT.get(language, language)) == family
        if not suspect and not odd:
            continue  # most parts: no call (nor for a Latin byline that took the Macedonian of its article)
        weight = sum(item.letters for item in group)
        others = frozenset(  # the document's larger parts in this script: a line in one of them is not rare
            other
            for (other_family, other), items in groups.items()
            if other_family == family and sum(i.letters for i in items) > weight
        )
        verdict = _verdict(text[:SAMPLE_CHARACTERS], family, language, others, setting)
        for item in group if verdict[0] != language else ():
            item.guess = _relabelled(_decided(item), verdict)
        for item in odd if verdict[0] == language and len(group) > 1 else ():
            item.guess = _relabelled(_decided(item), _verdict(item.text, family, language, others, setting))


def _impossible(text: str, language: str, family: str) -> bool:
    """Whether `text` has letters of its script that `language` never writes (by langdetect's profile of it)."""
    foreign = foreign_letters(text, BCP47_TO_LANGDETECT.get(language, language), family)
    return foreign >= MIN_FOREIGN and foreign >= FOREIGN_SHARE * script_counts(text).get(family, 0)


def _verdict(text: str, family: str, language: str, others: frozenset[str], setting: _Setting) -> tuple[str, float]:
    """The language of `text`, which langdetect called `language`, and how sure the second identifier is of it
    (1.0: langdetect's answer stands).

    langdetect stays the judge of the languages it knows: of lid.176's labels, only langdetect's answer, the
    languages langdetect does not know and the `others` (larger parts of the document in its script) count (lid.176 calls
    NTREX's Serbian Russian before Serbian; langdetect had already ruled Russian out, and a Russian line in a
    Russian article is still Russian). When the letters rule langdetect's answer out (Kazakh қ and ә in "Russian"),
    every label counts that the letters allow. Labels the job does not expect never count. The best label
    replaces langdetect's answer when it holds SECOND_ACCEPT of the probability of those that count; `und` when
    none does.
    """
    possible = not _impossible(text, language, family)
    counted: dict[str, float] = {}
    for rank, (label, probability) in enumerate(SECOND_IDENTIFIER.labels(text)):
        tag = bcp47(label, family)
        if tag == language and (possible or rank == 0):
            if rank == 0:
                return language, 1.0  # both identifiers agree (letters foreign to it are then names)
            counted[tag] = counted.get(tag, 0.0) + probability
        elif label in HAN_SCRIPT_LABELS or (setting.expected and tag not in setting.expected):
            continue
        elif (tag in others or not possible or tag not in KNOWN_TO_LANGDETECT) and not _impossible(text, tag, family):
            counted[tag] = counted.get(tag, 0.0) + probability
    total = sum(counted.values())
    if not total:
        return (language, 1.0) if possible else (UNDETERMINED, 0.0)
    best = _top(counted)
    if best == language:
        return language, 1.0
    share = counted[best] / total
    if possible and counted[best] < SECOND_MIN_PROBABILITY:
        return language, 1.0  # lid.176 gives it next to nothing: its probability went to languages langdetect ruled out
    return (best, share) if share >= SECOND_ACCEPT else (UNDETERMINED, 0.0)


def _relabelled(guess: Guess, verdict: tuple[str, float]) -> Guess:
    language, probability = verdict
    return Guess(language, guess.confidence * probability, guess.method)
