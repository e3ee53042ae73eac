"""One markdown-it parse giving both the tokens the rules read and the parser's Document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markdown_it.token import Token

from ..model import Document
from ..parse import parse_text
from ..parse.dialect import markdown_parser


def parse(
    text: str, path: Path, interview_heading: str | None, tokens: list[Token] | None = None
) -> tuple[list[Token], Callable[[], Document]]:
    """The tokens (of `text`, parsed now unless given), and a call that builds the Document
    from them (it may raise `InputError`): the interview rules need the Document, the
    other rules only tokens."""
    if tokens is None:
        tokens = markdown_parser().parse(text)
    return tokens, lambda: parse_text(
        text, path, interview_heading=interview_heading, tokens=tokens
    )
