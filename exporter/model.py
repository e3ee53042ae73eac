"""The document model shared by every writer: plain frozen dataclasses, no I/O.

Body text stays Markdown here; each writer renders it with `exporter.render`. Where the
parser has them, the markdown-it tokens of a body ride along (`tokens` fields, excluded from
equality) so writers need not parse the same text twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in the input, located at `path:line`."""

    path: Path
    line: int
    message: str
    hint: str = ""
    code: str = ""  # a stable rule id (`Q001`), shared with `export check`
    col: int = 0  # 1-based column where known, 0 for the whole line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line > 0 else f"{self.path}"
        if self.line > 0 and self.col > 0:
            where += f":{self.col}"
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass(frozen=True)
class KeyPoint:
    """A bold-labelled bullet (`- **核心问题**: ...`) of the notes part.

    `label` is the inline Markdown inside the bold; `body` the Markdown after the label,
    including nested content. `is_leaf` is False for a label that only groups other
    labelled bullets: those become cards themselves, so the group is carded only when it
    has text of its own.
    """

    label: str
    plain_label: str
    body: str
    path: tuple[str, ...]
    line: int
    anchor: str
    is_leaf: bool = True
    key: str = ""
    has_text: bool = True  # False for a bare label that only introduces nested bullets
    tokens: tuple[Token, ...] = field(default=(), compare=False, repr=False)  # of `body`

    @property
    def is_card(self) -> bool:
        """Worth a flashcard: a leaf with content, or a group that says something itself."""
        return bool(self.body.strip()) and (self.is_leaf or self.has_text)


@dataclass(frozen=True)
class Section:
    """A heading of the notes part and everything below it up to the next heading of the
    same or a higher level. `body` is only the section's own Markdown (before its first
    child heading); `markdown` is the whole section including children."""

    title: str
    plain_title: str
    level: int
    path: tuple[str, ...]
    body: str
    markdown: str
    line: int
    anchor: str
    end_line: int = 0  # last line of the section's own body
    key_points: tuple[KeyPoint, ...] = ()
    children: tuple[Section, ...] = ()
    body_tokens: tuple[Token, ...] = field(default=(), compare=False, repr=False)
    tokens: tuple[Token, ...] = field(default=(), compare=False, repr=False)  # of `markdown`

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True)
class Reference:
    """A pointer from an answer into the notes (`参考笔记中 "PPO-Clip" 部分`)."""

    title: str
    line: int
    anchor: str | None = None  # None when it names nothing in the notes

    @property
    def resolved(self) -> bool:
        return self.anchor is not None


@dataclass(frozen=True)
class Question:
    """An interview question with its answer hints and follow-ups.

    `key` is stable across edits of the answer (normalised question text, or an explicit
    id the user wrote): writers derive note identities from it.
    """

    text: str
    answer: str
    follow_ups: tuple[str, ...]
    category: tuple[str, ...]
    references: tuple[Reference, ...]
    line: int
    key: str
    number: int | None = None
    style: str = "list"  # "list", "heading" or "qa"
    answer_tokens: tuple[Token, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Document:
    """One notes file: its notes sections and its interview questions."""

    title: str
    source: Path
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    interview_title: str | None = None
    front_matter: dict[str, str] = field(default_factory=dict)
    warnings: tuple[Diagnostic, ...] = ()
    images: tuple[tuple[str, int], ...] = ()  # (src as written, line) of every image
    # Folders between the folder given on the command line and this file (a vault's
    # tree, which becomes the deck tree); empty for a file given by itself.
    group: tuple[str, ...] = ()
    # Folders besides the notes' own that images may come from (`--media-root`).
    media_roots: tuple[Path, ...] = ()

    def walk_sections(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def key_points(self) -> Iterator[KeyPoint]:
        for section in self.walk_sections():
            yield from section.key_points

    def categories(self) -> list[tuple[str, ...]]:
        seen: dict[tuple[str, ...], None] = {}
        for question in self.questions:
            seen.setdefault(question.category, None)
        return list(seen)

    @cached_property
    def _anchors(self) -> dict[str, Section | KeyPoint]:
        anchors: dict[str, Section | KeyPoint] = {}
        for section in self.walk_sections():
            anchors[section.anchor] = section
            for point in section.key_points:
                anchors[point.anchor] = point
        return anchors

    def anchor_target(self, anchor: str) -> Section | KeyPoint | None:
        return self._anchors.get(anchor)
