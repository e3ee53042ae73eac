"""`export check` in CI and on vaults: GitHub annotations, JSON, folders, exit codes,
inline disables and `--explain`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, invoke

CHECK = FIXTURES / "check"


def test_github_annotations() -> None:
    path = CHECK / "t003_bad.md"
    result = invoke("check", "--output-format", "github", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4 and "Found" not in result.stdout
    assert lines[0] == (
        f"::error file={path},line=3,col=7,title=T003 parenthesis-spacing::"
        f"{path}:3:7: T003 missing space before `(`"
    )


def test_github_escapes_what_would_end_a_property(tmp_path: Path) -> None:
    notes = tmp_path / "a,b:c.md"
    shutil.copy(CHECK / "t003_bad.md", notes)
    first = invoke("check", "--output-format", "github", str(notes)).stdout.splitlines()[0]
    assert first.startswith(f"::error file={tmp_path}/a%2Cb%3Ac.md,line=3,col=7,")


def test_format_is_kept_as_an_alias() -> None:
    path = str(CHECK / "t003_bad.md")
    old = invoke("check", "--format", "json", path).stdout
    assert old == invoke("check", "--output-format", "json", path).stdout
    assert [i["style"] for i in json.loads(old)] == ["half-width"] * 4


def test_a_folder_is_checked_file_by_file(tmp_path: Path) -> None:
    vault = tmp_path / "my vault"
    (vault / "sub folder").mkdir(parents=True)
    shutil.copy(CHECK / "t003_bad.md", vault / "a.md")
    shutil.copy(CHECK / "t005_bad.md", vault / "sub folder" / "b.md")
    shutil.copy(CHECK / "t003_good.md", vault / "c.md")
    (vault / ".obsidian").mkdir()
    shutil.copy(CHECK / "t003_bad.md", vault / ".obsidian" / "hidden.md")
    result = invoke("check", str(vault))
    assert result.exit_code == 1
    assert result.stdout.count("a.md:") == 4 and result.stdout.count("b.md:") == 5
    assert "hidden.md" not in result.stdout
    assert result.stdout.splitlines()[-2] == "Found 9 problems."


def test_an_empty_folder_is_an_input_error(tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 2 and f"error: {tmp_path}: no .md files" in result.stderr


def test_exit_codes() -> None:
    assert invoke("check", str(CHECK / "t003_good.md")).exit_code == 0
    assert invoke("check", str(CHECK / "t003_bad.md")).exit_code == 1
    assert invoke("check", "--style", "fancy", str(CHECK / "t003_bad.md")).exit_code == 2
    assert invoke("check", str(FIXTURES / "empty.md")).exit_code == 2


def test_inline_disables(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(
        "## 笔记\n\n"
        "<!-- export-check: disable-next-line=T002 -->\n"
        "- 使用PPO训练，好;\n"  # T002 silenced, T001 still reported
        "- 使用PPO训练 <!-- export-check: disable-line -->\n"
        "- 使用PPO训练;\n"
        "\n```\n<!-- export-check: disable -->\n```\n",  # in code: no directive
        encoding="utf-8",
    )
    result = invoke("check", str(notes))
    found = [line.split(": ")[0].removeprefix(f"{notes}:") + " " + line.split(": ")[1][:4]
             for line in result.stdout.splitlines() if line.startswith(str(notes))]  # fmt: skip
    assert found == ["4:10 T001", "6:5 T002", "6:8 T002"]
    text = notes.read_text(encoding="utf-8")
    notes.write_text("<!-- export-check: disable=T -->\n\n" + text, encoding="utf-8")
    assert invoke("check", str(notes)).exit_code == 0


def test_a_disable_that_names_no_rule_is_an_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("## 笔记\n\n- 文本 <!-- export-check: disable-line=T999 -->\n", "utf-8")
    result = invoke("check", str(notes))
    assert result.exit_code == 2 and f"error: {notes}:3: `T999`" in result.stderr


def test_fix_leaves_a_disabled_line_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(
        "## 笔记\n\n- 使用PPO训练 <!-- export-check: disable-line=T002 -->\n- 使用PPO训练;\n",
        encoding="utf-8",
    )
    assert invoke("check", "--fix", str(notes)).exit_code == 0
    assert notes.read_text(encoding="utf-8").splitlines()[2:] == [
        "- 使用PPO训练 <!-- export-check: disable-line=T002 -->",
        "- 使用 PPO 训练;",
    ]


def test_explain_says_why_with_an_example() -> None:
    result = invoke("check", "--explain", "bold-spacing")
    assert result.exit_code == 0
    assert result.stdout.startswith("T004 bold-spacing [*]")
    assert "why: CommonMark" in result.stdout and "example: `是**信任区域**内`" in result.stdout
    assert "setting `bold-max-share`" in invoke("check", "--explain", "S002").stdout
    assert invoke("check", "--explain", "X999").exit_code == 2
