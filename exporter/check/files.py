"""Checking (and fixing) one notes file on disk."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..parse.source import decode_notes, read_notes
from .config import project_config
from .engine import Analysis, analyse
from .findings import Finding, LineIndex
from .fix import FixRefused, Snapshot, fix_text, write_back
from .meaning import differences, meaning
from .styles import Style


@dataclass
class FileReport:
    path: Path
    findings: list[Finding]
    index: LineIndex
    style: Style
    fixed: int = 0
    warnings: list[str] = field(default_factory=list)


def check_file(
    path: Path,
    *,
    fix: bool = False,
    overrides: dict[str, Any] | None = None,
    interview_heading: str | None = None,
) -> FileReport:
    """Raises `InputError` for notes that cannot be read, `ConfigError` for a bad
    configuration, `FixRefused` when fixing would change what the notes mean."""
    text = read_notes(path)
    snapshot = Snapshot.take(path) if fix else None
    project = project_config(path)
    before = analyse(
        text, path, project=project, overrides=overrides, interview_heading=interview_heading
    )
    if not fix or not any(f.fixable for f in before.findings):
        return _report(before)
    overrides = {**(overrides or {}), "style": before.style.name}  # judge both alike
    fixed = fix_text(text, path, project=project, overrides=overrides, first=before)
    if fixed.text == text:
        return _report(before)
    after = analyse(
        fixed.text,
        path,
        project=project,
        overrides=overrides,
        interview_heading=interview_heading,
        tokens=fixed.last.tokens,
    )
    assert before.document is not None and after.document is not None
    changed = differences(
        meaning(before.tokens, before.document, before.views),
        meaning(after.tokens, after.document, after.views),
    )
    if after.unclosed_dollars > before.unclosed_dollars:
        changed.append("formulas (a `$` would no longer close)")
    if changed:
        raise FixRefused(
            f"{path}: the fixes would change the notes' {', '.join(changed)}; the file is "
            "left as it was (fix these findings by hand, and please report this)"
        )
    assert snapshot is not None
    if decode_notes(path, snapshot.data) != text:
        raise FixRefused(f"{path}: changed while it was read; nothing was written (run again)")
    write_back(path, fixed.text, snapshot)
    return _report(replace(after, style=before.style), fixed.applied)


def _report(analysis: Analysis, fixed: int = 0) -> FileReport:
    return FileReport(
        analysis.path, analysis.findings, analysis.index, analysis.style, fixed, analysis.warnings
    )
