"""House styles (issue 12.1-12.2): the user's half-width style and the standard one of
Chinese copywriting guides; each file judged by its dominant style when none is chosen;
and `--fix` under a style leaves nothing that style could fix and adds no finding."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_check_fix import _notes, reading

from exporter.check.engine import analyse
from exporter.check.fix import fix_text
from exporter.check.registry import STYLES
from exporter.errors import InputError
from exporter.parse import parse_text

STYLED = FIXTURES / "check_styles"
ALL_FIXTURES = sorted([*(FIXTURES / "check").glob("*.md"), *STYLED.glob("*.md")])


def assert_fix_makes_no_new_findings(text: str, style: str, path: Path) -> None:
    """Fixed under `style`: nothing fixable left, no rule finds more than before, the
    meaning kept, and a second fix changes nothing."""
    overrides = {"style": style}
    before = analyse(text, path, overrides=overrides, with_document=False)
    fixed = fix_text(text, path, overrides=overrides)
    after = analyse(fixed.text, path, overrides=overrides, with_document=False)
    assert [f for f in after.findings if f.fixable] == []
    grown = Counter(f.rule for f in after.findings) - Counter(f.rule for f in before.findings)
    assert not grown, (style, grown)
    assert fix_text(fixed.text, path, overrides=overrides).applied == 0
    if fixed.text != text:
        assert reading(fixed.text) == reading(text)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_fixing_a_fixture_under_either_style(path: Path, style: str) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        parse_text(text, path)
    except InputError:
        pytest.skip("the parser refuses this fixture (S004)")
    assert_fix_makes_no_new_findings(text, style, path)


# Standard-style pieces on top of the half-width ones: full-width marks with and without
# spaces around, full-width parentheses, and labels with a full-width colon.
_STANDARD_PIECES = ["，", "。", "；", "：", "？", "！", "、", "（", "）", "「", "」", "， ", " 。",
                    "**答案**：", "中文（English）", "训练, ", "结论. ", "问题? "]  # fmt: skip
_standard_phrase = st.lists(
    st.one_of(st.sampled_from(_STANDARD_PIECES), st.sampled_from(["策略", "PPO", "3", "$x$"])),
    min_size=1,
    max_size=14,
).map("".join)
_standard_notes = st.lists(
    st.one_of(_standard_phrase.map(lambda p: f"- {p}"), _standard_phrase), min_size=1, max_size=6
).map(lambda blocks: "## 笔记\n\n" + "\n\n".join(blocks) + "\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_notes, _standard_notes), st.sampled_from(STYLES))
def test_fixing_generated_notes_under_either_style(text: str, style: str) -> None:
    try:
        parse_text(text, Path("notes.md"))
    except InputError:
        return
    assert_fix_makes_no_new_findings(text, style, Path("notes.md"))


def test_a_standard_file_is_judged_as_standard_and_says_so() -> None:
    path = STYLED / "standard.md"
    result = invoke("check", str(path))
    assert result.exit_code == 0 and result.stdout == "All checks passed!\n"
    result = invoke("check", str(STYLED / "standard_broken.md"))
    assert result.exit_code == 1
    assert ": T001 " not in result.stdout  # its `，。？` are its style, not findings
    assert ": T007 [*] half-width `,` after Chinese" in result.stdout
    assert "style standard (inferred: 7 full-width and 3 half-width" in result.stderr


def test_the_same_file_under_the_other_style() -> None:
    result = invoke("check", "--style", "half-width", str(STYLED / "standard.md"))
    assert result.exit_code == 1 and ": T001 [*] full-width `，`" in result.stdout
    result = invoke("check", "--style", "standard", str(STYLED / "half_width.md"))
    assert result.exit_code == 1 and ": T007 " in result.stdout
    assert invoke("check", str(STYLED / "half_width.md")).exit_code == 0


def test_fixing_a_standard_file_keeps_its_style(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes((STYLED / "standard_broken.md").read_bytes())
    result = invoke("check", "--fix", str(notes))
    assert result.exit_code == 0, result.output
    text = notes.read_text(encoding="utf-8")
    assert "估计梯度，它的方差较大。常用基线（Baseline）来降低方差。" in text
    assert "**优势函数**：衡量" in text and "使用 PPO 训练模型，学习率设为 3e-4。" in text
    assert "?" not in text and "，" in text  # nothing turned toward half width


def test_style_in_pyproject_and_front_matter(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.exporter.check]\nstyle = "half-width"\n', encoding="utf-8"
    )
    notes = tmp_path / "notes.md"
    notes.write_bytes((STYLED / "standard.md").read_bytes())
    assert invoke("check", str(notes)).exit_code == 1  # the project says half-width
    text = (STYLED / "standard.md").read_text(encoding="utf-8")
    notes.write_text("---\ncheck:\n  style: standard\n---\n\n" + text, encoding="utf-8")
    assert invoke("check", str(notes)).exit_code == 0  # the file says standard
    notes.write_text("---\ncheck:\n  style: fancy\n---\n\n" + text, encoding="utf-8")
    result = invoke("check", str(notes))
    assert result.exit_code == 2 and "`style` must be one of" in result.stderr


# -- autocorrect-py, the standard style's best-kept implementation, as a referee --------
STANDARD_FILES = [
    STYLED / "standard.md",
    STYLED / "standard_broken.md",
    *sorted((FIXTURES / "check").glob("t00[78]_*.md")),
]


@pytest.mark.parametrize("path", STANDARD_FILES, ids=lambda p: p.name)
def test_standard_style_agrees_with_autocorrect(path: Path) -> None:
    """Every line autocorrect would change, T002/T005/T007/T008 flag too, and a file it
    leaves alone is clean here. (It is not used for the rules themselves: it reports whole
    lines, not the mark's column, and it costs half a markdown-it parse more per file.)"""
    autocorrect = pytest.importorskip("autocorrect_py")
    text = path.read_text(encoding="utf-8")
    theirs = {line.line for line in autocorrect.lint_for(text, "md").lines}
    ours = analyse(
        text, path, overrides={"style": "standard", "select": ["T"]}, with_document=False
    )
    mine = {ours.index.position(f.offset)[0] for f in ours.findings}
    assert theirs <= mine, (theirs, mine)
    if not theirs:
        assert not mine


def test_bold_that_only_a_fix_makes_render_counts_as_bold_before_it() -> None:
    """Found on public notes: `是**一句很长的加粗的话（CommonMark 不渲染它）**后面`
    turned into real bold by T004's fix, and S002 then found a paragraph mostly bold. S002
    counts bold as the writer meant it, so the fix adds no finding."""
    text = (
        "## 笔记\n\n这一段的大部分是**加粗的一整句话，但是 CommonMark 不会渲染它（因为括号）**"
        "后面还有一点普通文字。\n"
    )
    for style in STYLES:
        assert_fix_makes_no_new_findings(text, style, Path("notes.md"))
    found = [f.rule for f in analyse(text, Path("notes.md")).findings]
    assert found.count("S002") == 1 and "T004" in found  # literal until fixed
