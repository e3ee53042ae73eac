"""`--fix` writes only the file it read (issue 10.4): unchanged on disk since (size, mtime,
content hash), through a symlink into its target, keeping mode and owner, never a
read-only file. Each refusal leaves the file exactly as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import FIXTURES

from exporter.check.files import check_file
from exporter.check.fix import FixRefused, Snapshot, fix_text, write_back

BAD = FIXTURES / "check" / "t002_bad.md"
FIXED_LINE = "- 使用 PPO 训练语言模型;"


def notes_in(folder: Path) -> Path:
    notes = folder / "notes.md"
    notes.write_bytes(BAD.read_bytes())
    return notes


def fixed_text(notes: Path) -> str:
    return fix_text(notes.read_text(encoding="utf-8"), notes).text


def test_a_file_edited_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    notes = notes_in(tmp_path)
    snapshot, fixed = Snapshot.take(notes), fixed_text(notes)
    notes.write_text("## 我刚改过\n\n- 新内容;\n", encoding="utf-8")  # the user saves meanwhile
    with pytest.raises(FixRefused, match="changed since"):
        write_back(notes, fixed, snapshot)
    assert notes.read_text(encoding="utf-8") == "## 我刚改过\n\n- 新内容;\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]  # no temporary left


def test_same_size_and_time_but_other_content_is_caught_by_the_hash(tmp_path: Path) -> None:
    notes = notes_in(tmp_path)
    snapshot, fixed = Snapshot.take(notes), fixed_text(notes)
    before = notes.stat()
    data = notes.read_bytes()
    notes.write_bytes(data.replace("训练".encode(), "学习".encode()))  # same length
    os.utime(notes, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert notes.stat().st_size == before.st_size
    with pytest.raises(FixRefused, match="content changed"):
        write_back(notes, fixed, snapshot)
    assert "学习".encode() in notes.read_bytes()


def test_a_touched_file_is_not_overwritten(tmp_path: Path) -> None:
    notes = notes_in(tmp_path)
    snapshot, fixed = Snapshot.take(notes), fixed_text(notes)
    status = notes.stat()
    os.utime(notes, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))
    with pytest.raises(FixRefused, match="modification time"):
        write_back(notes, fixed, snapshot)
    assert notes.read_bytes() == BAD.read_bytes()


def test_a_symlink_fixes_its_target_in_place(tmp_path: Path) -> None:
    real = notes_in(tmp_path)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    report = check_file(link, fix=True)
    assert report.fixed == 10
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert FIXED_LINE in real.read_text(encoding="utf-8")


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    notes = notes_in(tmp_path)
    notes.chmod(0o444)
    with pytest.raises(FixRefused, match="read-only"):
        check_file(notes, fix=True)
    assert notes.read_bytes() == BAD.read_bytes()
    assert stat.S_IMODE(notes.stat().st_mode) == 0o444


def test_mode_is_kept(tmp_path: Path) -> None:
    notes = notes_in(tmp_path)
    notes.chmod(0o604)
    check_file(notes, fix=True)
    assert stat.S_IMODE(notes.stat().st_mode) == 0o604
    assert FIXED_LINE in notes.read_text(encoding="utf-8")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_owner_is_kept(tmp_path: Path) -> None:
    notes = notes_in(tmp_path)
    os.chown(notes, 4321, 4321)
    check_file(notes, fix=True)
    status = notes.stat()
    assert (status.st_uid, status.st_gid) == (4321, 4321)
    assert FIXED_LINE in notes.read_text(encoding="utf-8")


def test_the_command_says_why_it_refused(tmp_path: Path) -> None:
    from conftest import invoke

    notes = notes_in(tmp_path)
    notes.chmod(0o444)
    result = invoke("check", "--fix", str(notes))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {notes}: is read-only")
