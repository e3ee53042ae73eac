"""Cards chosen by `selection.py` → Anki note fields, deck, tags and GUID."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..media import MediaCollector
from ..model import Document, Fragment
from ..render import plain_inline, render_inline, render_markdown, sanitise_field
from ..selection import PointCard, QuestionCard, Target, select_cards
from ..texguard import MathGuard
from .ids import guid_for
from .mathjax import mathjax_math

INTERVIEW_PART = "面试题"
NOTES_PART = "笔记"
_TAG_UNSAFE = re.compile(r"[\s\"]+")


@dataclass(frozen=True)
class CardNote:
    kind: str  # "interview" or "point"
    fields: tuple[str, ...]
    guid: str
    deck: str
    tags: tuple[str, ...]


def deck_component(name: str) -> str:
    """A title usable as one level of an Anki deck path (`::` would nest)."""
    return re.sub(r"\s*::\s*", ": ", name).strip() or "Untitled"


def tag_component(name: str) -> str:
    return _TAG_UNSAFE.sub("_", name.replace("::", ":")).strip("_") or "untitled"


def _numbered(numbering: str | None, question: str) -> str:
    """`6.1` says where a sub-question sits; a plain `3` is only list order."""
    if numbering is None or "." not in numbering:
        return question
    return f'<span class="q-number">{html.escape(numbering)}</span> {question}'


@lru_cache(maxsize=4096)
def _crumb_html(path: tuple[str, ...]) -> str:
    # Every card of a section repeats its breadcrumb: render each path once.
    return " › ".join(render_inline(part, math=mathjax_math) for part in path)


class NoteBuilder:
    """Renders one document's cards into Anki note fields."""

    def __init__(
        self,
        document: Document,
        root: str,
        media: MediaCollector,
        nested: bool,
        identity: str | None = None,
    ):
        self.document = document
        self.root = root
        self.media = media
        # With several files in one deck, each gets its own subdeck under the root.
        # A vault's folders sit between the top deck and the file's own subdeck.
        self.base = [deck_component(root), *map(deck_component, document.group)]
        if nested:
            self.base.append(deck_component(document.title))
        self.selection = select_cards(document, identity)
        self._rendered_references: dict[str, str] = {}
        self.guard = MathGuard(document.source)

    def notes(self) -> Iterator[CardNote]:
        for card in self.cards():
            yield self.note(card)

    def cards(self) -> list[QuestionCard | PointCard]:
        """In deck order: the questions, then the key points."""
        return [*self.selection.questions, *self.selection.points]

    def note(self, card: QuestionCard | PointCard) -> CardNote:
        if isinstance(card, QuestionCard):
            return self.interview_note(card)
        return self.point_note(card)

    # -- rendering -----------------------------------------------------------------------
    def _html(self, fragment: Fragment) -> str:
        plain = plain_inline(fragment) if fragment.inline else None
        if plain is not None:
            return plain  # no parse of it at all (most labels and follow-ups)
        return render_markdown(
            fragment,
            math=mathjax_math,
            image=lambda src, line: self.media.resolve(self.document, src, line),
            inline=fragment.inline,
            tokens=fragment.tokens,
            guard=self.guard,
        )

    def _source(self, line: int) -> str:
        return html.escape(f"{self.document.source.name}:{line}")

    def _crumb(self, path: tuple[str, ...]) -> tuple[str, ...]:
        return path[1:] if path and path[0] == self.document.title else path

    def _guid(self, key: str) -> str:
        return guid_for(self.selection.identity, key)

    # -- notes ---------------------------------------------------------------------------
    def interview_note(self, card: QuestionCard) -> CardNote:
        question = card.question
        follow_ups = ""
        if question.follow_ups:
            items = "".join(f"<li>{self._html(f)}</li>" for f in question.follow_ups)
            follow_ups = f"<ul>{items}</ul>"
        category = question.category
        fields = (
            _numbered(question.numbering, self._html(question.text)),
            self._html(question.answer) + self._sub_questions(question.sub_questions),
            follow_ups,
            _crumb_html(category),
            "".join(self._reference_block(t) for t in card.distinct_targets()),
            self._source(question.line),
        )
        deck = "::".join([*self.base, INTERVIEW_PART, *map(deck_component, category)])
        tag = "::".join(map(tag_component, [self.root, INTERVIEW_PART, *category]))
        fields = tuple(map(sanitise_field, fields))  # the last pass, whatever made a field
        return CardNote("interview", fields, self._guid(card.key), deck, (tag,))

    def _sub_questions(self, sub_questions: tuple[Fragment, ...]) -> str:
        """The questions below this one are cards of their own: named, not repeated."""
        if not sub_questions:
            return ""
        items = "".join(f"<li>{self._html(q)}</li>" for q in sub_questions)
        return f'<div class="sub-questions"><p>子问题 (各有卡片):</p><ul>{items}</ul></div>'

    def _reference_block(self, target: Target) -> str:
        # Many questions point at the same few sections: render each one once.
        block = self._rendered_references.get(target.anchor)
        if block is None:
            block = (
                "<details><summary>参考笔记: "
                f"{render_inline(target.plain_title, math=mathjax_math)}</summary>"
                f"{self._html(target.body)}</details>"
            )
            self._rendered_references[target.anchor] = block
        return block

    def point_note(self, point: PointCard) -> CardNote:
        crumb = self._crumb(point.path)
        fields = (
            self._html(point.label),
            self._html(point.body),
            _crumb_html(crumb),
            self._source(point.line),
        )
        top = [deck_component(crumb[0])] if crumb else []
        deck = "::".join([*self.base, NOTES_PART, *top])
        tag = "::".join(map(tag_component, [self.root, NOTES_PART, *crumb]))
        fields = tuple(map(sanitise_field, fields))
        return CardNote("point", fields, self._guid(point.key), deck, (tag,))
