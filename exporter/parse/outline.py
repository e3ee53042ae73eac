"""Pass 1: the heading outline of a token stream, with the token and line range of each
heading's section. Everything later works on these ranges, never on raw text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from .labels import asks
from .text import inline_plain

_QUESTION_END = ("?", "？")
# `3.`, `3、`, `3)`, and sub-numbers `6.1` / `6.1.2` (with or without a dot after them).
_NUMBERED = re.compile(r"^\s*(\d{1,4})((?:\.\d{1,4})+\.?|\s*[.、)）])\s*")


@dataclass(eq=False)
class Heading:
    level: int
    raw: str  # the heading's inline Markdown
    plain: str
    index: int  # token index of heading_open
    line: int  # 0-based line of the heading
    body_start: int = 0  # token index after heading_close
    body_end: int = 0  # token index of the next heading of any level (exclusive)
    body_end_line: int = 0  # line of the next heading of any level
    end: int = 0  # token index where the whole section (children included) ends
    end_line: int = 0
    parent: Heading | None = None
    children: list[Heading] = field(default_factory=list)

    @property
    def ancestors(self) -> list[Heading]:
        chain: list[Heading] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def is_within(self, other: Heading) -> bool:
        return other is self or other in self.ancestors

    @property
    def number(self) -> int | None:
        match = _NUMBERED.match(self.plain)
        return int(match.group(1)) if match else None

    @property
    def numbering(self) -> str | None:
        """The number as written, `6.1` for a sub-question (`3` for `3.`)."""
        match = _NUMBERED.match(self.plain)
        if match is None:
            return None
        sub = match.group(2).strip()
        return match.group(1) + (sub.rstrip(".") if sub.startswith(".") and len(sub) > 1 else "")

    @property
    def ends_with_question_mark(self) -> bool:
        return self.plain.rstrip().endswith(_QUESTION_END)

    @property
    def asks(self) -> bool:
        """Reads as a question: a `?`/`？` at the end, or `请简述…`, `为什么…`, `Explain…`."""
        return asks(strip_number(self.plain))


def strip_number(text: str) -> str:
    return _NUMBERED.sub("", text, count=1)


def build_outline(tokens: list[Token], line_count: int) -> list[Heading]:
    """All headings in document order, linked into a tree by level."""
    headings: list[Heading] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            inline = tokens[index + 1]
            headings.append(
                Heading(
                    level=int(token.tag[1:]),
                    raw=inline.content.strip(),
                    plain=inline_plain(inline),
                    index=index,
                    line=token.map[0],
                    body_start=index + 3,
                )
            )
    stack: list[Heading] = []
    for position, heading in enumerate(headings):
        following = headings[position + 1] if position + 1 < len(headings) else None
        heading.body_end = following.index if following else len(tokens)
        heading.body_end_line = following.line if following else line_count
        while stack and stack[-1].level >= heading.level:
            closed = stack.pop()
            closed.end, closed.end_line = heading.index, heading.line
        if stack:
            heading.parent = stack[-1]
            stack[-1].children.append(heading)
        stack.append(heading)
    for heading in stack:
        heading.end, heading.end_line = len(tokens), line_count
    return headings


def matching_close(tokens: list[Token]) -> dict[int, int]:
    """For each opening token, the index of the token that closes it."""
    closes: dict[int, int] = {}
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            stack.append(index)
        elif token.nesting == -1 and stack:
            closes[stack.pop()] = index
    return closes
