"""Heading style: `### 3. 奖励模型需要和基础模型一致吗？` with the body below as the answer.

A heading that asks (a `?`/`？` at its end, or `请简述…`, `为什么…`, `Explain…` at its
start) is a question wherever it stands; in the interview part a numbered heading without
sub-headings is one too. Labelled `**追问**:` / `**答案**:` bullets in the body are its
follow-ups and answer; everything else in the body is answer too, except sub-headings
that are questions themselves (`#### 6.1 …？`): those are cards of their own, and the
parent lists them instead of repeating them.
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
    if heading.asks:
        return True
    in_interview = state.interview is not None and heading.is_within(state.interview)
    return in_interview and heading.number is not None and not heading.children


def _draft(state: ParseState, heading: Heading) -> QuestionDraft:
    text, explicit_id = take_explicit_id(strip_number(heading.raw))
    sub_questions = [c for c in heading.children if is_question_heading(state, c)]
    end, end_line = heading.end, heading.end_line
    if sub_questions:
        end, end_line = sub_questions[0].index, sub_questions[0].line
    draft = QuestionDraft(
        text=text,
        line=heading.line + 1,
        category=category_of(state, heading.parent),
        style="heading",
        number=heading.number,
        numbering=heading.numbering,
        explicit_id=explicit_id,
        span=(heading.line + 1, end_line + 1),
        sub_questions=[strip_number(c.raw) for c in sub_questions],
    )
    kept: list[str] = []
    cursor = heading.line + 1
    labelled_answer: str | None = None
    for index in range(heading.body_start, end):
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
    kept.append("".join(state.lines[cursor:end_line]))
    remainder = dedent_block("".join(kept)).strip()
    if labelled_answer is not None:
        draft.answer = "\n\n".join(p for p in (labelled_answer, remainder) if p)
    else:
        draft.answer = remainder
        draft.answer_line = heading.line + 2
    return draft
