"""The last question pass: identities, the interview-list warnings, references resolved to
the sections and key points they name, and the model's `Question`s."""

from __future__ import annotations

import re

from ..model import Question, Reference
from .codes import (
    DUPLICATE_QUESTION,
    NO_ANSWER,
    NO_FOLLOW_UP,
    UNINDENTED_BULLETS,
    UNRESOLVED_REFERENCE,
)
from .codes import LONG_ANSWER as LONG_ANSWER_CODE
from .questions import QuestionDraft
from .references import AnchorIndex, find_mentions, quote_column
from .state import ParseState
from .text import text_column

# A question's text that swallowed its sub-bullets: `100. **q**` followed by `    - **答案**`
# (4 spaces are fewer than the 5 the item's content needs, so CommonMark continues the text).
_LAZY_BULLET = re.compile(r"\n\s*(?:[-*+]|\d+[.)])\s")


def finish_questions(state: ParseState) -> None:
    index = AnchorIndex(_anchor_entries(state))
    # Notes that never write follow-ups (heading-style notes mostly) are not missing them.
    wants_follow_ups = any(draft.follow_ups for draft in state.drafts)
    seen: dict[str, int] = {}
    questions = []
    for draft in state.drafts:
        key = draft.key
        column = text_column(_line(state, draft.line))
        if key in seen:
            state.warn(
                DUPLICATE_QUESTION,
                draft.line,
                column,
                f"the same question as line {seen[key]}",
                "merge the two or give one an explicit id `{#my-id}`",
            )
            key = f"{key}#{draft.line}"
        else:
            seen[key] = draft.line
        _warn_about(state, draft, column, wants_follow_ups=wants_follow_ups)
        questions.append(_question(state, draft, key, _references(state, draft, index)))
    state.questions = tuple(questions)


def _line(state: ParseState, line: int) -> str:
    return state.lines[line - 1] if 0 < line <= len(state.lines) else ""


# About a phone screen of card text is 300-450 characters; past four screens a reader
# loses the thread. TeX counts half: `\\frac{a}{b}` is longer typed than typeset.
LONG_ANSWER = 1_500
_TEX = re.compile(r"\$\$?[^$]+\$\$?")


def visible_length(markdown: str) -> int:
    tex = sum(len(m.group()) for m in _TEX.finditer(markdown))
    return len(markdown) - tex + tex // 2


def _warn_about(
    state: ParseState, draft: QuestionDraft, column: int, *, wants_follow_ups: bool
) -> None:
    length = visible_length(draft.answer)
    if length > LONG_ANSWER:
        state.warn(
            LONG_ANSWER_CODE,
            draft.line,
            column,
            f"the answer is about {length:,} characters, {length // 400 + 1} phone screens",
            "split it into questions of their own (a heading each), or keep it for the sheet",
        )
    if draft.style == "list" and _LAZY_BULLET.search(draft.text):
        width = len(f"{draft.number}. ") if draft.number is not None else 3
        state.warn(
            UNINDENTED_BULLETS,
            draft.line,
            column,
            "the bullets below this question are read as part of its text",
            f"indent them by {width} spaces, the width of the question's number",
        )
    if not draft.answer:
        state.warn(
            NO_ANSWER,
            draft.line,
            column,
            "question has no answer",
            "add an `**答案线索**:` bullet under it",
        )
    if wants_follow_ups and not draft.follow_ups:
        state.warn(
            NO_FOLLOW_UP,
            draft.line,
            column,
            "question has no follow-up",
            "add a `**追问**:` bullet with the questions an interviewer would ask next",
        )


def _references(state: ParseState, draft: QuestionDraft, index: AnchorIndex) -> list[Reference]:
    references = []
    for mention in find_mentions(draft.answer):
        line = draft.answer_line + draft.answer.count("\n", 0, mention.offset)
        anchor = index.resolve(mention.title)
        if anchor is None:
            state.warn(
                UNRESOLVED_REFERENCE,
                line,
                quote_column(_line(state, line), mention.title),
                f'reference "{mention.title}" names no section of the notes',
                "use a heading or bold label exactly as written in the notes",
            )
        references.append(Reference(mention.title, line, anchor))
    return references


def _question(
    state: ParseState, draft: QuestionDraft, key: str, references: list[Reference]
) -> Question:
    answer_line = draft.answer_line or draft.line
    return Question(
        text=state.inline_fragment(draft.text, draft.line, draft.text_token),
        answer=state.fragment(draft.answer, answer_line, draft.answer_tokens, cut=draft.answer_cut),
        follow_ups=tuple(
            state.inline_fragment(f, draft.line, cut=getattr(f, "cut", None))
            for f in draft.follow_ups
        ),
        category=draft.category,
        references=tuple(references),
        line=draft.line,
        key=key,
        number=draft.number,
        style=draft.style,
        numbering=draft.numbering,
        sub_questions=tuple(state.inline_fragment(q, draft.line) for q in draft.sub_questions),
        span=draft.span,
    )


def _anchor_entries(state: ParseState) -> list[tuple[str, str]]:
    walked = [s for top in state.sections for s in top.walk()]
    entries = [(s.plain_title, s.anchor) for s in walked]
    entries += [(p.plain_label, p.anchor) for s in walked for p in s.key_points]
    return entries
