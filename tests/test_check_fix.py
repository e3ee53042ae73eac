"""`export check --fix`: the fixes, their safety (same sections, questions, answers,
follow-ups and formulas; protected zones byte for byte), idempotence, and writing back."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, SAMPLE_NOTES, USER_DRAFT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from exporter.check import fix as fix_module
from exporter.check.engine import analyse
from exporter.check.files import check_file
from exporter.check.fix import FixRefused, fix_text
from exporter.errors import InputError
from exporter.parse import parse_text
from exporter.parse.dialect import markdown_parser
from exporter.parse.text import normalise

CHECK = FIXTURES / "check"
FIXABLE = sorted(p.name for p in CHECK.glob("*.md"))

GOLDEN = {
    "t001_bad.md": [
        "- 策略梯度简单有效, 但是方差大;",
        "- 价值函数 (Value Function) 衡量状态的好坏;",
        '- **答案线索**: 参考笔记中 "优势函数" 部分;',
        "- 为什么要裁剪? 因为更新太大会崩溃.",
        "- 编号 123 和版本 v2",
    ],
    "t002_bad.md": [
        "- 使用 PPO 训练语言模型;",
        "- 学习率设为 3e-4 效果最好;",
        "- 在状态 $s_t$ 下选择动作;",
        "- 调用 `torch.clamp` 实现裁剪;",
        "- 用 *PPO* 训练模型;",
    ],
    "t003_bad.md": [
        "- 价值函数 (Value Function) 衡量状态的好坏;",
        "- 通常采用 GAE (广义优势估计) 计算优势;",
        "- 挑战: 1) 奖励模型有偏差;",
    ],
    "t004_bad.md": [
        "- 确保更新是 **信任区域 (Trust Region)** 内的局部改进;",
        "- 确保策略的更新是 **保守的** 和 **单调改进的**;",
        "- **答案:** 这里的冒号在加粗里面;",
    ],
    "t005_bad.md": [
        "- 策略梯度简单有效, 但是方差大;",
        "- **答案线索**: 参考笔记;",
        "- 公式 $x$, 代码 `y`.",
    ],
    "s003_bad.md": [
        "- 概率比 $r_t(\\theta)$ 衡量新旧策略的差异;",
        "- 目标函数为 $$L = \\mathbb{E}_t[\\min(r_t A_t, 1)]$$ 其中取最小值;",
    ],
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_fixed_text(name: str) -> None:
    path = CHECK / name
    fixed = fix_text(path.read_text(encoding="utf-8"), path).text
    assert [line for line in fixed.split("\n") if line.startswith("- ")] == GOLDEN[name]


# -- meaning is kept: an independent reading of both versions -----------------------------
# innermost pairs: `\\[\\[x\\]` holds one formula, `x`
_BACKSLASH_MATH = re.compile(r"\\\(((?:(?!\\\().)+?)\\\)|\\\[((?:(?!\\\[).)+?)\\\]", re.S)
# `$..$` stays on one line here: across lines it would pair dollars of different blocks.
_FORMULA = re.compile(
    r"(?<!\\)\$\$.*?\$\$|(?<!\\)\$[^$\n]*\$"
    r"|\\\((?:(?!\\\().)+?\\\)|\\\[(?:(?!\\\[).)+?\\\]",
    re.S,
)


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from token.children or []


def words(markdown: str) -> str:
    """`normalise` (spacing, width, markup and punctuation do not count; words do) of
    Markdown without its formulas, which are compared on their own."""
    return normalise(_FORMULA.sub(" ", markdown))


def reading(text: str) -> dict[str, object]:
    """What the exporters take from the notes, compared the way the fixes allow. A
    formula written `\\(x\\)` counts as the formula `x`, as it will after S003's fix."""
    document = parse_text(text, Path("notes.md"))
    tokens = list(_walk(markdown_parser().parse(text)))
    return {
        "sections": [(s.level, words(s.title)) for s in document.walk_sections()],
        "questions": [
            (words(q.text), words(q.answer), [words(f) for f in q.follow_ups])
            for q in document.questions
        ],
        "formulas": sorted(
            [t.content.strip() for t in tokens if t.type.startswith("math")]
            + [(m.group(1) or m.group(2)).strip() for m in _BACKSLASH_MATH.finditer(text)]
        ),
        "code": [t.content for t in tokens if t.type in ("code_inline", "fence", "code_block")],
        "html": [t.content for t in tokens if t.type in ("html_inline", "html_block")],
        "targets": [
            t.attrGet("href") or t.attrGet("src")
            for t in tokens
            if t.type in ("link_open", "image")
        ],
        "front matter": [t.content for t in tokens if t.type == "front_matter"],
    }


def strong_count(text: str) -> int:
    return sum(t.type == "strong_open" for t in _walk(markdown_parser().parse(text)))


def assert_fix_is_safe(text: str, path: Path = Path("notes.md")) -> str:
    fixed = fix_text(text, path).text
    assert reading(fixed) == reading(text)
    # The one intended change in the parse: `**` that CommonMark left literal for want
    # of a space becomes bold. Bold is gained, never lost.
    assert strong_count(fixed) >= strong_count(text)
    again = fix_text(fixed, path)
    assert again.text == fixed and again.applied == 0  # idempotent
    assert not any(f.fixable for f in analyse(fixed, path).findings)
    return fixed


@pytest.mark.parametrize("name", FIXABLE)
def test_fix_keeps_the_meaning_of_every_fixture(name: str) -> None:
    path = CHECK / name
    text = path.read_text(encoding="utf-8")
    try:
        parse_text(text, path)
    except InputError:
        pytest.skip("the parser refuses this fixture (S004); nothing to compare")
    assert_fix_is_safe(text, path)


@pytest.mark.parametrize("notes", [USER_DRAFT, SAMPLE_NOTES], ids=["draft", "sample"])
def test_fix_keeps_the_meaning_of_real_notes(notes: Path) -> None:
    if not notes.is_file():
        pytest.skip(f"{notes} is absent")
    assert_fix_is_safe(notes.read_text(encoding="utf-8"), notes)


def test_literal_bold_becomes_bold() -> None:
    text = "## 标题\n\n- 确保更新是**信任区域 (Trust Region)**内的局部改进;\n"
    assert strong_count(text) == 0  # CommonMark: the closing `**` cannot close here
    assert strong_count(assert_fix_is_safe(text)) == 1


# Fragments of real notes: words, punctuation of both widths, and every protected zone.
_PIECES = [
    "策略", "梯度", "的", "PPO", "KL", "Trust Region", "3", "0.2", "e.g.", "v1.5", " ",
    "，", ",", "；", ";", "：", ":", "。", ".", "？", "?", "！", "、", "（", "）", "(", ")",
    "“", "”", "１", "ｖ", " ,", " .", " :", "**", "*", "**加粗**", "**Bold**", "*em*",
    "$r_t$", "$$x^2$$", "`clip()`", "`中文，`", "\\(a_1\\)", "\\[b^2\\]", "\\$", "&amp;",
    "https://example.com/中文(a)", "<https://a.b/中>", "[链接](http://x.y/(中))",
    "![图，](i.png)", "<span>中文A，</span>", "<br>", "f(x)", "1)", "Q:", "$", "$5", "[",
    "]", "~", "_", "\t", "  \n", "\n", "1。", "１", "\\",
]  # fmt: skip
_phrase = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join)
_block = st.one_of(
    _phrase.map(lambda p: f"- {p}"),
    _phrase.map(lambda p: f"### {p}"),
    _phrase,
    st.tuples(_phrase, _phrase, _phrase).map(
        lambda t: f"1. **{t[0]}?**\n    - **答案线索**: {t[1]}\n    - **追问**: {t[2]}?"
    ),
    st.just("```\n代码，中文English **x**内\n```"),
    _phrase.map(lambda p: f"> {p}"),
    st.tuples(_phrase, _phrase).map(lambda t: f"- {t[0]}\n    - {t[1]}"),
    st.tuples(_phrase, _phrase).map(lambda t: f"Q: {t[0]}?\n\nA: {t[1]}"),
    st.tuples(_phrase, _phrase).map(lambda t: f"### {t[0]}？\n\n{t[1]}"),
    _phrase.map(lambda p: f"{p}\n---"),
    st.tuples(_phrase, _phrase).map(lambda t: f"| {t[0]} | b |\n|---|---|\n| {t[1]} | c |"),
)
_notes = st.lists(_block, min_size=1, max_size=8).map(
    lambda blocks: "## 笔记\n\n" + "\n\n".join(blocks) + "\n"
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_notes)
def test_fix_keeps_the_meaning_of_generated_notes(text: str) -> None:
    try:
        parse_text(text, Path("notes.md"))
    except InputError:
        return  # e.g. an unclosed `$`: check reports it (S004) and never fixes it
    assert_fix_is_safe(text)


# -- writing back -------------------------------------------------------------------------
def copy(name: str, folder: Path) -> Path:
    target = folder / name
    target.write_bytes((CHECK / name).read_bytes())
    return target


def test_fix_writes_in_place_and_only_once(tmp_path: Path) -> None:
    notes = copy("t004_bad.md", tmp_path)
    report = check_file(notes, fix=True)
    assert report.fixed == 7 and report.findings == []
    written = notes.read_bytes()
    mtime = notes.stat().st_mtime_ns
    again = check_file(notes, fix=True)
    assert again.fixed == 0 and notes.read_bytes() == written
    assert notes.stat().st_mtime_ns == mtime  # nothing to fix: the file is not rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == [notes.name]  # no temporary file


def test_fix_keeps_line_endings_bom_and_permissions(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    text = (CHECK / "t002_bad.md").read_text(encoding="utf-8")
    notes.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    notes.chmod(0o640)
    check_file(notes, fix=True)
    data = notes.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n") == text.count("\n")
    assert "- 使用 PPO 训练语言模型;\r\n" in data.decode("utf-8-sig")
    assert stat.S_IMODE(notes.stat().st_mode) == 0o640


@pytest.mark.parametrize("newlines", [("\r\n", "\n", "\n"), ("\r", "\r", "\n")])
def test_mixed_line_endings_are_not_rewritten(tmp_path: Path, newlines: tuple[str, ...]) -> None:
    notes = tmp_path / "notes.md"
    data = "## 标题{}{}- 使用PPO训练;{}".format(*newlines).encode()
    notes.write_bytes(data)
    with pytest.raises(FixRefused, match="mixes line endings"):
        check_file(notes, fix=True)
    assert notes.read_bytes() == data


def test_a_fix_that_would_change_the_meaning_is_refused(tmp_path: Path, monkeypatch) -> None:
    """The last line of defence: fixes are re-parsed and compared before anything is
    written. Simulate a rule that drops a word."""
    notes = copy("t002_bad.md", tmp_path)
    before = notes.read_bytes()
    real = fix_module.apply_edits
    monkeypatch.setattr(
        "exporter.check.fix.apply_edits",
        lambda text, edits: real(text, edits).replace("语言模型", "模型"),
    )
    with pytest.raises(FixRefused, match="would change the notes' sections"):
        check_file(notes, fix=True)
    assert notes.read_bytes() == before
