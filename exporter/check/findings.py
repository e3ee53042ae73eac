"""What a rule reports: a position in the file, a message, and the edits that fix it."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Where a line's own text starts: after quote markers, a list marker or heading hashes.
_LEAD = re.compile(r"[ \t]*(?:>[ \t]?)*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+|#{1,6}[ \t]+)?")


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the file's characters `start:end` (offsets in code points) with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Hit:
    """What a rule's check yields; the engine adds the rule's id to make a `Finding`."""

    offset: int  # file offset (code points) of the position reported
    message: str
    edits: tuple[Edit, ...] = ()  # empty: no safe automatic fix for this one


@dataclass(frozen=True)
class Finding:
    rule: str  # a rule id
    offset: int  # file offset (code points) of the position reported
    message: str
    edits: tuple[Edit, ...] = ()  # empty: no safe automatic fix for this one

    @property
    def fixable(self) -> bool:
        return bool(self.edits)


class LineIndex:
    """File offsets ↔ 1-based line and column (columns count code points, like ruff)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts: list[int] = []
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line) + 1

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def offset(self, line: int, column: int = 1) -> int:
        """File offset of a 1-based line and column (clamped to the file)."""
        index = min(max(line, 1), len(self.starts)) - 1
        return self.starts[index] + column - 1

    def text_start(self, line: int) -> int:
        """File offset where a 1-based line's own text starts, after its markers."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        lead = _LEAD.match(text)
        return self.offset(line, (lead.end() if lead else 0) + 1)
