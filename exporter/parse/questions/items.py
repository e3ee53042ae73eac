"""Reading list items the way every question style needs: a bold label and its text, the
follow-ups under a `**追问**` label, an item's source."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from markdown_it.token import Token

from ..fragments import InlineText, after_label_text
from ..state import ParseState
from ..text import dedent_block, item_markdown, split_label
from .draft import FollowUp, split_follow_ups


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
    """Follow-ups written inline (`**追问**: A? B?`) or as a nested list; each knows how
    to cut its tokens out of the parser's where it can (`FollowUp`)."""
    tokens = state.tokens
    item = tokens[index]
    inline = tokens[index + 2]
    label = split_label(inline.content)
    found: list[str] = []
    if label:
        pieces = split_follow_ups(label.rest.replace("\n", " "))
        cuts = _PieceCuts(partial(after_label_text, inline), pieces)
        found = [_follow_up(piece, partial(cuts.get, n)) for n, piece in enumerate(pieces)]
    for sub in range(index + 3, state.closes[index]):
        token = tokens[sub]
        if token.type == "list_item_open" and token.level == item.level + 2:
            head, rest = item_markdown(state.lines, token)
            text = " ".join(p for p in (head.strip(), rest.strip()) if p)
            if rest.strip() or tokens[sub + 1].type != "paragraph_open":
                found.append(text)
                continue
            whole = partial(_whole_text, tokens[sub + 2])
            found.append(_follow_up(text, partial(_PieceCuts(whole, [text]).get, 0)))
    return found or ([body] if body else [])


def _follow_up(text: str, cut: Callable[[], Token | None]) -> FollowUp:
    follow_up = FollowUp(text)
    follow_up.cut = cut
    return follow_up


def _whole_text(inline: Token) -> InlineText:
    return InlineText(inline, list(inline.children or []))


class _PieceCuts:
    """The pieces of one line, cut out of its tokens in order, all at once on first use."""

    def __init__(self, text: Callable[[], InlineText | None], pieces: list[str]) -> None:
        self._text = text
        self._pieces = pieces
        self._cut: list[Token | None] | None = None

    def get(self, number: int) -> Token | None:
        if self._cut is None:
            self._cut = []
            text, start = self._text(), 0
            for piece in self._pieces:
                token, start = text.cut(piece, start) if text is not None else (None, 0)
                self._cut.append(token)
        return self._cut[number]


def item_source(state: ParseState, index: int) -> str:
    item = state.tokens[index]
    assert item.map is not None
    return dedent_block("".join(state.lines[item.map[0] : item.map[1]])).strip()
