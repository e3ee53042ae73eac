"""Notes file → `Document`. The passes live in `pipeline.py`, question styles in
`questions/`, the Markdown dialect in `dialect.py`; this module only re-exports."""

from __future__ import annotations

from .codes import (
    DUPLICATE_QUESTION,
    NO_ANSWER,
    NO_FOLLOW_UP,
    UNBALANCED_DOLLAR,
    UNINDENTED_BULLETS,
    UNRESOLVED_REFERENCE,
)
from .pipeline import PASSES, parse_file, parse_text
from .questions import STYLES

__all__ = [
    "DUPLICATE_QUESTION",
    "NO_ANSWER",
    "NO_FOLLOW_UP",
    "PASSES",
    "STYLES",
    "UNBALANCED_DOLLAR",
    "UNINDENTED_BULLETS",
    "UNRESOLVED_REFERENCE",
    "parse_file",
    "parse_text",
]
