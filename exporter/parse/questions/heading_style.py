"""Heading style: `### 3. 奖励模型需要和基础模型一致吗？` with the body below as the answer.

A heading ending in `?`/`？` is a question wherever it stands; in the interview part a
numbered heading without sub-headings is one too. Labelled `**追问**:` / `**答案**:` bullets in
the body are its follow-ups and answer; everything else in the body is answer too.
"""

from __future__ import annotations

from ..labels import is_answer_label, is_follow_up_label
from ..outline import Heading, strip_number
from ..state import ParseState
from ..text import dedent_block
from .draft import QuestionDraft, take_explicit_id
from .items import follow_ups, labelled_item
from .scope import category_of


def heading_questions(state: ParseState) -> list[QuestionDraft]:
    state.question_headings = [h for h in state.headings if is_question_heading(state, h)]
    return [_draft(state, heading) for heading in state.question_headings]


def is_question_heading(state: ParseState, heading: Heading) -> bool:
    if heading is state.interview or heading is state.title_heading:
        return False
    if heading.ends_with_question_mark:
        return True
    in_interview = state.interview is not None and heading.is_within(state.interview)
    return in_interview and heading.number is not None and not heading.children


def _draft(state: ParseState, heading: Heading) -> QuestionDraft:
    text, explicit_id = take_explicit_id(strip_number(heading.raw))
    draft = QuestionDraft(
        text=text,
        line=heading.line + 1,
        category=category_of(state, heading.parent),
        style="heading",
        number=heading.number,
        explicit_id=explicit_id,
    )
    kept: list[str] = []
    cursor = heading.line + 1
    labelled_answer: str | None = None
    for index in range(heading.body_start, heading.end):
        token = state.tokens[index]
        if token.type != "list_item_open" or token.level != 1 or not token.map:
            continue
        label, body = labelled_item(state, index)
        if label is None:
            continue
        if is_follow_up_label(label):
            draft.follow_ups.extend(follow_ups(state, index, body))
        elif is_answer_label(label):
            labelled_answer = body
            draft.answer_line = token.map[0] + 1
        else:
            continue
        kept.append("".join(state.lines[cursor : token.map[0]]))
        cursor = token.map[1]
    kept.append("".join(state.lines[cursor : heading.end_line]))
    remainder = dedent_block("".join(kept)).strip()
    if labelled_answer is not None:
        draft.answer = "\n\n".join(p for p in (labelled_answer, remainder) if p)
    else:
        draft.answer = remainder
        draft.answer_line = heading.line + 2
    return draft
