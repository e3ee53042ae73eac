"""Reading list items the way every question style needs: a bold label and its text, the
follow-ups under a `**追问**` label, an item's source."""

from __future__ import annotations

from ..state import ParseState
from ..text import dedent_block, item_markdown, split_label
from .draft import split_follow_ups


def labelled_item(state: ParseState, index: int) -> tuple[str | None, str]:
    """A list item's bold label (if it has one with a colon) and the Markdown after it."""
    tokens = state.tokens
    if tokens[index + 1].type != "paragraph_open":
        return None, ""
    head, rest = item_markdown(state.lines, tokens[index])
    label = split_label(head)
    if label is None or not label.has_colon:
        return None, ""
    return label.text, "\n".join(p for p in (label.rest.strip(), rest) if p).strip()


def follow_ups(state: ParseState, index: int, body: str) -> list[str]:
    """Follow-ups written inline (`**追问**: A? B?`) or as a nested list."""
    tokens = state.tokens
    item = tokens[index]
    label = split_label(tokens[index + 2].content)
    found = split_follow_ups(label.rest.replace("\n", " ")) if label else []
    for sub in range(index + 3, state.closes[index]):
        token = tokens[sub]
        if token.type == "list_item_open" and token.level == item.level + 2:
            head, rest = item_markdown(state.lines, token)
            found.append(" ".join(p for p in (head.strip(), rest.strip()) if p))
    return found or ([body] if body else [])


def item_source(state: ParseState, index: int) -> str:
    item = state.tokens[index]
    assert item.map is not None
    return dedent_block("".join(state.lines[item.map[0] : item.map[1]])).strip()
