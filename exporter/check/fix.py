"""`--fix`: apply safe edits round after round until nothing fixable is left, prove the
notes still mean the same, then write the file atomically, or not at all.

Rounds are how fixes that touch each other compose (`（` becomes ` (` in one round; the
space before it that T005 removes is the next round's), the way ruff iterates. A second
`--fix` then finds nothing to do, which is what makes it idempotent.
"""

from __future__ import annotations

import shutil
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ExportError
from ..output import atomic_write
from ..parse.source import MixedLineEndings, encode_like
from .config import CheckConfig
from .engine import Analysis, analyse
from .findings import Edit, Finding

MAX_ROUNDS = 8  # real notes settle in two or three; the bound only guards against a loop


class FixRefused(ExportError):
    """The fixed text would not mean the same, or cannot be written back faithfully."""


@dataclass(frozen=True)
class Fixed:
    text: str
    applied: int  # findings fixed, over all rounds
    last: Analysis  # of `text`, without the document: its tokens can be reused


def fix_text(
    text: str,
    path: Path,
    *,
    project: CheckConfig | None = None,
    overrides: dict[str, Any] | None = None,
    first: Analysis | None = None,
) -> Fixed:
    """Fix `text` (of which `first` may be an analysis already made) until no fixable
    finding is left or the rounds run out."""
    analysis = first or analyse(
        text, path, project=project, overrides=overrides, with_document=False
    )
    applied = 0
    for _ in range(MAX_ROUNDS):
        edits, count = choose(analysis.findings)
        if not edits:
            break
        text = apply_edits(text, edits)
        applied += count
        analysis = analyse(text, path, project=project, overrides=overrides, with_document=False)
    return Fixed(text, applied, analysis)


def choose(findings: list[Finding]) -> tuple[list[Edit], int]:
    """The edits of as many findings as possible such that no two edits touch: edits
    that meet at a point would depend on the order they are applied in."""
    accepted: list[Edit] = []
    starts: list[int] = []
    count = 0
    for finding in findings:
        if not finding.edits or any(_touches(e, accepted, starts) for e in finding.edits):
            continue
        for edit in finding.edits:
            position = bisect_left(starts, edit.start)
            starts.insert(position, edit.start)
            accepted.insert(position, edit)
        count += 1
    return accepted, count


def _touches(edit: Edit, accepted: list[Edit], starts: list[int]) -> bool:
    position = bisect_left(starts, edit.start)
    for neighbour in accepted[max(position - 1, 0) : position + 1]:
        if neighbour.start <= edit.end and edit.start <= neighbour.end:
            return True
    return False


def apply_edits(text: str, edits: list[Edit]) -> str:
    parts: list[str] = []
    last = 0
    for edit in sorted(edits):
        parts += [text[last : edit.start], edit.text]
        last = edit.end
    parts.append(text[last:])
    return "".join(parts)


def write_back(path: Path, text: str) -> None:
    """Write `text` over the notes with the file's own byte-order mark, line endings and
    permissions, so the only difference a `diff` shows is the fixes."""
    try:  # the same encoding, byte-order mark and line ending (also a lone CR) as before
        encoded = encode_like(path.read_bytes(), text)
    except MixedLineEndings:
        raise FixRefused(
            f"{path}: mixes line endings; --fix would rewrite every line "
            "(convert the file to one kind of line ending first)"
        ) from None
    with atomic_write(path) as temporary:
        temporary.write_bytes(encoded)
        shutil.copymode(path, temporary)
