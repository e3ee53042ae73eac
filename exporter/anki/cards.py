"""`Document` → note contents: which cards exist, their fields, deck, tags and identity."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import genanki
from markdown_it.token import Token

from ..media import MediaCollector
from ..model import Document, KeyPoint, Question, Section
from ..parse.text import normalise
from ..render import render_inline, render_markdown, sanitise_field
from ..texguard import MathGuard
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


@lru_cache(maxsize=4096)
def _crumb_html(path: tuple[str, ...]) -> str:
    # Every card of a section repeats its breadcrumb: render each path once.
    return " › ".join(render_inline(part, math=mathjax_math) for part in path)


class NoteBuilder:
    """Renders one document's questions and key points into Anki note fields."""

    def __init__(self, document: Document, root: str, media: MediaCollector, nested: bool):
        self.document = document
        self.root = root
        self.media = media
        # With several files in one deck, each gets its own subdeck under the root.
        self.base = [deck_component(root)]
        if nested:
            self.base.append(deck_component(document.title))
        self.identity = document.front_matter.get("id") or normalise(document.title)
        self._rendered_references: dict[str, str] = {}
        self.guard = MathGuard(document.source)

    def notes(self) -> Iterator[CardNote]:
        for question in self.document.questions:
            yield self.interview_note(question)
        question_lines = sorted(q.line for q in self.document.questions)
        for section in self.document.walk_sections():
            points = [p for p in section.key_points if p.is_card]
            for point in points:
                yield self.point_note(point)
            first = bisect.bisect_left(question_lines, section.line)
            holds_questions = (
                first < len(question_lines) and question_lines[first] <= section.end_line
            )
            if not points and section.is_leaf and section.body.strip() and not holds_questions:
                yield self.section_note(section)

    # -- rendering -----------------------------------------------------------------------
    def _html(self, markdown: str, line: int = 0, tokens: Sequence[Token] = ()) -> str:
        return render_markdown(
            markdown,
            math=mathjax_math,
            image=lambda src, offset: self.media.resolve(self.document.source, src, offset),
            line_offset=max(line - 1, 0),
            tokens=tokens,
            guard=self.guard,
        )

    def _source(self, line: int) -> str:
        return html.escape(f"{self.document.source.name}:{line}")

    def _crumb(self, path: tuple[str, ...]) -> tuple[str, ...]:
        trimmed = path[1:] if path and path[0] == self.document.title else path
        return trimmed

    def _crumb_html(self, path: tuple[str, ...]) -> str:
        return _crumb_html(path)

    # -- notes ---------------------------------------------------------------------------
    def interview_note(self, question: Question) -> CardNote:
        follow_ups = ""
        if question.follow_ups:
            items = "".join(
                f"<li>{render_inline(f, math=mathjax_math)}</li>" for f in question.follow_ups
            )
            follow_ups = f"<ul>{items}</ul>"
        category = question.category
        fields = (
            render_inline(question.text, math=mathjax_math, guard=self.guard, line=question.line),
            self._html(question.answer, question.line, question.answer_tokens),
            follow_ups,
            self._crumb_html(category),
            self._references(question),
            self._source(question.line),
        )
        deck = "::".join([*self.base, INTERVIEW_PART, *map(deck_component, category)])
        tag = "::".join(map(tag_component, [self.root, INTERVIEW_PART, *category]))
        return CardNote(
            "interview",
            tuple(map(sanitise_field, fields)),  # the last pass over every field, whatever made it
            genanki.guid_for(self.identity, question.key),
            deck,
            (tag,),
        )

    def _references(self, question: Question) -> str:
        anchors = dict.fromkeys(r.anchor for r in question.references if r.anchor)
        return "".join(self._reference_block(anchor) for anchor in anchors)

    def _reference_block(self, anchor: str) -> str:
        # Many questions point at the same few sections: render each one once.
        if anchor in self._rendered_references:
            return self._rendered_references[anchor]
        target = self.document.anchor_target(anchor)
        block = ""
        if isinstance(target, Section):
            title, body, line = target.plain_title, target.markdown, target.line + 1
            tokens = target.tokens
        elif isinstance(target, KeyPoint):
            title, body, line, tokens = target.plain_label, target.body, target.line, target.tokens
        else:
            title = ""
        if title:
            block = (
                "<details><summary>参考笔记: "
                f"{render_inline(title, math=mathjax_math)}</summary>"
                f"{self._html(body, line, tokens)}</details>"
            )
        self._rendered_references[anchor] = block
        return block

    def point_note(self, point: KeyPoint) -> CardNote:
        return self._point(point.path, point.label, point.body, point.line, point.key)

    def section_note(self, section: Section) -> CardNote:
        key = "s:" + normalise("/".join(section.path))
        return self._point(section.path[:-1], section.title, section.body, section.line + 1, key)

    def _point(self, path: tuple[str, ...], label: str, body: str, line: int, key: str) -> CardNote:
        crumb = self._crumb(path)
        fields = (
            render_inline(label, math=mathjax_math, guard=self.guard, line=line),
            self._html(body, line),
            self._crumb_html(crumb),
            self._source(line),
        )
        top = [deck_component(crumb[0])] if crumb else []
        deck = "::".join([*self.base, NOTES_PART, *top])
        tag = "::".join(map(tag_component, [self.root, NOTES_PART, *crumb]))
        return CardNote(
            "point",
            tuple(map(sanitise_field, fields)),
            genanki.guid_for(self.identity, key),
            deck,
            (tag,),
        )
