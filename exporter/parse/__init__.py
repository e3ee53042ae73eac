"""Notes file → `Document`, in a few passes over markdown-it tokens:

outline (headings) → key points (labelled bullets) → questions (three styles) → references.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it.token import Token

from ..errors import InputError
from ..model import Diagnostic, Document, KeyPoint, Question, Reference, Section
from .codes import (
    DUPLICATE_QUESTION,
    NO_ANSWER,
    NO_FOLLOW_UP,
    UNBALANCED_DOLLAR,
    UNINDENTED_BULLETS,
    UNRESOLVED_REFERENCE,
)
from .dialect import markdown_parser
from .keypoints import find_key_points
from .labels import INTERVIEW_TITLE
from .outline import Heading, build_outline, matching_close
from .questions import QuestionDraft, QuestionFinder
from .references import AnchorIndex, find_mentions
from .source import read_notes
from .text import stable_key, strip_trailing_rules

__all__ = [
    "DUPLICATE_QUESTION",
    "NO_ANSWER",
    "NO_FOLLOW_UP",
    "UNBALANCED_DOLLAR",
    "UNINDENTED_BULLETS",
    "UNRESOLVED_REFERENCE",
    "parse_file",
    "parse_text",
]


# A question's text that swallowed its sub-bullets: `100. **q**` followed by `    - **答案**`
# (4 spaces are fewer than the 5 the item's content needs, so CommonMark continues the text).
_LAZY_BULLET = re.compile(r"\n\s*(?:[-*+]|\d+[.)])\s")


def parse_file(path: Path, *, interview_heading: str | None = None) -> Document:
    return parse_text(read_notes(path), path, interview_heading=interview_heading)


def parse_text(
    text: str,
    path: Path,
    *,
    interview_heading: str | None = None,
    tokens: list[Token] | None = None,
) -> Document:
    """Parse notes text. Pass `tokens` (from `exporter.parse.dialect.markdown_parser().parse(text)`)
    when the caller needs them too, so the text is tokenised only once."""
    return _Parser(text, path, interview_heading, tokens).run()


class _Parser:
    def __init__(
        self,
        text: str,
        path: Path,
        interview_heading: str | None,
        tokens: list[Token] | None = None,
    ) -> None:
        self.path = path
        self.lines = text.splitlines(keepends=True)
        self.tokens: list[Token] = markdown_parser().parse(text) if tokens is None else tokens
        self.closes = matching_close(self.tokens)
        self.headings = build_outline(self.tokens, len(self.lines))
        self.interview_heading = interview_heading
        self.warnings: list[Diagnostic] = []
        self.front_matter = self._front_matter()
        self.anchor_count = 0

    def run(self) -> Document:
        self._check_dollars()
        title_heading = self._title_heading()
        interview = self._interview_heading(title_heading)
        finder = QuestionFinder(self.tokens, self.lines, self.closes, interview, title_heading)
        question_headings = [h for h in self.headings if finder.is_question_heading(h)]
        drafts = self._find_questions(finder, interview, question_headings)

        skip = {id(h) for h in question_headings}
        if interview is not None:
            skip.add(id(interview))
        top = [h for h in self.headings if h.parent is None]
        if title_heading is not None:
            top = [*title_heading.children, *(h for h in top if h is not title_heading)]
            top.sort(key=lambda h: h.index)
        sections = tuple(
            self._section(h, ()) for h in top if id(h) not in skip and not self._inside(h, skip)
        )
        title = (
            self.front_matter.get("title")
            or (title_heading.plain if title_heading else None)
            or (self.headings[0].plain if self.headings else self.path.stem)
        )
        document_sections = sections
        if not document_sections and not drafts:
            raise InputError(
                Diagnostic(
                    self.path,
                    1,
                    "found no sections and no questions",
                    "start notes at a `##` heading; number interview questions as `1. **...?**`",
                )
            )
        index = AnchorIndex(self._anchor_entries(document_sections))
        questions = self._questions(drafts, index)
        return Document(
            title=title,
            source=self.path,
            sections=document_sections,
            questions=questions,
            interview_title=interview.plain if interview else None,
            front_matter=self.front_matter,
            warnings=tuple(self.warnings),
            images=tuple(self._images()),
        )

    # -- structure -----------------------------------------------------------------------
    def _title_heading(self) -> Heading | None:
        level_one = [h for h in self.headings if h.level == 1]
        if len(level_one) == 1 and self.headings[0] is level_one[0]:
            return level_one[0]
        return None

    def _interview_heading(self, title_heading: Heading | None) -> Heading | None:
        for heading in self.headings:
            if heading is title_heading:
                continue
            if self.interview_heading is not None:
                if self.interview_heading.casefold() in heading.plain.casefold():
                    return heading
            elif heading.level <= 2 and INTERVIEW_TITLE.search(heading.plain):
                return heading
        if self.interview_heading is not None:
            self.warnings.append(
                Diagnostic(
                    self.path,
                    0,
                    f'no heading contains "{self.interview_heading}"',
                    "check --interview-heading",
                )
            )
        return None

    @staticmethod
    def _inside(heading: Heading, skip: set[int]) -> bool:
        return any(id(a) in skip for a in heading.ancestors)

    def _find_questions(
        self, finder: QuestionFinder, interview: Heading | None, question_headings: list[Heading]
    ) -> list[QuestionDraft]:
        drafts: list[QuestionDraft] = [finder.from_heading(h) for h in question_headings]
        in_question = {id(h) for h in question_headings}
        # Q:/A: paragraphs anywhere outside a heading question; list questions in the
        # interview part only (elsewhere a numbered list is just notes).
        ranges: list[tuple[int, int, Heading | None]] = []
        first = self.headings[0].index if self.headings else len(self.tokens)
        ranges.append((0, first, None))
        for heading in self.headings:
            if id(heading) in in_question or any(id(a) in in_question for a in heading.ancestors):
                continue
            ranges.append((heading.body_start, heading.body_end, heading))
        for start, end, heading in ranges:
            drafts.extend(finder.from_paragraphs(start, end, heading))
            if interview is not None and heading is not None and heading.is_within(interview):
                drafts.extend(finder.from_list(start, end, heading))
        drafts.sort(key=lambda d: d.line)
        return drafts

    def _section(self, heading: Heading, parent_path: tuple[str, ...]) -> Section:
        path = (*parent_path, heading.plain)
        body_lines = self.lines[heading.line + 1 : heading.body_end_line]
        self.anchor_count += 1
        anchor = f"s{self.anchor_count}"
        points = find_key_points(
            self.tokens, self.lines, self.closes, heading.body_start, heading.body_end
        )
        key_points = []
        for draft in points:
            self.anchor_count += 1
            point_path = (*path, *draft.parents)
            key_points.append(
                KeyPoint(
                    label=draft.label,
                    plain_label=draft.plain_label,
                    body=draft.body,
                    path=point_path,
                    line=draft.line,
                    anchor=f"k{self.anchor_count}",
                    is_leaf=draft.is_leaf,
                    has_text=draft.has_text,
                    tokens=draft.tokens,
                    key="k:" + stable_key("/".join((*point_path, draft.plain_label))),
                )
            )
        children = tuple(
            self._section(child, path)
            for child in heading.children
            if not child.ends_with_question_mark
        )
        return Section(
            title=heading.raw,
            plain_title=heading.plain,
            level=heading.level,
            path=path,
            body=strip_trailing_rules("".join(body_lines)).strip("\n"),
            markdown=strip_trailing_rules(
                "".join(self.lines[heading.line + 1 : heading.end_line])
            ).strip("\n"),
            line=heading.line + 1,
            end_line=heading.body_end_line,
            anchor=anchor,
            key_points=tuple(key_points),
            children=children,
            body_tokens=_without_trailing_rules(self.tokens[heading.body_start : heading.body_end]),
            tokens=_without_trailing_rules(self.tokens[heading.body_start : heading.end]),
        )

    @staticmethod
    def _anchor_entries(sections: tuple[Section, ...]) -> list[tuple[str, str]]:
        walked = [s for top in sections for s in top.walk()]
        entries = [(s.plain_title, s.anchor) for s in walked]
        entries += [(p.plain_label, p.anchor) for s in walked for p in s.key_points]
        return entries

    def _questions(self, drafts: list[QuestionDraft], index: AnchorIndex) -> tuple[Question, ...]:
        questions: list[Question] = []
        seen: dict[str, int] = {}
        for draft in drafts:
            key = draft.key
            if key in seen:
                self.warnings.append(
                    Diagnostic(
                        self.path,
                        draft.line,
                        f"the same question as line {seen[key]}",
                        "merge the two or give one an explicit id `{#my-id}`",
                        code=DUPLICATE_QUESTION,
                    )
                )
                key = f"{key}#{draft.line}"
            else:
                seen[key] = draft.line
            if draft.style == "list" and _LAZY_BULLET.search(draft.text):
                width = len(f"{draft.number}. ") if draft.number is not None else 3
                self.warnings.append(
                    Diagnostic(
                        self.path,
                        draft.line,
                        "the bullets below this question are read as part of its text",
                        f"indent them by {width} spaces, the width of the question's number",
                        code=UNINDENTED_BULLETS,
                    )
                )
            if not draft.answer:
                self.warnings.append(
                    Diagnostic(
                        self.path,
                        draft.line,
                        "question has no answer",
                        "add an `**答案线索**:` bullet under it",
                        code=NO_ANSWER,
                    )
                )
            if not draft.follow_ups:
                self.warnings.append(
                    Diagnostic(
                        self.path,
                        draft.line,
                        "question has no follow-up",
                        "add a `**追问**:` bullet with the questions an interviewer would ask next",
                        code=NO_FOLLOW_UP,
                    )
                )
            references = []
            for mention in find_mentions(draft.answer):
                line = draft.answer_line + draft.answer.count("\n", 0, mention.offset)
                anchor = index.resolve(mention.title)
                if anchor is None:
                    self.warnings.append(
                        Diagnostic(
                            self.path,
                            line,
                            f'reference "{mention.title}" names no section of the notes',
                            "use a heading or bold label exactly as written in the notes",
                            code=UNRESOLVED_REFERENCE,
                        )
                    )
                references.append(Reference(mention.title, line, anchor))
            questions.append(
                Question(
                    text=draft.text,
                    answer=draft.answer,
                    follow_ups=tuple(draft.follow_ups),
                    category=draft.category,
                    references=tuple(references),
                    line=draft.line,
                    key=key,
                    number=draft.number,
                    style=draft.style,
                    answer_tokens=tuple(draft.answer_tokens),
                )
            )
        return tuple(questions)

    def _images(self) -> list[tuple[str, int]]:
        found = []
        for token in self.tokens:
            if token.type == "inline" and token.map:
                line = token.map[0] + 1
                for child in token.children or []:
                    if child.type in ("softbreak", "hardbreak"):
                        line += 1
                    elif child.type == "image":
                        found.append((str(child.attrGet("src") or ""), line))
        return found

    # -- checks --------------------------------------------------------------------------
    def _front_matter(self) -> dict[str, str]:
        for token in self.tokens[:1]:
            if token.type == "front_matter":
                pairs = (line.partition(":") for line in token.content.splitlines())
                return {k.strip(): v.strip().strip("\"'") for k, sep, v in pairs if sep}
        return {}

    def _check_dollars(self) -> None:
        """A `$` that dollarmath left in text opens a formula that never closes."""
        for token in self.tokens:
            if token.type != "inline" or not token.map:
                continue
            line = token.map[0]
            for child in token.children or []:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "text" and "$" in child.content:
                    self._check_text_dollars(child.content, line)

    def _check_text_dollars(self, text: str, line: int) -> None:
        position = text.find("$")
        while position != -1:
            following = text[position + 1 : position + 2]
            if following and not following.isspace() and not following.isdigit():
                raise InputError(
                    Diagnostic(
                        self.path,
                        line + 1,
                        "unbalanced `$`: a formula opens here and never closes",
                        "close it with `$` (no space inside the `$`s), or write `\\$` "
                        "for a dollar sign",
                        code=UNBALANCED_DOLLAR,
                    )
                )
            position = text.find("$", position + 2 if following == "$" else position + 1)


def _without_trailing_rules(tokens: list[Token]) -> tuple[Token, ...]:
    end = len(tokens)
    while end and tokens[end - 1].type == "hr":
        end -= 1
    return tuple(tokens[:end])
