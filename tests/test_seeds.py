"""The sample notes in seeds/ are the README's showcase: they must export cleanly."""

from __future__ import annotations

from conftest import SAMPLE_NOTES

from exporter.parse import parse_file


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


def test_sample_notes_export_without_warnings(tmp_path) -> None:
    """The showcase: both writers run on it with nothing to warn about, and the sheet
    prints every section and question."""
    from test_pdf import assert_in_order, expected_strings, pdf_text, run, squash

    document = parse_file(SAMPLE_NOTES)
    for command, suffix in (("anki", ".apkg"), ("pdf", ".pdf")):
        out = tmp_path / f"sample{suffix}"
        code, output = run(command, str(SAMPLE_NOTES), "-o", str(out))
        assert code == 0 and "warning" not in output, output
        assert output.strip().startswith(f"wrote {out}")
    assert_in_order(squash(pdf_text(tmp_path / "sample.pdf")), expected_strings(document))
