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
    dollars: list[int] = field(default_factory=list)  # `$`s that open a formula never closed

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
    dollars: list[int]


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
                dollars=walk.dollars,
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
    parts: list[str] = []  # the masked text, piece by piece
    strong: list[Span] = []
    opened: list[int] = []
    escapes: list[tuple[int, str]] = []
    dollars: list[int] = []
    html_depth = 0
    pos = 0
    index = 0
    while index < len(children):
        child = children[index]
        kind = child.type
        start = pos
        sentinel = OPAQUE
        if kind == "text":
            value = child.content
            if not content.startswith(value, pos):
                return None
            pos += len(value)
            if "$" in value:
                dollars.extend(start + k for k in unclosed_dollars(value))
            if not html_depth:
                parts.append(value)
                index += 1
                continue
        elif kind in ("softbreak", "hardbreak"):
            match = _BREAK.match(content, pos)
            if match is None:
                return None
            pos = match.end()
            parts.append(match.group())
            index += 1
            continue
        elif kind == "text_special":
            if not content.startswith(child.markup, pos):
                return None
            pos += len(child.markup)
            if child.info == "escape":
                escapes.append((start, child.content))
        elif kind == "code_inline":
            end = _code_end(content, pos, child.markup)
            if end is None:
                return None
            pos, sentinel = end, CODE
        elif kind in ("math_inline", "math_inline_double"):
            fence = "$" if kind == "math_inline" else "$$"
            raw = fence + child.content + fence
            if not content.startswith(raw, pos):
                return None
            pos, sentinel = pos + len(raw), MATH
        elif kind in _MARKERS:
            if not child.markup or not content.startswith(child.markup, pos):
                return None
            pos += len(child.markup)
            sentinel = _MARKERS[kind]
            if kind == "strong_open" and not html_depth:
                opened.append(start)
            elif kind == "strong_close" and opened and not html_depth:
                strong.append(Span(opened.pop(), start, len(child.markup)))
        elif kind == "link_open" and child.markup == "autolink":
            end = content.find(">", pos) + 1
            if not content.startswith("<", pos) or end == 0:
                return None
            pos, sentinel = end, URL
            while index < len(children) and children[index].type != "link_close":
                index += 1
        elif kind == "link_open":
            if not content.startswith("[", pos):
                return None
            pos, sentinel = pos + 1, LINK_OPEN
        elif kind == "link_close":
            end = link_tail(content, pos)
            if end is None:
                return None
            pos, sentinel = end, LINK_CLOSE
        elif kind == "image":
            head = "![" + child.content
            end = link_tail(content, pos + len(head)) if content.startswith(head, pos) else None
            if end is None:
                return None
            pos = end
        elif kind == "html_inline":
            if not content.startswith(child.content, pos):
                return None
            pos += len(child.content)
            html_depth = _html_depth(child.content, html_depth)
        else:
            return None
        # Inside an inline HTML element everything is the element's, not prose.
        parts.append((OPAQUE if html_depth else sentinel) * (pos - start))
        index += 1
    if content[pos:].strip():
        return None
    parts.append(content[pos:])
    masked = "".join(parts)
    if "://" in masked or "www." in masked or "@" in masked:
        masked = _BARE_LINK.sub(_mask_url, masked)
    strong.sort(key=lambda span: span.open)
    return Walk(masked, strong, escapes, dollars)


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


def unclosed_dollars(text: str) -> list[int]:
    """Offsets of `$`s in a text token that open a formula never closed.

    The same test as the parser's (`exporter.parse._Parser._check_text_dollars`): a `$`
    that dollarmath left in text and that is followed by neither a space nor a digit.
    """
    found: list[int] = []
    position = text.find("$")
    while position != -1:
        following = text[position + 1 : position + 2]
        if following and not following.isspace() and not following.isdigit():
            found.append(position)
        position = text.find("$", position + 2 if following == "$" else position + 1)
    return found
