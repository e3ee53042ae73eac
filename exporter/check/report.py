"""Findings as text (`FILE:LINE:COL: RULE [*] message`, then a summary), JSON, or GitHub
Actions workflow commands (an annotation on the pull request's diff per finding)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from .files import FileReport
from .findings import Edit, LineIndex
from .rules import BY_ID


def text_lines(reports: Sequence[FileReport]) -> Iterator[str]:
    for report in reports:
        for finding in report.findings:
            line, column = report.index.position(finding.offset)
            mark = "[*] " if finding.fixable else ""
            yield f"{report.path}:{line}:{column}: {finding.rule} {mark}{finding.message}"


def summary(reports: Sequence[FileReport]) -> str:
    remaining = sum(len(r.findings) for r in reports)
    fixable = sum(f.fixable for r in reports for f in r.findings)
    fixed = sum(r.fixed for r in reports)
    files = sum(1 for r in reports if r.fixed)
    if fixed:
        where = f"{files} file" + ("s" if files != 1 else "")
        return f"Fixed {_problems(fixed)} in {where}, {remaining} remaining."
    if not remaining:
        return "All checks passed!"
    text = f"Found {_problems(remaining)}."
    if fixable:
        text += f"\n[*] {fixable} fixable with the `--fix` option."
    return text


def _problems(count: int) -> str:
    return f"{count} problem" + ("s" if count != 1 else "")


def json_report(reports: Sequence[FileReport]) -> str:
    items = []
    for report in reports:
        for finding in report.findings:
            line, column = report.index.position(finding.offset)
            items.append(
                {
                    "file": str(report.path),
                    "line": line,
                    "column": column,
                    "rule": finding.rule,
                    "name": BY_ID[finding.rule].name,
                    "message": finding.message,
                    "fixable": finding.fixable,
                    "style": report.style.name,
                    "fix": [_edit(report.index, e) for e in finding.edits] or None,
                }
            )
    return json.dumps(items, ensure_ascii=False, indent=2)


def _edit(index: LineIndex, edit: Edit) -> dict[str, object]:
    (line, column), (end_line, end_column) = index.position(edit.start), index.position(edit.end)
    return {
        "start": {"line": line, "column": column},
        "end": {"line": end_line, "column": end_column},
        "content": edit.text,
    }


def github_lines(reports: Sequence[FileReport]) -> Iterator[str]:
    """`::error file=..,line=..,col=..,title=..::message`, as ruff's `--output-format github`."""
    for report in reports:
        for finding in report.findings:
            line, column = report.index.position(finding.offset)
            title = f"{finding.rule} {BY_ID[finding.rule].name}"
            properties = ",".join(
                f"{key}={_property(str(value))}"
                for key, value in (("file", report.path), ("line", line), ("col", column),
                                   ("title", title))
            )  # fmt: skip
            where = f"{report.path}:{line}:{column}"
            yield f"::error {properties}::{_data(f'{where}: {finding.rule} {finding.message}')}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
