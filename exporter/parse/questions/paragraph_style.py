"""Questions that are paragraphs: a paragraph that opens a question, then its answer (the
blocks after it) up to the next such paragraph, the end of the section, or `---`.

Two styles read this way: `Q:` / `A:` paragraphs (also `**Q:**`, `问:` / `答:`), and bold
paragraphs that ask (`**为什么 PPO 要裁剪？**`, `**请简述 GAE**`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..labels import (
    ANSWER_PARAGRAPH,
    FOLLOW_UP_PARAGRAPH,
    QUESTION_PARAGRAPH,
    asks,
    is_follow_up_label,
)
from ..outline import Heading, strip_number
from ..state import ParseState
from .draft import QuestionDraft, split_follow_ups, take_explicit_id
from .items import follow_ups, labelled_item
from .scope import category_of, free_stretches

_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[.、)）]\s*")


Opener = Callable[[str], "str | None"]
"""A paragraph's source → the question it asks (still with any `{#id}`), or None."""


def qa_questions(state: ParseState) -> list[QuestionDraft]:
    return read_paragraph_questions(state, _qa_opener, "qa")


def bold_questions(state: ParseState) -> list[QuestionDraft]:
    return read_paragraph_questions(state, _bold_opener, "bold")


def _qa_opener(source: str) -> str | None:
    match = QUESTION_PARAGRAPH.match(source)
    if match is None:
        return None
    text = source[match.end() :].replace("\n", " ").strip()
    return text.removesuffix("**").removesuffix("__").strip()


_WHOLLY_BOLD = re.compile(r"^(\*\*|__)(?P<text>[^\n]+?)\1$")


def _bold_opener(source: str) -> str | None:
    match = _WHOLLY_BOLD.match(source)
    if match is None or QUESTION_PARAGRAPH.match(source):
        return None
    text = match.group("text").strip()
    return text if asks(strip_number(text)) else None


def read_paragraph_questions(state: ParseState, opens: Opener, style: str) -> list[QuestionDraft]:
    taken = [draft.span for draft in state.drafts]
    drafts: list[QuestionDraft] = []
    for stretch in free_stretches(state):
        reader = _Reader(state, stretch.heading, opens, style, taken)
        drafts.extend(reader.read(stretch.start, stretch.end))
    return drafts


class _Reader:
    def __init__(
        self,
        state: ParseState,
        heading: Heading | None,
        opens: Opener,
        style: str,
        taken: list[tuple[int, int]],
    ) -> None:
        self.state = state
        self.heading = heading
        self.opens = opens
        self.style = style
        self.taken = taken
        self.drafts: list[QuestionDraft] = []
        self.current: QuestionDraft | None = None
        self.answer_parts: list[str] = []

    def read(self, start: int, end: int) -> list[QuestionDraft]:
        tokens = self.state.tokens
        index = start
        while index < end:
            token = tokens[index]
            if token.level != 0 or token.nesting == -1 or not token.map:
                index += 1
                continue
            source = "".join(self.state.lines[token.map[0] : token.map[1]]).strip()
            question = self.opens(source) if token.type == "paragraph_open" else None
            if self._is_taken(token.map[0] + 1):
                self._finish()
            elif question is not None:
                self._start(question, token.map[0] + 1, token.map[1] + 1)
            elif self.current is not None:
                self._body(index, source)
            index = self.state.closes.get(index, index) + 1
        self._finish()
        return self.drafts

    def _is_taken(self, line: int) -> bool:
        return any(start <= line < end for start, end in self.taken)

    def _start(self, question: str, line: int, end: int) -> None:
        self._finish()
        text, explicit_id = take_explicit_id(question)
        number = _NUMBER.match(text)
        self.current = QuestionDraft(
            text=_NUMBER.sub("", text, count=1) if self.style == "bold" else text,
            line=line,
            category=category_of(self.state, self.heading),
            style=self.style,
            number=int(number.group(1)) if number and self.style == "bold" else None,
            explicit_id=explicit_id,
            span=(line, end),
        )
        self.answer_parts = []

    def _body(self, index: int, source: str) -> None:
        token = self.state.tokens[index]
        current = self.current
        assert current is not None and token.map is not None
        if token.type == "hr":
            self._finish()
            return
        current.span = (current.span[0], token.map[1] + 1)
        if token.type == "paragraph_open" and FOLLOW_UP_PARAGRAPH.match(source):
            rest = FOLLOW_UP_PARAGRAPH.sub("", source, count=1).replace("\n", " ")
            current.follow_ups.extend(split_follow_ups(rest))
        elif token.type == "bullet_list_open" and self._is_follow_up_list(index):
            current.follow_ups.extend(follow_ups(self.state, index + 1, ""))
        else:
            if token.type == "paragraph_open" and ANSWER_PARAGRAPH.match(source):
                source = ANSWER_PARAGRAPH.sub("", source, count=1)
            if not self.answer_parts:
                current.answer_line = token.map[0] + 1
            self.answer_parts.append(source)

    def _finish(self) -> None:
        if self.current is not None:
            self.current.answer = "\n\n".join(p for p in self.answer_parts if p).strip()
            self.drafts.append(self.current)
        self.current = None

    def _is_follow_up_list(self, index: int) -> bool:
        label, _ = labelled_item(self.state, index + 1)
        return label is not None and is_follow_up_label(label)
