"""The one Markdown dialect of the project, shared by the parser, the renderer and the
checker: markdown-it configuration, plugins, and the rule that decides which `$` is math.

Which `$` opens inline math (the README's "What your notes should look like" states it for
users): an unescaped `$`, not right after a digit, closed by the next unescaped `$` of the
paragraph when no digit follows that one and the formula is more than spaces. Spaces just
inside are allowed (`$ x $`, `$\\pi $`: Typora, VS Code and KaTeX auto-render show them as
math; pandoc and dollarmath's `allow_space=False` do not); such a formula must not run across
code, a link target, an HTML tag or `$$`, and if it begins with a digit it must look like TeX
(`$ 1 - \\epsilon $`), so that prices (`$5 and $x$`, `US$ 3`) stay text. A tight formula
dollarmath read is still read (`$0.2$`), unless it is price-like (`$5 and 6$`) or an earlier
formula with spaces now takes its `$` (on real notes: text between two formulas that
dollarmath misread as one). `$$...$$` stays dollarmath's, inline and as blocks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import isWhiteSpace
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

# Where the inline rule notes, per inline token (by its children list), the offsets of the
# `$`s that could open a formula but found no closer; moved to `token.meta` once parsed.
_ENV_KEY = "_exporter_stray_dollars"
_META_KEY = "stray_dollars"
# What makes a formula that starts with a digit TeX rather than a price: a TeX sign, a
# Greek letter or a math symbol; or arithmetic (`1 + 1`) with no word of prose in it.
_TEX_SIGNS = frozenset("\\^_{}=")
_PLAIN_MATH_SYMBOLS = frozenset("+<>|~")
_ARITHMETIC = frozenset("+-*/")
_PROSE_WORD = re.compile(r"[^\W\d_]{2,}")
_CROSSES_MARKUP = re.compile(r"`|\]\(|</?[A-Za-z!]")

InlineRule = Callable[[StateInline, bool], bool]


def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect of the project: CommonMark + tables + `$` math + front matter.

    dollarmath reads blocks and `$$...$$`; single-`$` formulas are this module's own rule
    (see the module docstring). `text_join` is off so an escaped `\\$` stays a distinct
    token the parser can tell apart.
    """
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(front_matter_plugin)
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    double = _dollarmath_inline_rule(md)
    md.inline.ruler.at("math_inline", _dollar_rule(_first_char_guard(double)))
    md.core.ruler.after("inline", "stray_dollars", _attach_stray_dollars)
    md.disable("text_join")
    return md


@cache
def shared_parser() -> MarkdownIt:
    """One parser for the whole process: building one costs ~1 ms, parsing a fragment a
    tenth of that, and a parser keeps no state between parses."""
    return markdown_parser()


def stray_dollars(tokens: Sequence[Token], lines: Sequence[str]) -> list[tuple[int, int]]:
    """(1-based line, 1-based column) of every `$` left in text that could open a formula
    but finds no closing `$`; prices (`$5`, `US$ 3`) are not listed.

    `tokens` come from `markdown_parser().parse(text)`; `lines` are `text.split("\\n")`, or
    `text.splitlines(keepends=...)`, which agrees unless the text holds a line separator
    markdown-it does not count (form feed, U+2028). Columns count characters (not bytes)
    in the source line, containers included.
    """
    found: list[tuple[int, int]] = []
    cursors: dict[int, int] = {}  # table cells share a line: search on from the last one
    for token in tokens:
        offsets = token.meta.get(_META_KEY) if token.type == "inline" and token.meta else None
        if not offsets or not token.map:
            continue
        starts = _piece_starts(token, lines, cursors)
        for offset in offsets:
            before = token.content[:offset]
            piece = before.count("\n")
            if piece < len(starts) and starts[piece] >= 0:
                column = starts[piece] + offset - (before.rfind("\n") + 1)
                found.append((token.map[0] + piece + 1, column + 1))
    return sorted(set(found))


# -- the inline rule ----------------------------------------------------------------------
def _dollar_rule(double: InlineRule) -> InlineRule:
    """`$$` goes to dollarmath; a single `$` is decided here."""

    def math_inline(state: StateInline, silent: bool) -> bool:
        src, pos = state.src, state.pos
        if src[pos] != "$" or _is_escaped(src, pos):
            return False
        if src.startswith("$$", pos):
            if double(state, silent):
                return True
            # An unclosed `$$` before some text is reported at its first `$`, unless its
            # second `$` opens a formula (`$$x$` is `$` and the formula `x`).
            if not silent and src[pos + 2 :].strip() and not _opens_and_closes(src, pos + 1):
                _note_stray(state, pos)
            return False
        if not may_open(src, pos):
            return False
        end = closing_dollar(src, pos)
        if end < 0:
            if not silent and src[pos - 1 : pos] != "$" and not _is_price(src, pos):
                _note_stray(state, pos)
            return False
        if not silent:
            token = state.push("math_inline", "math", 0)
            token.content = src[pos + 1 : end]
            token.markup = "$"
        state.pos = end + 1
        return True

    return math_inline


def may_open(src: str, pos: int) -> bool:
    """Could the `$` at `pos` open a formula, if a closer follows? Not when escaped, right
    after a digit (`3$`), or before nothing but spaces up to the line end."""
    if (pos and src[pos - 1].isdigit()) or _is_escaped(src, pos):
        return False
    first = _first_visible(src, pos + 1)
    return first < len(src) and src[first] not in "\n$"


def closing_dollar(src: str, pos: int) -> int:
    """Offset of the `$` that closes the formula opened at `pos`, or -1: the next
    unescaped `$`, if no digit follows it and the formula is more than spaces."""
    end = pos + 1
    while True:
        end = src.find("$", end)
        if end < 0:
            return -1
        if not _is_escaped(src, end):
            break
        end += 1
    content = src[pos + 1 : end]
    if src[end + 1 : end + 2].isdigit() or not content.strip():
        return -1
    tight = not _is_blank(content[0]) and not _is_blank(content[-1])
    # With spaces inside, a `$` is often a lone dollar sign: such a formula must not run
    # into a `$$` (`$ a $$b$$`), code, a link target (`![a $x](i.png) $y`) or an HTML tag.
    if not tight and (src[end + 1 : end + 2] == "$" or _CROSSES_MARKUP.search(content)):
        return -1
    if _is_price(src, pos) and not _looks_like_tex(content):
        # `$0.2$` is a number; `$4, US$` and `$5 and $x$` are prices.
        return end if tight and not any(map(_is_blank, content)) else -1
    return end


def _opens_and_closes(src: str, pos: int) -> bool:
    return may_open(src, pos) and closing_dollar(src, pos) >= 0


def _is_price(src: str, pos: int) -> bool:
    """`$5`, `$ 5`: a digit first (after spaces)."""
    return src[_first_visible(src, pos + 1) : _first_visible(src, pos + 1) + 1].isdigit()


def _looks_like_tex(content: str) -> bool:
    """`10^{-2}`, `1 − ε`, `1 + 1`: TeX; `5 and `, `30/1M tokens, so `: a price."""
    if any(
        char in _TEX_SIGNS
        or "GREEK" in unicodedata.name(char, "")
        or (unicodedata.category(char) == "Sm" and char not in _PLAIN_MATH_SYMBOLS)
        for char in content
    ):
        return True
    return not _PROSE_WORD.search(content) and any(char in _ARITHMETIC for char in content)


def _first_visible(src: str, pos: int) -> int:
    while pos < len(src) and src[pos] != "\n" and _is_blank(src[pos]):
        pos += 1
    return pos


def _is_blank(char: str) -> bool:
    return isWhiteSpace(ord(char))


def _is_escaped(src: str, pos: int) -> bool:
    backslashes = 0
    while pos - backslashes > 0 and src[pos - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _note_stray(state: StateInline, pos: int) -> None:
    state.env.setdefault(_ENV_KEY, {}).setdefault(id(state.tokens), []).append(pos)


def _attach_stray_dollars(state: StateCore) -> None:
    """Move the offsets the inline rule noted onto their inline tokens' `meta`; `$`s
    inside image descriptions (parsed apart) are left out."""
    noted: dict[int, list[int]] = state.env.pop(_ENV_KEY, {})
    if not noted:
        return
    for token in state.tokens:
        if token.type == "inline" and token.children is not None:
            offsets = noted.get(id(token.children))
            if offsets:
                token.meta = {**(token.meta or {}), _META_KEY: sorted(set(offsets))}


# -- offsets in an inline token → columns in the source --------------------------------
def _piece_starts(token: Token, lines: Sequence[str], cursors: dict[int, int]) -> list[int]:
    """Where each line of the inline content starts in its source line (-1: not found).

    The content is the source lines with container prefixes (`> `, list indentation)
    stripped, joined by newlines; a heading's closing `#`s or a table row's other cells
    may follow a piece, so the piece is looked for from the end, then from the cursor.
    Leading spaces of a piece may come from an expanded tab: match without them, and
    count them back so that offsets after them land right.
    """
    assert token.map is not None
    starts: list[int] = []
    for number, piece in enumerate(token.content.split("\n")):
        index = token.map[0] + number
        core = piece.strip()
        if index >= len(lines) or not core:
            starts.append(-1)
            continue
        source, cursor = lines[index].rstrip(), cursors.get(index, 0)
        if source.endswith(core) and len(source) - len(core) >= cursor:
            found = len(source) - len(core)
        else:
            found = source.find(core, cursor)
        if found >= 0:
            cursors[index] = found + len(core)
        lead = len(piece) - len(piece.lstrip())
        starts.append(found - lead if found >= 0 else -1)
    return starts


# -- dollarmath's own rule, kept for `$$` -------------------------------------------------
def _dollarmath_inline_rule(md: MarkdownIt) -> InlineRule:
    rule = next(r for r in md.inline.ruler.getRules("") if r.__name__ == "_math_inline_dollar")
    return rule  # type: ignore[no-any-return]


def _first_char_guard(rule: Callable[[Any, bool], bool]) -> InlineRule:
    """dollarmath (0.7) looks at `src[pos - 1]` for "a digit or `\\` before the `$`"; at
    position 0 that wraps round to the *last* character, so `$$x$$ 约为 1` lost its
    formula. Give the rule a neutral character to look back at while it runs there."""

    def guarded(state: StateInline, silent: bool) -> bool:
        if state.pos != 0:
            return bool(rule(state, silent))
        source = state.src
        state.src = source + "\x00"  # read only as "the character before position 0"
        try:
            return bool(rule(state, silent))
        finally:
            state.src = source

    return guarded
