"""Notes written the way people write them (Typora, Obsidian): heading questions,
imperative and bold questions, sibling titles that differ only by a symbol, repeated
labels, index pages; each fixture is written for the purpose."""

from __future__ import annotations

import os
from pathlib import Path

from anki_client import import_package
from conftest import FIXTURES, run
from hypothesis import HealthCheck, given, settings
from notes_strategies import GeneratedNotes, notes

from exporter import coverage
from exporter.parse import parse_file, parse_text
from exporter.selection import select_cards

REAL = FIXTURES / "real"


def test_questions_as_people_write_them() -> None:
    document = parse_file(REAL / "heading_notes.md")
    asked = [(q.style, q.numbering, str(q.text)) for q in document.questions]
    assert asked == [
        ("heading", "1", "什么是马尔可夫决策过程？"),
        ("heading", "1.1", "折扣因子 $\\gamma $ 起什么作用？"),
        ("heading", "1.2", "马尔可夫性是什么意思？"),
        ("heading", None, "请简述一下时序差分方法。"),
        ("heading", None, "介绍一下 GAE"),
        ("bold", None, "为什么需要基线？"),
    ]
    parent = document.questions[0]
    assert "起什么作用" not in parent.answer and "历史无关" not in parent.answer  # not repeated
    assert [str(q) for q in parent.sub_questions] == [
        "折扣因子 $\\gamma $ 起什么作用？",
        "马尔可夫性是什么意思？",
    ]
    assert "基线通常取状态价值" in document.questions[-1].answer  # every paragraph after it


def test_notes_that_never_write_follow_ups_are_not_asked_for_them() -> None:
    document = parse_file(REAL / "heading_notes.md")
    assert not [w for w in document.warnings if w.code == "Q002"]


def test_contents_and_reference_lists_make_no_card_and_are_named() -> None:
    document = parse_file(REAL / "heading_notes.md")
    assert [why for _start, _end, why in document.skipped] == [
        "table of contents",
        "reference list",
    ]
    labels = [str(p.label) for p in select_cards(document).points]
    assert "目录" not in labels and "参考资料" not in labels
    assert "策略优化" in labels  # the intro of a section that has sub-sections
    assert "更深一层的细节" in labels  # a heading five levels deep


def test_index_and_navigation_pages_have_nothing_to_card() -> None:
    for name in ("README.md", "_sidebar.md"):
        document = parse_file(REAL / name)
        assert [w.code for w in document.warnings] == ["N001"], name
        assert not select_cards(document).points and not document.questions


def test_every_prose_line_of_the_fixtures_is_on_a_card() -> None:
    for path in sorted(REAL.glob("*.md")):
        document = parse_file(path)
        measured = coverage.measure([document], [select_cards(document)])
        assert measured.lost == [], (path.name, [str(r) for r in measured.lost])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_every_prose_line_of_generated_notes_is_on_a_card(generated: GeneratedNotes) -> None:
    text = generated.markdown
    document = parse_text(text, Path("notes.md"))
    measured = coverage.measure([document], [select_cards(document)])
    assert measured.lost == [], (text, [str(r) for r in measured.lost])


def test_titles_that_differ_by_a_symbol_are_distinct_cards() -> None:
    keys = [p.key for p in select_cards(parse_file(REAL / "heading_notes.md")).points]
    assert len(keys) == len(set(keys))
    keys = [p.key for p in select_cards(parse_file(REAL / "repeated_labels.md")).points]
    assert len(keys) == len(set(keys)) == 6  # 典型问题 twice, C and C++


def test_an_edit_to_one_of_two_look_alike_cards_updates_only_it(tmp_path: Path, collection) -> None:
    """`m > n 时` and `m < n 时` once had one identity, and Anki merged them."""
    notes = tmp_path / "notes.md"
    notes.write_text((REAL / "heading_notes.md").read_text(encoding="utf-8"), encoding="utf-8")
    package = tmp_path / "deck.apkg"
    code, output = run("anki", str(notes), "-o", str(package))
    assert code == 0, output
    import_package(collection, package)
    [upper] = collection.find_notes("上界起作用")
    [lower] = collection.find_notes("下界起作用")
    assert upper != lower
    card = collection.get_card(collection.find_cards(f"nid:{lower}")[0])
    card.start_timer()
    collection.sched.answerCard(card, 3)
    before_upper = collection.get_note(upper).fields

    notes.write_text(
        notes.read_text(encoding="utf-8").replace("下界起作用", "下界起作用, 比值被截在 1-ε"),
        encoding="utf-8",
    )
    stat = notes.stat()
    os.utime(notes, (stat.st_atime, stat.st_mtime + 60))
    code, output = run("anki", str(notes), "-o", str(package))
    assert code == 0, output
    log = import_package(collection, package)

    assert len(log.updated) == 1 and not log.new
    assert "截在" in collection.get_note(lower)["Content"]
    assert collection.get_note(upper).fields == before_upper
    assert collection.get_card(card.id).reps == 1  # its history is kept
    assert collection.db.scalar("select count() from revlog where cid = ?", card.id) == 1
