"""An independent reading of a notes file: what a reader sees in the Markdown source,
found with a few regular expressions and no code of the exporter. Tests compare the
writers' output against this, so a parser bug cannot hide itself by changing both sides."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_NUMBERED_BOLD = re.compile(r"^(\d+)\.\s+\*\*(.+?)\*\*\s*$")
_LABELLED_BULLET = re.compile(r"^\s*[-*+]\s+\*\*(.+?)\*\*\s*[:：]")
_INTERVIEW = re.compile(r"面试|问题清单|interview|questions|Q&A", re.I)
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+\$")


@dataclass
class Outline:
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, Markdown title)
    notes_headings: list[tuple[int, str]] = field(default_factory=list)  # before the interview
    questions: list[tuple[int, str]] = field(default_factory=list)  # `N. **question**` lines
    labelled_bullets: list[str] = field(default_factory=list)  # `- **label**:` of the notes
    in_order: list[str] = field(default_factory=list)  # headings and `N.question`, as printed
    interview_line: int | None = None  # 1-based line of the interview part's heading


def read_outline(path: Path) -> Outline:
    outline = Outline()
    in_fence = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or _FENCE.match(line):
            continue
        interview = outline.interview_line is not None
        if heading := _HEADING.match(line):
            level, title = len(heading.group(1)), heading.group(2)
            outline.headings.append((level, title))
            if not interview and level <= 2 and _INTERVIEW.search(title):
                outline.interview_line = number
            elif not interview:
                outline.notes_headings.append((level, title))
            outline.in_order.append(printed(title))
        elif interview and (question := _NUMBERED_BOLD.match(line)):
            outline.questions.append((int(question.group(1)), question.group(2)))
            outline.in_order.append(f"{question.group(1)}.{printed(question.group(2))}")
        elif not interview and (bullet := _LABELLED_BULLET.match(line)):
            outline.labelled_bullets.append(bullet.group(1))
    return outline


def squash(text: str) -> str:
    """Drop whitespace: PDF text extraction breaks lines at column edges and may space CJK."""
    return re.sub(r"\s+", "", text)


def printed(markdown: str) -> str:
    """What a line of Markdown prints as text; formulas are vector art with no text."""
    return squash(_MATH.sub("", markdown).replace("**", "").replace("`", ""))


def assert_in_order(haystack: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"missing or out of order after position {position}: {needle!r}"
        position = found + len(needle)
