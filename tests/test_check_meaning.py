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
