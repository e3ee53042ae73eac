"""`export check` on the command line: output format, summary, exit codes, selection,
configuration, JSON, and the interview findings `export anki` shows as warnings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, invoke
from test_check_rules import needs_parser_columns

from exporter.check.rules import RULES

CHECK = FIXTURES / "check"


def run(*args: str) -> tuple[int, str, str]:
    result = invoke(*args)
    return result.exit_code, result.stdout, result.stderr


def copy(name: str, folder: Path) -> Path:
    target = folder / name
    shutil.copy(CHECK / name, target)
    return target


def test_clean_notes_exit_0() -> None:
    code, out, _ = run("check", str(CHECK / "t004_good.md"))
    assert code == 0 and out == "All checks passed!\n"


def test_findings_one_per_line_then_a_summary() -> None:
    path = CHECK / "t004_bad.md"
    code, out, _ = run("check", str(path))
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == f"{path}:3:8: T004 [*] missing space before bold text " + (
        "(without it CommonMark leaves the `**` unrendered)"
    )
    assert lines[-2:] == ["Found 7 problems.", "[*] 7 fixable with the `--fix` option."]


def test_unfixable_findings_carry_no_mark() -> None:
    code, out, _ = run("check", str(CHECK / "t006_bad.md"))
    assert code == 1
    assert f"{CHECK / 't006_bad.md'}:3:16: T006 `.` ends a sentence" in out
    assert "[*]" not in out and out.rstrip().endswith("Found 4 problems.")


def test_fix_rewrites_and_exits_0_when_all_fixed(tmp_path: Path) -> None:
    notes = copy("t002_bad.md", tmp_path)
    code, out, _ = run("check", "--fix", str(notes))
    assert code == 0 and out == "Fixed 10 problems in 1 file, 0 remaining.\n"
    assert "- 使用 PPO 训练语言模型;" in notes.read_text(encoding="utf-8")
    code, out, _ = run("check", "--fix", str(notes))
    assert code == 0 and out == "All checks passed!\n"


def test_fix_reports_what_remains(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("## 标题\n\n- 使用PPO训练. 然后评估;\n", encoding="utf-8")
    code, out, _ = run("check", "--fix", str(notes))
    assert code == 1
    assert out.splitlines() == [
        f"{notes}:3:12: T006 `.` ends a sentence inside the paragraph: use `;` between "
        "sentences (not fixed automatically: check for an abbreviation)",
        "Fixed 2 problems in 1 file, 1 remaining.",
    ]


def test_select_and_ignore() -> None:
    path = str(CHECK / "t004_bad.md")
    code, out, _ = run("check", "--select", "T001", path)
    assert code == 1 and out.count(": T001 ") == 1 and ": T004 " not in out
    code, out, _ = run("check", "--ignore", "T", path)
    assert code == 0 and out == "All checks passed!\n"
    code, out, _ = run("check", "--select", "bold-spacing,T001", "--ignore", "T001", path)
    assert code == 1 and ": T001 " not in out and out.count(": T004 ") == 6


def test_unknown_rule_is_a_usage_error() -> None:
    code, _, err = run("check", "--select", "X999", str(CHECK / "t004_bad.md"))
    assert code == 2 and "X999" in err and "names no rule" in err


BAD_INPUTS = [
    ("empty.md", ":1: the file is empty"),
    ("latin1.md", ":3: is not valid UTF-8"),
    ("does_not_exist.md", "does_not_exist.md: no such file"),
]


@pytest.mark.parametrize(("name", "message"), BAD_INPUTS)
def test_input_errors_exit_2_with_one_error_line(name: str, message: str) -> None:
    code, out, err = run("check", str(FIXTURES / name))
    assert code == 2 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith("error: ") and message in line


def test_an_input_error_does_not_hide_the_other_files() -> None:
    code, out, err = run("check", str(FIXTURES / "empty.md"), str(CHECK / "t004_bad.md"))
    assert code == 2 and "error: " in err and "Found 7 problems." in out


def test_json_output(tmp_path: Path) -> None:
    path = CHECK / "t003_bad.md"
    code, out, _ = run("check", "--format", "json", str(path))
    assert code == 1
    items = json.loads(out)
    assert [(i["line"], i["column"], i["rule"]) for i in items] == [
        (3, 7, "T003"), (3, 23, "T003"), (4, 11, "T003"), (5, 9, "T003")
    ]  # fmt: skip
    first = items[0]
    assert first["file"] == str(path) and first["name"] == "parenthesis-spacing"
    assert first["fixable"] is True
    assert first["fix"] == [
        {"start": {"line": 3, "column": 7}, "end": {"line": 3, "column": 7}, "content": " "}
    ]


def test_rules_listing_and_help_name_every_rule() -> None:
    code, listing, _ = run("check", "--rules")
    assert code == 0
    _, help_text, _ = run("check", "--help")
    for rule in RULES:
        assert rule.id in listing and rule.name in listing
        assert rule.id in help_text and rule.name in help_text


def test_pyproject_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.exporter.check]\nignore = ["T004"]\nbold-max-share = 0.9\n', encoding="utf-8"
    )
    folder = tmp_path / "notes"
    folder.mkdir()
    code, out, _ = run("check", str(copy("t004_bad.md", folder)))
    assert code == 1 and ": T004 " not in out and out.count(": T001 ") == 1
    code, out, _ = run("check", str(copy("s002_bad.md", folder)))
    assert code == 0  # 84% and 79% bold are under the configured 90%


def test_bad_pyproject_configuration_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.exporter.check]\nbold-max-share = 2\n", encoding="utf-8"
    )
    code, _, err = run("check", str(copy("t004_good.md", tmp_path)))
    assert code == 2 and "bold-max-share" in err and err.startswith("error: ")


def test_front_matter_configuration(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    text = (CHECK / "t004_bad.md").read_text(encoding="utf-8")
    notes.write_text("---\ncheck:\n  ignore: [T001, bold-spacing]\n---\n\n" + text, "utf-8")
    code, out, _ = run("check", str(notes))
    assert code == 0, out
    notes.write_text("---\ncheck:\n  ignore:\n    - T004\n---\n\n" + text, "utf-8")
    code, out, _ = run("check", str(notes))
    assert code == 1 and ": T004 " not in out and "T001" in out
    notes.write_text("---\ncheck:\n  colour: red\n---\n\n" + text, "utf-8")
    code, _, err = run("check", str(notes))
    assert code == 2 and f"{notes}:2: front matter `check:`: unknown setting `colour`" in err


def test_anki_reports_the_interview_findings_as_warnings(tmp_path: Path) -> None:
    """The same findings (Q004 here) reach the user where it matters: on export."""
    code, out, err = run("anki", str(CHECK / "q004_bad.md"), "-o", str(tmp_path / "deck.apkg"))
    assert code == 0
    assert (
        f'warning: {CHECK / "q004_bad.md"}:10:23: reference "广义优势估计" names no section '
        "of the notes" in err
    )
    needs_parser_columns()
    code, out, _ = run("check", str(CHECK / "q004_bad.md"))
    assert f'{CHECK / "q004_bad.md"}:10:23: Q004 reference "广义优势估计"' in out


def test_quiet_prints_findings_only() -> None:
    code, out, _ = run("check", "-q", str(CHECK / "t003_bad.md"))
    assert code == 1 and len(out.splitlines()) == 4 and "Found" not in out
    code, out, _ = run("check", "-q", str(CHECK / "t003_good.md"))
    assert code == 0 and out == ""


def test_several_files_one_summary() -> None:
    code, out, _ = run("check", str(CHECK / "t003_bad.md"), str(CHECK / "t005_bad.md"))
    assert code == 1
    assert out.count("t003_bad.md:") == 4 and out.count("t005_bad.md:") == 5
    assert out.splitlines()[-2] == "Found 9 problems."


def test_interview_heading_that_matches_nothing_is_a_warning() -> None:
    code, _, err = run("check", "--interview-heading", "问答", str(CHECK / "q001_good.md"))
    assert code == 0 and "warning: " in err and 'no heading contains "问答"' in err
