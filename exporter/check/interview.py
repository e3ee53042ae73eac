"""Interview-list rules Q001-Q004: the parser finds these (`Document.warnings`, the same
findings `export anki` and `export pdf` print as warnings); we add the column."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..media import configured_roots, image_diagnostics
from ..model import Document
from ..parse import (
    DUPLICATE_QUESTION,
    NO_ANSWER,
    NO_FOLLOW_UP,
    UNINDENTED_BULLETS,
    UNRESOLVED_REFERENCE,
)
from .findings import Finding, LineIndex

CODES = frozenset(
    {NO_ANSWER, NO_FOLLOW_UP, DUPLICATE_QUESTION, UNRESOLVED_REFERENCE, UNINDENTED_BULLETS}
)
# Where a question's own text starts: after quote markers, a list marker or heading hashes.
_LEAD = re.compile(r"[ \t]*(?:>[ \t]?)*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+|#{1,6}[ \t]+)?")
_REFERENCE = re.compile(r"\"(?P<title>[^\"\n]*)\"|“(?P<curly>[^”\n]*)”|「(?P<corner>[^」\n]*)」")
_REFERENCE_TITLE = re.compile(r"^reference \"(?P<title>.*)\" names no section")


def interview_findings(document: Document, index: LineIndex) -> Iterator[Finding]:
    for warning in document.warnings:
        if warning.code not in CODES or warning.line <= 0:
            continue
        line = index.lines[warning.line - 1] if warning.line <= len(index.lines) else ""
        lead = _LEAD.match(line)
        column = (lead.end() if lead else 0) + 1
        if warning.code == UNRESOLVED_REFERENCE:
            column = _reference_column(line, warning.message) or column
        message = f"{warning.message} ({warning.hint})" if warning.hint else warning.message
        yield Finding(warning.code, index.offset(warning.line, column), message)


def _reference_column(line: str, message: str) -> int | None:
    wanted = _REFERENCE_TITLE.match(message)
    if wanted is None:
        return None
    for match in _REFERENCE.finditer(line):
        title = match.group("title") or match.group("curly") or match.group("corner") or ""
        if title.strip() == wanted.group("title"):
            return match.start() + 1
    return None


def other_warnings(document: Document) -> list[str]:
    """Warnings that are no rule's (`--interview-heading` matched nothing), and the images
    the writers would leave out (M001-M004), so that `check` tells before an export does."""
    roots = configured_roots(Path.cwd())  # `check` has no --media-root: the config's only
    images = [str(w) for w in image_diagnostics([replace(document, media_roots=roots)])]
    return [*(str(w) for w in document.warnings if w.code not in CODES), *images]
