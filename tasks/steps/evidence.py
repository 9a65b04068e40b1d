"""Evidence a translation keeps that is not spelled as in English: per language, keys both sides of an alignment
share (tasks/steps/align.py counts a key only when both parts hold it, weighed by how rare it is in the document).

- Russian (Cyrillic): words transliterated to Latin letters and folded to a consonant skeleton, so that a name or a
  borrowed word and its English spelling agree: Македонии and Macedonia, референдуме and referendum (a word's key is
  its first five consonants in classes, four at least: a shorter key would match too many words of the other part).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

Evidence = Callable[[str], frozenset[str]]

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
_LATIN = str.maketrans({**dict.fromkeys("aeiouy", None), "c": "k", "q": "k", "g": "k", "h": "k", "z": "s", "f": "v", "w": "v"})
CYRILLIC_WORD = re.compile("[\u0400-\u04ff]{4,}")
LATIN_WORD = re.compile("[A-Za-z]{4,}")
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "mk", "sr-Cyrl", "kk"})


def cyrillic_skeletons(text: str) -> frozenset[str]:
    """The skeleton keys of a Cyrillic text's words.

    >>> sorted(cyrillic_skeletons("Референдум в Македонии, Мидсомер Нортон"))
    ['%mdsmr', '%mkdn', '%nrtn', '%rvrnd']
    """
    return frozenset(filter(None, (_skeleton(word.lower().translate(_CYRILLIC)) for word in CYRILLIC_WORD.findall(text))))


def latin_skeletons(text: str) -> frozenset[str]:
    """The skeleton keys of a Latin-script text's words, as cyrillic_skeletons folds Cyrillic ones.

    >>> sorted(latin_skeletons("The referendum in Macedonia, Midsomer Norton"))
    ['%mdsmr', '%mkdn', '%nrtn', '%rvrnd']
    """
    return frozenset(filter(None, (_latin_skeleton(word) for word in LATIN_WORD.findall(text))))


def _latin_skeleton(word: str) -> str | None:
    spelled = word.lower()
    for spelling, sound in _ENGLISH_SPELLINGS:
        spelled = spelled.replace(spelling, sound)
    return _skeleton(spelled.translate(_LATIN))


def _skeleton(consonants: str) -> str | None:
    collapsed = "".join(c for i, c in enumerate(consonants) if i == 0 or consonants[i - 1] != c)
    return "%" + collapsed[:SKELETON_CONSONANTS] if len(collapsed) >= MIN_SKELETON else None


# Hangul syllables decompose arithmetically (0xAC00 + (initial * 21 + vowel) * 28 + final): each initial and final
# consonant as a class of the sounds Korean transcribes English ones with (f and p are one letter, ㅍ; r, l are ㄹ)
_INITIALS = ("k", "k", "n", "t", "t", "l", "m", "p", "p", "s", "s", "", "s", "s", "s", "k", "t", "p", "")
_FINALS = ("", "k", "k", "ks", "n", "ns", "n", "t", "l", "lk", "lm", "lp", "ls", "lt", "lp", "l", "m", "p", "ps", "t", "t", "n")
_FINALS += ("t", "t", "k", "t", "p", "")
HANGUL_WORD = re.compile("[\uac00-\ud7a3]{2,}")
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
    """The skeleton keys of a Korean text's words (a particle after a name adds its consonants at the end).

    >>> sorted(hangul_skeletons("트럼프 대통령은 샌디에이고의 인도네시아"))
    ['&ntns', '&sntk', '&tlmp', '&tnln']
    """
    return frozenset(filter(None, (_korean_key("".join(map(_hangul_consonants, word))) for word in HANGUL_WORD.findall(text))))


def korean_name_skeletons(text: str) -> frozenset[str]:
    """The skeleton keys of a Latin-script text's capitalised words, spelled as Korean transcribes them: each run of
    them as one word (San Diego, 샌디에이고), and each word of a run of several (Joko Widodo, 조코 위도도).

    >>> sorted(korean_name_skeletons("President Trump in San Diego, Indonesia"))
    ['&ntns', '&plstn', '&sntk', '&tlmp']
    """
    keys = set()
    for run in NAME_RUN.findall(text):
        words = run.split(" ")
        keys.add(_korean_latin_key("".join(words)))
        if len(words) > 1:
            keys.update(map(_korean_latin_key, words))
    keys.discard(None)
    return frozenset(keys)


def _korean_latin_key(word: str) -> str | None:
    spelled = word.lower()
    for pattern, sound in _KOREAN_SPELLINGS:
        spelled = pattern.sub(sound, spelled)
    return _korean_key(spelled.translate(_KOREAN_LATIN))


def _hangul_consonants(syllable: str) -> str:
    index = ord(syllable) - 0xAC00
    return _INITIALS[index // 588] + _FINALS[index % 28]


def _korean_key(consonants: str) -> str | None:
    collapsed = "".join(c for i, c in enumerate(consonants) if i == 0 or consonants[i - 1] != c)
    return "&" + collapsed[:KOREAN_SKELETON] if len(collapsed) >= MIN_KOREAN_SKELETON else None


# Days and months, as the key "@d1" (Monday) to "@d7" and "@m1" (January) to "@m12": a date is kept by a translation
# when the words for it are not. Per language: a regular expression whose groups are the days then the months
# (matched lower-cased, but for English, whose "May" and "march" are also words), or a month's number before or after
# its word (10월, 10月). Not Vietnamese: its days (thứ Hai) and months (tháng 10) lowered en-vi by 0.004 on the default
# draw (in the documents that changed, the date was in a sentence the other side dropped).
CALENDAR_WORDS: dict[str, tuple[str, str]] = {  # per language: its days from Monday, its months from January
    "en": (
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "January February March April May June July August Sept?(?:ember)? Oct(?:ober)? Nov(?:ember)? Dec(?:ember)?",
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
        "понедельник вторник сред[аыу] четверг пятниц суббот воскресень",
        "январ феврал март апрел ма[йяе] июн июл август сентябр октябр ноябр декабр",
    ),  # stems: Russian inflects them
    "ko": ("월요일 화요일 수요일 목요일 금요일 토요일 일요일", ""),
    "ja": ("月曜 火曜 水曜 木曜 金曜 土曜 日曜", ""),
}
CASED_CALENDARS = frozenset({"en"})
MONTH_NUMBERS = {"ko": re.compile(r"(\d{1,2})월"), "ja": re.compile(r"(\d{1,2})月")}


UNSPACED_CALENDARS = frozenset({"ko", "ja"})
STEM_CALENDARS = frozenset({"ru"})


def _calendar_pattern(language: str) -> re.Pattern[str]:
    words = " ".join(CALENDAR_WORDS[language]).split()
    before = "" if language in UNSPACED_CALENDARS else r"\b"
    after = "" if language in UNSPACED_CALENDARS or language in STEM_CALENDARS else r"\b"
    return re.compile(before + "(?:" + "|".join(f"({word})" for word in words) + ")" + after)


def _calendar_keys(language: str) -> list[str]:
    days, months = (words.split() for words in CALENDAR_WORDS[language])
    return [f"@d{day}" for day in range(1, len(days) + 1)] + [f"@m{month}" for month in range(1, len(months) + 1)]


CALENDAR_PATTERNS = {language: _calendar_pattern(language) for language in CALENDAR_WORDS}
CALENDAR_KEYS = {language: _calendar_keys(language) for language in CALENDAR_WORDS}


def calendar_keys(text: str, language: str) -> frozenset[str]:
    """The days and months a text names, as language-free keys.

    >>> sorted(calendar_keys("On Sunday, 30 September, Macedonians voted", "en"))
    ['@d7', '@m9']
    >>> sorted(calendar_keys("El domingo 30 de septiembre votaron", "es")), sorted(calendar_keys("일요일 9월 30일", "ko"))
    (['@d7', '@m9'], ['@d7', '@m9'])
    >>> sorted(calendar_keys("В воскресенье 30 сентября, самая", "ru")), sorted(calendar_keys("Chủ Nhật, 30 tháng 9", "vi"))
    (['@d7', '@m9'], [])
    """
    pattern = CALENDAR_PATTERNS.get(language)
    if pattern is None:
        return frozenset()
    keys = CALENDAR_KEYS[language]
    found = {keys[match.lastindex - 1] for match in pattern.finditer(text if language in CASED_CALENDARS else text.lower())}
    if language in MONTH_NUMBERS:
        found.update("@m" + str(int(number)) for number in MONTH_NUMBERS[language].findall(text) if 1 <= int(number) <= 12)
    return frozenset(found)


# Countries and unions a translation names in its own words (and acronyms: OTAN, ООН), as language-free keys. Per
# language: a key, then a regular expression of its names (Russian and Korean ones are stems: they inflect or take
# particles). Only the languages measured to gain on bench/alignment.py: not Spanish (-0.001 on the default draw) nor
# Japanese (-0.006 of paragraph F1 on the default draw).
PLACE_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "^us": r"\b(?:US|USA|United States|Americans?)\b|\bU\.S\.",
        "^uk": r"\b(?:UK|Britain|British|England)\b|\bU\.K\.",
        "^eu": r"\b(?:EU|European Union)\b",
        "^un": r"\b(?:UN|United Nations)\b|\bU\.N\.",
        "^nato": r"\bNATO\b",
        "^cn": r"\b(?:China|Chinese)\b",
        "^ru": r"\b(?:Russia|Russian|Moscow)\b",
        "^jp": r"\b(?:Japan|Japanese)\b",
        "^de": r"\b(?:Germany|German)\b",
        "^fr": r"\b(?:France|French)\b",
        "^kr": r"\b(?:Korea|Korean|Pyongyang|Seoul)\b",
    },
    "vi": {
        "^us": r"\b(?:Hoa Kỳ|Mỹ)\b",
        "^uk": r"\b(?:[Nn]ước Anh|Vương quốc Anh|Anh Quốc|[Nn]gười Anh)\b",
        "^eu": r"\b(?:EU|Liên minh [Cc]hâu Âu)\b",
        "^un": r"\b(?:Liên Hợp Quốc|Liên hợp quốc|LHQ)\b",
        "^nato": r"\bNATO\b",
        "^cn": r"\bTrung Quốc\b",
        "^ru": r"\b(?:Nga|Moscow)\b",
        "^jp": r"\bNhật(?: Bản)?\b",
        "^de": r"\bĐức\b",
        "^fr": r"\bPháp\b",
        "^kr": r"\b(?:Triều Tiên|Hàn Quốc|Bình Nhưỡng|Seoul)\b",
    },
    "ru": {
        "^us": r"(?:США|Соединённых Штат|Соединенных Штат|Америк|американ)",
        "^uk": r"(?:Великобритан|Британи|британ|Англи)",
        "^eu": r"(?:\bЕС\b|Евросоюз|Европейск\w+ союз)",
        "^un": r"\bООН\b",
        "^nato": r"\bНАТО\b",
        "^cn": r"(?:Кита|китайск)",
        "^ru": r"(?:Росси|российск|Москв)",
        "^jp": r"(?:Япони|японск)",
        "^de": r"(?:Германи|немецк)",
        "^fr": r"(?:Франци|французск)",
        "^kr": r"(?:Коре|корейск|КНДР|Пхеньян|Сеул)",
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
PLACE_PATTERNS = {
    language: re.compile("|".join(f"(?P<{key[1:]}>{pattern})" for key, pattern in names.items()))
    for language, names in PLACE_NAMES.items()
}


def place_keys(text: str, language: str) -> frozenset[str]:
    """The countries and unions a text names, as language-free keys.

    >>> sorted(place_keys("NATO and EU membership, said the U.S.", "en")), sorted(place_keys("НАТО, ЕС и США", "ru"))
    (['^eu', '^nato', '^us'], ['^eu', '^nato', '^us'])
    >>> sorted(place_keys("미국과 북한의 정상회담", "ko")), sorted(place_keys("Hoa Kỳ và Triều Tiên", "vi"))
    (['^kr', '^us'], ['^kr', '^us'])
    """
    pattern = PLACE_PATTERNS.get(language)
    return frozenset("^" + match.lastgroup for match in pattern.finditer(text)) if pattern else frozenset()


PLACES = frozenset(PLACE_NAMES) - {"en"}


CALENDAR = True


def evidence_for(language: str, other: str) -> Evidence | None:
    """The evidence to look for in a part in `language` aligned with a part in `other`, None when there is none.

    >>> sorted(evidence_for("ru", "en")("Референдум в субботу")), sorted(evidence_for("en", "ru")("Referendum on Saturday"))
    (['%rvrnd', '@d6'], ['%rvrnd', '%strd', '@d6'])
    >>> evidence_for("en", "zh-Hant") is None
    True
    """
    finders = [_script_evidence(language, other), _calendar_evidence(language, other), _place_evidence(language, other)]
    finders = [finder for finder in finders if finder]
    if len(finders) < 2:
        return finders[0] if finders else None
    return lambda text: frozenset().union(*(finder(text) for finder in finders))


def _place_evidence(language: str, other: str) -> Evidence | None:
    """Between English and a language of PLACES."""
    if (language in PLACES or other in PLACES) and "en" in {language, other} and language != other and language in PLACE_NAMES:
        return partial(place_keys, language=language)
    return None


def _script_evidence(language: str, other: str) -> Evidence | None:
    """Keys of words written in another script than the other part's (Cyrillic, Hangul) and of their English spellings."""
    if language in CYRILLIC_LANGUAGES and other not in CYRILLIC_LANGUAGES:
        return cyrillic_skeletons
    if other in CYRILLIC_LANGUAGES and language not in CYRILLIC_LANGUAGES:
        return latin_skeletons
    if language == "ko" and other != "ko":
        return hangul_skeletons
    if other == "ko" and language != "ko":
        return korean_name_skeletons
    return None


def _calendar_evidence(language: str, other: str) -> Evidence | None:
    if not CALENDAR or language == other or language not in CALENDAR_WORDS or other not in CALENDAR_WORDS:
        return None
    return partial(calendar_keys, language=language)
