"""The parsed lexicon is kept between runs (tasks/steps/lexicon.py read_lexicon): read back as parsed, parsed again
when its inputs change or its file is damaged, and a cache that cannot be written changes nothing but the time."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from tasks.steps.lexicon import _read, cache_folder, dictionary_path, read_lexicon, shinjitai_path, shinjitai_table


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[str, ...]]:
    return _read(dictionary_path(), shinjitai_table(shinjitai_path()))


def test_the_lexicon_is_parsed_once_then_read_back_from_its_cache(tmp_path: Path, parsed: dict) -> None:
    assert read_lexicon(dictionary_path(), shinjitai_path(), tmp_path) == parsed
    (cached,) = tmp_path.iterdir()
    assert marshal.loads(cached.read_bytes()) == parsed
    # what the cache holds is what is returned: the file is read, not the dictionary parsed again
    cached.write_bytes(marshal.dumps({"政府": ("&marker",)}))
    assert read_lexicon(dictionary_path(), shinjitai_path(), tmp_path) == {"政府": ("&marker",)}


def test_a_damaged_cache_is_parsed_again_and_replaced(tmp_path: Path, parsed: dict) -> None:
    read_lexicon(dictionary_path(), shinjitai_path(), tmp_path)
    (cached,) = tmp_path.iterdir()
    whole = cached.read_bytes()
    cached.write_bytes(whole[: len(whole) // 2])  # a copy cut short
    assert read_lexicon(dictionary_path(), shinjitai_path(), tmp_path) == parsed
    assert cached.read_bytes() == whole
    cached.write_bytes(marshal.dumps(["not", "a", "table"]))
    assert read_lexicon(dictionary_path(), shinjitai_path(), tmp_path) == parsed


def test_a_changed_input_is_parsed_again_under_another_name(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    table = tmp_path / "JPVariants.txt"
    table.write_text(shinjitai_path().read_text(encoding="utf-8"), encoding="utf-8")
    before = read_lexicon(dictionary_path(), table, cache)
    table.write_text(table.read_text(encoding="utf-8").replace("經\t経", "經\tX"), encoding="utf-8")
    after = read_lexicon(dictionary_path(), table, cache)
    assert len(list(cache.iterdir())) == 2
    assert "経済" in before and "経済" not in after and "X済" in after  # 經濟: both characters have shinjitai forms


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
