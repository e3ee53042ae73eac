"""The one Markdown dialect of the project, shared by the parser, the renderer and the
checker: markdown-it configuration, plugins and the workarounds they need."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin


def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect of the project: CommonMark + tables + `$` math + front matter.

    `allow_space=False` and `allow_digits=False` keep "costs $5 and $10" from being math;
    `text_join` is off so an escaped `\\$` stays a distinct token the parser can tell apart.
    """
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(front_matter_plugin)
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    rule = next(
        (r for r in md.inline.ruler.getRules("") if r.__name__ == "_math_inline_dollar"), None
    )
    if rule is not None:
        md.inline.ruler.at("math_inline", _first_char_guard(rule))
    md.disable("text_join")
    return md


def _first_char_guard(rule: Callable[[Any, bool], bool]) -> Callable[[Any, bool], bool]:
    """dollarmath (0.7) looks at `src[pos - 1]` for "a digit or `\\` before the `$`"; at
    position 0 that wraps round to the *last* character, so `$r_t$ 约为 1` lost its
    formula. Give the rule a neutral character to look back at while it runs there."""

    def guarded(state: Any, silent: bool) -> bool:
        if state.pos != 0:
            return bool(rule(state, silent))
        source = state.src
        state.src = source + "\x00"  # read only as "the character before position 0"
        try:
            return bool(rule(state, silent))
        finally:
            state.src = source

    return guarded
