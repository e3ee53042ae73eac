"""Document model → the plain data the Jinja2 template lays out (HTML fragments already
rendered), so the template holds markup only and no Markdown or math logic."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from markupsafe import Markup

from ..media import is_remote, resolve_image
from ..model import Document, Fragment, Section, shown_paragraphs
from ..render import MathPolicy, render_markdown
from ..selection import QuestionCard, select_cards
from ..texguard import MathGuard


@dataclass
class SectionView:
    anchor: str
    level: int
    title: Markup
    plain_title: str
    body: Markup
    children: list[SectionView] = field(default_factory=list)


@dataclass
class ReferenceView:
    title: Markup
    anchor: str


@dataclass
class QuestionView:
    anchor: str
    number: str
    text: Markup
    answer: Markup
    follow_ups: list[Markup]
    references: list[ReferenceView]


@dataclass
class CategoryView:
    title: Markup
    questions: list[QuestionView]


@dataclass
class DocumentView:
    title: Markup
    plain_title: str
    source: str
    sections: list[SectionView]
    interview_title: Markup | None
    categories: list[CategoryView]
    intro: Markup = field(default_factory=Markup)  # the text before the first section

    def section_titles(self) -> Iterator[str]:
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section.plain_title
            stack.extend(reversed(section.children))


class _Context:
    """Renders the fragments of one document and remembers where each formula came from,
    so a formula that fails can be reported at its own line."""

    def __init__(self, document: Document, math: MathPolicy, prefix: str) -> None:
        self.document = document
        self.math = math
        self.prefix = prefix
        self.line = 1
        self.origins: dict[tuple[str, bool], int] = {}
        self.guard = MathGuard(document.source)

    def _math(self, tex: str, display: bool) -> str:
        self.origins.setdefault((tex, display), self.line)
        return self.math(tex, display)

    def _image(self, src: str, line: int) -> str | None:
        if not src or is_remote(src):
            return src  # never fetched (no network at run time): the alt text shows instead
        path = resolve_image(self.document, src, line)  # None: left out, already warned
        return path.as_uri() if path is not None else None

    def render(self, fragment: Fragment) -> Markup:
        self.line = fragment.line
        html = render_markdown(
            fragment,
            math=self._math,
            image=self._image,
            inline=fragment.inline,
            tokens=shown_paragraphs(fragment.tokens),
            guard=self.guard,
        )
        return Markup(html)

    def inline(self, markdown: str, line: int) -> Markup:
        """Text the sheet composes itself (a category path, the title): parsed here."""
        self.line = line
        offset = max(line - 1, 0)
        html = render_markdown(
            markdown, math=self._math, inline=True, guard=self.guard, line_offset=offset
        )
        return Markup(html)

    def anchor(self, anchor: str) -> str:
        return f"{self.prefix}{anchor}"


def build_view(
    document: Document, math: MathPolicy, *, index: int, questions_only: bool
) -> tuple[DocumentView, _Context]:
    context = _Context(document, math, prefix=f"d{index}-")
    selection = select_cards(document)
    sections = [] if questions_only else [_section(s, context) for s in document.sections]
    intro = (
        context.render(document.intro)
        if document.intro.strip() and not questions_only
        else Markup("")
    )
    categories: list[CategoryView] = []
    current: tuple[str, ...] | None = None
    for card in selection.questions:
        question = card.question
        if not categories or question.category != current:
            current = question.category
            title = " › ".join(question.category)
            heading = context.inline(title, question.line) if title else Markup("")
            categories.append(CategoryView(heading, []))
        categories[-1].questions.append(_question(card, context, questions_only=questions_only))
    interview = document.interview_title if document.questions else None
    view = DocumentView(
        title=context.inline(document.title, 1),
        plain_title=_plain(document.title),
        source=document.source.name,
        sections=sections,
        intro=intro,
        interview_title=context.inline(interview, 1) if interview else None,
        categories=categories,
    )
    return view, context


def _number(numbering: str | None, number: int | None) -> str:
    if numbering is not None and "." in numbering:
        return numbering
    return f"{number}." if number is not None else "Q"


def _plain(markdown: str) -> str:
    return markdown.replace("**", "").replace("`", "").strip()


def _section(section: Section, context: _Context) -> SectionView:
    return SectionView(
        anchor=context.anchor(section.anchor),
        level=section.level,
        title=context.render(section.title),
        plain_title=section.plain_title,
        body=context.render(section.body) if section.body.strip() else Markup(""),
        children=[_section(child, context) for child in section.children],
    )


def _question(card: QuestionCard, context: _Context, *, questions_only: bool) -> QuestionView:
    question = card.question
    references = []
    if not questions_only:
        # A key point has no anchor of its own in the sheet: link to its section.
        references = [
            ReferenceView(context.render(t.title), context.anchor(t.section_anchor))
            for t in card.targets
        ]
    answer = Markup("")
    if not questions_only and question.answer.strip():
        answer = context.render(question.answer)
    return QuestionView(
        anchor=context.anchor(f"q{question.line}"),
        number=_number(question.numbering, question.number),
        text=context.render(question.text),
        answer=answer,
        follow_ups=[context.render(f) for f in question.follow_ups],
        references=references,
    )


def formula_line(source_lines: list[str], tex: str, start: int) -> int:
    """The first line at or after `start` (1-based) holding `tex`; `start` if none does
    (a formula split over lines, or rewritten by the parser)."""
    first = tex.strip().splitlines()[0] if tex.strip() else ""
    if not first:
        return start
    for number in range(max(start, 1), len(source_lines) + 1):
        if first in source_lines[number - 1]:
            return number
    return start
