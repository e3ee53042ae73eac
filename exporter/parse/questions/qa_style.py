"""`Q:` / `A:` paragraphs (also `**Q:**`, `问:` / `答:`), anywhere outside a heading
question: a question paragraph, then its answer up to the next question or `---`."""

from __future__ import annotations

from ..labels import (
    ANSWER_PARAGRAPH,
    FOLLOW_UP_PARAGRAPH,
    QUESTION_PARAGRAPH,
    is_follow_up_label,
)
from ..outline import Heading
from ..state import ParseState
from .draft import QuestionDraft, split_follow_ups, take_explicit_id
from .items import follow_ups, labelled_item
from .scope import category_of, free_stretches


def qa_questions(state: ParseState) -> list[QuestionDraft]:
    drafts: list[QuestionDraft] = []
    for stretch in free_stretches(state):
        drafts.extend(_QaReader(state, stretch.heading).read(stretch.start, stretch.end))
    return drafts


class _QaReader:
    def __init__(self, state: ParseState, heading: Heading | None) -> None:
        self.state = state
        self.heading = heading
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
            if token.type == "paragraph_open" and QUESTION_PARAGRAPH.match(source):
                self._start(source, token.map[0] + 1)
            elif self.current is not None:
                self._body(index, source)
            index = self.state.closes.get(index, index) + 1
        self._finish()
        return self.drafts

    def _start(self, source: str, line: int) -> None:
        self._finish()
        match = QUESTION_PARAGRAPH.match(source)
        assert match is not None
        text, explicit_id = take_explicit_id(source[match.end() :].replace("\n", " ").strip())
        self.current = QuestionDraft(
            text=text.removesuffix("**").removesuffix("__").strip(),
            line=line,
            category=category_of(self.state, self.heading),
            style="qa",
            explicit_id=explicit_id,
        )
        self.answer_parts = []

    def _body(self, index: int, source: str) -> None:
        token = self.state.tokens[index]
        current = self.current
        assert current is not None and token.map is not None
        if token.type == "hr":
            self._finish()
        elif token.type == "paragraph_open" and FOLLOW_UP_PARAGRAPH.match(source):
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
