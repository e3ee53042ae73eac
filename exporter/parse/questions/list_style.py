"""List style (the user's own): `N. **question**` with `**答案线索**:` / `**追问**:` bullets,
in the interview part only (elsewhere a numbered list is just notes)."""

from __future__ import annotations

import re
from functools import partial

from ..fragments import item_body
from ..labels import is_answer_label, is_follow_up_label
from ..outline import Heading
from ..state import ParseState
from ..text import dedent_block
from .draft import QuestionDraft, take_explicit_id
from .items import follow_ups, item_source, labelled_item
from .scope import category_of, free_stretches

_WHOLLY_BOLD = re.compile(r"^(\*\*|__)(?P<text>.+)\1$", re.S)


def list_questions(state: ParseState) -> list[QuestionDraft]:
    taken = [draft.span for draft in state.drafts]
    drafts: list[QuestionDraft] = []
    for stretch in free_stretches(state):
        if stretch.in_interview(state):
            found = _in_stretch(state, stretch.start, stretch.end, stretch.heading)
            drafts.extend(d for d in found if not any(a <= d.line < b for a, b in taken))
    return drafts


def _in_stretch(
    state: ParseState, start: int, end: int, heading: Heading | None
) -> list[QuestionDraft]:
    drafts: list[QuestionDraft] = []
    index = start
    while index < end:
        token = state.tokens[index]
        if token.type == "list_item_open" and token.map:
            draft = _question(state, index, heading)
            if draft is not None:
                drafts.append(draft)
                index = state.closes[index]
            elif drafts and _attach_stray_label(state, index, drafts[-1]):
                index = state.closes[index]
        index += 1
    return drafts


def _question(state: ParseState, index: int, heading: Heading | None) -> QuestionDraft | None:
    tokens = state.tokens
    item, first = tokens[index], tokens[index + 1]
    if first.type != "paragraph_open" or not first.map:
        return None
    paragraph = tokens[index + 2].content.strip()
    bold = _WHOLLY_BOLD.match(paragraph)
    text, explicit_id = take_explicit_id(bold.group("text").strip() if bold else paragraph)
    ordered = tokens[index - 1].type == "ordered_list_open" or item.info.isdigit()
    assert item.map is not None
    draft = QuestionDraft(
        text=text,
        line=item.map[0] + 1,
        category=category_of(state, heading),
        style="list",
        number=int(item.info) if item.info.isdigit() else None,
        explicit_id=explicit_id,
        span=(item.map[0] + 1, item.map[1] + 1),
    )
    labelled = _read_sub_bullets(state, index, draft)
    if not (labelled or ordered or text.rstrip().endswith(("?", "？"))):
        return None
    return draft


def _read_sub_bullets(state: ParseState, index: int, draft: QuestionDraft) -> bool:
    """Fill in answer and follow-ups from the item's bullets; False if none is labelled."""
    tokens = state.tokens
    item, first = tokens[index], tokens[index + 1]
    answers: list[str] = []
    answer_items: list[int] = []
    labelled = False
    close = state.closes[index]
    for sub in range(index + 3, close):
        token = tokens[sub]
        if token.type != "list_item_open" or token.level != item.level + 2 or not token.map:
            continue
        label, body = labelled_item(state, sub)
        if label is not None and is_follow_up_label(label):
            draft.follow_ups.extend(follow_ups(state, sub, body))
            labelled = True
            continue
        if label is not None and is_answer_label(label):
            answers.append(body)
            answer_items.append(sub)
            labelled = True
        else:
            answers.append(item_source(state, sub))
            answer_items.append(-1)
        draft.answer_line = draft.answer_line or token.map[0] + 1
    if not labelled:
        # No labels: whatever follows the question paragraph is its answer.
        assert first.map is not None and item.map is not None
        answers = [dedent_block("".join(state.lines[first.map[1] : item.map[1]])).strip()]
        draft.answer_line = first.map[1] + 1
        draft.answer_tokens = tuple(tokens[index + 4 : close])
    elif len(answer_items) == 1 and answer_items[0] >= 0:
        draft.answer_cut = partial(
            item_body, tokens, answer_items[0], state.closes[answer_items[0]]
        )
    draft.answer = "\n\n".join(a for a in answers if a)
    return labelled


def _attach_stray_label(state: ParseState, index: int, previous: QuestionDraft) -> bool:
    """`100. **question**` needs its sub-bullets indented 5 spaces; with 4, CommonMark
    makes them a list of their own. Labelled answer / follow-up bullets right after a
    question still belong to it."""
    label, body = labelled_item(state, index)
    if label is None:
        return False
    if is_follow_up_label(label):
        previous.follow_ups.extend(follow_ups(state, index, body))
    elif is_answer_label(label):
        previous.answer = "\n\n".join(p for p in (previous.answer, body) if p)
        previous.answer_line = previous.answer_line or state.tokens[index].map[0] + 1  # type: ignore[index]
        previous.answer_tokens = None  # no longer one stretch of the parser's tokens
        previous.answer_cut = None
    else:
        return False
    previous.span = (previous.span[0], state.tokens[index].map[1] + 1)  # type: ignore[index]
    return True
