"""The house styles the typography rules judge by, and a file's dominant one.

- `half-width` (the user's, and the default): half-width punctuation followed by a
  space, spaces outside parentheses and around bold, `;` between sentences.
- `standard` (the Chinese copywriting guides'): full-width punctuation in Chinese text
  with no space around it, half-width inside English phrases, a space between Chinese
  and Latin letters or digits.

Unconfigured, a file is judged by the style most of its punctuation after Chinese
already follows, so a linter of one convention does not rewrite the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chars import CJK, CLOSING_MARKERS
from .inline import InlineView
from .registry import HALF_WIDTH, STANDARD

AUTO = "auto"
# A mark that ends a Chinese clause: after a Chinese character, maybe closing bold.
_FULL_AFTER_CJK = re.compile(f"[{CJK}][{CLOSING_MARKERS}]*[，。；：！？、]")
_HALF_AFTER_CJK = re.compile(f"[{CJK}][{CLOSING_MARKERS}]*[,.;:!?](?=\\s|$|[{CJK}])")


@dataclass(frozen=True)
class Style:
    name: str
    inferred: bool = False
    full_width: int = 0  # marks after Chinese counted when inferring
    half_width: int = 0

    def describe(self) -> str:
        if not self.inferred:
            return f"style {self.name} (configured)"
        return (
            f"style {self.name} (inferred: {self.full_width} full-width and "
            f"{self.half_width} half-width marks after Chinese; set `--style` or "
            "`style` in the configuration to choose)"
        )


def resolve_style(configured: str, views: list[InlineView]) -> Style:
    if configured != AUTO:
        return Style(configured)
    full = half = 0
    for view in views:
        full += len(_FULL_AFTER_CJK.findall(view.masked))
        half += len(_HALF_AFTER_CJK.findall(view.masked))
    return Style(STANDARD if full > half else HALF_WIDTH, True, full, half)
