"""Passes over the content itself: `$` that open nothing, images, and whether there is
anything to export at all."""

from __future__ import annotations

from ..errors import InputError
from ..model import Diagnostic
from .codes import UNBALANCED_DOLLAR
from .state import ParseState


def check_dollars(state: ParseState) -> None:
    """A `$` that dollarmath left in text opens a formula that never closes."""
    for token in state.tokens:
        if token.type != "inline" or not token.map:
            continue
        line = token.map[0]
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "text" and "$" in child.content:
                _check_text_dollars(state, child.content, line)


def _check_text_dollars(state: ParseState, text: str, line: int) -> None:
    position = text.find("$")
    while position != -1:
        following = text[position + 1 : position + 2]
        if following and not following.isspace() and not following.isdigit():
            raise InputError(
                Diagnostic(
                    state.path,
                    line + 1,
                    "unbalanced `$`: a formula opens here and never closes",
                    "close it with `$` (no space inside the `$`s), or write `\\$` "
                    "for a dollar sign",
                    code=UNBALANCED_DOLLAR,
                )
            )
        position = text.find("$", position + 2 if following == "$" else position + 1)


def require_content(state: ParseState) -> None:
    if not state.sections and not state.drafts:
        raise InputError(
            Diagnostic(
                state.path,
                1,
                "found no sections and no questions",
                "start notes at a `##` heading; number interview questions as `1. **...?**`",
            )
        )


def collect_images(state: ParseState) -> None:
    """(src as written, line) of every image, for the writers' media and `export check`."""
    for token in state.tokens:
        if token.type == "inline" and token.map:
            line = token.map[0] + 1
            for child in token.children or []:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "image":
                    state.images.append((str(child.attrGet("src") or ""), line))
