"""Typography of the standard style (the Chinese copywriting guides): T007-T008.

Full-width punctuation ends a Chinese clause, with no space around it; a half-width mark
stays inside English phrases. The spaces between Chinese and Latin text (T002), before
punctuation (T005) and around literal bold (T004) are the rules both styles share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .chars import CJK, CLOSING_MARKERS, MARKERS
from .findings import Edit, Hit
from .inline import InlineView
from .registry import STANDARD, rule

if TYPE_CHECKING:
    from .context import Context

_STANDARD = frozenset({STANDARD})
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", ".": "。"}
# A half-width mark right after Chinese (bold or a link may close between), followed by a
# space, the end, Chinese or a letter: `.` only before a space, the end or Chinese (`配置.yaml`).
_HALF_AFTER_CJK = re.compile(
    f"(?<=[{CJK}])[{CLOSING_MARKERS}]*(?P<mark>[,;:!?](?=[ \\t]|$|[{CJK}A-Za-z{MARKERS}])"
    f"|\\.(?=[ \\t]|$|[{CJK}{MARKERS}]))(?P<space>[ \\t]*)"
)


@rule(
    "T007",
    "half-width-in-chinese",
    summary="half-width punctuation after Chinese where the standard style wants full "
    "width: `训练, 然后` → `训练，然后`",
    why="the copywriting guides end Chinese clauses with full-width marks",
    example="`简单, 但方差大.` → `简单，但方差大。`",
    fixable=True,
    styles=_STANDARD,
)
def half_width_in_chinese(context: Context) -> Iterator[Hit]:
    for view in context.views:
        yield from _half_width_in_chinese(view)


def _half_width_in_chinese(view: InlineView) -> Iterator[Hit]:
    masked = view.masked
    for match in _HALF_AFTER_CJK.finditer(masked):
        at = match.start("mark")
        mark, full = masked[at], _FULL[masked[at]]
        space = match.group("space")
        end = match.end("space")
        # A space before a line break or the end is trailing: leave it for its own rule.
        if end >= len(masked) or masked[end] == "\n":
            end = match.end("mark")
        start = view.file_offset(at)
        yield Hit(
            start,
            f"half-width `{mark}` after Chinese: use `{full}`"
            + (" (no space after)" * bool(space)),
            (Edit(start, view.file_offset(end), full),),
        )


_FULL_CLOSERS = "，。；：！？、）」』】》"
_FULL_OPENERS = "（「『【《"
# Curly quotes are left out: `use “x”` is English and keeps its space.
_SPACE_AROUND = re.compile(
    f"(?<=[{_FULL_CLOSERS}{_FULL_OPENERS}])[ \\t]+(?=[^ \\t\\n])"
    f"|(?<=[{CJK}{_FULL_CLOSERS}])[ \\t]+(?=[{_FULL_OPENERS}])"
)


@rule(
    "T008",
    "full-width-spacing",
    summary="a space after full-width punctuation or before a full-width opener",
    why="full-width marks carry their own space; another one leaves a gap",
    example="`简单， 但` → `简单，但`",
    fixable=True,
    styles=_STANDARD,
)
def full_width_spacing(context: Context) -> Iterator[Hit]:
    for view in context.views:
        masked = view.masked
        for match in _SPACE_AROUND.finditer(masked):
            if masked[match.end()] in "*_~$":
                continue  # a delimiter next: the space may decide what it opens or closes
            start, end = view.file_offset(match.start()), view.file_offset(match.end())
            yield Hit(start, "space next to full-width punctuation", (Edit(start, end, ""),))
