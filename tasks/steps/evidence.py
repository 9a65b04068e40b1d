"""Evidence a translation keeps that is not spelled as in English: per language, keys both sides of an alignment
share (tasks/steps/align.py counts a key only when both parts hold it, weighed by how rare it is in the document).

- Russian (Cyrillic): words transliterated to Latin letters and folded to a consonant skeleton, so that a name or a
  borrowed word and its English spelling agree: Македонии and Macedonia, референдуме and referendum (a word's key is
  its first five consonants in classes, four at least: a shorter key would match too many words of the other part).
- Korean: Hangul words by their consonants against English capitalised words spelled as Korean transcribes them.
- Days and months, countries and unions, and questions, as keys of no language (@d7 for Sunday, ^us for США).

Each kind is used only for the languages it was measured to help on bench/alignment.py (docs/alignment.md).
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache, partial
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

Finder = Callable[[str], frozenset[str]]
# Between a part's paragraphs when they are looked through at once (Evidence.each): a character in no key, no name and
# no word, that lower() and the translation tables keep, and that ends a word (no key runs across it)
SEPARATOR = "\x00"

SKELETON_CONSONANTS = 5  # a word's key: its first consonants (in classes), few enough to survive inflected endings
MIN_SKELETON = 4  # fewer consonants than this: too common a key (4, 5: best on bench/alignment.py's four draws)

# Cyrillic letters as the consonant classes of the skeleton (vowels, й, ь, ъ dropped): sounds English spells one way
# and Russian another share a class (g and h: Гарри and Harry; ф and ph; в and w)
_CYRILLIC = str.maketrans(
    {
        **dict.fromkeys("аеёиоуыэюяйьъ", None),
        "б": "b",
        "в": "v",
        "г": "k",
        "д": "d",
        "ж": "s",
        "з": "s",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "ф": "v",
        "х": "k",
        "ц": "s",
        "ч": "s",
        "ш": "s",
        "щ": "s",
    }
)
_ENGLISH_SPELLINGS = (("sch", "s"), ("ch", "s"), ("sh", "s"), ("th", "t"), ("ph", "f"), ("ck", "k"), ("x", "ks"), ("j", "ds"))
_CYRILLIC.update(dict.fromkeys(map(ord, string.ascii_letters), " "))  # only the Cyrillic words of the text
_LATIN = str.maketrans({**dict.fromkeys("aeiouy", None), "c": "k", "q": "k", "g": "k", "h": "k", "z": "s", "f": "v", "w": "v"})
_ASCII_SPELLINGS = tuple((spelling.encode(), sound.encode()) for spelling, sound in _ENGLISH_SPELLINGS)
_ASCII_FOLD = bytes(ord(folded) if (folded := _LATIN.get(byte)) else byte for byte in range(256))  # _LATIN's, as bytes
_ASCII_DROPPED = bytes(letter for letter, folded in _LATIN.items() if folded is None)
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "mk", "sr-Cyrl", "kk"})


def cyrillic_skeletons(text: str) -> frozenset[str]:
    """The skeleton keys of a Cyrillic text's words.

    >>> sorted(cyrillic_skeletons("Референдум в Македонии, Мидсомер Нортон"))
    ['%mdsmr', '%mkdn', '%nrtn', '%rvrnd']
    """
    return _keys("%", _cyrillic_consonants(text), MIN_SKELETON, SKELETON_CONSONANTS)


def _cyrillic_consonants(text: str) -> str:
    """The text folded as _CYRILLIC folds it, in bytes: every letter _CYRILLIC maps is one byte of cp1251, and a bytes
    table folds in C what a str table looks up in a dict character by character (a third of the time). A character
    _CYRILLIC leaves as it is may come out as another, but never as a letter a to z: the keys are the same."""
    return text.lower().encode("cp1251", "replace").translate(_CP1251_FOLD, _CP1251_DROPPED).decode("latin-1")


def _cp1251_fold() -> tuple[bytes, bytes]:
    """_CYRILLIC as a bytes table over cp1251, and the bytes it drops (its vowels and signs)."""
    table, dropped = bytearray(range(256)), bytearray()
    for byte in range(256):
        folded = _CYRILLIC.get(ord(bytes([byte]).decode("cp1251", "replace")), "")
        if folded is None:
            dropped.append(byte)
        elif folded:
            table[byte] = ord(folded)
    return bytes(table), bytes(dropped)


_CP1251_FOLD, _CP1251_DROPPED = _cp1251_fold()


def latin_skeletons(text: str) -> frozenset[str]:
    """The skeleton keys of a Latin-script text's words, as cyrillic_skeletons folds Cyrillic ones.

    >>> sorted(latin_skeletons("The referendum in Macedonia, Midsomer Norton"))
    ['%mdsmr', '%mkdn', '%nrtn', '%rvrnd']
    """
    return _keys("%", _latin_consonants(text), MIN_SKELETON, SKELETON_CONSONANTS)


def _latin_consonants(text: str) -> str:
    """The text folded as _LATIN folds it, in ASCII bytes (as _cyrillic_consonants): _LATIN maps only letters a to z,
    and a str table leaves its fast path at the first other character (a curly quote, a dash)."""
    spelled = text.lower().encode("ascii", "replace")
    for spelling, sound in _ASCII_SPELLINGS:
        spelled = spelled.replace(spelling, sound)
    return spelled.translate(_ASCII_FOLD, _ASCII_DROPPED).decode("ascii")


def _keys(mark: str, consonants: str, minimum: int, size: int) -> frozenset[str]:
    """The keys of a whole text folded to consonant classes at once (a word at a time in Python costs ten times more):
    every run of at least `minimum` of them once doubled ones are collapsed, its first `size`. Only the runs that long
    before collapsing are collapsed (collapsing the whole text costs more than the rest), each distinct run once and
    all of them in one call (a space between runs: none is collapsed into the next).

    >>> sorted(_keys("%", "mrr tt llmnnt kkk bbbbcddf", 4, 5))
    ['%bcdf', '%lmnt']
    """
    runs = " ".join(set(_runs_of(minimum).findall(consonants)))
    if DOUBLED.search(runs):
        runs = DOUBLED.sub(itemgetter(1), runs)  # the letter: r"\1" would expand a template in Python at each match
    # each run marked, and the keys found as the first letters after a mark, in C (not a slice per run in Python)
    return frozenset(_keys_of(mark, minimum, size).findall(mark + runs.replace(" ", " " + mark)))


@cache
def _runs_of(minimum: int) -> re.Pattern[str]:
    return re.compile(f"[a-z]{{{minimum},}}")


@cache
def _keys_of(mark: str, minimum: int, size: int) -> re.Pattern[str]:
    """A mark and the first `size` letters of a run of at least `minimum` after it."""
    return re.compile(f"{re.escape(mark)}[a-z]{{{minimum},{size}}}")


DOUBLED = re.compile(r"([a-z])\1+")


# Hangul syllables decompose arithmetically (0xAC00 + (initial * 21 + vowel) * 28 + final): each initial and final
# consonant as a class of the sounds Korean transcribes English ones with (f and p are one letter, ㅍ; r, l are ㄹ)
_INITIALS = ("k", "k", "n", "t", "t", "l", "m", "p", "p", "s", "s", "", "s", "s", "s", "k", "t", "p", "")
_FINALS: tuple[str, ...]  # in two lines, for their length
_FINALS = ("", "k", "k", "ks", "n", "ns", "n", "t", "l", "lk", "lm", "lp", "ls", "lt", "lp", "l", "m", "p", "ps", "t", "t", "n")
_FINALS += ("t", "t", "k", "t", "p", "")
_HANGUL = {0xAC00 + index: _INITIALS[index // 588] + _FINALS[index % 28] for index in range(11172)}  # every syllable
_HANGUL.update(str.maketrans(dict.fromkeys(string.ascii_letters, " ")))  # only the Hangul words of the text
NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")  # San Diego: one Korean word, 샌디에이고
_KOREAN_SPELLINGS = (
    (re.compile("c(?=[eiy])"), "s"),
    (re.compile("r(?![aeiouy])"), ""),  # an r after a vowel is not transcribed: Scherzer, 슈어저
    (re.compile("sch|ch|sh|th|j"), "s"),
    (re.compile("ph"), "p"),
    (re.compile("ng"), "n"),
    (re.compile("x"), "ks"),
    (re.compile("gh"), ""),
)
_KOREAN_LATIN = str.maketrans(
    {**dict.fromkeys("aeiouywh", None), "c": "k", "q": "k", "g": "k", "z": "s", "f": "p", "v": "p", "b": "p", "d": "t", "r": "l"}
)
KOREAN_SKELETON = 5  # a Korean word's key: its first consonants (5: +0.002 on the default draw, -0.001 on --all against 4)
MIN_KOREAN_SKELETON = 4  # 3: more collisions with Korean words, F1 fell; 4: every draw gained


def hangul_skeletons(text: str) -> frozenset[str]:
    """The skeleton keys of a Korean text's words (a particle after a name adds its consonants at the end). Keyed
    "&", so the aligner weighs them as weakly as a word's meaning (align.py WEAK_KEYS: they also match Korean words).

    >>> sorted(hangul_skeletons("트럼프 대통령은 샌디에이고의 인도네시아"))
    ['&ntns', '&sntk', '&tlmp', '&tnln']
    """
    return _keys("&", _hangul_consonants(text), MIN_KOREAN_SKELETON, KOREAN_SKELETON)


def _hangul_consonants(text: str) -> str:
    return text.translate(_HANGUL)


def korean_name_skeletons(text: str) -> frozenset[str]:
    """The skeleton keys of a Latin-script text's capitalised words, spelled as Korean transcribes them: each run of
    them as one word (San Diego, 샌디에이고), and each word of a run of several (Joko Widodo, 조코 위도도).

    >>> sorted(korean_name_skeletons("President Trump in San Diego, Indonesia"))
    ['&ntns', '&plstn', '&sntk', '&tlmp']
    """
    runs = NAME_RUN.findall(text)
    if not runs:
        return frozenset()
    words = [word for run in runs for word in ([run.replace(" ", ""), *run.split(" ")] if " " in run else [run])]
    return frozenset().union(*map(_korean_name_keys, words))


@lru_cache(maxsize=65_536)  # names repeat within and across documents
def _korean_name_keys(word: str) -> frozenset[str]:
    """korean_name_skeletons of one word of letters (no spelling rule runs across a word's edge, nor a key)."""
    spelled = word.lower()
    for pattern, sound in _KOREAN_SPELLINGS:
        spelled = pattern.sub(sound, spelled)
    return _keys("&", spelled.translate(_KOREAN_LATIN), MIN_KOREAN_SKELETON, KOREAN_SKELETON)


# Days and months, as the key "@d1" (Monday) to "@d7" and "@m1" (January) to "@m12": a date is kept by a translation
# when the words for it are not. Per language: a regular expression whose groups are the days then the months
# (matched lower-cased, but for English, whose "May" and "march" are also words), or a month's number before or after
# its word (10월, 10月). Not Vietnamese: its days (thứ Hai) and months (tháng 10) lowered en-vi by 0.004 on the default
# draw (in the documents that changed, the date was in a sentence the other side dropped).
CALENDAR_WORDS: dict[str, tuple[str, str]] = {  # per language: its days from Monday, its months from January
    "en": (
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "January February March April May June July August Sep|Sept|September Oct|October Nov|November Dec|December",
    ),
    "es": (
        "lunes martes miércoles jueves viernes sábado domingo",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    ),
    "fr": (
        "lundi mardi mercredi jeudi vendredi samedi dimanche",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    ),
    "pt": (
        "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    ),
    "de": (
        "montag dienstag mittwoch donnerstag freitag samstag sonntag",
        "januar februar märz april mai juni juli august september oktober november dezember",
    ),
    "ru": (
        "понедельник вторник среда|среды|среду четверг пятниц суббот воскресень",
        "январ феврал март апрел май|мая|мае июн июл август сентябр октябр ноябр декабр",
    ),  # stems: Russian inflects them
    "ko": ("월요일 화요일 수요일 목요일 금요일 토요일 일요일", ""),
    "ja": ("月曜 火曜 水曜 木曜 金曜 土曜 日曜", ""),
}
CASED_CALENDARS = frozenset({"en"})
MONTH_NUMBERS = {"ko": re.compile(r"(\d{1,2})월"), "ja": re.compile(r"(\d{1,2})月")}
UNSPACED = frozenset({"ko", "ja"})  # a name may begin or end anywhere: no spaces between words
STEMS = frozenset({"ru"})  # a name may end anywhere: its words are stems of inflected words


class Names(NamedTuple):
    """Names as one regular expression of literals (no boundaries, no capturing groups: the engine then scans for their
    first letters, where a leading \\b or a group per key makes it try every name at every character, 20 times
    slower), and the key of each name."""

    pattern: re.Pattern[str]
    keys: dict[str, str]

    @classmethod
    def of(cls, names: dict[str, str]) -> Names:
        keys = {name: key for key, alternatives in names.items() for name in alternatives.split("|") if name}
        return cls(re.compile(_by_first_letter(sorted(keys, key=len, reverse=True))), keys)

    def found(self, text: str, language: str) -> set[str]:
        """The keys of the names in a text that are whole words (or stems, or anywhere, per language)."""
        return {key for _, key in self._matches(text, language)}

    def found_in_each(self, texts: str, language: str) -> list[set[str]]:
        """found() of each text of `texts` (texts joined by SEPARATOR), in one scan: a name never holds SEPARATOR, and
        SEPARATOR is no letter or digit, as the edge of a text is none."""
        found: list[set[str]] = [set() for _ in range(texts.count(SEPARATOR) + 1)]
        ends = _ends(texts)
        for start, key in self._matches(texts, language):
            found[bisect_right(ends, start)].add(key)
        return found

    def _matches(self, text: str, language: str) -> Iterator[tuple[int, str]]:
        """(where it starts, its key) of each name in `text` that is a whole word (or a stem, or anywhere, per language)."""
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if language not in UNSPACED and (
                (start and text[start - 1].isalnum()) or (language not in STEMS and end < len(text) and text[end].isalnum())
            ):
                continue
            yield start, self.keys[match.group()]


def _by_first_letter(names: list[str]) -> str:
    """An alternation of literals that matches what "|".join(names) matches, as the names are grouped by their first
    letter: at a letter, only the names that begin with it are tried (in their order, so the first one that matches is
    the same), not every name (a fifth less time on Romance and Russian text, where calendar names begin with common
    letters).

    >>> _by_first_letter(["Sept", "May", "Sep", "Mai"])
    'S(?:ept|ep)|M(?:ay|ai)'
    """
    rests: dict[str, list[str]] = {}
    for name in names:
        rests.setdefault(name[0], []).append(name[1:])
    return "|".join(re.escape(first) + "(?:" + "|".join(map(re.escape, after)) + ")" for first, after in rests.items())


@lru_cache(maxsize=8)  # a part's paragraphs joined: looked through by several kinds of evidence
def _ends(texts: str) -> tuple[int, ...]:
    """Where each text of `texts` (joined by SEPARATOR) ends: the offsets of the separators."""
    return tuple(accumulate((len(text) + 1 for text in texts.split(SEPARATOR)), initial=-1))[1:]


def _calendar_names(language: str) -> Names:
    days, months = (words.split() for words in CALENDAR_WORDS[language])
    return Names.of({f"@d{n}": day for n, day in enumerate(days, 1)} | {f"@m{n}": month for n, month in enumerate(months, 1)})


CALENDAR_NAMES = {language: _calendar_names(language) for language in CALENDAR_WORDS}


def calendar_keys(text: str, language: str) -> frozenset[str]:
    """The days and months a text names, as language-free keys.

    >>> sorted(calendar_keys("On Sunday, 30 September, Macedonians voted", "en"))
    ['@d7', '@m9']
    >>> sorted(calendar_keys("El domingo 30 de septiembre votaron", "es")), sorted(calendar_keys("일요일 9월 30일", "ko"))
    (['@d7', '@m9'], ['@d7', '@m9'])
    >>> sorted(calendar_keys("В воскресенье 30 сентября, самая", "ru")), sorted(calendar_keys("Chủ Nhật, 30 tháng 9", "vi"))
    (['@d7', '@m9'], [])
    """
    return frozenset(_calendar_keys_of_each(text, language)[0]) if language in CALENDAR_NAMES else frozenset()


def _calendar_keys_of_each(texts: str, language: str) -> list[set[str]]:
    """calendar_keys of each text of `texts` (joined by SEPARATOR), in one scan per expression."""
    names = CALENDAR_NAMES[language]
    found = names.found_in_each(texts if language in CASED_CALENDARS else texts.lower(), language)
    if language in MONTH_NUMBERS:
        ends = _ends(texts)
        for match in MONTH_NUMBERS[language].finditer(texts):
            if 1 <= int(number := match.group(1)) <= 12:
                found[bisect_right(ends, match.start())].add("@m" + str(int(number)))
    return found


# Countries and unions a translation names in its own words (and acronyms: OTAN, ООН), as language-free keys. Per
# language: a key, then its names, "|" between them (Russian ones are stems: they inflect; Korean ones take particles).
# Only the languages measured to gain on bench/alignment.py: not Spanish (-0.001 on the default draw) nor Japanese
# (-0.006 of paragraph F1 on the default draw).
PLACE_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "^us": "US|USA|United States|American|Americans|U.S.",
        "^uk": "UK|Britain|British|England|U.K.",
        "^eu": "EU|European Union",
        "^un": "UN|United Nations|U.N.",
        "^nato": "NATO",
        "^cn": "China|Chinese",
        "^ru": "Russia|Russian|Moscow",
        "^jp": "Japan|Japanese",
        "^de": "Germany|German",
        "^fr": "France|French",
        "^kr": "Korea|Korean|Pyongyang|Seoul",
    },
    "vi": {
        "^us": "Hoa Kỳ|Mỹ",
        "^uk": "nước Anh|Nước Anh|Vương quốc Anh|Anh Quốc|người Anh|Người Anh",
        "^eu": "EU|Liên minh châu Âu|Liên minh Châu Âu",
        "^un": "Liên Hợp Quốc|Liên hợp quốc|LHQ",
        "^nato": "NATO",
        "^cn": "Trung Quốc",
        "^ru": "Nga|Moscow",
        "^jp": "Nhật|Nhật Bản",
        "^de": "Đức",
        "^fr": "Pháp",
        "^kr": "Triều Tiên|Hàn Quốc|Bình Nhưỡng|Seoul",
    },
    "ru": {
        "^us": "США|Соединённых Штат|Соединенных Штат|Америк|американ",
        "^uk": "Великобритан|Британи|британ|Англи",
        "^eu": "ЕС|Евросоюз|Европейский союз|Европейского союза|Европейском союзе|Европейскому союзу",
        "^un": "ООН",
        "^nato": "НАТО",
        "^cn": "Кита|китайск",
        "^ru": "Росси|российск|Москв",
        "^jp": "Япони|японск",
        "^de": "Германи|немецк",
        "^fr": "Франци|французск",
        "^kr": "Коре|корейск|КНДР|Пхеньян|Сеул",
    },
    "ko": {
        "^us": "미국",
        "^uk": "영국",
        "^eu": "유럽연합|유럽 연합",
        "^un": "유엔|국제연합",
        "^nato": "나토",
        "^cn": "중국",
        "^ru": "러시아|모스크바",
        "^jp": "일본",
        "^de": "독일",
        "^fr": "프랑스",
        "^kr": "한국|북한|남한|평양|서울",
    },
}
PLACE_TABLES = {language: Names.of(names) for language, names in PLACE_NAMES.items()}


def place_keys(text: str, language: str) -> frozenset[str]:
    """The countries and unions a text names, as language-free keys.

    >>> sorted(place_keys("NATO and EU membership, said the U.S.", "en")), sorted(place_keys("НАТО, ЕС и США", "ru"))
    (['^eu', '^nato', '^us'], ['^eu', '^nato', '^us'])
    >>> sorted(place_keys("미국과 북한의 정상회담", "ko")), sorted(place_keys("Hoa Kỳ và Triều Tiên", "vi"))
    (['^kr', '^us'], ['^kr', '^us'])
    """
    names = PLACE_TABLES.get(language)
    return frozenset(names.found(text, language)) if names else frozenset()


PLACES = frozenset(PLACE_NAMES) - {"en"}


# A question in both parts: English "?" and Japanese "？", Spanish "¿...?". Only for the languages it was measured to
# help (en-ja paragraphs +0.010, en-vi +0.005 on the default draw; en-ru lost 0.002 with it, so not there).
QUESTION_LANGUAGES = frozenset({"ja", "vi", "es", "fr"})
QUESTION = frozenset({"?"})


def question_key(text: str) -> frozenset[str]:
    """The key of a question mark, Latin or fullwidth.

    >>> question_key("¿Está a favor?"), question_key("賛成か？"), question_key("Yes.")
    (frozenset({'?'}), frozenset({'?'}), frozenset())
    """
    return QUESTION if "?" in text or "\uff1f" in text else frozenset()


def _question_evidence(language: str, other: str) -> Kind | None:
    if language != other and "en" in {language, other} and (language in QUESTION_LANGUAGES or other in QUESTION_LANGUAGES):
        return Kind(question_key)
    return None


class Kind(NamedTuple):
    """One kind of key: a text's, and, when it can be looked for in several texts at once, each one's of several joined
    by SEPARATOR (a scan of each text costs several calls in Python, most of a paragraph's time)."""

    one: Finder
    each: Callable[[str], list[set[str]] | list[frozenset[str]]] | None = None


class Evidence:
    """The keys of every kind to look for in a part: a text's by calling it, the paragraphs' of a part by each()."""

    def __init__(self, kinds: list[Kind]) -> None:
        self.kinds = kinds

    def __call__(self, text: str) -> frozenset[str]:
        if len(self.kinds) == 1:
            return self.kinds[0].one(text)
        return frozenset().union(*(kind.one(text) for kind in self.kinds))

    def each(self, texts: Sequence[str]) -> list[frozenset[str]]:
        """The keys of each text, as calling it on each gives them, each kind looked for in all the texts at once.

        >>> russian, texts = evidence_for("ru", "en"), ["В субботу референдум", "", "Македонии, США и ООН в мае"]
        >>> [sorted(keys) for keys in russian.each(texts)]
        [['%rvrnd', '@d6'], [], ['%mkdn', '@m5', '^un', '^us']]
        >>> russian.each(texts) == list(map(russian, texts))
        True
        """
        joined = SEPARATOR.join(texts)
        if not texts or joined.count(SEPARATOR) != len(texts) - 1:  # a text holds SEPARATOR: each looked through apart
            return [self(text) for text in texts]
        per_kind = [kind.each(joined) if kind.each else list(map(kind.one, texts)) for kind in self.kinds]
        return [frozenset().union(*keys) for keys in zip(*per_kind, strict=True)]


def _consonants_of_each(fold: Callable[[str], str], mark: str, minimum: int, size: int) -> Callable[[str], list[frozenset[str]]]:
    """A skeleton's keys of each text of several joined by SEPARATOR: the texts folded to consonants at once (fold keeps
    SEPARATOR, and maps each character apart), then the keys of each."""
    return lambda texts: [_keys(mark, consonants, minimum, size) for consonants in fold(texts).split(SEPARATOR)]


@cache  # built once per pair of languages (a few microseconds each time: partials, patterns looked up), shared after
def evidence_for(language: str, other: str) -> Evidence | None:
    """The evidence to look for in a part in `language` aligned with a part in `other`, None when there is none.

    >>> sorted(evidence_for("ru", "en")("Референдум в субботу")), sorted(evidence_for("en", "ru")("Referendum on Saturday"))
    (['%rvrnd', '@d6'], ['%rvrnd', '%strd', '@d6'])
    >>> evidence_for("en", "zh-Hant") is None
    True
    """
    kinds = [_script_evidence(language, other), _calendar_evidence(language, other), _place_evidence(language, other)]
    kinds.append(_question_evidence(language, other))
    present = [kind for kind in kinds if kind]
    return Evidence(present) if present else None


def _place_evidence(language: str, other: str) -> Kind | None:
    """Between English and a language of PLACES."""
    if (language in PLACES or other in PLACES) and "en" in {language, other} and language != other and language in PLACE_NAMES:
        return Kind(partial(place_keys, language=language), partial(PLACE_TABLES[language].found_in_each, language=language))
    return None


def _script_evidence(language: str, other: str) -> Kind | None:
    """Keys of words written in another script than the other part's (Cyrillic, Hangul) and of their English spellings."""
    if language in CYRILLIC_LANGUAGES and other not in CYRILLIC_LANGUAGES:
        return Kind(cyrillic_skeletons, _consonants_of_each(_cyrillic_consonants, "%", MIN_SKELETON, SKELETON_CONSONANTS))
    if other in CYRILLIC_LANGUAGES and language not in CYRILLIC_LANGUAGES:
        return Kind(latin_skeletons, _consonants_of_each(_latin_consonants, "%", MIN_SKELETON, SKELETON_CONSONANTS))
    if language == "ko" and other != "ko":
        return Kind(hangul_skeletons, _consonants_of_each(_hangul_consonants, "&", MIN_KOREAN_SKELETON, KOREAN_SKELETON))
    if other == "ko" and language != "ko":
        return Kind(korean_name_skeletons)
    return None


def _calendar_evidence(language: str, other: str) -> Kind | None:
    if language == other or language not in CALENDAR_WORDS or other not in CALENDAR_WORDS:
        return None
    return Kind(partial(calendar_keys, language=language), partial(_calendar_keys_of_each, language=language))
