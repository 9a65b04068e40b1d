"""The parsed lexicon is kept between runs (tasks/steps/lexicon.py read_lexicon): read back as parsed, parsed again
when its inputs change or its file is damaged, and a cache that cannot be written changes nothing but the time."""

from __future__ import annotations

import hashlib
import marshal
import pwd
import time
from pathlib import Path

import pytest

from tasks.steps.lexicon import (
    KEPT_CACHE_FILES,
    _read,
    cache_folder,
    dictionary_path,
    read_lexicon,
    shinjitai_path,
    shinjitai_table,
)


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[str, ...]]:
    return _read(dictionary_path(), shinjitai_table(shinjitai_path()))


def checksummed(table: dict[str, tuple[str, ...]] | list[str]) -> bytes:
    data = marshal.dumps(table)
    return hashlib.sha256(data).digest() + data


def test_the_lexicon_is_parsed_once_then_read_back_from_its_cache(tmp_path: Path, parsed: dict) -> None:
    assert read_lexicon(dictionary_path(), shinjitai_path(), tmp_path) == parsed
    (cached,) = tmp_path.iterdir()
    assert cached.read_bytes() == checksummed(parsed)
    # what the cache holds is what is returned: the file is read, not the dictionary parsed again
    cached.write_bytes(checksummed({"政府": ("&marker",)}))
    assert read_lexicon(dictionary_path(), shinjitai_path(), tmp_path) == {"政府": ("&marker",)}


def test_a_damaged_cache_is_parsed_again_and_replaced(tmp_path: Path, parsed: dict) -> None:
    read_lexicon(dictionary_path(), shinjitai_path(), tmp_path)
    (cached,) = tmp_path.iterdir()
    whole = cached.read_bytes()
    middle = len(whole) // 2
    damaged = [
        whole[:middle],  # a copy cut short
        whole[:middle] + bytes([whole[middle] ^ 1]) + whole[middle + 1 :],  # one bit flipped: it still unmarshals
        marshal.dumps(parsed),  # no checksum
        checksummed(["not", "a", "table"]),
    ]
    for content in damaged:
        cached.write_bytes(content)
        assert read_lexicon(dictionary_path(), shinjitai_path(), tmp_path) == parsed
        assert cached.read_bytes() == whole


def test_a_changed_input_is_parsed_again_under_another_name(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    table = tmp_path / "JPVariants.txt"
    table.write_text(shinjitai_path().read_text(encoding="utf-8"), encoding="utf-8")
    before = read_lexicon(dictionary_path(), table, cache)
    (first,) = cache.iterdir()
    table.write_text(table.read_text(encoding="utf-8").replace("經\t経", "經\tX"), encoding="utf-8")
    after = read_lexicon(dictionary_path(), table, cache)
    assert {path.name for path in cache.iterdir()} - {first.name} != set()
    assert "経済" in before and "経済" not in after and "X済" in after  # 經濟: both characters have shinjitai forms


def test_versions_sharing_the_cache_keep_their_files_and_only_the_least_recently_used_goes(tmp_path: Path) -> None:
    """Before, each version removed every other version's file: two checkouts (or an install and a checkout) run in
    turn parsed CC-CEDICT again on every run."""
    cache, tables = tmp_path / "cache", []
    for version in range(KEPT_CACHE_FILES + 1):  # shinjitai tables that differ in one line: one cache file each
        table = tmp_path / f"JPVariants-{version}.txt"
        table.write_text(shinjitai_path().read_text(encoding="utf-8") + f"{version}\t{version}\n", encoding="utf-8")
        tables.append(table)
    names: list[str] = []
    for table in tables[:KEPT_CACHE_FILES]:
        read_lexicon(dictionary_path(), table, cache)
        names.append(({path.name for path in cache.iterdir()} - set(names)).pop())
    time.sleep(0.01)
    read_lexicon(dictionary_path(), tables[0], cache)  # read back, not parsed: the first becomes the most recently used
    assert sorted(path.name for path in cache.iterdir()) == sorted(names)
    read_lexicon(dictionary_path(), tables[-1], cache)
    assert names[1] not in {path.name for path in cache.iterdir()}  # the least recently used, the second, went
    assert {names[0], names[2]} < {path.name for path in cache.iterdir()}
    assert len(list(cache.iterdir())) == KEPT_CACHE_FILES


def test_a_cache_folder_that_cannot_be_written_leaves_the_lexicon_uncached(tmp_path: Path, parsed: dict) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert read_lexicon(dictionary_path(), shinjitai_path(), blocked / "reprints") == parsed
    assert read_lexicon(dictionary_path(), shinjitai_path(), None) == parsed
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a-file"]


def test_the_cache_folder_is_set_by_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REPRINTS_CACHE_DIR", str(tmp_path))
    assert cache_folder() == tmp_path
    monkeypatch.setenv("REPRINTS_CACHE_DIR", "")
    assert cache_folder() is None
    monkeypatch.delenv("REPRINTS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "reprints"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_folder() == tmp_path / ".cache" / "reprints"


def test_a_user_without_a_home_gets_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """A container's user: no HOME, no passwd entry (Path.home() raises)."""
    for variable in ("REPRINTS_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(variable, raising=False)

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    with pytest.raises(RuntimeError):
        Path.home()
    assert cache_folder() is None
