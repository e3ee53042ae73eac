"""Byte-identity guard: with SOURCE_DATE_EPOCH pinned, the sample notes and the user's draft
give the same deck bytes and the same sheet text on every run.

Set NOTES_EXPORTER_GOLDEN to a folder of earlier outputs (made by the lead's make.sh:
`<stem>.apkg` and `<stem>.pdf.txt`, with SOURCE_DATE_EPOCH=1700000000 and the draft
copied as `draft.md`) to compare with those too, e.g. across a refactoring."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import PINNED_EPOCH, SAMPLE_NOTES, USER_DRAFT, export_pinned
from pypdf import PdfReader

GOLDEN = os.environ.get("NOTES_EXPORTER_GOLDEN")


def pdf_text(path: Path) -> str:
    """As make.sh extracts it: the pages' text, one page after another."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def notes_copy(tmp_path: Path):
    """The notes under the name the golden files were made from (the name is in the
    cards' source field and the sheet's title block)."""

    def copy(which: str) -> Path:
        if which == "draft":
            if not USER_DRAFT.is_file():
                pytest.skip(f"the user's draft is not beside the project ({USER_DRAFT})")
            return Path(shutil.copy(USER_DRAFT, tmp_path / "draft.md"))
        return Path(shutil.copy(SAMPLE_NOTES, tmp_path / "ppo-rlhf.md"))

    return copy


@pytest.mark.parametrize("which", ["sample", "draft"])
def test_deck_is_byte_identical_across_runs(which: str, notes_copy, tmp_path: Path) -> None:
    notes = notes_copy(which)
    first, _ = export_pinned("anki", notes, tmp_path / "first" / "deck.apkg")
    second, _ = export_pinned("anki", notes, tmp_path / "second" / "deck.apkg")
    assert first.read_bytes() == second.read_bytes()
    if GOLDEN:
        golden = Path(GOLDEN) / f"{notes.stem}.apkg"
        assert PINNED_EPOCH == "1700000000"  # the epoch make.sh pins
        assert first.read_bytes() == golden.read_bytes(), f"differs from {golden}"


def test_sample_sheet_text_is_stable(sample_pdf, tmp_path: Path) -> None:
    again, _ = export_pinned("pdf", SAMPLE_NOTES, tmp_path / "again.pdf")
    assert pdf_text(again) == pdf_text(sample_pdf[0])


def test_draft_sheet_text_is_stable(draft_pdf, tmp_path: Path) -> None:
    again, _ = export_pinned("pdf", USER_DRAFT, tmp_path / "again.pdf")
    assert pdf_text(again) == pdf_text(draft_pdf[0])


@pytest.mark.skipif(not GOLDEN, reason="set NOTES_EXPORTER_GOLDEN to compare with golden files")
@pytest.mark.parametrize("which", ["sample", "draft"])
def test_sheet_text_matches_the_golden_files(which: str, notes_copy, tmp_path: Path) -> None:
    notes = notes_copy(which)
    sheet, _ = export_pinned("pdf", notes, tmp_path / f"{notes.stem}.pdf")
    golden = Path(str(GOLDEN)) / f"{notes.stem}.pdf.txt"
    assert pdf_text(sheet) + "\n" == golden.read_text(encoding="utf-8")
