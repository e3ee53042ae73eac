"""An independent reading of a notes file: what a reader sees in the Markdown source,
found with a few regular expressions and no code of the exporter. Tests compare the
writers' output against this, so a parser bug cannot hide itself by changing both sides."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_NUMBERED_BOLD = re.compile(r"^(\d+)\.\s+\*\*(.+?)\*\*\s*$")
_INTERVIEW = re.compile(r"面试|问题清单|interview|questions|Q&A", re.I)
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+\$")


@dataclass(frozen=True)
class Outline:
    headings: list[tuple[int, str]]  # (level, Markdown title), outside code fences
    notes_headings: list[tuple[int, str]]  # the headings before the interview part
    questions: list[tuple[int, str]]  # (number, Markdown text) of `N. **question**` lines
    interview_line: int | None  # 1-based line of the interview heading


def read_outline(path: Path) -> Outline:
    lines = path.read_text(encoding="utf-8").splitlines()
    headings: list[tuple[int, str, int]] = []
    questions: list[tuple[int, str]] = []
    interview: int | None = None
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = _HEADING.match(line)
        if heading:
            level, title = len(heading.group(1)), heading.group(2)
            headings.append((level, title, number))
            if interview is None and level <= 2 and _INTERVIEW.search(title):
                interview = number
            continue
        question = _NUMBERED_BOLD.match(line)
        if question and interview is not None:
            questions.append((int(question.group(1)), question.group(2)))
    notes = [(lvl, t) for lvl, t, n in headings if interview is None or n < interview]
    return Outline([(lvl, t) for lvl, t, _ in headings], notes, questions, interview)


def squash(text: str) -> str:
    """Drop whitespace: PDF text extraction breaks lines at column edges and may space CJK."""
    return re.sub(r"\s+", "", text)


def printed(markdown: str) -> str:
    """What a line of Markdown prints as text; formulas are vector art with no text."""
    return squash(_MATH.sub("", markdown).replace("**", "").replace("`", ""))
