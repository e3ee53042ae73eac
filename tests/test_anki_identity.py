"""A note's identity is its label path, never its content: editing a key point's body
and re-exporting updates that one note in place (checked with Anki's own importer)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from anki_client import import_package
from conftest import run

# key_points.md: 4 leaf key points (TD 目标, 自举, 一步 TD, 多步 TD; 分组 only groups them)
# and the leaf section 蒙特卡洛, which has no labelled bullet and is one card of its own.
NOTES_IN_FIXTURE = 5


def export(notes: Path, package: Path) -> None:
    code, output = run("anki", str(notes), "-o", str(package))
    assert code == 0, output


def edit(notes: Path, old: str, new: str) -> None:
    text = notes.read_text(encoding="utf-8")
    assert text.count(old) == 1
    notes.write_text(text.replace(old, new), encoding="utf-8")
    stat = notes.stat()
    os.utime(notes, (stat.st_atime, stat.st_mtime + 60))  # an edit made a minute later


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("偏差换方差", "用偏差换取更小的方差"),  # a top-level key point
        ("看 $n$ 步再自举", "看 $k$ 步以后再自举"),  # a key point nested in a group
        ("无偏但方差大", "无偏, 但方差很大"),  # a leaf section without labelled bullets
    ],
    ids=["key-point", "nested-key-point", "section"],
)
def test_edited_body_updates_the_same_note(
    old: str, new: str, fixture_copy, tmp_path: Path, collection
) -> None:
    notes = fixture_copy("key_points.md")
    package = tmp_path / "deck.apkg"  # the same output path each time, as the CLI does
    export(notes, package)
    first = import_package(collection, package)
    assert len(first.new) == NOTES_IN_FIXTURE
    [note_id] = collection.find_notes(old.replace("$", "").split()[-1])
    guid = collection.get_note(note_id).guid

    edit(notes, old, new)
    export(notes, package)
    log = import_package(collection, package)

    assert not log.new and len(log.updated) == 1, (log.new, log.updated)
    assert collection.note_count() == NOTES_IN_FIXTURE
    note = collection.get_note(note_id)
    assert note.guid == guid
    assert new.split()[-1] in " ".join(note.fields)


def test_guids_survive_any_body_edit(fixture_copy, tmp_path: Path, collection) -> None:
    """Every body of the file rewritten at once: still the same notes, all updated."""
    notes = fixture_copy("key_points.md")
    package = tmp_path / "deck.apkg"
    export(notes, package)
    import_package(collection, package)
    guids = {collection.get_note(n).guid for n in collection.find_notes("")}
    for old, new in [
        ("代替完整回报", "近似回报"),
        ("偏差换方差", "方差换偏差"),
        ("只看下一步", "只看一步"),
        ("看 $n$ 步再自举", "看多步"),
        ("无偏但方差大", "方差大"),
    ]:
        edit(notes, old, new)
    export(notes, package)
    log = import_package(collection, package)
    assert not log.new and len(log.updated) == NOTES_IN_FIXTURE
    assert {collection.get_note(n).guid for n in collection.find_notes("")} == guids


def test_renamed_label_is_a_new_note(fixture_copy, tmp_path: Path, collection) -> None:
    """The other side of identity: the label is the key, so renaming it makes a new note
    (and the old one stays in the collection, as Anki keeps notes it no longer receives)."""
    notes = fixture_copy("key_points.md")
    package = tmp_path / "deck.apkg"
    export(notes, package)
    import_package(collection, package)
    edit(notes, "**自举**", "**自举法**")
    export(notes, package)
    log = import_package(collection, package)
    assert len(log.new) == 1 and not log.updated
    assert collection.note_count() == NOTES_IN_FIXTURE + 1


def test_repeated_label_in_one_section_gives_distinct_notes(tmp_path: Path, collection) -> None:
    """Found by test_parse_fuzz before the merge: two notes shared one GUID."""
    notes = tmp_path / "repeated.md"
    notes.write_text(
        "## 笔记\n\n### 例子\n\n- **注意**: 第一条;\n- **注意**: 第二条;\n", encoding="utf-8"
    )
    package = tmp_path / "deck.apkg"
    export(notes, package)
    import_package(collection, package)
    guids = [collection.get_note(n).guid for n in collection.find_notes("")]
    assert len(guids) == 2 and len(set(guids)) == 2
