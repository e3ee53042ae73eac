"""What each card says and where it sits, read back with Anki's own backend: fields,
tags, source lines, identities across files, and reproducible timestamps. Expectations
come from the Markdown (line numbers found by searching it) or are written out."""

from __future__ import annotations

import os
import re
from pathlib import Path

from anki_client import import_package
from conftest import FIXTURES, run


def export(*notes: Path, out: Path, options: tuple[str, ...] = ()) -> Path:
    code, output = run("anki", *map(str, notes), "-o", str(out), *options)
    assert code == 0, output
    return out


def notes_by_first_field(collection) -> dict[str, object]:
    notes = [collection.get_note(n) for n in collection.find_notes("")]
    return {re.sub(r"<[^>]+>", "", note.fields[0]): note for note in notes}


def line_of(path: Path, text: str) -> int:
    [number] = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line]
    return number


def test_fields_tags_and_source_lines(fixture_copy, tmp_path: Path, collection) -> None:
    notes = fixture_copy("list_style.md")
    import_package(collection, export(notes, out=tmp_path / "deck.apkg"))
    by_front = notes_by_first_field(collection)
    question = by_front[r"什么是概率比 \(r_t(\theta)\)?"]
    assert question["Source"] == f"list_style.md:{line_of(notes, '**什么是概率比')}"
    assert question.tags == ["策略梯度小抄::面试题::基础概念"]
    assert question["Category"] == "基础概念"
    point = by_front["子要点甲"]
    assert point["Source"] == f"list_style.md:{line_of(notes, '**子要点甲**')}"
    assert point.tags == ["策略梯度小抄::笔记::策略梯度基础::重要性采样::分组标签"]
    assert point["Breadcrumb"] == "策略梯度基础 › 重要性采样 › 分组标签"
    section = by_front["优势函数"]  # a leaf section: its body starts below the heading
    assert section["Source"] == f"list_style.md:{line_of(notes, '### 优势函数') + 1}"
    # display math for MathJax's display mode, inline math for its inline mode
    assert "\\[A(s, a) = Q(s, a) - V(s)\\]" in section["Content"]
    assert r"\(V\)" in section["Content"]


def test_a_question_without_follow_ups_or_reference_shows_neither(
    tmp_path: Path, collection
) -> None:
    import_package(collection, export(FIXTURES / "qa_style.md", out=tmp_path / "qa.apkg"))
    by_front = notes_by_first_field(collection)
    question = by_front["KL 惩罚加在哪里？"]
    assert question["FollowUps"] == "" and question["Reference"] == ""
    card = collection.get_card(question.card_ids()[0])
    assert "可能的追问" not in card.answer() and "参考笔记" not in card.answer()


def test_an_unresolved_reference_adds_no_block(tmp_path: Path, collection) -> None:
    notes = FIXTURES / "unresolved_reference.md"
    import_package(collection, export(notes, out=tmp_path / "u.apkg"))
    question = notes_by_first_field(collection)["价值函数是什么?"]
    assert question["Reference"] == ""
    assert "<details" not in collection.get_card(question.card_ids()[0]).answer()


def test_the_same_question_in_two_files_is_two_notes(tmp_path: Path, collection) -> None:
    """A note's identity includes its file's: two files asking the same thing keep two
    notes (and two subdecks), also when there are only two files."""
    for name, title in (("a.md", "甲笔记"), ("b.md", "乙笔记")):
        (tmp_path / name).write_text(
            f"# {title}\n\n## 面试题\n\n1. **什么是 PPO?**\n"
            f"    - **答案**: {title}的答案;\n    - **追问**: 为什么?\n",
            encoding="utf-8",
        )
    package = export(tmp_path / "a.md", tmp_path / "b.md", out=tmp_path / "both.apkg")
    log = import_package(collection, package)
    assert len(log.new) == 2 and not log.duplicate
    assert len({collection.get_note(n).guid for n in collection.find_notes("")}) == 2
    decks = sorted(
        collection.decks.name(collection.get_card(c).did) for c in collection.find_cards("")
    )
    assert decks == ["甲笔记::乙笔记::面试题", "甲笔记::甲笔记::面试题"]


def test_front_matter_id_keeps_notes_when_the_title_changes(tmp_path: Path, collection) -> None:
    notes = tmp_path / "notes.md"
    text = "---\nid: my-notes\ntitle: 旧标题\n---\n\n## 笔记\n\n- **要点**: 内容;\n"
    notes.write_text(text, encoding="utf-8")
    package = export(notes, out=tmp_path / "deck.apkg")
    import_package(collection, package)
    [note_id] = collection.find_notes("")
    notes.write_text(text.replace("旧标题", "新标题"), encoding="utf-8")
    os.utime(notes, (notes.stat().st_atime, notes.stat().st_mtime + 60))
    log = import_package(collection, export(notes, out=package))
    assert not log.new and collection.find_notes("") == [note_id]


def test_a_title_with_double_colons_is_one_deck_level(tmp_path: Path, collection) -> None:
    notes = tmp_path / "cpp.md"
    notes.write_text("# C++ :: 模板\n\n## 基础\n\n- **特化**: 内容;\n", encoding="utf-8")
    import_package(collection, export(notes, out=tmp_path / "cpp.apkg"))
    [note] = [collection.get_note(n) for n in collection.find_notes("")]
    assert collection.decks.name(collection.get_card(note.card_ids()[0]).did) == (
        "C++: 模板::笔记::基础"
    )
    assert note.tags == ["C++_:_模板::笔记::基础"]  # a tag has no spaces


def test_pinned_epoch_ignores_mtime_and_still_updates_edits(
    fixture_copy, tmp_path: Path, collection, monkeypatch
) -> None:
    """SOURCE_DATE_EPOCH pins the notes' times: touching the file changes no byte, and an
    edit made under the same pinned time is still newer than the imported copy."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    notes = fixture_copy("list_style.md")
    package = export(notes, out=tmp_path / "deck.apkg")
    first = package.read_bytes()
    import_package(collection, package)
    os.utime(notes, (notes.stat().st_atime, notes.stat().st_mtime + 3600))
    assert export(notes, out=tmp_path / "other.apkg").read_bytes() == first
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("它降低梯度估计的方差", "改写的答案"), encoding="utf-8")
    log = import_package(collection, export(notes, out=package))
    assert len(log.updated) == 1 and not log.new
    [note_id] = collection.find_notes("改写的答案")
    assert collection.get_note(note_id).mod == 1700000000 + 1


def test_decks_of_two_files_imported_one_after_the_other_keep_both(
    tmp_path: Path, collection
) -> None:
    """Two files exported separately: importing the second must not take over the notes
    of the first (which a GUID without the file's identity would)."""
    for name, title in (("a.md", "甲笔记"), ("b.md", "乙笔记")):
        notes = tmp_path / name
        notes.write_text(f"# {title}\n\n## 笔记\n\n- **PPO**: {title}的内容;\n", "utf-8")
        log = import_package(collection, export(notes, out=tmp_path / f"{name}.apkg"))
        assert len(log.new) == 1 and not log.updated and not log.duplicate
    assert collection.note_count() == 2
