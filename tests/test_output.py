"""Atomic output: the previous file survives a failure; a new file gets ordinary permissions."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest
from conftest import run

from exporter.errors import OutputError
from exporter.output import atomic_write, check_output, interruptions_held, scratch_folder


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with atomic_write(target) as temporary:
        temporary.write_bytes(b"data")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with atomic_write(target) as temporary:
        temporary.write_bytes(b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o640


def test_failure_keeps_previous_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("renderer failed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


# -- never over an input, a device, a pipe or a folder ------------------------------------

NOTES = "## 笔记\n\n### 一节\n\n- **要点**: 内容\n"


def notes_file(tmp_path: Path) -> Path:
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    return notes


@pytest.mark.parametrize("command", ["anki", "pdf"])
@pytest.mark.parametrize("how", ["same-name", "other-spelling", "symlink", "hard-link"])
def test_output_that_is_an_input_is_refused(tmp_path: Path, command: str, how: str) -> None:
    notes = notes_file(tmp_path)
    out = {"same-name": notes, "other-spelling": tmp_path / "." / "x" / ".." / "notes.md"}.get(
        how, tmp_path / "alias.md"
    )
    (tmp_path / "x").mkdir()
    if how == "symlink":
        out.symlink_to(notes)
    if how == "hard-link":
        os.link(notes, out)
    code, output = run(command, str(notes), "-o", str(out))
    assert code == 1, output
    [line] = output.strip().splitlines()
    assert line.startswith("error: ") and "is the input" in line and "choose another path" in line
    assert notes.read_text(encoding="utf-8") == NOTES
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_output_that_is_one_of_several_inputs_is_refused(tmp_path: Path) -> None:
    first = notes_file(tmp_path)
    second = tmp_path / "second.md"
    second.write_text(NOTES, encoding="utf-8")
    code, output = run("anki", str(first), str(second), "-o", str(second))
    assert code == 1 and "is the input" in output and second.read_text("utf-8") == NOTES


@pytest.mark.parametrize("command", ["anki", "pdf"])
def test_a_device_is_never_replaced(tmp_path: Path, command: str) -> None:
    before = os.stat("/dev/null")
    code, output = run(command, str(notes_file(tmp_path)), "-o", "/dev/null")
    assert code == 1 and "not a regular file" in output, output
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert not list(Path("/dev").glob(".null.*.tmp"))


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "out.apkg"
    os.mkfifo(fifo)
    code, output = run("anki", str(notes_file(tmp_path)), "-o", str(fifo))
    assert code == 1 and "not a regular file" in output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir])
def test_atomic_write_refuses_a_special_target(tmp_path: Path, make) -> None:
    target = tmp_path / "special"
    make(target)
    refused = pytest.raises(OutputError, match="only a regular file or a new path")
    with refused, atomic_write(target) as temporary:
        temporary.write_bytes(b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["special"]


def test_a_target_that_becomes_special_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with pytest.raises(OutputError), atomic_write(target) as temporary:
        temporary.write_bytes(b"x")
        os.mkfifo(target)
    assert stat.S_ISFIFO(os.stat(target).st_mode) and len(list(tmp_path.iterdir())) == 1


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "decks" / "deck.apkg"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "deck.apkg"
    link.symlink_to(real)
    with atomic_write(link) as temporary:
        temporary.write_bytes(b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_check_output_accepts_a_new_path_and_an_old_export(tmp_path: Path) -> None:
    notes = notes_file(tmp_path)
    check_output(tmp_path / "new.apkg", [notes])
    (tmp_path / "old.apkg").write_bytes(b"previous")
    check_output(tmp_path / "old.apkg", [notes])


def test_a_signal_waits_until_the_temporary_folder_can_be_removed() -> None:
    arrived: list[str] = []
    previous = signal.signal(signal.SIGHUP, lambda *_: arrived.append("now"))
    try:
        with interruptions_held():
            os.kill(os.getpid(), signal.SIGHUP)
            arrived.append("inside")
        folder = scratch_folder("notes-test-")
        assert arrived == ["inside", "now"]  # held, then delivered as the block ended
        path = folder.name
        folder.cleanup()
        assert not os.path.exists(path)
    finally:
        signal.signal(signal.SIGHUP, previous)
