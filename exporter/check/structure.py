"""Structure rules S001-S004: the heading levels, the share of bold, LaTeX delimiters and
unbalanced `$`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from markdown_it.token import Token

from ..parse.codes import UNBALANCED_DOLLAR
from ..parse.dialect import stray_dollars
from .chars import CODE, LINK_CLOSE, LINK_OPEN, MARKERS, MATH
from .findings import Edit, Hit
from .inline import InlineView, Span
from .registry import Setting, rule
from .typography import literal_pairs

if TYPE_CHECKING:
    from .context import Context


@rule(
    "S001",
    "title-heading",
    summary="a `#` heading other than the file's single title: the notes start at `##`",
    why="`#` is the document's title; a second one splits the deck's hierarchy",
    example="`# PPO` … `# RLHF` → `## PPO` … `## RLHF`",
)
def title_headings(context: Context) -> Iterator[Hit]:
    index = context.index
    level_one = [t for t in context.tokens if t.type == "heading_open" and t.tag == "h1"]
    if len(level_one) == 1 and _first_heading(context.tokens) is level_one[0]:
        return  # a single `#` title over the notes is fine (the README says so)
    for token in level_one:
        if token.map:
            line = index.lines[token.map[0]]
            column = len(line) - len(line.lstrip()) + 1
            yield Hit(
                index.offset(token.map[0] + 1, column),
                "`#` heading: the notes start at `##` (put the title in the front matter's "
                "`title:` and raise the headings one level)",
            )


# -- S002 bold overuse --------------------------------------------------------------------
_INVISIBLE = " \t\n\u3000" + MARKERS
_TRAILING = " \t\n,.;:!?，。；：！？、"


def _visible(text: str) -> int:
    # str.count per character runs in C; a translate table would go through Python dicts
    return len(text) - sum(text.count(char) for char in _INVISIBLE)


def _first_heading(tokens: list[Token]) -> Token | None:
    return next((t for t in tokens if t.type == "heading_open"), None)


@rule(
    "S002",
    "bold-overuse",
    summary="more than `bold-max-share` (50%) of a paragraph of `bold-min-length` (40) or "
    "more characters is bold; a leading `**label**:` does not count",
    why="bold marks the key terms; a paragraph that is mostly bold marks nothing",
    example="`**PPO 用裁剪限制更新, 所以稳定**, 因为...` → `PPO 用 **裁剪** 限制更新...`",
    settings=(
        Setting(
            "bold-max-share",
            0.5,
            "S002: the share of a paragraph that may be bold",
            maximum=1,
        ),
        Setting("bold-min-length", 40, "S002: shorter paragraphs (visible characters) pass"),
    ),
)
def bold_overuse(context: Context) -> Iterator[Hit]:
    share, length = context.setting("bold-max-share"), context.setting("bold-min-length")
    for view in context.views:
        yield from _bold_overuse(view, share, length)


def _bold_overuse(view: InlineView, max_share: float, min_length: int) -> Iterator[Hit]:
    masked = view.masked
    strong = view.strong
    if "**" in masked:  # bold CommonMark left literal is bold all the same (T004 fixes it)
        literal = [Span(opening, closing, 2) for opening, closing in literal_pairs(masked)]
        strong = sorted([*strong, *literal], key=lambda span: span.open)
    if view.kind != "paragraph" or not strong:
        return
    spans = []
    reach = -1
    for span in strong:  # outermost spans only
        if span.open > reach:
            spans.append(span)
            reach = span.close
    first = spans[0]
    head = masked[: first.open]
    tail = masked[first.close + first.width :]
    if not head.strip() and not tail.rstrip(_TRAILING):
        return  # a wholly bold paragraph: a question or a title, not emphasis
    # A leading bold label (`**核心问题**: ...`) is structure, not emphasis.
    skip = 0
    if not head.strip() and (tail.lstrip().startswith((":", "：")) or _ends_colon(masked, first)):
        skip = first.close + first.width
        spans = spans[1:]
    total = _visible(masked[skip:])
    if not spans or total < min_length:
        return
    bold = sum(_visible(masked[s.open + s.width : s.close]) for s in spans)
    if bold / total > max_share:
        yield Hit(
            view.file_offset(spans[0].open),
            f"bold overuse: {bold / total:.0%} of this paragraph is bold "
            f"(at most {max_share:.0%}; bold only the key terms)",
        )


def _ends_colon(masked: str, span: Span) -> bool:
    return masked[span.open + span.width : span.close].rstrip().endswith((":", "："))


# -- S003 `\(..\)` / `\[..\]` -------------------------------------------------------------
_CLOSERS = {")": "(", "]": "["}
_TEX = re.compile(r"\\[A-Za-z]+|[\^_={}]")
_NOT_TEX_INSIDE = re.compile(f"[{MATH}{CODE}{LINK_OPEN}{LINK_CLOSE}]")


def latex_pairs(view: InlineView) -> Iterator[tuple[int, int, str, bool]]:
    """(offset of `\\(`, offset of `\\)`, the TeX between, display?) for each formula
    written with backslash delimiters in prose; a closer pairs with the nearest opener."""
    open_at: dict[str, list[int]] = {"(": [], "[": []}
    pairs: list[tuple[int, int, str, bool]] = []
    for offset, char in view.escapes:
        if char in open_at:
            open_at[char].append(offset)
        elif char in _CLOSERS and open_at[_CLOSERS[char]]:
            opening = open_at[_CLOSERS[char]].pop()
            inner = view.content[opening + 2 : offset]
            if _TEX.search(inner):  # else `\[1\]`: brackets escaped in prose, not a formula
                pairs.append((opening, offset, inner, char == "]"))
    return iter(sorted(pairs))


@rule(
    "S003",
    "latex-delimiters",
    summary="`\\(..\\)` / `\\[..\\]` where `$..$` / `$$..$$` is wanted",
    why="the notes' dialect reads `$` math; `\\(` is an escaped parenthesis to it",
    example="`\\(r_t\\)` → `$r_t$`",
    fixable=True,
)
def latex_delimiters(context: Context) -> Iterator[Hit]:
    for view in context.views:
        yield from _latex_delimiters(view, context.stray_dollars)


def _latex_delimiters(view: InlineView, stray_dollars: bool) -> Iterator[Hit]:
    """`stray_dollars`: a `$` is left in the prose somewhere in the notes (a price, an
    unclosed formula, a `$$` that opens no block); a new `$` could pair with it, even
    across blocks, so nothing is fixed then."""
    for opening, closing, inner, display in latex_pairs(view):
        written = "\\[..\\]" if display else "\\(..\\)"
        wanted = "$$..$$" if display else "$..$"
        yield Hit(
            view.file_offset(opening),
            f"`{written}`: write the formula as `{wanted}`",
            () if stray_dollars else _dollar_edits(view, opening, closing, inner, display),
        )


def _dollar_edits(
    view: InlineView, opening: int, closing: int, inner: str, display: bool
) -> tuple[Edit, ...]:
    unsafe = (
        not inner.strip()
        or "$" in inner
        or "`" in inner
        or _NOT_TEX_INSIDE.search(view.masked, opening + 2, closing) is not None
        or (not display and "\n" in inner)
        # A line that starts with `$$` is a display block (up to a line ending in `$$`):
        # `\[` at a line start, or next to other `$$`, could swallow or split the text.
        or (display and ("$$" in view.content or _starts_line(view, opening)))
        or _leading_formula_lost(view.content, opening)
    )
    if unsafe:
        return ()
    fence = "$$" if display else "$"
    # A digit touching a `$` keeps it from being math (allow_digits=False): `3$x$`; a
    # formula touching it would merge with it: `$a$$b$$` is read differently.
    before = " " if _touchy(view.content[opening - 1 : opening]) else ""
    after = " " if _touchy(view.content[closing + 2 : closing + 3]) else ""
    # `$ x $` is no formula (allow_space=False); `$$ x $$` is one, so keep its layout.
    lead = 0 if display else len(inner) - len(inner.lstrip())
    trail = 0 if display else len(inner) - len(inner.rstrip())
    return (
        Edit(view.file_offset(opening), view.file_offset(opening + 2 + lead), before + fence),
        Edit(view.file_offset(closing - trail), view.file_offset(closing + 2), fence + after),
    )


def _starts_line(view: InlineView, offset: int) -> bool:
    return not view.content[view.line_start(offset) : offset].strip()


def _leading_formula_lost(content: str, opening: int) -> bool:
    """dollarmath (0.7) reads the character before a `$` at offset 0 as `src[-1]`, the
    inline's last one: a formula that opens a paragraph ending in a digit (or in `\\`,
    taken for an escape) is not math."""
    last = content.rstrip()[-1:]
    return opening == 0 and (last.isdigit() or last == "\\")


def _touchy(char: str) -> bool:
    return char.isdigit() or char == "$"


# -- S004 unbalanced `$` ------------------------------------------------------------------
_DOLLAR_MESSAGE = (
    "`$` opens a formula that never closes (close it with `$`, or write `\\$` for a dollar sign)"
)


@rule(
    UNBALANCED_DOLLAR,
    "unbalanced-dollar",
    summary="a `$` opens a formula that never closes",
    why="everything after it up to the next `$` would be read as math",
    example="`比值 $r_t 没有闭合` → `比值 $r_t$ 没有闭合`",
)
def unbalanced_dollars(context: Context) -> Iterator[Hit]:
    return iter(context.unclosed_dollars)


def unclosed_dollar_hits(context: Context) -> Iterator[Hit]:
    """The `$`s the dialect leaves open (`parse.dialect.stray_dollars`, the very test the
    parser warns with), at their exact columns."""
    for line, column in stray_dollars(context.tokens, context.index.lines):
        yield Hit(context.index.offset(line, column), _DOLLAR_MESSAGE)
