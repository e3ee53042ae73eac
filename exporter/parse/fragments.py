"""Token subtrees of the document for model bodies, so writers render what the parser
already tokenised instead of parsing every answer and key point a second time."""

from __future__ import annotations

import re

from markdown_it.token import Token

from ..model import copy_token, shown_paragraphs

_COLONS = (":", "：")


def item_body(tokens: list[Token], item: int, close: int) -> tuple[Token, ...]:
    """The content of a labelled list item (`- **标签**: body`) without its bold label."""
    inner = tokens[item + 1 : close]
    if len(inner) < 3 or inner[0].type != "paragraph_open" or inner[1].type != "inline":
        return tuple(inner)
    stripped = _without_label(inner[1])
    if stripped is None:
        return tuple(inner[3:])  # the label was the whole paragraph
    return (inner[0], stripped, *inner[2:])


def labelled_body(tokens: list[Token], item: int, close: int) -> tuple[Token, ...] | None:
    """The body of a key point's list item as if it were a document of its own (its
    paragraphs shown, whatever list it sits in), or None where the item's first inline does
    not start with a bold label markdown-it closed (`**标签：**内容` is not bold in
    CommonMark): the caller then parses the body's text."""
    inner = tokens[item + 1 : close]
    if len(inner) < 3 or inner[0].type != "paragraph_open" or inner[1].type != "inline":
        return None
    children = [c for c in inner[1].children or [] if not (c.type == "text" and not c.content)]
    if not children or children[0].type != "strong_open":
        return None
    return shown_paragraphs(item_body(tokens, item, close))


def _without_label(inline: Token) -> Token | None:
    """A copy of `inline` whose children no longer start with the bold label and colon."""
    children = list(inline.children or [])
    position = 0
    while position < len(children) and children[position].type == "text":
        if children[position].content:
            return inline  # text before the bold: not a label, keep as is
        position += 1
    if position >= len(children) or children[position].type != "strong_open":
        return inline
    depth = 0
    end = position
    for end in range(position, len(children)):
        kind = children[end].type
        depth += kind == "strong_open"
        depth -= kind == "strong_close"
        if depth == 0:
            break
    rest = children[end + 1 :]
    if rest and rest[0].type == "text":
        text = rest[0].content.lstrip()
        if text.startswith(_COLONS):
            text = text[1:]
        text = text.lstrip()
        rest = [_with_content(rest[0], text), *rest[1:]] if text else rest[1:]
    while rest and rest[0].type in ("softbreak", "hardbreak"):
        rest = rest[1:]
    if not rest:
        return None
    return _with_children(inline, rest)


def _with_content(token: Token, content: str) -> Token:
    return copy_token(token, content=content)


def _with_children(token: Token, children: list[Token]) -> Token:
    return copy_token(token, children=children)


# A character some inline rule reads (emphasis, code, math, links, images, HTML, entities,
# escapes, breaks, strikethrough), or one the writers swap (private use): text holding none
# of them parses on its own as the same text.
_NOT_PLAIN = re.compile("[*_`$\\[\\]!<>&\\\\~\n\r\ue000-\uf8ff]")
# Children that read back as their source: a formula or code span inside its delimiters.
_DELIMITED = ("math_inline", "math_inline_double", "code_inline")


class InlineText:
    """The text an inline token's children read as, to cut a part of it back out as
    tokens: a follow-up or a label is a piece of its line, parsed already with it.

    Only plain text and whole formulas and code spans are cut; a piece that holds anything
    else (emphasis, a link, an escape, a line break) or cuts a formula in two is not, and
    the caller parses its text instead. So a cut piece is made of the very tokens a parse
    of the piece on its own would make (tested against that parse).
    """

    def __init__(self, inline: Token, children: list[Token]) -> None:
        self.inline = inline
        self.spans: list[tuple[int, str, Token | None]] = []  # (start, text, child)
        parts: list[str] = []
        position = 0
        for child in children:
            if child.type == "text":
                text: str = child.content
            elif child.type in _DELIMITED:
                text = f"{child.markup}{child.content}{child.markup}"
            else:
                text, child = "\0", None  # nothing a piece of text can match
            self.spans.append((position, text, child))
            parts.append(text)
            position += len(text)
        self.text = "".join(parts)

    def cut(self, markdown: str, start: int = 0) -> tuple[Token | None, int]:
        """The first `markdown` at or after `start` as an inline token (None where it cannot
        be cut), and where the search for the next piece goes on."""
        at = self.text.find(markdown, start) if markdown else -1
        if at < 0:
            return None, start
        end = at + len(markdown)
        children: list[Token] = []
        for position, text, child in self.spans:
            if position + len(text) <= at or position >= end:
                continue
            if child is None:
                return None, end
            low, high = max(at, position) - position, min(end, position + len(text)) - position
            if child.type != "text":
                if (low, high) != (0, len(text)):
                    return None, end  # a piece boundary inside a formula
                children.append(child)
                continue
            part = text[low:high]
            if _NOT_PLAIN.search(part):
                return None, end
            children.append(child if part == text else copy_token(child, content=part))
        return copy_token(self.inline, content=markdown, children=children), end


def label_text(inline: Token) -> InlineText | None:
    """The children inside a paragraph's leading bold (`**$\\pi$ 策略**: ...`)."""
    children = inline.children or []
    first = 0
    while first < len(children) and children[first].type == "text" and not children[first].content:
        first += 1
    if first >= len(children) or children[first].type != "strong_open":
        return None
    depth = 0
    for end in range(first, len(children)):
        depth += children[end].type == "strong_open"
        depth -= children[end].type == "strong_close"
        if depth == 0:
            return InlineText(inline, children[first + 1 : end])
    return None


def after_label_text(inline: Token) -> InlineText | None:
    """The children after a paragraph's leading bold label (`**追问**: A? B?`)."""
    children = inline.children or []
    label = label_text(inline)
    if label is None:
        return None
    depth = 0
    for end, child in enumerate(children):
        depth += child.type == "strong_open"
        depth -= child.type == "strong_close"
        if child.type == "strong_close" and depth == 0:
            return InlineText(inline, children[end + 1 :])
    return None
