"""The cycle collector is paused while `export anki` and `export check` build their
model, and running again afterwards (a `--watch` loop relies on that)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from conftest import FIXTURES, run

import exporter.commands.anki as anki_command
import exporter.commands.check as check_command
from exporter.commands.collector import collector_paused


def test_paused_inside_and_running_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_resumes_it() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("export failed")
    assert gc.isenabled()


def test_what_was_made_inside_waits_in_the_oldest_generation_and_is_still_collected() -> None:
    class Cycle:
        pass

    with collector_paused():
        made = [Cycle() for _ in range(1000)]
        for item in made:
            item.me = item  # type: ignore[attr-defined]
        del made, item
        assert gc.get_count()[0] >= 1000
    assert gc.get_count()[0] < 100  # not walked by the next young collection
    assert gc.get_freeze_count() == 0
    assert gc.collect() >= 1000  # a full pass still frees the cycles


def test_export_anki_builds_its_deck_with_the_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    build = anki_command.build_package

    def recording(*args, **kwargs):
        seen.append(gc.isenabled())
        return build(*args, **kwargs)

    monkeypatch.setattr(anki_command, "build_package", recording)
    code, output = run("anki", str(FIXTURES / "list_style.md"), "-o", str(tmp_path / "d.apkg"))
    assert code == 0, output
    assert seen == [False] and gc.isenabled()


def test_export_check_reads_its_files_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    check_file = check_command.check_file

    def recording(*args, **kwargs):
        seen.append(gc.isenabled())
        return check_file(*args, **kwargs)

    monkeypatch.setattr(check_command, "check_file", recording)
    run("check", str(FIXTURES / "list_style.md"))
    assert seen == [False] and gc.isenabled()
