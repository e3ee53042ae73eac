"""Interview-list rules Q001-Q005. The parser finds these (`Document.warnings`, the same
diagnostics `export anki` and `export pdf` print as warnings): each is registered here
without a check function, and the engine turns the parser's diagnostics into findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..parse.codes import (
    DUPLICATE_QUESTION,
    NO_ANSWER,
    NO_FOLLOW_UP,
    UNINDENTED_BULLETS,
    UNRESOLVED_REFERENCE,
)
from ..parse.labels import is_follow_up_label
from .registry import Rule, register

if TYPE_CHECKING:
    from .context import Context


def uses_follow_ups(context: Context) -> bool:
    """Heading-style and Q/A notes have no follow-ups at all: asking each question for
    one is noise. A file uses them when a question has one or a bold label names one
    (also a label the parser could not attach, as under Q005)."""
    document = context.document
    if document is not None and any(q.follow_ups for q in document.questions):
        return True
    return any(
        is_follow_up_label(view.content[s.open + s.width : s.close].rstrip(":： "))
        for view in context.views
        for s in view.strong
    )


register(
    Rule(
        NO_ANSWER,
        "no-answer",
        summary="an interview question has no answer",
        why="the card's back would be empty",
        example="`1. **q?**` → `1. **q?**` + `    - **答案线索**: ...`",
    )
)
register(
    Rule(
        NO_FOLLOW_UP,
        "no-follow-up",
        summary="an interview question has no follow-up (only in files that use follow-ups)",
        why="an interviewer asks the next question; the card should too",
        example="`    - **追问**: ε 太大会怎样?`",
        applies=uses_follow_ups,
    )
)
register(
    Rule(
        DUPLICATE_QUESTION,
        "duplicate-question",
        summary="the same question is asked twice",
        why="two notes with one identity: Anki merges them and an edit to either is lost",
        example="merge the two, or give one an explicit id `{#my-id}`",
    )
)
register(
    Rule(
        UNRESOLVED_REFERENCE,
        "unresolved-reference",
        summary='`参考笔记中 "..." 部分` names no section or key point of the notes',
        why="the card cannot show the section the answer points to",
        example='`参考笔记中 "优势函数" 部分`, exactly as the heading is written',
    )
)
register(
    Rule(
        UNINDENTED_BULLETS,
        "unindented-bullets",
        summary="the bullets under a question are indented less than its number is wide, so "
        "CommonMark reads them as part of the question",
        why="the answer and follow-ups become the question's text",
        example="`100. **q?**` + 5 spaces before `- **答案线索**`",
    )
)
