"""`.pre-commit-hooks.yaml`: each hook runs a console script this package installs, on
Markdown files, and the command it runs behaves as pre-commit expects (non-zero: fail)."""

from __future__ import annotations

import shlex
import shutil
import tomllib
from pathlib import Path

import yaml
from conftest import FIXTURES, ROOT, invoke


def hooks() -> list[dict[str, object]]:
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_hooks_run_an_installed_script_on_markdown() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    ids = set()
    for hook in hooks():
        program, command, *_ = shlex.split(str(hook["entry"]))
        assert program in scripts and command == "check", hook
        assert hook["language"] == "python" and hook["types_or"] == ["markdown"]
        ids.add(hook["id"])
    assert ids == {"export-check", "export-check-fix"}


def test_the_hook_commands_fail_then_pass_as_pre_commit_needs(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    shutil.copy(FIXTURES / "check" / "t002_bad.md", notes)
    by_id = {hook["id"]: shlex.split(str(hook["entry"]))[1:] for hook in hooks()}
    assert invoke(*by_id["export-check"], str(notes)).exit_code == 1
    assert invoke(*by_id["export-check-fix"], str(notes)).exit_code == 0  # all fixed
    assert invoke(*by_id["export-check"], str(notes)).exit_code == 0
