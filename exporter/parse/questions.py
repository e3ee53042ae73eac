"""Pass 3: interview questions in the three styles real notes use.

1. list style: `N. **question**` with `**答案线索**:` / `**追问**:` sub-bullets;
2. heading style: `### 3. question？` with the body below as the answer;
3. `Q:` / `A:` paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from .fragments import item_body
from .labels import (
    ANSWER_PARAGRAPH,
    EXPLICIT_ID,
    FOLLOW_UP_PARAGRAPH,
    QUESTION_PARAGRAPH,
    is_answer_label,
    is_follow_up_label,
)
from .outline import Heading, strip_number
from .text import dedent_block, item_markdown, split_label, stable_key

_WHOLLY_BOLD = re.compile(r"^(\*\*|__)(?P<text>.+)\1$", re.S)


@dataclass
class QuestionDraft:
    """A question before its references are resolved (the writers see `model.Question`)."""

    text: str
    line: int  # 1-based
    category: tuple[str, ...]
    style: str
    answer: str = ""
    answer_line: int = 0
    follow_ups: list[str] = field(default_factory=list)
    number: int | None = None
    explicit_id: str | None = None
    answer_tokens: tuple[Token, ...] = ()  # the parser's tokens of `answer`, where simple

    @property
    def key(self) -> str:
        return f"id:{self.explicit_id}" if self.explicit_id else f"q:{stable_key(self.text)}"


def _take_explicit_id(text: str) -> tuple[str, str | None]:
    match = EXPLICIT_ID.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), match.group("id")


def split_follow_ups(text: str) -> list[str]:
    """`A? B? (例如, C)` → `["A?", "B? (例如, C)"]`: cut after each question mark outside
    math and code, then glue a fragment that asks nothing onto the question before it."""
    pieces: list[str] = []
    start = 0
    in_math = in_code = False
    for index, char in enumerate(text):
        if char == "`" and not in_math:
            in_code = not in_code
        elif char == "$" and not in_code and (index == 0 or text[index - 1] != "\\"):
            in_math = not in_math
        elif char in "?？" and not in_math and not in_code:
            pieces.append(text[start : index + 1])
            start = index + 1
    pieces.append(text[start:])
    follow_ups: list[str] = []
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if follow_ups and not piece.endswith(("?", "？")):
            follow_ups[-1] = f"{follow_ups[-1]} {piece}"
        else:
            follow_ups.append(piece)
    return follow_ups


class QuestionFinder:
    """Finds questions in a token stream, given the outline and the interview part."""

    def __init__(
        self,
        tokens: list[Token],
        lines: list[str],
        closes: dict[int, int],
        interview: Heading | None,
        title_heading: Heading | None,
    ) -> None:
        self.tokens = tokens
        self.lines = lines
        self.closes = closes
        self.interview = interview
        self.title_heading = title_heading

    def category_of(self, heading: Heading | None) -> tuple[str, ...]:
        if heading is None:
            return ()
        chain = [*heading.ancestors, heading]
        if self.interview is not None and heading.is_within(self.interview):
            chain = chain[chain.index(self.interview) + 1 :]
        elif self.title_heading is not None and self.title_heading in chain:
            chain = chain[chain.index(self.title_heading) + 1 :]
        return tuple(h.plain for h in chain)

    # -- heading style -------------------------------------------------------------------
    def is_question_heading(self, heading: Heading) -> bool:
        if heading is self.interview or heading is self.title_heading:
            return False
        if heading.ends_with_question_mark:
            return True
        in_interview = self.interview is not None and heading.is_within(self.interview)
        return in_interview and heading.number is not None and not heading.children

    def from_heading(self, heading: Heading) -> QuestionDraft:
        text, explicit_id = _take_explicit_id(strip_number(heading.raw))
        draft = QuestionDraft(
            text=text,
            line=heading.line + 1,
            category=self.category_of(heading.parent),
            style="heading",
            number=heading.number,
            explicit_id=explicit_id,
        )
        # Labelled bullets in the body are answer / follow-ups; the rest is the answer.
        kept: list[str] = []
        cursor = heading.line + 1
        labelled_answer: str | None = None
        for index in range(heading.body_start, heading.end):
            token = self.tokens[index]
            if token.type != "list_item_open" or token.level != 1 or not token.map:
                continue
            label, body = self._labelled_item(index)
            if label is None:
                continue
            if is_follow_up_label(label):
                draft.follow_ups.extend(self._follow_ups(index, body))
            elif is_answer_label(label):
                labelled_answer = body
                draft.answer_line = token.map[0] + 1
            else:
                continue
            kept.append("".join(self.lines[cursor : token.map[0]]))
            cursor = token.map[1]
        kept.append("".join(self.lines[cursor : heading.end_line]))
        remainder = dedent_block("".join(kept)).strip()
        if labelled_answer is not None:
            draft.answer = "\n\n".join(p for p in (labelled_answer, remainder) if p)
        else:
            draft.answer = remainder
            draft.answer_line = heading.line + 2
        return draft

    # -- list style ----------------------------------------------------------------------
    def from_list(self, start: int, end: int, heading: Heading | None) -> list[QuestionDraft]:
        drafts: list[QuestionDraft] = []
        index = start
        while index < end:
            token = self.tokens[index]
            if token.type == "list_item_open" and token.map:
                draft = self._list_question(index, heading)
                if draft is not None:
                    drafts.append(draft)
                    index = self.closes[index]
                elif drafts and self._attach_stray_label(index, drafts[-1]):
                    index = self.closes[index]
            index += 1
        return drafts

    def _list_question(self, index: int, heading: Heading | None) -> QuestionDraft | None:
        item = self.tokens[index]
        first = self.tokens[index + 1]
        if first.type != "paragraph_open" or not first.map:
            return None
        paragraph = self.tokens[index + 2].content.strip()
        bold = _WHOLLY_BOLD.match(paragraph)
        text = bold.group("text").strip() if bold else paragraph
        text, explicit_id = _take_explicit_id(text)
        ordered = self.tokens[index - 1].type == "ordered_list_open" or (
            item.info.isdigit() if item.info else False
        )
        draft = QuestionDraft(
            text=text,
            line=item.map[0] + 1,  # type: ignore[index]
            category=self.category_of(heading),
            style="list",
            number=int(item.info) if item.info.isdigit() else None,
            explicit_id=explicit_id,
        )
        answers: list[str] = []
        answer_items: list[int] = []
        labelled = False
        close = self.closes[index]
        child_level = item.level + 2
        for sub in range(index + 3, close):
            token = self.tokens[sub]
            if token.type != "list_item_open" or token.level != child_level or not token.map:
                continue
            label, body = self._labelled_item(sub)
            if label is not None and is_follow_up_label(label):
                draft.follow_ups.extend(self._follow_ups(sub, body))
                labelled = True
            elif label is not None and is_answer_label(label):
                answers.append(body)
                answer_items.append(sub)
                draft.answer_line = draft.answer_line or token.map[0] + 1
                labelled = True
            else:
                answers.append(self._item_source(sub))
                answer_items.append(-1)
                draft.answer_line = draft.answer_line or token.map[0] + 1
        if not labelled:
            # No labels: whatever follows the question paragraph is its answer.
            assert first.map is not None and item.map is not None
            answers = [dedent_block("".join(self.lines[first.map[1] : item.map[1]])).strip()]
            draft.answer_line = first.map[1] + 1
            draft.answer_tokens = tuple(self.tokens[index + 4 : close])
        elif len(answer_items) == 1 and answer_items[0] >= 0:
            draft.answer_tokens = item_body(
                self.tokens, answer_items[0], self.closes[answer_items[0]]
            )
        draft.answer = "\n\n".join(a for a in answers if a)
        if not (labelled or ordered or text.rstrip().endswith(("?", "？"))):
            return None
        return draft

    def _attach_stray_label(self, index: int, previous: QuestionDraft) -> bool:
        """`100. **question**` needs its sub-bullets indented 5 spaces; with 4, CommonMark
        makes them a list of their own. Labelled answer / follow-up bullets right after a
        question still belong to it."""
        label, body = self._labelled_item(index)
        if label is None:
            return False
        if is_follow_up_label(label):
            previous.follow_ups.extend(self._follow_ups(index, body))
        elif is_answer_label(label):
            previous.answer = "\n\n".join(p for p in (previous.answer, body) if p)
            previous.answer_line = previous.answer_line or self.tokens[index].map[0] + 1  # type: ignore[index]
        else:
            return False
        return True

    def _item_source(self, index: int) -> str:
        item = self.tokens[index]
        assert item.map is not None
        return dedent_block("".join(self.lines[item.map[0] : item.map[1]])).strip()

    def _labelled_item(self, index: int) -> tuple[str | None, str]:
        """A list item's bold label (if it has one with a colon) and the Markdown after it."""
        if self.tokens[index + 1].type != "paragraph_open":
            return None, ""
        head, rest = item_markdown(self.lines, self.tokens[index])
        label = split_label(head)
        if label is None or not label.has_colon:
            return None, ""
        return label.text, "\n".join(p for p in (label.rest.strip(), rest) if p).strip()

    def _follow_ups(self, index: int, body: str) -> list[str]:
        """Follow-ups written inline (`**追问**: A? B?`) or as a nested list."""
        item = self.tokens[index]
        inline_text = self.tokens[index + 2].content
        label = split_label(inline_text)
        found = split_follow_ups(label.rest.replace("\n", " ")) if label else []
        for sub in range(index + 3, self.closes[index]):
            token = self.tokens[sub]
            if token.type == "list_item_open" and token.level == item.level + 2:
                head, rest = item_markdown(self.lines, token)
                found.append(" ".join(p for p in (head.strip(), rest.strip()) if p))
        return found or ([body] if body else [])

    # -- Q: / A: paragraphs --------------------------------------------------------------
    def from_paragraphs(self, start: int, end: int, heading: Heading | None) -> list[QuestionDraft]:
        drafts: list[QuestionDraft] = []
        current: QuestionDraft | None = None
        answer_parts: list[str] = []

        def finish() -> None:
            if current is not None:
                current.answer = "\n\n".join(p for p in answer_parts if p).strip()
                drafts.append(current)

        index = start
        while index < end:
            token = self.tokens[index]
            if token.level != 0 or token.nesting == -1 or not token.map:
                index += 1
                continue
            block_end = self.closes.get(index, index)
            source = "".join(self.lines[token.map[0] : token.map[1]]).strip()
            if token.type == "paragraph_open":
                match = QUESTION_PARAGRAPH.match(source)
                if match:
                    finish()
                    text, explicit_id = _take_explicit_id(
                        source[match.end() :].replace("\n", " ").strip()
                    )
                    text = text.removesuffix("**").removesuffix("__").strip()
                    current = QuestionDraft(
                        text=text,
                        line=token.map[0] + 1,
                        category=self.category_of(heading),
                        style="qa",
                        explicit_id=explicit_id,
                    )
                    answer_parts = []
                    index = block_end + 1
                    continue
            if current is not None:
                if token.type == "hr":
                    finish()
                    current = None
                elif token.type == "paragraph_open" and FOLLOW_UP_PARAGRAPH.match(source):
                    rest = FOLLOW_UP_PARAGRAPH.sub("", source, count=1).replace("\n", " ")
                    current.follow_ups.extend(split_follow_ups(rest))
                elif token.type == "bullet_list_open" and self._is_follow_up_list(index):
                    current.follow_ups.extend(self._follow_ups(index + 1, ""))
                else:
                    if token.type == "paragraph_open" and ANSWER_PARAGRAPH.match(source):
                        source = ANSWER_PARAGRAPH.sub("", source, count=1)
                    if not answer_parts:
                        current.answer_line = token.map[0] + 1
                    answer_parts.append(source)
            index = block_end + 1
        finish()
        return drafts

    def _is_follow_up_list(self, index: int) -> bool:
        label, _ = self._labelled_item(index + 1)
        return label is not None and is_follow_up_label(label)
