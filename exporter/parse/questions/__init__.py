"""Interview questions, in the styles real notes use. Each style is one rule in `STYLES`,
run in order; a new style is one function `(state) -> list[QuestionDraft]` and one
`STYLES.push(...)` (or `.before(...)` to take precedence).

1. heading: `### 3. question？` with the body below as the answer (runs first: it claims
   its headings, whose bodies the other styles then skip);
2. qa: `Q:` / `A:` paragraphs;
3. bold: a bold paragraph that asks (`**为什么要裁剪？**`), the blocks after it the answer;
4. list: `N. **question**` with `**答案线索**:` / `**追问**:` sub-bullets.

A style sees the drafts of the styles before it in `state.drafts`, to leave their lines
alone.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.ruler import Ruler

from ..state import ParseState
from .draft import QuestionDraft, split_follow_ups
from .heading_style import heading_questions
from .list_style import list_questions
from .paragraph_style import bold_questions, qa_questions

QuestionStyle = Callable[[ParseState], list[QuestionDraft]]

STYLES: Ruler[QuestionStyle] = Ruler()
STYLES.push("heading", heading_questions)
STYLES.push("qa", qa_questions)
STYLES.push("bold", bold_questions)
STYLES.push("list", list_questions)

__all__ = ["STYLES", "QuestionDraft", "QuestionStyle", "find_questions", "split_follow_ups"]


def find_questions(state: ParseState) -> None:
    """The questions pass: every enabled style, then all drafts in document order."""
    state.drafts = []
    for style in STYLES.getRules(""):
        state.drafts.extend(style(state))
    state.drafts.sort(key=lambda draft: draft.line)
