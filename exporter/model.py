"""The document model shared by every writer: plain frozen dataclasses, no I/O.

Every body of text is a `Fragment`: its Markdown source, the line it starts on, and its
parsed form (markdown-it tokens, parsed once by the parser), so any writer renders it
without parsing again and reports problems at the file's own lines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it.token import Token

if TYPE_CHECKING:
    from collections.abc import Callable


class Fragment(str):
    """Markdown source that knows where it came from and how it parses.

    A `str` (the Markdown itself), so it compares, hashes and prints as its text; `line`
    is the 1-based source line it starts on, `tokens` its markdown-it tokens with source
    maps on the file's lines (one `inline` token when `inline`: a title, a label, a
    follow-up), `()` for an empty fragment. Where the body is not one stretch of the
    parser's own tokens, the parser hands over how to parse it, and that happens once, on
    first use: `export check` never renders, so it never pays for it.
    """

    line: int
    inline: bool
    _tokens: tuple[Token, ...] | None
    _parse: Callable[[], tuple[Token, ...]] | None

    def __new__(
        cls,
        markdown: str,
        line: int = 0,
        tokens: tuple[Token, ...] | None = (),
        inline: bool = False,
        parse: Callable[[], tuple[Token, ...]] | None = None,
    ) -> Fragment:
        fragment = super().__new__(cls, markdown)
        fragment.line = line
        fragment.inline = inline
        fragment._tokens = tokens if tokens is not None or parse is None else None
        fragment._parse = parse
        return fragment

    @property
    def tokens(self) -> tuple[Token, ...]:
        if self._tokens is None:
            self._tokens = self._parse() if self._parse is not None else ()
            self._parse = None
        return self._tokens

    def __reduce__(self) -> tuple[object, ...]:
        return (Fragment, (str(self), self.line, self.tokens, self.inline))


EMPTY = Fragment("")


_TOKEN_FIELDS = attrgetter(*(f.name for f in dataclasses.fields(Token)))


def copy_token(token: Token, **changes: object) -> Token:
    """A shallow copy of `token` with `changes`, as `copy.copy` and assignments make it,
    in a sixth of the time (`copy.copy` goes through `__reduce_ex__`; a card body copies
    a few tokens, a large export tens of thousands)."""
    clone = Token(*_TOKEN_FIELDS(token))
    for name, value in changes.items():
        setattr(clone, name, value)
    return clone


def shown_paragraphs(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """A body cut from a tight list has hidden paragraphs; shown, it renders as the same
    text parsed on its own would (copies: the document's tokens stay as they are)."""
    if not any(token.hidden for token in tokens):
        return tokens
    top = min(token.level for token in tokens)  # the body's own blocks, not its lists'
    shown = []
    for token in tokens:
        if token.hidden and token.level == top and token.type.startswith("paragraph_"):
            token = copy_token(token, hidden=False)
        shown.append(token)
    return tuple(shown)


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

    label: Fragment
    plain_label: str
    body: Fragment
    path: tuple[str, ...]
    line: int
    anchor: str
    is_leaf: bool = True
    key: str = ""
    has_text: bool = True  # False for a bare label that only introduces nested bullets
    span: tuple[int, int] = (0, 0)  # 1-based source lines [start, end) of its list item

    @property
    def is_card(self) -> bool:
        """Worth a flashcard: a leaf with content, or a group that says something itself."""
        return bool(self.body.strip()) and (self.is_leaf or self.has_text)


@dataclass(frozen=True)
class Section:
    """A heading of the notes part and everything below it up to the next heading of the
    same or a higher level. `body` is only the section's own Markdown (before its first
    child heading); `markdown` is the whole section including children."""

    title: Fragment
    plain_title: str
    level: int
    path: tuple[str, ...]
    body: Fragment
    markdown: Fragment
    line: int  # 1-based line of the heading
    anchor: str
    end_line: int = 0  # last line of the section's own body
    key_points: tuple[KeyPoint, ...] = ()
    children: tuple[Section, ...] = ()
    # The section's own text that no key point and no question holds (its intro, the text
    # beside its labelled bullets); `body` itself where nothing was taken out.
    rest: Fragment = field(default_factory=lambda: EMPTY)
    skipped: str = ""  # why the section makes no card of its own (`links only`), if so
    key: str = ""  # identity of its own card (when `rest` makes one), unique in the file
    rest_lines: frozenset[int] = frozenset()  # the 1-based source lines `rest` came from

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

    text: Fragment
    answer: Fragment
    follow_ups: tuple[Fragment, ...]
    category: tuple[str, ...]
    references: tuple[Reference, ...]
    line: int
    key: str
    number: int | None = None
    style: str = "list"  # "list", "heading", "qa" or "bold"
    numbering: str | None = None  # the number as written where it says more than `number`
    sub_questions: tuple[Fragment, ...] = ()  # questions of their own that this one holds
    span: tuple[int, int] = (0, 0)  # 1-based source lines [start, end) it fills


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
    intro: Fragment = field(default_factory=lambda: EMPTY)  # text before the first section
    intro_key: str = ""
    intro_lines: frozenset[int] = frozenset()
    prose_lines: frozenset[int] = frozenset()  # 1-based lines a reader reads as text
    skipped: tuple[tuple[int, int, str], ...] = ()  # (start, end, why) left out on purpose
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
