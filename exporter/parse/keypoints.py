"""Pass 2: key points, the bold-labelled bullets of the notes (`- **核心问题**: ...`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from markdown_it.token import Token

from .fragments import label_text, labelled_body
from .labels import asks
from .text import item_markdown, split_label


@dataclass
class KeyPointDraft:
    label: str
    body: str
    line: int  # 1-based
    parents: tuple[str, ...]  # labels of the labelled bullets it is nested in
    plain_label: str
    is_leaf: bool = True
    has_text: bool = True
    span: tuple[int, int] = (0, 0)  # 1-based lines [start, end) of the list item
    # Cuts the body out of the parser's tokens when it is first rendered (None: parse it).
    cut: Callable[[], tuple[Token, ...] | None] | None = None
    label_cut: Callable[[], Token | None] | None = None  # the same for the label


def find_key_points(
    tokens: list[Token], lines: list[str], closes: dict[int, int], start: int, end: int
) -> list[KeyPointDraft]:
    """Labelled bullets between token `start` and `end`, outermost first.

    A labelled bullet that holds other labelled bullets is a group (`is_leaf=False`): its
    children carry the content, so writers card the leaves and keep the group as a path.
    """
    found: list[KeyPointDraft] = []
    open_points: list[tuple[int, KeyPointDraft]] = []  # (close index, draft)
    group: tuple[str, ...] = ()  # a bold line heading the bullets below it (`**ELMo**`)
    for index in range(start, end):
        token = tokens[index]
        if token.type == "paragraph_open" and token.level == 0:
            group = _bold_line(tokens[index + 1])
            continue
        if token.type != "list_item_open" or not token.map:
            continue
        if tokens[index + 1].type != "paragraph_open":
            continue
        head, rest = item_markdown(lines, token)
        label = split_label(head)
        if label is None or not label.has_colon:
            continue
        while open_points and open_points[-1][0] < index:
            open_points.pop()
        for _, parent in open_points:
            parent.is_leaf = False
        inline = tokens[index + 2]
        draft = KeyPointDraft(
            label=label.text,
            body="\n".join(p for p in (label.rest.strip(), rest) if p).strip(),
            line=token.map[0] + 1,
            parents=(*group, *(p.plain_label for _, p in open_points)),
            plain_label=_plain_label(inline),
            has_text=_paragraph_has_text(inline.content),
            span=(token.map[0] + 1, token.map[1] + 1),
            cut=partial(labelled_body, tokens, index, closes[index]),
            label_cut=partial(_label_tokens, inline, label.text),
        )
        found.append(draft)
        open_points.append((closes[index], draft))
    return found


def _label_tokens(inline: Token, label: str) -> Token | None:
    """The label as the parser's tokens: the start of what its leading bold holds."""
    text = label_text(inline)
    if text is None:
        return None
    token, end = text.cut(label)
    return token if end == len(label) else None  # found where the bold starts, or not at all


def _bold_line(inline: Token) -> tuple[str, ...]:
    """(`ELMo`,) for a paragraph that is one bold phrase and no question, else ()."""
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content)]
    if (
        len(children) < 3
        or children[0].type != "strong_open"
        or children[-1].type != "strong_close"
    ):
        return ()
    if any(c.type == "strong_open" for c in children[1:-1]):
        return ()
    text = _plain_label(inline)
    return () if not text or asks(text) or len(text) > 60 else (text,)


def _plain_label(inline: Token) -> str:
    """The text inside the leading bold of a paragraph, as a reader sees it."""
    parts: list[str] = []
    depth = 0
    for child in inline.children or []:
        if child.type == "text" and not child.content:
            continue
        if child.type == "strong_open":
            depth += 1
            if depth == 1 and parts:
                break
            continue
        if child.type == "strong_close":
            depth -= 1
            if depth == 0:
                break
            continue
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("math_inline", "math_inline_double"):
            parts.append(f"${child.content}$")
    return "".join(parts).strip().rstrip(":：").strip()


def _paragraph_has_text(paragraph: str) -> bool:
    label = split_label(paragraph)
    return label is not None and bool(label.rest.strip())
