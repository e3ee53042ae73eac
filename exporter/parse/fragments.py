"""Token subtrees of the document for model bodies, so writers render what the parser
already tokenised instead of parsing every answer and key point a second time."""

from __future__ import annotations

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
