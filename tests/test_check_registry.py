"""The rule registry: one `Rule` per rule, registered once; selection, `--rules`, `--help`
and the configuration all come from it, so a new rule is a few lines in one place."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, invoke

from exporter.check.context import Context
from exporter.check.findings import Hit
from exporter.check.registry import REGISTRY, rule


@pytest.fixture
def todo_rule() -> Iterator[str]:
    """A test-only rule, registered the way every rule is."""

    @rule(
        "X901",
        "todo-left",
        summary="a `TODO` left in the notes",
        why="an unfinished note should not reach the deck",
        example="`TODO: 补充` → the note itself",
    )
    def todo_left(context: Context) -> Iterator[Hit]:
        for view in context.views:
            for match in re.finditer("TODO", view.masked):  # masked: not in code or math
                yield Hit(view.file_offset(match.start()), "a `TODO` is left here")

    yield "X901"
    REGISTRY.remove("X901")


def test_a_registered_rule_is_reported_selected_and_listed(todo_rule: str, tmp_path: Path):
    notes = tmp_path / "notes.md"
    notes.write_text("## 笔记\n\n- 裁剪 TODO;\n- `TODO` 在代码里不算;\n", encoding="utf-8")
    result = invoke("check", str(notes))
    assert result.exit_code == 1
    assert f"{notes}:3:6: X901 a `TODO` is left here" in result.stdout
    assert result.stdout.count("X901") == 1
    assert invoke("check", "--ignore", "todo-left", str(notes)).exit_code == 0
    assert "X901  todo-left" in invoke("check", "--rules").stdout
    assert "X901" in invoke("check", "--help").stdout


def test_a_registered_rule_can_be_configured(todo_rule: str, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("---\ncheck:\n  ignore: [X9]\n---\n\n## 笔记\n\n- 裁剪 TODO;\n", "utf-8")
    assert invoke("check", str(notes)).exit_code == 0


def test_ids_and_names_are_unique() -> None:
    with pytest.raises(ValueError, match="taken"):
        rule("X902", "bold-spacing", summary="a second rule of that name")(lambda c: iter(()))
    assert "X902" not in REGISTRY


def test_every_rule_says_why_and_shows_an_example() -> None:
    for registered in REGISTRY:
        assert registered.summary and registered.why and registered.example, registered.id


def test_the_readme_lists_every_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for registered in REGISTRY:
        assert f"`{registered.id}` {registered.name}" in readme, registered.id


def test_rules_the_parser_reports_are_found_at_the_parsers_position() -> None:
    """A rule without a check function: the parser's diagnostics of its code are its
    findings (Q001 here, at the question's text)."""
    result = invoke("check", "--select", "Q001", str(FIXTURES / "check" / "q001_bad.md"))
    assert ":9:4: Q001 question has no answer" in result.stdout
