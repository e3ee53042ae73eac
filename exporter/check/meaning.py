"""What the notes mean to the exporters, as a value two versions can be compared by.

The fixes may only change spacing, the width of punctuation and `\\(..\\)` into `$..$`;
so two texts mean the same when their sections, key points, questions, answers,
follow-ups and formulas agree once exactly those differences are ignored, and their
protected zones (code, math, URLs, link targets, HTML, front matter) are identical.
Bold that a fix made CommonMark recognise (`是**x**内` → `是 **x** 内`) is the one
intended change in the parse; `*` does not count here, and `strong_count` shows it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it.token import Token

from ..model import Document
from .chars import HALF_WIDTH
from .inline import InlineView
from .structure import latex_pairs

# `;` and `.` both end a sentence: T001 writes `。` between sentences as `;` (T006's rule).
_WIDTH = str.maketrans({**HALF_WIDTH, "。": ".", "；": ".", ";": "."})
_IGNORED = re.compile(r"[\s*_]+")
_DELIMITER = re.compile(r"\\[()]|\\[\[\]]")


def key(text: str) -> str:
    """Text with exactly the fixes' freedoms taken out: spaces, width, bold markers, the
    mark between sentences and LaTeX delimiters (`\\(` and `$` count the same)."""
    text = _DELIMITER.sub(lambda m: "$$" if m.group() in ("\\[", "\\]") else "$", text)
    return _IGNORED.sub("", text.translate(_WIDTH))


@dataclass(frozen=True)
class Meaning:
    title: str
    sections: tuple[tuple[int, str, str], ...]
    key_points: tuple[tuple[str, str], ...]
    questions: tuple[tuple[object, ...], ...]
    formulas: tuple[tuple[str, int], ...]  # (TeX, count), sorted
    protected: tuple[tuple[str, str], ...]
    strong_count: int


def meaning(tokens: list[Token], document: Document, views: list[InlineView]) -> Meaning:
    sections = tuple((s.level, key(s.title), key(s.body)) for s in document.walk_sections())
    key_points = tuple((key(p.label), key(p.body)) for p in document.key_points())
    questions = tuple(
        (
            key(q.text),
            key(q.answer),
            tuple(key(f) for f in q.follow_ups),
            tuple(key(c) for c in q.category),
            tuple(key(r.title) for r in q.references),
            q.style,
            q.number,
        )
        for q in document.questions
    )
    formulas: Counter[str] = Counter()
    protected: list[tuple[str, str]] = []
    strong = 0
    for token in _all(tokens):
        if token.type.startswith("math_"):
            formulas[token.content.strip()] += 1
        elif token.type in ("code_inline", "fence", "code_block", "html_inline", "html_block"):
            protected.append((token.type, token.info + "\n" + token.content))
        elif token.type == "front_matter":
            protected.append((token.type, token.content))
        elif token.type in ("link_open", "image"):
            protected.append((token.type, str(token.attrGet("href") or token.attrGet("src"))))
        elif token.type == "strong_open":
            strong += 1
    # `\(..\)` written in prose is a formula the fix turns into `$..$`: count it as one.
    for view in views:
        for _, _, inner, _ in latex_pairs(view):
            formulas[inner.strip()] += 1
    return Meaning(
        title=key(document.title),
        sections=sections,
        key_points=key_points,
        questions=questions,
        formulas=tuple(sorted(formulas.items())),
        protected=tuple(protected),
        strong_count=strong,
    )


def _all(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from token.children


def differences(before: Meaning, after: Meaning) -> list[str]:
    """What changed, in words; empty when the meaning is kept."""
    changed = [
        name
        for name in ("title", "sections", "key_points", "questions", "formulas", "protected")
        if getattr(before, name) != getattr(after, name)
    ]
    if after.strong_count < before.strong_count:
        changed.append("bold")  # a fix may make bold out of literal `**`, never undo it
    return changed
