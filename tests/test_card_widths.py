"""Every card side fits a 360 px phone in Anki's reviewer, typeset by Anki's own MathJax
(needs chromium and Anki's MathJax: skipped with the reason otherwise)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run

sys.path.insert(0, str(ROOT / "tools"))
import reviewer


def _measure(notes: Path, tmp_path: Path) -> reviewer.PageReport:
    if reviewer.find_chromium() is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    mathjax = reviewer.find_mathjax()
    if mathjax is None:
        pytest.skip("Anki's MathJax is not here: uv run python tools/reviewer.py fetch-mathjax")
    package = tmp_path / "deck.apkg"
    code, output = run("anki", str(notes), "-o", str(package), "-q")
    assert code == 0, output
    sides = list(reviewer.anki_sides(package))
    with tempfile.TemporaryDirectory() as scratch:
        report = reviewer.render(reviewer.page(sides, mathjax), Path(scratch))
    assert report.title == "REPORT" and len(report.sides) == len(sides)
    return report


def _too_wide(report: reviewer.PageReport) -> list[tuple[str, int, list[str]]]:
    return [(side.name, side.width, side.wide) for side in report.sides if side.too_wide]


def test_wide_content_scrolls_in_its_own_box(tmp_path: Path) -> None:
    report = _measure(FIXTURES / "wide.md", tmp_path)
    assert report.typeset >= 3  # the inline, display and table formulas
    assert _too_wide(report) == []
    assert [side.errors for side in report.sides if side.errors] == []


def test_user_draft_fits_a_phone(user_draft: Path, tmp_path: Path) -> None:
    report = _measure(user_draft, tmp_path)
    assert _too_wide(report) == []
    assert [side.errors for side in report.sides if side.errors] == []
