"""Hypothesis strategies for notes as a user writes them: valid most of the time, so
generated inputs reach math, HTML, references and cards instead of stopping at an
`InputError`.

`notes()` draws a `GeneratedNotes`: the Markdown and what it is known to hold (question
texts, answers, formulas), so properties can be checked against the generator's own
record rather than against the parser under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

WORDS = [
    "策略", "梯度", "优势函数", "价值", "奖励模型", "方差", "偏差", "的", "和", "在", "中",
    "PPO", "KL", "RLHF", "GAE", "Actor-Critic", "token", "batch", "0.2", "3e-4", "v2",
]  # fmt: skip
PUNCTUATION = [", ", "; ", "，", "；", " (注) ", "、", "。"]
TEX = [
    "r_t(\\theta)", "\\frac{a}{b}", "\\pi_\\theta(a|s)", "A_t", "\\hat{A}_t", "x^2",
    "\\mathbb{E}_t[L]", "a<b", "x \\& y", "\\epsilon",
    "\\operatorname{clip}(r, 1-\\epsilon, 1+\\epsilon)",
    "\\sum_{l=0}^{\\infty} \\gamma^l", "\\text{回报}", "V(s_{t+1})", "\\{x\\}", "|a|",
]  # fmt: skip
HTML = [
    "<b>粗</b>", "<br>", "<span>行内</span>", "<sub>2</sub>", "<kbd>Ctrl</kbd>",
    '<span onclick="steal()">点我</span>', "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">链接</a>', '<img src="x.png" onerror="steal()">',
]  # fmt: skip
CODE = ["`torch.clamp`", "`$x$`", "`**不是粗体**`", "`a|b`", "`ratio = p / q`"]


@dataclass
class Record:
    """What the generator put in, to check the output against."""

    formulas: list[str] = field(default_factory=list)  # inline TeX in question/answer text
    display: list[str] = field(default_factory=list)  # display TeX anywhere in the notes


# A `|` inside a table cell ends the cell, formula or not (GFM): none in table cells.
TEX_WITHOUT_PIPES = [tex for tex in TEX if "|" not in tex]


@st.composite
def formula(draw: st.DrawFn, record: list[str] | None = None, tex_pool: list[str] = TEX) -> str:
    tex = " ".join(draw(st.lists(st.sampled_from(tex_pool), min_size=1, max_size=3)))
    if record is not None:
        record.append(tex)
    # spaced as the notes' typography rules want; `v2$a$` would read as a money `$`
    return f" ${tex}$ "


@st.composite
def inline(
    draw: st.DrawFn,
    *,
    record: list[str] | None = None,
    bold: bool = True,
    html: bool = True,
    pipes: bool = True,
    max_size: int = 6,
) -> str:
    """A run of prose: words, punctuation, and now and then a formula, code, bold or HTML."""
    pieces = [st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(PUNCTUATION)]
    tex_pool = TEX if pipes else TEX_WITHOUT_PIPES
    code = CODE if pipes else [c for c in CODE if "|" not in c]
    pieces += [formula(record, tex_pool), st.sampled_from(code), st.just("\\$5")]
    if bold:
        pieces.append(st.sampled_from(WORDS).map(lambda w: f" **{w}** "))
    if html:
        pieces.append(st.sampled_from(HTML))
    parts = draw(st.lists(st.one_of(pieces), min_size=1, max_size=max_size))
    return draw(st.sampled_from(WORDS)) + " " + "".join(parts).strip()


@dataclass
class GeneratedNotes:
    markdown: str
    headings: list[str]
    questions: list[str]  # Markdown text of each question, in order
    answers: list[str]
    follow_ups: list[list[str]]
    record: Record


LABELS = [word + suffix for word in WORDS for suffix in ("", "比", "定义", " 与 KL")]


@st.composite
def key_point(draw: st.DrawFn, taken: set[str], depth: int = 0) -> str:
    # Labels repeat now and then within a section, as in real notes (`**注意**:` twice):
    # each must still be its own note (this found two notes sharing one GUID).
    label = draw(
        st.sampled_from(sorted(taken)) if taken and draw(st.booleans()) else st.sampled_from(LABELS)
    )
    taken.add(label)
    line = f"{'    ' * depth}- **{label}**: {draw(inline())};"
    if depth == 0 and draw(st.integers(0, 3)) == 0:
        line += "\n" + draw(key_point(set(), depth + 1))
    return line


@st.composite
def note_block(draw: st.DrawFn, record: Record, taken: set[str]) -> str:
    kind = draw(st.integers(0, 9))
    if kind <= 3:
        count = draw(st.integers(1, 3))
        return "\n".join(draw(key_point(taken)) for _ in range(count))
    if kind == 4:
        return draw(inline(max_size=10))
    if kind == 5:
        tex = " ".join(draw(st.lists(st.sampled_from(TEX), min_size=1, max_size=3)))
        record.display.append(tex)
        return draw(st.sampled_from([f"$$\n{tex}\n$$", f"$${tex}$$"]))
    if kind == 6:
        body = draw(st.sampled_from(["x = $y$ ** 2", "a | b", "<b>不是 HTML</b>", "$$"]))
        return f"```python\n{body}\n```"
    if kind == 7:
        cell = inline(bold=False, html=False, pipes=False, max_size=2)
        cells = draw(st.lists(cell, min_size=2, max_size=2))
        return f"| 符号 | 含义 |\n| --- | --- |\n| {cells[0]} | {cells[1]} |"
    if kind == 8:
        return f"> {draw(inline())}"
    return draw(
        st.sampled_from(["<div>块级 <b>HTML</b></div>", "![远程图](https://example.com/a.png)"])
    )


@st.composite
def notes(draw: st.DrawFn) -> GeneratedNotes:
    record = Record()
    headings = [f"笔记 {n}" for n in range(1, draw(st.integers(1, 4)) + 1)]
    parts = ["## 学习笔记", ""]
    for title in headings:
        parts += [f"### {title}", ""]
        taken: set[str] = set()
        for block in draw(st.lists(note_block(record, taken), min_size=1, max_size=4)):
            parts += [block, ""]
    parts += ["---", "", "## 面试问题清单", ""]
    questions: list[str] = []
    answers: list[str] = []
    follow_ups: list[list[str]] = []
    for category in range(1, draw(st.integers(1, 3)) + 1):
        parts += [f"### 类别 {category}", ""]
        for _ in range(draw(st.integers(1, 3))):
            number = len(questions) + 1
            question = draw(inline(record=record.formulas, bold=False, max_size=4)) + "?"
            answer = draw(inline(record=record.formulas, max_size=6))
            reference = draw(st.sampled_from(headings))
            asked = draw(
                st.lists(inline(record=record.formulas, bold=False, max_size=3), max_size=2)
            )
            parts.append(f"{number}. **{question}**")
            parts.append(f'    - **答案线索**: 参考笔记中 "{reference}" 部分; {answer};')
            if len(asked) == 1:
                parts.append(f"    - **追问**: {asked[0]}?")
            elif asked:
                parts.append("    - **追问**:")
                parts += [f"        - {a}?" for a in asked]
            parts.append("")
            questions.append(question)
            answers.append(answer)
            follow_ups.append([f"{a}?" for a in asked])
    markdown = "\n".join(parts)
    return GeneratedNotes(markdown, headings, questions, answers, follow_ups, record)
