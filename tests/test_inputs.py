"""Folders as inputs: recursive, sorted, hidden folders skipped, each file once."""

from __future__ import annotations

from pathlib import Path

from exporter.inputs import find_notes


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("## x\n", encoding="utf-8")
    return path


def test_a_vault_is_searched_in_order(tmp_path: Path) -> None:
    vault = tmp_path / "My Vault"
    _touch(vault / "b.md")
    _touch(vault / "a.markdown")
    _touch(vault / "Deep Learning" / "注意力 机制.md")
    _touch(vault / "Deep Learning" / "image.png")
    _touch(vault / ".obsidian" / "workspace.md")
    _touch(vault / ".git" / "notes.md")
    _touch(vault / ".hidden.md")
    found = find_notes([vault])
    assert [f.path.relative_to(vault).as_posix() for f in found] == [
        "a.markdown",
        "b.md",
        "Deep Learning/注意力 机制.md",
    ]
    assert [f.group for f in found] == [(), (), ("Deep Learning",)]
    assert all(f.root == vault for f in found)


def test_the_same_file_twice_counts_once(tmp_path: Path) -> None:
    notes = _touch(tmp_path / "notes.md")
    found = find_notes([notes, tmp_path, Path(str(notes))])
    assert [f.path for f in found] == [notes]
    assert found[0].root is None


def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    _touch(vault / "a.md")
    outside = _touch(tmp_path / "outside" / "secret.md")
    (vault / "link").symlink_to(outside.parent, target_is_directory=True)
    assert [f.path.name for f in find_notes([vault])] == ["a.md"]
