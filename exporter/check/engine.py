"""One notes text → its findings: parse once, place the inlines, run the selected rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from ..errors import InputError
from ..model import Document
from ..parse import UNBALANCED_DOLLAR
from ..parse.dialect import markdown_parser
from . import structure, typography
from .config import CheckConfig, front_matter_settings
from .document import parse
from .findings import Finding, LineIndex
from .inline import InlineView, inline_views
from .interview import CODES, interview_findings, other_warnings

ViewRule = Callable[[InlineView], Iterator[Finding]]


@dataclass
class Analysis:
    path: Path
    text: str
    index: LineIndex
    tokens: list[Token]
    views: list[InlineView]
    config: CheckConfig
    findings: list[Finding]
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
    """Lint `text` (whose `tokens` may be given, to save parsing it again). Without the
    document, the interview rules are skipped (the fix loop only needs the rules that
    edit); a document that cannot be built raises `InputError`."""
    build: Callable[[], Document] | None = None
    if with_document:
        tokens, build = parse(text, path, interview_heading, tokens)
    elif tokens is None:
        tokens = markdown_parser().parse(text)
    index = LineIndex(text)
    config = file_config(tokens, path, project or CheckConfig(), overrides or {})
    enabled = config.enabled()
    views, unplaced = inline_views(tokens, index.lines, index.starts)
    dollars = [f for v in views for f in structure.unbalanced_dollars(v)]
    dollars += [f for t in unplaced for f in structure.unbalanced_dollars_unplaced(t, index)]
    findings = [*lint(tokens, views, index, config, enabled), *dollars]
    analysis = Analysis(path, text, index, tokens, views, config, findings, len(dollars))
    if build is not None:
        document = _document(build, text, path, interview_heading, [f.offset for f in dollars])
        analysis.document = document
        analysis.warnings = other_warnings(document)
        if enabled & CODES:
            findings += interview_findings(document, index)
    analysis.findings = sorted(
        (_keep_block_starts(f, index) for f in findings if f.rule in enabled),
        key=lambda f: (f.offset, f.rule),
    )
    return analysis


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
        if _line_start(line) != _line_start(changed):
            return replace(finding, edits=())
    return finding


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


def lint(
    tokens: list[Token],
    views: list[InlineView],
    index: LineIndex,
    config: CheckConfig,
    enabled: frozenset[str],
) -> Iterator[Finding]:
    stray_dollars = any("$" in view.masked for view in views)
    settings = typography.Settings(
        frozenset(word.lower().rstrip(".") for word in config.abbreviations)
    )
    rules: list[tuple[str, ViewRule]] = [
        ("T001", typography.full_width),
        ("T002", typography.cjk_latin),
        ("T003", typography.parentheses),
        ("T004", typography.bold_spacing),
        ("T005", typography.space_before_punctuation),
        ("T006", lambda view: typography.sentence_period(view, settings)),
        (
            "S002",
            lambda view: structure.bold_overuse(
                view, config.bold_max_share, config.bold_min_length
            ),
        ),
        ("S003", lambda view: structure.latex_delimiters(view, stray_dollars)),
    ]
    active = [rule for rule_id, rule in rules if rule_id in enabled]
    for view in views:
        for rule in active:
            yield from rule(view)
    if "S001" in enabled:
        yield from structure.title_headings(tokens, index)


def _document(
    build: Callable[[], Document],
    text: str,
    path: Path,
    interview_heading: str | None,
    dollars: list[int],
) -> Document:
    """The parser refuses notes with an unclosed `$`; S004 reports those, and the
    interview rules still run on a copy in which those `$`s are escaped."""
    try:
        return build()
    except InputError as error:
        if error.diagnostic.code != UNBALANCED_DOLLAR or not dollars:
            raise
    patched = text
    for _ in range(5):
        patched = _escape(patched, dollars)
        tokens, build = parse(patched, path, interview_heading)
        try:
            return build()
        except InputError as error:
            if error.diagnostic.code != UNBALANCED_DOLLAR:
                raise
            index = LineIndex(patched)
            views, unplaced = inline_views(tokens, index.lines, index.starts)
            dollars = [f.offset for v in views for f in structure.unbalanced_dollars(v)]
            dollars += [
                f.offset for t in unplaced for f in structure.unbalanced_dollars_unplaced(t, index)
            ]
            if not dollars:
                raise
    return build()


def _escape(text: str, offsets: list[int]) -> str:
    parts: list[str] = []
    last = 0
    for offset in sorted(set(offsets)):
        parts += [text[last:offset], "\\"]
        last = offset
    parts.append(text[last:])
    return "".join(parts)
