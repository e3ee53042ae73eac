"""The state every parser pass reads and extends, as markdown-it's rules share a `StateBlock`:
the source, its tokens, what earlier passes found, and the one way to warn."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it.token import Token

from ..model import Diagnostic, Fragment, Question, Section
from .codes import DUPLICATE_IDENTITY
from .dialect import shared_parser

if TYPE_CHECKING:
    from collections.abc import Callable

    from .outline import Heading
    from .questions.draft import QuestionDraft


@dataclass(frozen=True)
class ParseOptions:
    interview_heading: str | None = None  # text of the heading that starts the interview part


@dataclass(eq=False)
class ParseState:
    path: Path
    text: str
    lines: list[str]
    tokens: list[Token]
    options: ParseOptions = field(default_factory=ParseOptions)
    closes: dict[int, int] = field(default_factory=dict)  # opening token → its closing token
    front_matter: dict[str, str] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    title_heading: Heading | None = None  # a single `#` title that opens the file
    interview: Heading | None = None  # the heading of the interview part
    question_headings: list[Heading] = field(default_factory=list)  # heading-style questions
    drafts: list[QuestionDraft] = field(default_factory=list)
    sections: tuple[Section, ...] = ()
    questions: tuple[Question, ...] = ()
    images: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[tuple[int, int, str]] = field(default_factory=list)  # lines [a, b), why
    intro: Fragment | None = None
    intro_key: str = ""
    intro_lines: frozenset[int] = frozenset()
    prose_lines: frozenset[int] = frozenset()
    warnings: list[Diagnostic] = field(default_factory=list)
    anchor_count: int = 0
    keys: dict[str, int] = field(default_factory=dict)  # card identity key → its line
    refined_keys: dict[str, int] = field(default_factory=dict)  # the same, unfolded

    def warn(self, code: str, line: int, col: int, message: str, hint: str = "") -> None:
        """Record a finding at `line:col` (1-based; 0 where unknown) under a rule id."""
        self.warnings.append(Diagnostic(self.path, line, message, hint, code=code, col=col))

    def claim_key(self, key: str, refined: str, line: int) -> str:
        """A card identity key no other card of this file has: `key` if free; else the
        `refined` key (which keeps what `key` folds away: `<` vs `>`, `C` vs `C++`) when
        the titles differ that way; else `key` numbered in document order, with a warning
        (two cards with one identity would be merged by Anki)."""
        if key not in self.keys and refined not in self.refined_keys:
            self.keys[key] = line
            self.refined_keys[refined] = line
            return key
        if refined not in self.refined_keys:
            self.refined_keys[refined] = line
            return refined
        number = 2
        while f"{key}#{number}" in self.keys:
            number += 1
        self.warn(
            DUPLICATE_IDENTITY,
            line,
            0,
            f"the same card title as line {self.refined_keys[refined]}: this card is told "
            "apart by its place in the file, so moving it makes a new card",
            "give it a title or label of its own",
        )
        self.keys[f"{key}#{number}"] = line
        return f"{key}#{number}"

    def next_anchor(self, prefix: str) -> str:
        self.anchor_count += 1
        return f"{prefix}{self.anchor_count}"

    def fragment(
        self,
        markdown: str,
        line: int,
        tokens: tuple[Token, ...] | list[Token] | None = None,
        *,
        cut: Callable[[], tuple[Token, ...] | None] | None = None,
    ) -> Fragment:
        """A body of Markdown starting at source `line`, with its parsed form: the parser's
        own tokens where the body is one stretch of them, else parsed (once, when first
        rendered) with source maps moved onto the file's lines. `cut`, when given, cuts
        the body out of the parser's tokens on first use (None where it cannot), so that
        `export check`, which never renders, does not pay for it either."""
        if tokens is not None:
            return Fragment(markdown, line, tuple(tokens))
        if not markdown:
            return Fragment(markdown, line, ())

        def parse() -> tuple[Token, ...]:
            found = cut() if cut is not None else None
            return found if found is not None else _parsed(markdown, line)

        return Fragment(markdown, line, None, parse=parse)

    def inline_fragment(
        self,
        markdown: str,
        line: int,
        token: Token | None = None,
        *,
        cut: Callable[[], Token | None] | None = None,
    ) -> Fragment:
        """One line of inline Markdown (a title, a label, a follow-up). `cut`, when given,
        cuts its inline token out of the parser's on first use (None where it cannot)."""
        if token is not None:
            return Fragment(markdown, line, (token,), inline=True)
        if not markdown:
            return Fragment(markdown, line, (), inline=True)

        def parse() -> tuple[Token, ...]:
            found = cut() if cut is not None else None
            return (found,) if found is not None else _parsed_inline(markdown)

        return Fragment(markdown, line, None, inline=True, parse=parse)


def _parsed_inline(markdown: str) -> tuple[Token, ...]:
    return tuple(shared_parser().parseInline(markdown))


def _parsed(markdown: str, line: int) -> tuple[Token, ...]:
    return tuple(_shifted(shared_parser().parse(markdown), line - 1))


def _shifted(tokens: list[Token], offset: int) -> list[Token]:
    if offset:
        for token in tokens:
            if token.map:
                token.map = [token.map[0] + offset, token.map[1] + offset]
    return tokens
