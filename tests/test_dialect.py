"""Which `$` is math: the dialect's inline rule, its stray `$`s, and no change on the notes
that already worked (the sample notes and the user's draft)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SAMPLE_NOTES
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from exporter.parse import parse_file
from exporter.parse.dialect import _first_char_guard, markdown_parser, stray_dollars


def formulas(text: str, parser: MarkdownIt | None = None) -> list[tuple[str, str]]:
    """(token type, content) of every formula, blocks and inline, in document order."""
    found: list[tuple[str, str]] = []
    for token in (parser or markdown_parser()).parse(text):
        if token.type.startswith("math_block"):
            found.append((token.type, token.content))
        for child in _descendants(token):
            if child.type.startswith("math"):
                found.append((child.type, child.content))
    return found


def inline_math(text: str) -> list[str]:
    return [content for kind, content in formulas(text) if kind == "math_inline"]


def strays(text: str) -> list[tuple[int, int]]:
    return stray_dollars(markdown_parser().parse(text), text.splitlines())


def _descendants(token: Token) -> list[Token]:
    found: list[Token] = []
    for child in token.children or []:
        found += [child, *_descendants(child)]
    return found


# -- math -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$x$", ["x"]),
        ("$ x $", [" x "]),
        (r"圆周率 $\pi $。", [r"\pi "]),
        (r"复杂度 $  O(\frac{K-1}{K+M-1}) $。", [r"  O(\frac{K-1}{K+M-1}) "]),
        ("损失 $L_{load} $，保证均衡", ["L_{load} "]),
        (r"$ \overline{g}  $ 是反向操作", [r" \overline{g}  "]),
        ("$a$,$b$", ["a", "b"]),
        ("的$x$是", ["x"]),
        ("$x$。", ["x"]),
        ("**粗体 $ y $ 里**", [" y "]),
        ("- 列表项 $ z $\n  - 子项 $w $", [" z ", "w "]),
        ("> 引用 $\\alpha$", ["\\alpha"]),
        ("| a | b |\n|---|---|\n| $ x $ | $y_1 $ |", [" x ", "y_1 "]),
        ("# 标题 $ h $", [" h "]),
        ("$0.2$ 的裁剪", ["0.2"]),  # a number written tight is math, as before
        ("$10^{-2} $ 的值", ["10^{-2} "]),  # a digit first, but clearly TeX
        ("是 $ 1 − ε $ 到 $1+ε$", [" 1 − ε ", "1+ε"]),
        ("$5 and $x$", ["x"]),  # the price stays text, the formula after it is math
        ("$1 + 1$ 与 $ 2 * 3 $", ["1 + 1", " 2 * 3 "]),  # arithmetic, no prose
        ("跨行 $ a\nb $ 公式", [" a\nb "]),  # a formula may go on over a line break
        ("$r_t$ 约为 1", ["r_t"]),  # position 0 with a digit at the end (dollarmath bug)
        ("$a$$b$", ["a", "b"]),
        ("<b>$x$</b> 和 $ a < b $", ["x", " a < b "]),
        (r"\\$x$", ["x"]),  # an escaped backslash, then a formula
        ("[链接 $x$](http://a.b) 后", ["x"]),
    ],
)
def test_math(text: str, expected: list[str]) -> None:
    assert inline_math(text) == expected
    assert strays(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$$x$$ 约为 1", [("math_inline_double", "x")]),
        ("行内 $$ a + b $$ 显示", [("math_inline_double", " a + b ")]),
        ("$$\nx = 1\n$$\n", [("math_block", "\nx = 1\n")]),
        ("正文\n\n$$\n\\frac{a}{b}\n$$\n\n后文 $c$", [("math_block", "\n\\frac{a}{b}\n"),
                                                ("math_inline", "c")]),
    ],
)  # fmt: skip
def test_display_math_is_unchanged(text: str, expected: list[tuple[str, str]]) -> None:
    assert formulas(text) == expected


# -- text -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "costs $5 and $10",
        "US$ 3",
        "US$ 3 and $ 4 more",
        "costs $3.50 or $4",
        "$4, US$ 3",  # a price cannot close into another price
        r"转义 \$x 和 \$ y \$",
        "代码 `$x$` 和 `$ y $`",
        "```\n$x$ and $ y $\n```\n",
        "    $x$ in an indented code block",
        "[link](http://a.b/$x$) and [b](http://c/$)",
        "<http://a.b/$x$>",
        "a lone $",
        "$",
        "$ $",
        "2$ per can, 3$ per bottle",
        "$5 - $10 的区间",
        "costs $5 - cheap, US$ 3",
        "GPT-4 costs $30/1M tokens, or US$ 2 for",
        "$5 and 6$ 的区间",
        "![图 $ x](i.png) and y $",  # ... nor across a link target
    ],
)
def test_text(text: str) -> None:
    assert inline_math(text) == []
    assert strays(text) == [], "prices, code and links are no broken formulas"


def test_stray_dollars_stay_text() -> None:
    """A `$` that opens nothing is a literal `$` in a text token, for every consumer."""
    [_, inline, _] = markdown_parser().parse("这里的 $r_t 没有闭合")
    assert [(c.type, c.content) for c in inline.children or []] == [
        ("text", "这里的 $r_t 没有闭合")
    ]
    assert markdown_parser().render("a $b") == "<p>a $b</p>\n"


# -- stray positions ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a $b", [(1, 3)]),
        ("$x costs $5", [(1, 1)]),  # the formula finds no closer; the price is no opener
        ("the $ sign", [(1, 5)]),
        ("中文字符 $r_t 没有闭合", [(1, 6)]),  # characters, not bytes
        ("**粗体** 和 `代码` 以后 $x", [(1, 18)]),
        ("- **比值**: 这里的 $r_t 没有闭合;", [(1, 15)]),
        ("1. 一\n   - 二\n     - 三 $x", [(3, 10)]),
        ("> 引用\n> > 嵌套 $x", [(2, 8)]),
        ("> - 引用里的列表 $x", [(1, 12)]),
        ("## 标题 $x ##", [(1, 7)]),
        ("第一行\n  第二行 $x\n第三行", [(2, 7)]),
        ("| a | b |\n|---|---|\n| $x | $x |", [(3, 3), (3, 8)]),
        ("$x$ 和 $y", [(1, 7)]),
        ("a $x\n\nb $y", [(1, 3), (3, 3)]),
        ("a $$ b", [(1, 3)]),
        ("a $ b `c` d $ e", [(1, 3), (1, 13)]),  # no formula runs across code
        ("<span>$ x</span> and y $", [(1, 7)]),  # ... nor across an HTML tag
        ("正文\n$$\nx = 1\n", [(2, 1)]),  # an unclosed display formula
        ("![alt](i.png) $y", [(1, 15)]),
        ("[链接 $x](http://a.b)", [(1, 5)]),
        ("标题 $x\n===", [(1, 4)]),
        (">\t引用 $x", [(1, 6)]),
        ("-\t列表 $x\n\n\t续行 $y", [(1, 6), (3, 5)]),
        ("-\t列表\n\t续行 $y", [(2, 5)]),
        ("---\ntitle: t\n---\n\n正文 $x", [(5, 4)]),
    ],
)
def test_stray_positions(text: str, expected: list[tuple[int, int]]) -> None:
    assert strays(text) == expected
    lines = text.splitlines()
    assert all(lines[line - 1][column - 1] == "$" for line, column in expected)


def test_stray_positions_with_windows_line_ends_and_kept_ends() -> None:
    text = "第一段\r\n\r\n- 列表 $x\r\n"
    tokens = markdown_parser().parse(text)
    assert stray_dollars(tokens, text.split("\n")) == [(3, 6)]
    assert stray_dollars(tokens, text.splitlines(keepends=True)) == [(3, 6)]


PIECES = [
    "$", "$$", " ", "\\", "`", "**", "x", "5", "中", "\\pi", "_", "{", "}", "[a](b)", "\n",
    "\n\n", "> ", "- ", "  - ", "| ", " |", "\n|---|---|\n", "# ", "<b>", "!", "[", "](",
    "\t", ">\t", "-\t", "1. ", "\n===\n", "\n    ", "中文",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_every_stray_position_is_a_dollar(text: str) -> None:
    lines = text.splitlines()
    for line, column in strays(text):
        assert lines[line - 1][column - 1] == "$", (text, line, column)


# -- the notes that already worked read the same --------------------------------------------
def legacy_parser() -> MarkdownIt:
    """The dialect before spaces were allowed inside `$`: dollarmath alone."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(front_matter_plugin)
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    rule = next(r for r in md.inline.ruler.getRules("") if r.__name__ == "_math_inline_dollar")
    md.inline.ruler.at("math_inline", _first_char_guard(rule))
    md.disable("text_join")
    return md


@pytest.mark.parametrize("which", ["sample notes", "user draft"])
def test_same_formulas_as_before(which: str, request: pytest.FixtureRequest) -> None:
    path: Path = SAMPLE_NOTES if which == "sample notes" else request.getfixturevalue("user_draft")
    text = path.read_text(encoding="utf-8")
    before = formulas(text, legacy_parser())
    assert len(before) > 20, "the file has formulas to compare"
    assert formulas(text) == before
    assert strays(text) == []


def test_notes_with_spaces_inside_formulas_parse_whole() -> None:
    """The parser refused such notes as "unbalanced `$`"; now every formula is read and
    the prices stay in the text of their key point."""
    path = FIXTURES / "spaced_math.md"
    text = path.read_text(encoding="utf-8")
    assert strays(text) == []
    assert [content.strip() for content in inline_math(text)] == [
        "L_{aux}", r"2\pi r", r"\pi", r"O(\frac{K-1}{K+M-1})", "M",
        r"1 - \epsilon", r"1+\epsilon", r"\epsilon", "0.2",
    ]  # fmt: skip
    points = {point.plain_label: point for point in parse_file(path).key_points()}
    assert "每小时 $2 到 $3, 折合 US$ 15 一天" in points["云上价格"].body
