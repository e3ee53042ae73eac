"""The parser: structure from tokens, three question styles, references, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from exporter.errors import InputError
from exporter.parse import parse_file, parse_text
from exporter.parse.questions import split_follow_ups


def parse(name: str):
    return parse_file(FIXTURES / name)


def test_list_style_questions_answers_and_follow_ups() -> None:
    document = parse("list_style.md")
    assert document.title == "策略梯度小抄"  # from front matter
    assert [q.text for q in document.questions] == [
        r"什么是概率比 $r_t(\theta)$?",
        "优势函数有什么用?",
        "为什么需要相近的策略?",
    ]
    first, second, third = document.questions
    assert first.category == ("基础概念",) and third.category == ("进阶",)
    assert first.answer.startswith('参考笔记中 "重要性采样" 部分')
    assert first.follow_ups == ("它为什么不能离 1 太远?", "有什么办法限制它?")
    # full-width colon after the label, follow-ups as a nested list
    assert second.answer.startswith('参考笔记中 "优势函数"')
    assert second.follow_ups == ("基线为什么不引入偏差?", "用 $V(s)$ 作基线的好处是什么?")
    assert third.follow_ups == ("如果策略相差很远会怎样?",)
    assert [q.line for q in document.questions] == [37, 41, 49]
    assert [q.number for q in document.questions] == [1, 2, 3]


def test_references_resolve_to_sections_and_key_points() -> None:
    document = parse("list_style.md")
    targets = [document.anchor_target(q.references[0].anchor) for q in document.questions]
    assert [getattr(t, "plain_title", None) or t.plain_label for t in targets] == [
        "重要性采样",
        "优势函数",
        "为什么需要相近的策略",
    ]
    assert document.questions[0].references[0].line == 38
    assert document.warnings == ()


def test_unresolved_reference_is_a_warning_with_its_line() -> None:
    document = parse("unresolved_reference.md")
    assert not document.questions[0].references[0].resolved
    [warning] = document.warnings
    assert warning.line == 10 and "不存在的部分" in warning.message


def test_sections_nest_and_key_points_group() -> None:
    document = parse("list_style.md")
    [top] = document.sections
    assert top.plain_title == "策略梯度基础"
    assert [c.plain_title for c in top.children] == ["重要性采样", "优势函数"]
    assert top.children[0].path == ("策略梯度基础", "重要性采样")
    points = {p.plain_label: p for p in document.key_points()}
    assert not points["分组标签"].is_leaf and not points["分组标签"].is_card
    assert points["子要点甲"].path[-1] == "分组标签"
    assert points["概率比"].body.startswith(r"$r_t(\theta) =")
    # the interview part is not notes
    assert all("面试" not in s.plain_title for s in document.walk_sections())


def test_heading_style_questions_in_a_file_without_interview_part() -> None:
    document = parse("heading_style.md")
    assert document.title == "奖励模型面试笔记"
    assert [q.text for q in document.questions] == [
        "奖励模型需要和基础模型一致吗？",
        "奖励模型的损失函数是什么？",
    ]
    first, second = document.questions
    assert first.number == 1 and first.category == ("奖励模型",)
    assert first.answer.startswith("不一定需要") and "追问" not in first.answer
    assert first.follow_ups == ("用更小的奖励模型会有什么问题?",)
    assert r"\mathcal{L}" in second.answer
    assert [s.plain_title for s in document.walk_sections()] == ["奖励模型", "训练细节"]


def test_qa_paragraph_style() -> None:
    document = parse("qa_style.md")
    assert [q.text for q in document.questions] == [
        "PPO 里的 clip 起什么作用?",
        r"GAE 的 $\lambda$ 控制什么?",
        "KL 惩罚加在哪里？",
    ]
    assert document.questions[0].answer.startswith("它让概率比")
    assert document.questions[0].follow_ups == ("它能保证单调改进吗?",)
    assert document.questions[1].answer == "偏差与方差的权衡;"
    assert document.questions[2].answer == "加在每个 token 的奖励上;"


def test_question_key_ignores_answer_and_number_but_not_text() -> None:
    base = "## 面试题\n\n1. **什么是 PPO?**\n    - **答案**: 一种算法;\n"
    edited = "## 面试题\n\n7. **什么是  PPO？**\n    - **答案**: 另一种说法;\n"
    other = "## 面试题\n\n1. **什么是 TRPO?**\n    - **答案**: 一种算法;\n"
    key = parse_text(base, Path("a.md")).questions[0].key
    assert parse_text(edited, Path("a.md")).questions[0].key == key
    assert parse_text(other, Path("a.md")).questions[0].key != key


def test_explicit_id_is_the_key() -> None:
    text = "## 面试题\n\n1. **什么是 PPO? {#ppo-basics}**\n    - **答案**: 一种算法;\n"
    question = parse_text(text, Path("a.md")).questions[0]
    assert question.text == "什么是 PPO?" and question.key == "id:ppo-basics"


def test_duplicate_questions_warn_and_stay_distinct() -> None:
    question = "1. **什么是 PPO?**\n    - **答案**: a;\n"
    text = f"## 面试题\n\n{question}{question}"
    document = parse_text(text, Path("a.md"))
    assert len({q.key for q in document.questions}) == 2
    assert any("same question as line 3" in w.message for w in document.warnings)


def test_interview_heading_option() -> None:
    text = "## 笔记\n\n- **A**: a;\n\n## 自测\n\n1. **什么是 A?**\n    - **答案**: a;\n"
    assert parse_text(text, Path("a.md")).questions == ()
    document = parse_text(text, Path("a.md"), interview_heading="自测")
    assert [q.text for q in document.questions] == ["什么是 A?"]


def test_follow_up_splitting_keeps_asides_and_math() -> None:
    assert split_follow_ups("A 是什么? B 呢? (例如, C)") == ["A 是什么?", "B 呢? (例如, C)"]
    assert split_follow_ups("若 $a?b$ 成立会怎样? `x?`") == ["若 $a?b$ 成立会怎样? `x?`"]


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("empty.md", 1, "empty"),
        ("latin1.md", 3, "not valid UTF-8"),
    ],
)
def test_bad_input_names_file_and_line(name: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(name)
    diagnostic = caught.value.diagnostic
    assert diagnostic.line == line and words in diagnostic.message and diagnostic.hint


def test_dollars_that_are_not_math() -> None:
    text = "## 笔记\n\n- **价格**: costs $5 and $10; 转义 \\$x; `$y` 在代码里;\n"
    document = parse_text(text, Path("a.md"))
    assert next(document.key_points()).plain_label == "价格"


@pytest.mark.parametrize(
    ("name", "line", "col", "code", "words"),
    [
        ("unbalanced_dollar.md", 5, 15, "S004", "unbalanced `$`"),
    ],
)
def test_what_a_reader_can_read_is_a_warning_not_a_refusal(
    name: str, line: int, col: int, code: str, words: str
) -> None:
    document = parse(name)
    (warning,) = [w for w in document.warnings if w.code == code]
    assert (warning.line, warning.col) == (line, col) and words in warning.message
    assert warning.hint
    assert next(document.key_points()).plain_label == "比值"  # the rest is still read


def test_text_without_headings_is_read_whole() -> None:
    document = parse("no_structure.md")
    assert "just some text" in document.intro and "no headings at all" in document.intro
    assert not document.warnings


def test_unclosed_display_math_is_a_warning() -> None:
    document = parse_text("## 笔记\n\n正文\n\n$$\nx = 1\n", Path("a.md"))
    assert [(w.code, w.line) for w in document.warnings] == [("S004", 5)]


def test_a_file_of_only_links_has_nothing_to_card() -> None:
    document = parse_text("# 索引\n\n- [第一章](a.md)\n- [第二章](b.md)\n", Path("README.md"))
    assert [w.code for w in document.warnings] == ["N001"]


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such file"):
        parse_file(FIXTURES / "nope.md")


def test_user_draft_model(user_draft: Path) -> None:
    document = parse_file(user_draft)
    assert len(document.questions) == 13
    assert len(document.categories()) == 4
    assert all(q.answer and q.follow_ups for q in document.questions)
    [notes] = document.sections  # the first ## part, with its nesting
    assert notes.plain_title == "RLHF 中的 PPO 算法学习笔记"
    assert [c.plain_title for c in notes.children] == [
        "PPO 算法核心思想",
        "PPO-Clip 算法详解",
        "PPO 在 RLHF 中的具体角色与流程",
        "PPO 的优势与挑战",
    ]
    assert [c.plain_title for c in notes.children[1].children] == ["目标函数构成", "训练流程"]
    resolved = [r for q in document.questions for r in q.references]
    assert resolved and all(r.resolved for r in resolved)


def test_bullets_not_indented_under_a_long_number_are_reported() -> None:
    text = "## 面试题\n\n100. **问题?**\n    - **答案**: a;\n    - **追问**: b?\n"
    document = parse_text(text, Path("a.md"))
    [warning, *_] = document.warnings
    assert warning.code == "Q005" and warning.line == 3
    assert "indent them by 5 spaces" in warning.hint


def test_a_new_question_style_is_one_function_and_one_line() -> None:
    """`题: …` lines in a `## 练习` part: a style of its own, registered in the ruler."""
    from exporter.parse import STYLES
    from exporter.parse.questions import QuestionDraft
    from exporter.parse.questions.scope import free_stretches

    def exercise_lines(state):
        found = []
        for stretch in free_stretches(state):
            if stretch.heading is not None and stretch.heading.plain == "练习":
                for token in state.tokens[stretch.start : stretch.end]:
                    if token.type == "inline" and token.content.startswith("题: "):
                        line = token.map[0] + 1
                        found.append(QuestionDraft(token.content[3:], line, ("练习",), "exercise"))
        return found

    STYLES.push("exercise", exercise_lines)
    try:
        document = parse_text("## 练习\n\n题: 什么是 KL 散度?\n", Path("n.md"))
    finally:
        STYLES.disable("exercise")
    assert [(q.text, q.style, q.category) for q in document.questions] == [
        ("什么是 KL 散度?", "exercise", ("练习",))
    ]


def _point_html(text: str, label: str) -> str:
    from exporter.render import render_markdown

    document = parse_text(text, Path("points.md"))
    sections = [s for top in document.sections for s in top.walk()]
    [point] = [p for s in sections for p in s.key_points if p.label == label]
    return render_markdown(point.body, math=lambda tex, display: tex, tokens=point.body.tokens)


def test_a_key_point_body_renders_as_the_file_shows_it() -> None:
    # A blank line inside the item parts two paragraphs; a code block keeps its own indent.
    text = (
        "# 笔记\n\n## 节\n\n"
        "- **思路**：先随机取一个值；\n\n"
        "  再看斜率往哪边走。\n\n"
        "  ```\n  dp[0] = 0\n    dp[i] = dp[i - 1]\n  ```\n"
        "- **另一条**: 一句话\n"
    )
    html = _point_html(text, "思路")
    assert html.startswith("<p>先随机取一个值；</p>\n<p>再看斜率往哪边走。</p>")
    assert "<code>dp[0] = 0\n  dp[i] = dp[i - 1]\n</code>" in html
    # a tight list's paragraph is shown as a paragraph, as the body parsed alone would be
    assert _point_html(text, "另一条") == "<p>一句话</p>"


def test_a_label_markdown_it_does_not_bold_still_leaves_its_body() -> None:
    # `**标签：**内容`: the closing `**` sits between punctuation and a letter, so CommonMark
    # reads no bold; the body is still the text after the label.
    html = _point_html("# 笔记\n\n## 节\n\n- **核心问题：**内容在这里\n", "核心问题")
    assert html == "<p>内容在这里</p>"
