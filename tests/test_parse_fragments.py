"""Labels and follow-ups cut out of the parser's tokens render exactly as their text parsed
on its own would, and the cut is what happens on ordinary notes (no second parse)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exporter.parse.state as parse_state
from exporter.model import Fragment
from exporter.parse import parse_text
from exporter.render import render_markdown

# Text, formulas, code, escapes, emphasis and the characters follow-ups are split at.
_PIECES = st.sampled_from(
    ["如果", "裁剪", "KL", " ", "  ", "?", "？", "，", ", ", "$A_t < 0$", "$x$", "$ y $",
     "$$z$$", "`c`", "\\$", "*斜*", "_b_", "[链接](https://a.b)", "&amp;", "<b>", "5", "$5"]
)  # fmt: skip
_LINE = st.lists(_PIECES, min_size=1, max_size=8).map("".join)


def _notes(label: str, follow_ups: str) -> str:
    return (
        "# 笔记\n\n## 要点\n\n"
        f"- **{label}**: 正文\n\n"
        "## 面试题\n\n"
        "1. **为什么要裁剪?**\n"
        "   - **答案线索**: 见要点\n"
        f"   - **追问**: {follow_ups}\n"
        "2. **第二题?**\n"
        "   - **答案线索**: 见要点\n"
        "   - **追问**:\n"
        f"     - {follow_ups}\n"
    )


def _html(fragment: Fragment, tokens: tuple) -> str:
    return render_markdown(
        fragment, math=lambda tex, display: f"[{tex}]", inline=True, tokens=tokens
    )


def _inline_fragments(text: str) -> list[Fragment]:
    document = parse_text(text, Path("notes.md"))
    labels = [p.label for top in document.sections for s in top.walk() for p in s.key_points]
    return labels + [f for q in document.questions for f in q.follow_ups]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=_LINE, follow_ups=_LINE)
def test_a_cut_renders_as_the_text_parsed_alone(label: str, follow_ups: str) -> None:
    for fragment in _inline_fragments(_notes(label, follow_ups)):
        assert _html(fragment, fragment.tokens) == _html(fragment, ()), fragment


def test_ordinary_labels_and_follow_ups_are_not_parsed_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_parse(markdown: str) -> tuple:
        raise AssertionError(f"parsed again: {markdown!r}")

    monkeypatch.setattr(parse_state, "_parsed_inline", no_parse)
    fragments = _inline_fragments(
        _notes("$\\pi$ 策略", "如果 $A_t < 0$ 会怎样? 裁剪能保证 `c` 吗?")
    )
    assert [str(f) for f in fragments] == [
        "$\\pi$ 策略",
        "如果 $A_t < 0$ 会怎样?",
        "裁剪能保证 `c` 吗?",
        "如果 $A_t < 0$ 会怎样? 裁剪能保证 `c` 吗?",
    ]
    html = [_html(f, f.tokens) for f in fragments]
    assert html[0] == "[\\pi] 策略" and html[1] == "如果 [A_t < 0] 会怎样?"
    # the cut keeps the paragraph's source map, so a formula there is found at its line
    assert fragments[1].tokens[0].map == [10, 11]  # the `追问` line, 0-based


def test_what_cannot_be_cut_simply_is_parsed() -> None:
    calls: list[str] = []
    real = parse_state._parsed_inline

    def counting(markdown: str) -> tuple:
        calls.append(markdown)
        return real(markdown)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse_state, "_parsed_inline", counting)
        fragments = _inline_fragments(_notes("*斜*体", "价格 \\$5 对吗? 看 [链接](https://a.b)?"))
        for fragment in fragments:
            assert _html(fragment, fragment.tokens) == _html(fragment, ())
    assert "*斜*体" in calls and "价格 \\$5 对吗?" in calls and "看 [链接](https://a.b)?" in calls
