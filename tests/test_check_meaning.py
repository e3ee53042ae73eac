"""`--fix`'s last line of defence: the fixed notes are read again and compared with the
original, and any change to what a question says is refused before anything is written.
A fix rule that goes wrong is simulated by changing the text after the real edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run

NOTES = """## 笔记

### 概率比

- **定义**: 新旧策略的概率之比;
- 使用PPO训练语言模型;

## 面试题

### 基础概念

1. **什么是概率比?**
    - **答案线索**: 参考笔记中 "概率比" 部分; 新旧策略之比;
    - **追问**: 它为什么不能离 1 太远?
"""


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_the_fix_itself_goes_through(notes: Path) -> None:
    """Without a faulty rule, the same notes are fixed: the refusals below are the check's."""
    code, output = run("check", "--fix", str(notes))
    assert code == 0, output
    assert "- 使用 PPO 训练语言模型;" in notes.read_text(encoding="utf-8")


QUESTION_CHANGES = {
    "question text": ("**什么是概率比?**", "**什么是比率?**"),
    "answer": ("新旧策略之比", "新旧策略之差"),
    "follow-up": ("不能离 1 太远", "可以离 1 很远"),
    "category": ("### 基础概念", "### 进阶概念"),
    "number": ("1. **什么", "7. **什么"),
    "reference": ('"概率比" 部分', '"定义" 部分'),
    "dropped follow-up": ("\n    - **追问**: 它为什么不能离 1 太远?", ""),
}


@pytest.mark.parametrize(("old", "new"), QUESTION_CHANGES.values(), ids=QUESTION_CHANGES)
def test_a_fix_changing_a_question_is_refused(
    old: str, new: str, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exporter.check import fix as fix_module

    real = fix_module.apply_edits

    def faulty_rule(text: str, edits: list) -> str:
        fixed = real(text, edits)
        assert old in fixed
        return fixed.replace(old, new)

    monkeypatch.setattr(fix_module, "apply_edits", faulty_rule)
    before = notes.read_bytes()
    code, output = run("check", "--fix", str(notes))
    assert code != 0
    assert "would change the notes' questions" in output, output
    assert "Traceback" not in output
    assert notes.read_bytes() == before
    assert [p.name for p in notes.parent.iterdir()] == ["notes.md"]


# Protected zones must come back byte for byte, while prose is compared up to the fixes'
# freedoms (spacing, punctuation width). So a faulty fix that applies those freedoms
# inside code, math, a URL, HTML or front matter is caught only by the protected-zone
# comparison; and bold, which prose comparison ignores, must never be lost.
PROTECTED = """---
title: 笔记，一
---

## 笔记

### 代码与公式

- 使用PPO训练语言模型;
- 调用 `clip(x，1)` 裁剪;
- 公式 $\\text{回报，}$ 很重要;
- 链接 [文档](https://a.b/中文，) 与图 ![图](https://a.b/图，.png);
- 行内 <span title="提示，">中文，</span> 标签;
- 这是 **重点** 内容;

```python
a = "中文，"
```

    缩进代码，一

<div>块级，HTML</div>
"""

PROTECTED_CHANGES = {
    "front matter": ("title: 笔记，一", "title: 笔记, 一"),
    "inline code": ("`clip(x，1)`", "`clip(x, 1)`"),
    "formula": ("\\text{回报，}", "\\text{回报, }"),
    "link target": ("https://a.b/中文，)", "https://a.b/中文,)"),
    "image source": ("图，.png", "图,.png"),
    "inline HTML": ('<span title="提示，">', '<span title="提示, ">'),
    "text in inline HTML": pytest.param(
        "中文，</span>",
        "中文, </span>",
        marks=pytest.mark.xfail(
            strict=True,
            reason="the meaning check compares inline HTML tags, not the text between "
            "them, which it treats as prose; the README says HTML is never changed "
            "(the real fixes do leave it alone). Fix belongs to check/meaning.py (lead).",
        ),
    ),
    "code block": ('a = "中文，"', 'a = "中文, "'),
    "indented code": ("    缩进代码，一", "    缩进代码, 一"),
    "HTML block": ("<div>块级，HTML</div>", "<div>块级, HTML</div>"),
    "bold": ("**重点**", "重点"),
}


def test_the_protected_notes_fix_goes_through(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(PROTECTED, encoding="utf-8")
    run("check", "--fix", str(notes))
    fixed = notes.read_text(encoding="utf-8")
    assert "- 使用 PPO 训练语言模型;" in fixed
    for change in PROTECTED_CHANGES.values():
        old = change.values[0] if hasattr(change, "marks") else change[0]
        assert old in fixed  # the real fixes leave every protected zone alone


@pytest.mark.parametrize(("old", "new"), PROTECTED_CHANGES.values(), ids=PROTECTED_CHANGES)
def test_a_fix_touching_a_protected_zone_is_refused(
    old: str, new: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(PROTECTED, encoding="utf-8")
    from exporter.check import fix as fix_module

    real = fix_module.apply_edits

    def faulty_rule(text: str, edits: list) -> str:
        fixed = real(text, edits)
        assert old in fixed
        return fixed.replace(old, new)

    monkeypatch.setattr(fix_module, "apply_edits", faulty_rule)
    before = notes.read_bytes()
    code, output = run("check", "--fix", str(notes))
    assert code != 0 and "would change the notes'" in output, output
    assert notes.read_bytes() == before
    assert [p.name for p in notes.parent.iterdir()] == ["notes.md"]


def test_backslash_delimiters_become_dollars_and_mean_the_same(tmp_path: Path) -> None:
    """S003's fix rewrites `\\(..\\)` and `\\[..\\]` as `$..$` and `$$..$$`: the same
    formulas, so the meaning check lets it through, in notes and in questions alike."""
    notes = tmp_path / "notes.md"
    notes.write_text(
        "## 笔记\n\n### 概率比\n\n- **定义**: \\(r_t\\) 是概率比;\n"
        "- 目标为 \\[A_t = Q - V\\] 其中;\n\n"
        "## 面试题\n\n1. **\\(r_t\\) 是什么?**\n"
        '    - **答案线索**: 参考笔记中 "概率比" 部分; \\(r_t\\) 是比值;\n'
        "    - **追问**: \\(\\epsilon\\) 取多大?\n",
        encoding="utf-8",
    )
    _code, output = run("check", "--fix", str(notes))
    assert "would change" not in output, output
    fixed = notes.read_text(encoding="utf-8")
    assert "\\(" not in fixed and "\\[" not in fixed
    assert "- **定义**: $r_t$ 是概率比;" in fixed and "- 目标为 $$A_t = Q - V$$ 其中;" in fixed
    assert "1. **$r_t$ 是什么?**" in fixed and "**追问**: $\\epsilon$ 取多大?" in fixed
