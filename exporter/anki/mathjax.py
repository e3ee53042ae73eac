"""The Anki writer's math policy: delimiters Anki's MathJax knows, TeX HTML-escaped."""

from __future__ import annotations

import html


def mathjax_math(tex: str, display: bool) -> str:
    """Escaping keeps `a<b` from opening a tag (and `"` from ending an attribute, should it
    ever land in one); MathJax reads the text, unescaped.
    Anki, AnkiDroid and AnkiMobile bring their own MathJax: never emit a script for it."""
    escaped = html.escape(tex)
    return f"\\[{escaped}\\]" if display else f"\\({escaped}\\)"
