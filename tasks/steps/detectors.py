"""langdetect, two ways: its seeded random walk (the detector) and its n-gram model read in full (the arbiter).

`Detector` runs langdetect itself, or langdetect-rs when installed: a Rust
port whose results equal langdetect's bit for bit (tests/test_detectors.py
checks every corpus line) and that runs about 40 times faster.

`NgramModel` reads langdetect's own profiles and scores every n-gram of a text
for a few candidate languages: deterministic log-likelihoods that grow with
the evidence. langdetect's walk stops as soon as one language passes
0.99999, which on a short sentence can take a handful of n-grams, so its
probabilities say little about how strong the evidence was; weighing a
paragraph against its document needs the full count.

`CloseLanguages` asks lingua (lingua-language-detector, high
accuracy mode: 1- to 5-gram models from far larger corpora than langdetect's
pruned profiles) to choose between a few close languages only: Portuguese vs
Spanish on one sentence is where langdetect's profiles run out.
"""

from __future__ import annotations

import importlib
import json
import math
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache, reduce
from itertools import compress, repeat
from operator import add
from pathlib import Path

import langdetect
from langdetect.utils.ngram import NGram
from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from tasks.steps.scripts import char_script

BACKENDS = ("langdetect_rs", "langdetect")  # the same results bit for bit; the first importable one is used
PROFILES = Path(langdetect.__file__).parent / "profiles"
CONFIDENCE_DECIMALS = 9  # lingua's confidences differ from call to call beyond about the 15th digit
SMOOTHING = 0.5 / 10_000  # langdetect's alpha / BASE_FREQ: the weight of an n-gram a language never had
LOG_SMOOTHING = math.log(SMOOTHING + 0.0)  # an n-gram's term in a language that never had it
# Random walks averaged per detection (langdetect's default is 7). The document-context rules settle what one
# walk leaves open: 2 keep every figure of bench/language_accuracy.py (docs/language.md) at 3.5x less cost.
TRIALS = 2
ALPHABET_MIN_SHARE = 1e-5  # of a profile's letters: a letter rarer than this is not part of the language's alphabet


class Detector:
    """Seeded langdetect giving every candidate's probability.

    langdetect reseeds its generator in every detection, so with a fixed seed
    results depend on neither call order, process nor thread.
    """

    def __init__(self, backend: str) -> None:
        factory_module = importlib.import_module(f"{backend}.detector_factory")
        self.backend = backend
        self._no_features = importlib.import_module(f"{backend}.lang_detect_exception").LangDetectException
        self._factory = factory_module.DetectorFactory()
        self._factory.load_profile(factory_module.PROFILES_DIRECTORY)
        self._factory.set_seed(0)
        self.languages: tuple[str, ...] = tuple(self._factory.get_lang_list())  # langdetect codes
        self.index = {lang: index for index, lang in enumerate(self.languages)}  # where each is in a `langprob`
        self.calls = 0  # for the benchmark: how often langdetect really ran
        self._prior_maps: dict[tuple[tuple[str, float], ...], list[float]] = {}  # a job uses one or two priors
        self._defaults = self._factory.create()  # text length limit, alpha and seed of every detection
        self._detect = self._detect_with_detector
        if backend == "langdetect_rs":
            self._rust = importlib.import_module("langdetect_rs._core")
            self._rust_seed = importlib.import_module("langdetect_rs._seed").seed_state(self._defaults.seed)
            self._detect = self._detect_in_rust

    def probabilities(self, text: str, prior_map: list[float]) -> dict[str, float]:
        """{langdetect code: probability} over the languages `prior_map` (from `prior_map()`) gives a weight; empty
        when the text has no features."""
        return self.as_dict(self.langprob(text, prior_map))

    def langprob(self, text: str, prior_map: list[float]) -> list[float] | None:
        """langdetect's probability of each of `languages`, in their order (0.0 for those `prior_map` leaves out);
        None when the text has no features. Cheaper than `probabilities`: building that dict costs half as much
        as the detection, and most callers need only the best language and the sums."""
        self.calls += 1
        return self._detect(text, prior_map)

    def as_dict(self, langprob: list[float] | None) -> dict[str, float]:
        """`langprob` as `probabilities` gives it: the languages above 0.0, in `languages`' order."""
        if langprob is None:
            return {}
        return dict(compress(zip(self.languages, langprob, strict=True), langprob))

    def _detect_with_detector(self, text: str, prior_map: list[float]) -> list[float] | None:
        """langdetect's own way: a Detector per text. None when the text has no features."""
        detector = self._factory.create()
        detector.n_trial = TRIALS
        detector.prior_map = prior_map
        detector.append(text)
        try:
            detector.get_probabilities()
        except self._no_features:
            return None
        return detector.langprob

    def _detect_in_rust(self, text: str, prior_map: list[float]) -> list[float] | None:
        """langdetect-rs's Rust core called the way its Detector calls it, without the Detector: that object,
        its sorted results (unused here) and its separate pass to check for features cost as much as the
        detection itself. Private API of the pinned version; tests/test_detectors.py checks every corpus line
        against langdetect."""
        prepared = self._rust.prepare(text, self._defaults.max_text_length)
        cleaned = self._rust.clean(prepared)  # drops Latin letters from text in another alphabet
        langprob, error = self._factory._core.detect_block(
            prepared if cleaned is None else cleaned, self._defaults.alpha, TRIALS, prior_map, self._rust_seed
        )
        if error == "features":
            return None
        if error is not None:
            raise error
        return langprob

    def prior_map(self, prior: dict[str, float]) -> list[float]:
        """langdetect's normalised prior vector for {langdetect code: weight}, built once per prior: building it
        costs as much as a detection, and even looking it up by the prior's items costs a tenth of one, so
        callers keep it for every detection of a job."""
        key = tuple(prior.items())
        if key not in self._prior_maps:
            detector = self._factory.create()
            detector.set_prior_map(prior)
            self._prior_maps[key] = detector.prior_map  # both backends copy it before a detection changes it
        return self._prior_maps[key]


def default_detector() -> Detector:
    for backend in BACKENDS:
        try:
            return Detector(backend)
        except ImportError:
            continue
    raise ImportError("neither langdetect-rs nor langdetect is installed")


@cache
def _profile(lang: str) -> dict[str, float]:
    """P(n-gram | language) as langdetect computes it when it loads its profiles."""
    data = json.loads((PROFILES / lang).read_text(encoding="utf-8"))
    return {gram: count / data["n_words"][len(gram) - 1] for gram, count in data["freq"].items() if 1 <= len(gram) <= 3}


def ngrams(text: str) -> list[str]:
    """The 1-, 2- and 3-grams langdetect extracts from `text` (same normalisation, same skipped acronyms): its
    NGram buffer's steps, written out, with each character's normalisation looked up once.

    >>> ngrams("Ein NATO")  # an acronym: no n-gram of its capitals after the first
    ['E', ' E', 'i', 'Ei', ' Ei', 'n', 'in', 'Ein', 'n ', 'in ', 'N', ' N']
    >>> ngrams("NATO-Gipfel")[:5]
    ['N', ' N', 'O ', 'TO ', 'G']
    """
    grams: list[str] = []
    buffer, capital_word = " ", False
    for char in NGram.normalize_vi(text):
        char = _normalized(char)
        last = buffer[-1]
        if last == " ":
            buffer, capital_word = " ", False
            if char == " ":
                continue
        elif len(buffer) >= NGram.N_GRAM:
            buffer = buffer[1:]
        buffer += char
        capital_word = char.isupper() and (capital_word or last.isupper())  # as NGram.add_char sets it
        if capital_word:
            continue  # an acronym: langdetect skips its n-grams
        if char != " ":
            grams.append(char)
        if len(buffer) >= 2:
            grams.append(buffer[-2:])
        if len(buffer) >= 3:
            grams.append(buffer)  # never longer than 3
    return grams


_normalized = lru_cache(maxsize=65536)(NGram.normalize)


def log_likelihoods(text: str, languages: Iterable[str]) -> tuple[dict[str, float], int]:
    """Natural-log likelihood of `text` under each language's profile, and how many n-grams counted.

    N-grams none of the languages knows add the same to each and are skipped.
    """
    langs = sorted(languages)
    profiles = [_log_profile(lang) for lang in langs]
    grams = ngrams(text)
    known = set().union(*(filter(profile.__contains__, grams) for profile in profiles))
    counted = [gram for gram in grams if gram in known]
    # each language's terms added one after the other, in the text's order, as a running total would
    totals = [reduce(add, map(profile.get, counted, repeat(LOG_SMOOTHING)), 0.0) for profile in profiles]
    return dict(zip(langs, totals, strict=True)), len(counted)


@cache
def _log_profile(lang: str) -> dict[str, float]:
    """log(SMOOTHING + P(n-gram | language)) for every n-gram the language has (P above 0), computed once."""
    return {gram: math.log(SMOOTHING + p) for gram, p in _profile(lang).items() if p}


@cache
def alphabet(lang: str) -> frozenset[str]:
    """The letters langdetect's profile of `lang` (a langdetect code) writes, lower case and normalised as langdetect
    normalises them; empty for a language langdetect has no profile of. Letters rarer than ALPHABET_MIN_SHARE of
    the profile's are left out: they are names and quotations."""
    path = PROFILES / lang
    if not path.is_file():
        return frozenset()
    data = json.loads(path.read_text(encoding="utf-8"))
    least = ALPHABET_MIN_SHARE * data["n_words"][0]
    return frozenset(gram.lower() for gram, count in data["freq"].items() if len(gram) == 1 and gram.isalpha() and count >= least)


@cache
def main_script(lang: str) -> str | None:
    """The script most letters of langdetect's `lang` are in ("cyrillic" for Macedonian); None without a profile.

    >>> main_script("mk"), main_script("de"), main_script("xx")
    ('cyrillic', 'latin', None)
    """
    scripts = Counter(char_script(letter) for letter in alphabet(lang))
    return max(sorted(scripts, key=str), key=scripts.__getitem__) if scripts else None


def foreign_letters(text: str, lang: str, script: str) -> int:
    """How many letters of `text` in `script` ("latin", "cyrillic", ...) langdetect's `lang` never writes: a
    Kazakh қ or ә is foreign to Russian, a Serbian ђ or ћ to Macedonian. 0 when langdetect has no profile of `lang`.

    >>> foreign_letters("Қазақстан Республикасы", "ru", "cyrillic"), foreign_letters("Российская Федерация", "ru", "cyrillic")
    (2, 0)
    """
    if text.isascii() or not alphabet(lang):
        return 0
    lowered = text.lower()
    characters = set(lowered)
    judged, foreign = _judged(lang, script)
    # the characters judged before are sorted out by two set operations in C, not one cached call each
    for char in characters - judged:
        if _foreign(char, lang, script):
            foreign.add(char)  # before `judged`: a thread that finds it judged finds it here too
        judged.add(char)
    return sum(lowered.count(char) for char in characters & foreign)


@cache
def _judged(lang: str, script: str) -> tuple[set[str], set[str]]:
    """The characters `foreign_letters` has judged for `lang` and `script`, and those of them that are foreign."""
    return set(), set()


def _foreign(char: str, lang: str, script: str) -> bool:
    normalised = NGram.normalize(char)  # as langdetect reads it: Vietnamese tone letters become one, and so on
    return normalised.isalpha() and normalised not in alphabet(lang) and char_script(char) == script


class CloseLanguages:
    """lingua choosing among a few close languages; `calls` counts its uses, for the benchmark."""

    def __init__(self) -> None:
        self.calls = 0

    @staticmethod
    def knows(lang: str) -> bool:
        """Whether lingua has a model of `lang` (an ISO 639-1 code, as langdetect writes most).

        >>> CloseLanguages.knows("de"), CloseLanguages.knows("no")  # lingua's Norwegian is Bokmål, "nb"
        (True, False)
        """
        return hasattr(IsoCode639_1, lang.upper())

    def confidences(self, text: str, languages: frozenset[str]) -> dict[str, float]:
        """lingua's confidence for each of `languages` (ISO 639-1 codes it knows), summing to about 1; empty when
        it has no evidence.

        lingua sums its n-gram probabilities in an order that varies from call to call, so the same text gets
        values that differ in the last bits; rounded to 9 decimals they are the same every time.
        """
        self.calls += 1
        values = _lingua(languages).compute_language_confidence_values(text)
        rounded = {value.language.iso_code_639_1.name.lower(): round(value.value, CONFIDENCE_DECIMALS) for value in values}
        return {lang: confidence for lang, confidence in rounded.items() if confidence > 0.0}


@cache
def _lingua(languages: frozenset[str]) -> LanguageDetector:
    """A lingua detector for these languages only. Its models load on first use, per language (about 35 MB
    each), and are shared by every detector of the process: a job loads only the close languages it meets."""
    codes = (getattr(IsoCode639_1, lang.upper()) for lang in sorted(languages))
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
