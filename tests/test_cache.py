"""The disk cache: entries survive, corrupt ones are misses, the switch turns it off."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter import cache
from exporter.cache import DiskCache, key_of


@pytest.fixture(autouse=True)
def _enabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)


def test_an_entry_comes_back(tmp_path: Path) -> None:
    store = DiskCache("things", root=tmp_path)
    key = key_of(["a", b"b"])
    assert store.get(key) is None
    store.put(key, b"payload")
    assert store.get(key) == b"payload"
    assert not list(tmp_path.rglob("*.tmp"))


def test_keys_tell_parts_apart() -> None:
    assert key_of(["ab", "c"]) != key_of(["a", "bc"])
    assert key_of(["x"]) == key_of([b"x"])


def test_a_corrupt_or_foreign_entry_is_a_miss(tmp_path: Path) -> None:
    store = DiskCache("things", root=tmp_path)
    key = key_of(["k"])
    store.put(key, b"payload" * 100)
    (entry,) = [p for p in tmp_path.rglob("*") if p.is_file()]
    entry.write_bytes(entry.read_bytes()[:-5])  # truncated by a crash
    assert store.get(key) is None
    entry.write_bytes(b"something else entirely")
    assert store.get(key) is None
    store.put(key, b"new")
    assert store.get(key) == b"new"


def test_the_switch_turns_it_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = DiskCache("things", root=tmp_path)
    monkeypatch.setenv(cache.ENV_DISABLE, "1")
    store.put(key_of(["k"]), b"payload")
    assert store.get(key_of(["k"])) is None
    assert not any(tmp_path.rglob("*"))


def test_an_unwritable_folder_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = DiskCache("things", root=blocker)
    store.put(key_of(["k"]), b"payload")  # must not raise
    assert store.get(key_of(["k"])) is None


def test_the_user_cache_folder_honours_xdg(tmp_path: Path, monkeypatch) -> None:
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("XDG_CACHE_HOME is the Linux convention")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_root() == tmp_path / "notes-exporter"
