"""The sample notes in seeds/ are the README's showcase: they must export cleanly.

The sample is ours, so its counts are exact. They are read from the Markdown with
`markdown_outline` (a few regular expressions), not with the parser under test."""

from __future__ import annotations

from conftest import SAMPLE_NOTES
from markdown_outline import read_outline

from exporter.parse import parse_file

OUTLINE = read_outline(SAMPLE_NOTES)


def test_the_independent_reading_of_the_sample() -> None:
    """Figures a reader can check in the file: the README promises 70 questions."""
    assert len(OUTLINE.questions) == 70
    assert [number for number, _ in OUTLINE.questions] == list(range(1, 71))
    assert len(OUTLINE.notes_headings) == 49  # 1 ##, 9 ###, 39 ####
    assert len(OUTLINE.labelled_bullets) == 191
    categories = [t for lvl, t in OUTLINE.headings[len(OUTLINE.notes_headings) + 1 :]]
    assert len(categories) == 8


def test_sample_notes_are_complete_and_clean() -> None:
    document = parse_file(SAMPLE_NOTES)
    assert document.warnings == ()  # every reference resolves, every question is complete
    assert len(document.questions) >= 60
    assert len(document.categories()) >= 6
    assert [q.number for q in document.questions] == list(range(1, len(document.questions) + 1))
    for question in document.questions:
        assert question.answer and question.follow_ups
        assert question.references and all(r.resolved for r in question.references)
    [notes] = document.sections
    assert len(notes.children) >= 8
    assert sum(1 for p in document.key_points() if p.is_card) >= 150


def test_sample_notes_parse_to_exactly_what_the_file_holds() -> None:
    document = parse_file(SAMPLE_NOTES)
    assert [(q.number, q.text) for q in document.questions] == OUTLINE.questions
    categories = [t for lvl, t in OUTLINE.headings[len(OUTLINE.notes_headings) + 1 :]]
    assert [c[-1] for c in document.categories()] == categories
    assert [(s.level, s.title) for s in document.walk_sections()] == OUTLINE.notes_headings
    [notes] = document.sections
    assert len(notes.children) == sum(1 for lvl, _ in OUTLINE.notes_headings if lvl == 3) == 9
    points = list(document.key_points())
    assert [p.label for p in points] == OUTLINE.labelled_bullets
    assert all(p.is_card for p in points)


def test_sample_deck_imports_every_note(tmp_path, collection) -> None:
    from anki_client import import_package
    from conftest import run

    out = tmp_path / "sample.apkg"
    code, output = run("anki", str(SAMPLE_NOTES), "-o", str(out))
    # one Q&A note per question, one key-point note per labelled bullet, and one for each of
    # the 3 sections with text outside their bullets (裁剪的分情况分析, GAE 递推实现,
    # 方法对比总结); 8 categories and 9 top sections are the decks that hold cards
    assert code == 0 and f"wrote {out}: 264 notes, 264 cards, 0 media files, 17 decks" in output
    log = import_package(collection, out)
    assert len(log.new) == collection.note_count() == collection.card_count() == 70 + 191 + 3
    interview = collection.find_notes('"note:Notes Exporter: Interview Q&A"')
    assert len(interview) == len(OUTLINE.questions)


def test_sample_notes_export_without_warnings(tmp_path, sample_pdf) -> None:
    """The showcase: both writers run on it with nothing to warn about, and the sheet
    prints every section and question."""
    from markdown_outline import assert_in_order, squash
    from test_pdf import pdf_text, run

    out = tmp_path / "sample.apkg"
    code, output = run("anki", str(SAMPLE_NOTES), "-o", str(out))
    assert code == 0 and "warning" not in output, output
    assert output.strip().startswith(f"wrote {out}")
    path, output = sample_pdf
    assert "warning" not in output, output
    assert output.strip().startswith(f"wrote {path}")
    assert_in_order(squash(pdf_text(path)), OUTLINE.in_order)
