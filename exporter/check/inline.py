"""Inline tokens placed in the source, with their protected parts masked.

markdown-it gives an inline token only the lines of its block, and its children no
positions at all. We walk the children over the token's raw `content` with a cursor,
checking at each step that the source really has what the child says (text is verbatim,
an escape's `markup` is its source, math is `$` + content + `$`, ...), then map content
offsets to file offsets line by line. Whatever cannot be placed exactly is not linted:
a mistake here may cost a missed finding, never an edit in the wrong place.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token

from .chars import (
    CODE,
    EM_CLOSE,
    EM_OPEN,
    LINK_CLOSE,
    LINK_OPEN,
    MATH,
    OPAQUE,
    STRONG_CLOSE,
    STRONG_OPEN,
    URL,
)

_BREAK = re.compile(r"[ \t]*\\?\n[ \t]*")
_MARKERS = {
    "strong_open": STRONG_OPEN,
    "strong_close": STRONG_CLOSE,
    "em_open": EM_OPEN,
    "em_close": EM_CLOSE,
    "s_open": EM_OPEN,
    "s_close": EM_CLOSE,
}
# Bare URLs and e-mail addresses in prose: linkify is off, so they are plain text, but
# their characters are not words (`/中文a` in a path is no place for a space). A URL ends
# at a space or at full-width punctuation (a real URL would have it percent-encoded), and
# trailing `.`, `,` ... belong to the sentence, as in GitHub's autolinks. A `$` left in
# text is a stray dollar the rules must see (S003, T005), so it ends a URL too.
_BARE_LINK = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s$\ue001-\ue00f，。；：！？、（）“”‘’《》「」]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_URL_TAIL = ".,:;!?'\"*_~"  # `*_~` too: at the end they are Markdown delimiters
_HTML_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)\b[^>]*(?<!/)>\Z")
_HTML_CLOSE = re.compile(r"</[A-Za-z]")
_VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"]
)  # fmt: skip


@dataclass(frozen=True)
class Span:
    """A bold span: offsets (in the inline's content) of its two delimiters."""

    open: int
    close: int
    width: int  # 2 for `**`/`__`


@dataclass
class InlineView:
    """One inline token: its source, the masked copy rules read, and the way back to the file."""

    kind: str  # "paragraph", "heading" or "cell"
    content: str
    masked: str
    line: int  # 0-based line of the block
    starts: list[int]  # content offset at which each content line starts
    bases: list[int]  # file offset of each of those
    first_in_item: bool = False  # the first paragraph of a list item (a question, a label)
    strong: list[Span] = field(default_factory=list)
    escapes: list[tuple[int, str]] = field(default_factory=list)  # (offset, escaped char)

    def file_offset(self, offset: int) -> int:
        index = bisect_right(self.starts, offset) - 1
        return self.bases[index] + offset - self.starts[index]

    def line_start(self, offset: int) -> int:
        """Content offset where the content line holding `offset` starts."""
        return self.starts[bisect_right(self.starts, offset) - 1]


@dataclass
class Walk:
    masked: str
    strong: list[Span]
    escapes: list[tuple[int, str]]


def inline_views(
    tokens: list[Token], lines: list[str], line_starts: list[int]
) -> tuple[list[InlineView], list[Token]]:
    """Every inline token that can be placed exactly, and the ones that cannot."""
    views: list[InlineView] = []
    unplaced: list[Token] = []
    cursors: dict[int, int] = {}  # per line: where the next table cell is searched from
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.map or index == 0:
            continue
        parent = tokens[index - 1].type
        kind = {"paragraph_open": "paragraph", "heading_open": "heading"}.get(parent, "cell")
        placed = _place(token.content, token.map[0], kind, lines, line_starts, cursors)
        walk = _walk(token.content, token.children or []) if placed else None
        if placed is None or walk is None:
            unplaced.append(token)
            continue
        starts, bases = placed
        views.append(
            InlineView(
                kind=kind,
                content=token.content,
                masked=walk.masked,
                line=token.map[0],
                starts=starts,
                bases=bases,
                first_in_item=index >= 2 and tokens[index - 2].type == "list_item_open",
                strong=walk.strong,
                escapes=walk.escapes,
            )
        )
    return views, unplaced


def _place(
    content: str,
    first_line: int,
    kind: str,
    lines: list[str],
    line_starts: list[int],
    cursors: dict[int, int],
) -> tuple[list[int], list[int]] | None:
    """Map each content line to the file offset where it stands in its source line.

    A paragraph's content line is its source line minus container markers and
    indentation, so it is a suffix of it; a heading's or a table cell's is found after
    the markers (and, for cells, after the previous cell of the row).
    """
    starts: list[int] = []
    bases: list[int] = []
    offset = 0
    for number, piece in enumerate(content.split("\n"), start=first_line):
        if number >= len(lines):
            return None
        source = lines[number]
        if kind == "paragraph":
            column = _suffix_column(source, piece)
        else:
            column = source.find(piece, cursors.get(number, 0))
            if column >= 0:
                cursors[number] = column + len(piece)
        if column is None or column < 0:
            return None
        starts.append(offset)
        bases.append(line_starts[number] + column)
        offset += len(piece) + 1
    return starts, bases


def _suffix_column(source: str, piece: str) -> int | None:
    if source.endswith(piece):
        return len(source) - len(piece)
    trimmed = source.rstrip()
    if trimmed.endswith(piece):
        return len(trimmed) - len(piece)
    # markdown-it expands a tab in the indentation into spaces: only the leading
    # whitespace differs, and no rule reads or edits leading whitespace.
    body = piece.lstrip(" \t")
    if body and trimmed.endswith(body):
        return len(trimmed) - len(piece)
    return None


def _walk(content: str, children: list[Token]) -> Walk | None:
    return _Walker(content, children).walk()


class _Walker:
    """Walks an inline token's children along its source `content`, building the masked
    text (protected zones replaced by sentinels) and the bold spans, escapes and `$`s.
    Each child kind has a step: it moves `pos` past the child's source and returns the
    sentinel to mask it with, `None` when the child is prose kept as it is, or raises
    `_Lost` when the source does not read as the tokens say."""

    def __init__(self, content: str, children: list[Token]) -> None:
        self.content = content
        self.children = children
        self.parts: list[str] = []  # the masked text, piece by piece
        self.strong: list[Span] = []
        self.opened: list[int] = []
        self.escapes: list[tuple[int, str]] = []
        self.html_depth = 0
        self.pos = 0
        self.index = 0

    def walk(self) -> Walk | None:
        try:
            while self.index < len(self.children):
                self._step(self.children[self.index])
                self.index += 1
        except _Lost:
            return None
        content, pos = self.content, self.pos
        if content[pos:].strip():
            return None
        self.parts.append(content[pos:])
        masked = "".join(self.parts)
        if "://" in masked or "www." in masked or "@" in masked:
            masked = _BARE_LINK.sub(_mask_url, masked)
        self.strong.sort(key=lambda span: span.open)
        return Walk(masked, self.strong, self.escapes)

    def _step(self, child: Token) -> None:
        start = self.pos
        step = _STEPS.get(child.type)
        if step is None:
            raise _Lost
        sentinel = step(self, child)
        if sentinel is None:
            return  # already appended as prose
        # Inside an inline HTML element everything is the element's, not prose.
        self.parts.append((OPAQUE if self.html_depth else sentinel) * (self.pos - start))

    def _expect(self, text: str, at: int | None = None) -> None:
        if not self.content.startswith(text, self.pos if at is None else at):
            raise _Lost

    def _text(self, child: Token) -> str | None:
        value = child.content
        self._expect(value)
        self.pos += len(value)
        if self.html_depth:
            return OPAQUE
        self.parts.append(value)
        return None

    def _break(self, _child: Token) -> str | None:
        match = _BREAK.match(self.content, self.pos)
        if match is None:
            raise _Lost
        self.pos = match.end()
        self.parts.append(match.group())
        return None

    def _special(self, child: Token) -> str:
        start = self.pos
        self._expect(child.markup)
        self.pos += len(child.markup)
        if child.info == "escape":
            self.escapes.append((start, child.content))
        return OPAQUE

    def _code(self, child: Token) -> str:
        end = _code_end(self.content, self.pos, child.markup)
        if end is None:
            raise _Lost
        self.pos = end
        return CODE

    def _math(self, child: Token) -> str:
        fence = "$" if child.type == "math_inline" else "$$"
        raw = fence + child.content + fence
        self._expect(raw)
        self.pos += len(raw)
        return MATH

    def _marker(self, child: Token) -> str:
        start = self.pos
        if not child.markup:
            raise _Lost
        self._expect(child.markup)
        self.pos += len(child.markup)
        if child.type == "strong_open" and not self.html_depth:
            self.opened.append(start)
        elif child.type == "strong_close" and self.opened and not self.html_depth:
            self.strong.append(Span(self.opened.pop(), start, len(child.markup)))
        return _MARKERS[child.type]

    def _link_open(self, child: Token) -> str:
        if child.markup == "autolink":
            end = self.content.find(">", self.pos) + 1
            if not self.content.startswith("<", self.pos) or end == 0:
                raise _Lost
            self.pos = end
            while (
                self.index < len(self.children) and self.children[self.index].type != "link_close"
            ):
                self.index += 1
            return URL
        self._expect("[")
        self.pos += 1
        return LINK_OPEN

    def _link_close(self, _child: Token) -> str:
        end = link_tail(self.content, self.pos)
        if end is None:
            raise _Lost
        self.pos = end
        return LINK_CLOSE

    def _image(self, child: Token) -> str:
        head = "![" + child.content
        self._expect(head)
        end = link_tail(self.content, self.pos + len(head))
        if end is None:
            raise _Lost
        self.pos = end
        return OPAQUE

    def _html(self, child: Token) -> str:
        self._expect(child.content)
        self.pos += len(child.content)
        self.html_depth = _html_depth(child.content, self.html_depth)
        return OPAQUE


class _Lost(Exception):
    """The source does not read as the tokens say: the inline is left unchecked."""


_STEPS = {
    "text": _Walker._text,
    "softbreak": _Walker._break,
    "hardbreak": _Walker._break,
    "text_special": _Walker._special,
    "code_inline": _Walker._code,
    "math_inline": _Walker._math,
    "math_inline_double": _Walker._math,
    "link_open": _Walker._link_open,
    "link_close": _Walker._link_close,
    "image": _Walker._image,
    "html_inline": _Walker._html,
    **dict.fromkeys(_MARKERS, _Walker._marker),
}


def _mask_url(match: re.Match[str]) -> str:
    url = match.group()
    kept = url.rstrip(_URL_TAIL)
    while kept.endswith(")") and kept.count(")") > kept.count("("):
        kept = kept[:-1].rstrip(_URL_TAIL)
    return URL * len(kept) + url[len(kept) :]


def _html_depth(tag: str, depth: int) -> int:
    opening = _HTML_OPEN.match(tag)
    if opening is not None and opening.group(1).lower() not in _VOID_TAGS:
        return depth + 1
    if _HTML_CLOSE.match(tag):
        return max(depth - 1, 0)
    return depth


@cache
def _backticks(width: int) -> re.Pattern[str]:
    return re.compile(r"(?<!`)" + "`" * width + r"(?!`)")


def _code_end(content: str, pos: int, fence: str) -> int | None:
    """End of a code span: the first run of exactly as many backticks closes it."""
    if not fence or not content.startswith(fence, pos):
        return None
    close = _backticks(len(fence)).search(content, pos + len(fence))
    return close.end() if close else None


def link_tail(content: str, pos: int) -> int | None:
    """End of `](target "title")`, `][label]`, `][]` or a lone `]` at `pos`, the way
    markdown-it's link rule reads them (inline form first, then reference forms)."""
    if not content.startswith("]", pos):
        return None
    after = pos + 1
    size = len(content)
    if content.startswith("(", after):
        end = _inline_target_end(content, after + 1, size)
        if end is not None:
            return end
    if content.startswith("[", after):
        position = after + 1
        while position < size:
            char = content[position]
            if char == "\\":
                position += 2
                continue
            if char == "]":
                return position + 1
            if char == "[":
                break
            position += 1
    return after


def _inline_target_end(content: str, pos: int, size: int) -> int | None:
    pos = _skip_space(content, pos, size)
    if pos < size and content[pos] == ")":
        return pos + 1
    destination = parseLinkDestination(content, pos, size)
    if not destination.ok:
        return None
    end = _skip_space(content, destination.pos, size)
    if end < size and end != destination.pos:
        title = parseLinkTitle(content, end, size)
        if title.ok:
            end = _skip_space(content, title.pos, size)
    if end < size and content[end] == ")":
        return end + 1
    return None


def _skip_space(content: str, pos: int, size: int) -> int:
    while pos < size and content[pos] in " \t\n":
        pos += 1
    return pos
