"""The model's token helpers: a copy is `copy.copy`'s, and the original is left alone."""

from __future__ import annotations

import copy

from exporter.model import copy_token
from exporter.parse.dialect import markdown_parser


def test_copy_token_is_copy_copy_with_the_changes() -> None:
    tokens = markdown_parser().parse("- **标签**: 正文 $x^2$ [链接](https://a.b)\n\n![图](a.png)\n")
    for token in tokens + [child for t in tokens for child in t.children or []]:
        before = copy.copy(token)
        clone = copy_token(token, content="新的", hidden=True)
        expected = copy.copy(token)
        expected.content, expected.hidden = "新的", True
        assert clone == expected and clone is not token
        assert clone.children is token.children  # shallow, as copy.copy
        assert token == before  # the parser's own token is untouched
