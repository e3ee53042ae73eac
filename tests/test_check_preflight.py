"""The pre-flight (issue 12.4): `export check` reports everything `export anki` would warn
or stop at, on the same line, so a clean check means a silent export."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, invoke

NOTES = sorted(
    p
    for p in [*FIXTURES.glob("*.md"), *(FIXTURES / "check").glob("*.md")]
    if p.name not in ("empty.md", "no_structure.md", "latin1.md")  # not notes at all
)
_WHERE = re.compile(r"^(?:warning|error): (?P<path>.+?):(?P<line>\d+)(?::\d+)?: ", re.M)


def lines_of(output: str, path: Path) -> set[int]:
    return {int(m.group("line")) for m in _WHERE.finditer(output) if m.group("path") == str(path)}


@pytest.mark.parametrize("name", [p.name for p in NOTES])
def test_what_export_says_check_says_first(name: str, tmp_path: Path) -> None:
    source = next(p for p in NOTES if p.name == name)
    notes = tmp_path / name
    shutil.copy(source, notes)
    if (source.parent / "img").is_dir():
        shutil.copytree(source.parent / "img", tmp_path / "img", symlinks=True)
    export = invoke("anki", str(notes), "-o", str(tmp_path / "deck.apkg"))
    check = invoke("check", "--output-format", "json", str(notes))
    found = {item["line"] for item in json.loads(check.stdout or "[]")}
    found |= lines_of(check.stderr, notes)
    assert lines_of(export.stderr, notes) <= found, (export.stderr, check.stdout)
    if check.exit_code == 0:
        assert "warning" not in export.stderr and export.exit_code == 0
