"""One notes text → its findings: parse once, place the inlines, run the selected rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from ..model import Diagnostic, Document
from ..parse.dialect import markdown_parser, shared_parser
from .config import CheckConfig, front_matter_settings, project_config
from .context import Context
from .document import parse
from .findings import Finding, LineIndex
from .inline import inline_views
from .registry import REGISTRY, Rule
from .styles import Style, resolve_style
from .suppress import find_disables


@dataclass
class Analysis:
    path: Path
    text: str
    index: LineIndex
    tokens: list[Token]
    views: list[Any]
    config: CheckConfig
    findings: list[Finding]
    style: Style
    unclosed_dollars: int = 0  # S004 findings, selected or not: a fix must not add any
    document: Document | None = None
    warnings: list[str] = field(default_factory=list)


def analyse(
    text: str,
    path: Path,
    *,
    project: CheckConfig | None = None,
    overrides: dict[str, Any] | None = None,
    interview_heading: str | None = None,
    with_document: bool = True,
    tokens: list[Token] | None = None,
) -> Analysis:
    """Lint `text` (whose `tokens` may be given, to save parsing it again) under the
    `project` configuration (by default the one found above `path`). Without the
    document, the rules that read it are skipped (the fix loop only needs the rules that
    edit); a document that cannot be built raises `InputError`."""
    build: Callable[[], Document] | None = None
    if with_document:
        tokens, build = parse(text, path, interview_heading, tokens)
    elif tokens is None:
        tokens = markdown_parser().parse(text)
    index = LineIndex(text)
    project = project_config(path) if project is None else project
    config = file_config(tokens, path, project, overrides or {})
    views, unplaced = inline_views(tokens, index.lines, index.starts)
    style = resolve_style(config.style, views)
    context = Context(path, text, index, tokens, views, unplaced, config, style.name)
    analysis = Analysis(path, text, index, tokens, views, config, [], style)
    analysis.unclosed_dollars = len(context.unclosed_dollars)
    if build is not None:
        context.document = build()
        analysis.document = context.document
        analysis.warnings = [str(d) for d in context.document.warnings if d.code not in REGISTRY]
    enabled = config.enabled()
    findings = [
        finding
        for rule in REGISTRY
        if rule.id in enabled and _applies(rule, context)
        for finding in _run(rule, context)
    ]
    disables = find_disables(tokens, path)
    analysis.findings = sorted(
        (
            _keep_block_starts(f, index)
            for f in findings
            if not disables or disables.keeps(f, index)
        ),
        key=lambda f: (f.offset, f.rule),
    )
    return analysis


def _applies(rule: Rule, context: Context) -> bool:
    if context.style not in rule.styles:
        return False
    if rule.from_parser and context.document is None:
        return False
    return rule.applies is None or rule.applies(context)


def _run(rule: Rule, context: Context) -> Iterator[Finding]:
    if rule.check is not None:
        for hit in rule.check(context):
            yield Finding(rule.id, hit.offset, hit.message, hit.edits)
        return
    assert context.document is not None
    for diagnostic in context.document.warnings:
        if diagnostic.code == rule.id and diagnostic.line > 0:
            yield _from_diagnostic(diagnostic, context.index)


def _from_diagnostic(diagnostic: Diagnostic, index: LineIndex) -> Finding:
    """A parser diagnostic at its line and column; one that names no column (0) points at
    where the line's text starts, after its list or heading marker."""
    if diagnostic.col > 0:
        offset = index.offset(diagnostic.line, diagnostic.col)
    else:
        offset = index.text_start(diagnostic.line)
    message = diagnostic.message
    if diagnostic.hint:
        message = f"{message} ({diagnostic.hint})"
    return Finding(diagnostic.code, offset, message)


# How a line starts: indentation, list markers, quote markers, then a heading, a fence or
# a thematic break. `1)策略` → `1) 策略` would start a list; `1。` → `1.` too.
_LINE_START = re.compile(
    r"[ \t]*(?:(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*|>[ \t]?)*"
    r"(?:#{1,6}(?=[ \t]|$)|`{3,}|~{3,}|(?:[-*_=][ \t]*){3,}$)?"
)


def _keep_block_starts(finding: Finding, index: LineIndex) -> Finding:
    """The finding, without its fix if that would change how a line starts, and with it
    the blocks CommonMark reads (the last rule check before any text is changed)."""
    for edit in finding.edits:
        line_number, column = index.position(edit.start)
        line = index.lines[line_number - 1]
        start = column - 1
        end = start + edit.end - edit.start
        if end > len(line):
            continue  # an edit across lines only swaps delimiters inside a paragraph
        changed = line[:start] + edit.text + line[end:]
        if _line_start(line) != _line_start(changed) or _formulas(line) != _formulas(changed):
            return replace(finding, edits=())
    return finding


def _formulas(line: str) -> list[str]:
    """The formulas a line holds: a fix beside a `$` (`$5 ,$x$` → `$5,$x$`) may make or
    unmake one, which no typography fix may do."""
    if "$" not in line:
        return []
    (inline,) = shared_parser().parseInline(line) or [None]
    children = inline.children if inline is not None else None
    return [c.content for c in children or [] if c.type.startswith("math")]


def _line_start(line: str) -> str:
    match = _LINE_START.match(line)
    return match.group() if match else ""


def file_config(
    tokens: list[Token], path: Path, project: CheckConfig, overrides: dict[str, Any]
) -> CheckConfig:
    config = project
    if tokens and tokens[0].type == "front_matter":
        settings, line = front_matter_settings(tokens[0].content, path)
        if settings:
            config = config.merged(settings, f"{path}:{line}: front matter `check:`")
    return config.merged(overrides, "command line") if overrides else config
