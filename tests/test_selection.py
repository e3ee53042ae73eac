"""Card selection, identities and reference targets, decided once for every writer: a
third writer (here a CSV of question and answer) needs nothing else."""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from pathlib import Path

from conftest import FIXTURES

from exporter.anki.mathjax import mathjax_math
from exporter.parse import parse_file, parse_text
from exporter.render import render_markdown
from exporter.selection import select_cards


def _csv(notes: Path) -> list[list[str]]:
    """A whole writer: one row per card, its identity key and its fields as HTML."""
    selection = select_cards(parse_file(notes))
    out = io.StringIO()
    writer = csv.writer(out)
    for card in selection.questions:
        html = render_markdown(
            card.question.answer, math=mathjax_math, tokens=card.question.answer.tokens
        )
        writer.writerow([card.key, card.question.text, html])
    for point in selection.points:
        writer.writerow(
            [
                point.key,
                point.label,
                render_markdown(point.body, math=mathjax_math, tokens=point.body.tokens),
            ]
        )
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_a_third_writer_needs_only_the_selection() -> None:
    rows = _csv(FIXTURES / "list_style.md")
    keys = [row[0] for row in rows]
    assert len(keys) == len(set(keys))
    assert any(key.startswith("q:") for key in keys) and any(key.startswith("k:") for key in keys)
    by_label = {row[1]: row[2] for row in rows}
    assert by_label["概率比"].startswith(r"<p>\(r_t(\theta) =")  # math became \( \) for MathJax
    assert "$5 和 $10" in by_label["子要点乙"]  # prices stay text


def test_references_resolve_to_their_targets() -> None:
    text = (
        "## 笔记\n\n### 重要性采样\n\n用旧策略的数据估计新策略.\n\n"
        "## 面试问题清单\n\n1. **为什么要重要性采样?**\n"
        '    - **答案线索**: 参考笔记中 "重要性采样" 部分;\n'
        "    - **追问**: 方差会怎样?\n"
    )
    selection = select_cards(parse_text(text, Path("n.md")))
    (card,) = selection.questions
    (target,) = card.targets
    assert target.plain_title == "重要性采样"
    assert "用旧策略的数据" in target.body
    # the section is carded itself too, under its own path
    assert [p.label for p in selection.points] == ["重要性采样"]


def test_identity_is_the_question_not_its_answer() -> None:
    before = "## 面试题\n\n1. **什么是 PPO?**\n    - **答案**: 一种策略梯度方法;\n"
    after = before.replace("一种策略梯度方法", "近端策略优化, 一种 on-policy 方法")
    keys = [select_cards(parse_text(t, Path("n.md"))).questions[0].key for t in (before, after)]
    assert keys[0] == keys[1]


def test_two_files_with_one_title_keep_their_cards_apart(tmp_path: Path) -> None:
    """Two `README.md` (or two notes titled `1. 架构图`) in one deck: Anki would merge
    cards with one identity, and an edit to either would be lost."""
    from exporter.anki import build_package
    from exporter.selection import document_identities

    first, second = tmp_path / "a.md", tmp_path / "b.md"
    for path, body in ((first, "上界"), (second, "下界")):
        path.write_text(f"## 架构图\n\n### 作用\n\n{body}起作用;\n", encoding="utf-8")
    documents = [parse_file(first), parse_file(second)]
    identities, warnings = document_identities(documents)
    assert identities[0] != identities[1] and [w.code for w in warnings] == ["N002"]
    guids = [select_cards(d, i).identity for d, i in zip(documents, identities, strict=True)]
    assert guids == identities
    result = build_package(documents, tmp_path / "deck.apkg")
    assert result.notes == 2 and [w.code for w in result.warnings] == ["N002"]
    with zipfile.ZipFile(tmp_path / "deck.apkg") as archive:
        archive.extract("collection.anki2", tmp_path)
    connection = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        (distinct,) = connection.execute("select count(distinct guid) from notes").fetchone()
    finally:
        connection.close()
    assert distinct == 2
