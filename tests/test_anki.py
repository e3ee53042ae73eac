"""`export anki`, proven by importing into a fresh collection with Anki's own backend."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from anki_client import import_package, rendered_cards
from conftest import FIXTURES, SAMPLE_NOTES

from exporter.anki import build_package
from exporter.parse import parse_file

ROOT_DECK = "策略梯度小抄"


def export(notes: Path, output: Path, **options) -> Path:
    build_package([parse_file(notes)], output, **options)
    return output


def strip_code(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", html, flags=re.S)


def assert_mathjax_ready(html: str) -> None:
    body = strip_code(html)
    assert body.count(r"\(") == body.count(r"\)")
    assert body.count(r"\[") == body.count(r"\]")
    # a `$` before a digit or space is money ("costs $5"), anything else a lost delimiter
    assert not re.search(r"\$(?![\d\s])", body), "a $ delimiter reached a card"
    assert "<script" not in body and "anki-mathjax" not in body


def test_import_counts_decks_and_media(fixture_copy, tmp_path: Path, collection) -> None:
    package = export(fixture_copy("list_style.md"), tmp_path / "out.apkg")
    log = import_package(collection, package)
    # 3 questions; key points 概率比, 为什么需要相近的策略, 子要点甲, 子要点乙 (分组标签 only
    # groups them); the leaf section 优势函数 has no labelled bullets, so it is one card.
    assert len(log.new) == 8 and not log.duplicate and not log.conflicting
    assert not log.missing_notetype and not log.missing_deck and not log.empty_first_field
    assert collection.note_count() == 8 and collection.card_count() == 8
    decks = {name for name in (d.name for d in collection.decks.all_names_and_ids())}
    assert {
        f"{ROOT_DECK}::面试题::基础概念",
        f"{ROOT_DECK}::面试题::进阶",
        f"{ROOT_DECK}::笔记::策略梯度基础",
    } <= decks
    media = Path(collection.media.dir())
    assert (media / "a_b.png").is_file()


def test_rendered_cards(fixture_copy, tmp_path: Path, collection) -> None:
    import_package(collection, export(fixture_copy("list_style.md"), tmp_path / "out.apkg"))
    cards = {question: (deck, answer) for deck, question, answer in rendered_cards(collection)}
    by_text = {strip_code(q): v for q, v in cards.items()}
    question = next(k for k in by_text if "什么是概率比" in k)
    deck, answer = by_text[question]
    assert deck == f"{ROOT_DECK}::面试题::基础概念"
    assert r"\(r_t(\theta)\)" in question and "基础概念" in question
    assert "新旧策略在同一动作上的概率之比" in answer
    assert "可能的追问" in answer and "有什么办法限制它?" in answer
    # the referenced section itself, collapsible
    assert "<details><summary>参考笔记: 重要性采样</summary>" in answer
    assert "两个策略相差太远时权重的方差会爆炸" in answer
    for question_html, (_, answer_html) in cards.items():
        assert_mathjax_ready(question_html)
        assert_mathjax_ready(answer_html)
    point = next(v for k, v in by_text.items() if "子要点甲" in k)
    assert r"\(a&lt;b\)" in point[1] and r"\(x \&amp; y\)" in point[1]
    section = next(v for k, v in by_text.items() if ">优势函数<" in k)
    assert 'class="highlight"' in section[1] and '<img src="a_b.png"' in section[1]


def test_reimport_changes_nothing(fixture_copy, tmp_path: Path, collection) -> None:
    package = export(fixture_copy("list_style.md"), tmp_path / "out.apkg")
    import_package(collection, package)
    again = import_package(collection, package)
    assert not again.new and not again.updated and len(again.duplicate) == 8
    assert collection.note_count() == 8


def test_edited_answer_updates_note_and_keeps_history(
    fixture_copy, tmp_path: Path, collection
) -> None:
    notes = fixture_copy("list_style.md")
    package = tmp_path / "deck.apkg"  # the same output path each time, as the CLI does
    import_package(collection, export(notes, package))
    [note_id] = collection.find_notes("什么是概率比")
    card = collection.get_card(collection.find_cards(f"nid:{note_id}")[0])
    card.start_timer()
    collection.sched.answerCard(card, 3)  # a review: the card now has history
    assert collection.db.scalar("select count() from revlog where cid = ?", card.id) == 1

    text = notes.read_text(encoding="utf-8").replace(
        "新旧策略在同一动作上的概率之比", "改写后的答案"
    )
    notes.write_text(text, encoding="utf-8")
    stat = notes.stat()
    os.utime(notes, (stat.st_atime, stat.st_mtime + 60))  # an edit made a minute later
    log = import_package(collection, export(notes, package))

    assert len(log.updated) == 1 and not log.new
    assert collection.find_notes("什么是概率比") == [note_id]
    assert "改写后的答案" in collection.get_note(note_id)["Answer"]
    assert collection.db.scalar("select count() from revlog where cid = ?", card.id) == 1
    assert collection.get_card(card.id).reps == 1
    assert collection.note_count() == 8


def test_touched_but_unchanged_notes_update_nothing(
    fixture_copy, tmp_path: Path, collection
) -> None:
    notes = fixture_copy("list_style.md")
    package = tmp_path / "deck.apkg"
    import_package(collection, export(notes, package))
    os.utime(notes, (notes.stat().st_atime, notes.stat().st_mtime + 3600))  # e.g. git checkout
    log = import_package(collection, export(notes, package))
    assert not log.new and not log.updated


def test_same_notes_give_the_same_package(fixture_copy, tmp_path: Path) -> None:
    notes = fixture_copy("list_style.md")
    first = export(notes, tmp_path / "a.apkg").read_bytes()
    second = export(notes, tmp_path / "b.apkg").read_bytes()
    assert first == second


def test_package_holds_no_stray_files(fixture_copy, tmp_path: Path) -> None:
    package = export(fixture_copy("list_style.md"), tmp_path / "out" / "deck.apkg")
    assert sorted(p.name for p in package.parent.iterdir()) == ["deck.apkg"]
    with zipfile.ZipFile(package) as archive:
        assert archive.namelist() == ["collection.anki2", "media", "0"]


def test_raw_html_reaches_cards_harmless(tmp_path: Path, collection) -> None:
    import_package(collection, export(FIXTURES / "raw_html.md", tmp_path / "out.apkg"))
    for _, question, answer in rendered_cards(collection):
        for html in (question, answer):
            lowered = strip_code(html).lower()
            assert "onclick" not in lowered and "onerror" not in lowered
            assert 'href="javascript' not in lowered and "<script" not in lowered
            assert "<iframe" not in lowered


def test_deck_name_option(fixture_copy, tmp_path: Path, collection) -> None:
    import_package(
        collection, export(fixture_copy("list_style.md"), tmp_path / "o.apkg", deck_name="面经")
    )
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert "面经::面试题::进阶" in names


def test_user_draft_imports(user_draft: Path, tmp_path: Path, collection) -> None:
    log = import_package(collection, export(user_draft, tmp_path / "draft.apkg"))
    assert not log.conflicting and not log.duplicate
    interview = collection.find_notes('"note:Notes Exporter: Interview Q&A"')
    assert len(interview) == 13
    for _, question, answer in rendered_cards(collection):
        assert_mathjax_ready(question)
        assert_mathjax_ready(answer)


def test_sample_notes_import(tmp_path: Path, collection) -> None:
    log = import_package(collection, export(SAMPLE_NOTES, tmp_path / "sample.apkg"))
    assert len(log.new) == collection.note_count() > 60
    for _, question, answer in rendered_cards(collection):
        assert_mathjax_ready(question)
        assert_mathjax_ready(answer)
