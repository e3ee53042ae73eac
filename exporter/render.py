"""Markdown fragment → sanitised HTML, shared by every writer.

Each writer passes its math policy (`anki/mathjax.py`: `\\(..\\)` / `\\[..\\]` for Anki's
own MathJax; the PDF writer: SVG). The Markdown dialect itself lives in `parse/dialect.py`.
Math is swapped in *after* the HTML is sanitised, so user-written HTML can never smuggle
in markup through a formula and the SVG we generate ourselves is not stripped.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .media import missing_image_html
from .parse.dialect import markdown_parser

MathPolicy = Callable[[str, bool], str]
"""(tex, display) → HTML for one formula."""

ImagePolicy = Callable[[str, int], str | None]
"""(src as written, source line) → src to emit, or None for an image left out."""

_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol",
    "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "*": {"class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
}


@cache
def _highlighter() -> tuple[Any, Any]:
    # pygments is imported on first use: most notes have no code and start-up time counts.
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name

    return HtmlFormatter(cssclass="highlight", wrapcode=True), get_lexer_by_name


def highlight_code(code: str, language: str) -> str:
    from pygments import highlight
    from pygments.util import ClassNotFound

    formatter, get_lexer = _highlighter()
    try:
        lexer = get_lexer(language or "text")
    except ClassNotFound:
        lexer = get_lexer("text")
    return highlight(code, lexer, formatter)


def pygments_css(selector: str | list[str] = ".highlight", style: str = "default") -> str:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style=style).get_style_defs(selector)


class _FragmentRenderer(RendererHTML):
    """markdown-it's HTML renderer with math held out as placeholders."""

    def __init__(self, parser: Any = None) -> None:
        super().__init__(parser)
        self.rules["math_inline"] = self._math_inline
        self.rules["math_inline_double"] = self._math_block
        self.rules["math_block"] = self._math_block
        self.rules["math_block_label"] = self._math_block
        self.rules["fence"] = self._fence
        self.rules["code_block"] = self._fence
        self.rules["image"] = self._image
        self.rules["front_matter"] = lambda *_: ""
        # An escaped character (`\$`) is a token of its own while `text_join` is off.
        self.rules["text_special"] = lambda tokens, idx, *_: html.escape(tokens[idx].content)

    @staticmethod
    def _hold(env: EnvType, tex: str, display: bool) -> str:
        held: list[tuple[str, bool]] = env["math"]
        held.append((tex.strip(), display))
        return _PLACEHOLDER.format(len(held) - 1)

    def _math_inline(self, tokens: Sequence[Token], idx: int, _o: OptionsDict, env: EnvType) -> str:
        return self._hold(env, tokens[idx].content, False)

    def _math_block(self, tokens: Sequence[Token], idx: int, _o: OptionsDict, env: EnvType) -> str:
        placeholder = self._hold(env, tokens[idx].content, True)
        return placeholder if tokens[idx].type == "math_inline_double" else placeholder + "\n"

    def _fence(self, tokens: Sequence[Token], idx: int, _o: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
        return highlight_code(token.content, language)

    def _image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        policy: ImagePolicy | None = env.get("image")
        if policy is not None:
            line = env["line"](token)
            # Tokens may be the parser's own, shared by several renders: never edit them.
            token = copy.copy(token)
            token.attrs = dict(token.attrs)
            src = policy(str(token.attrGet("src") or ""), line)
            if src is None:
                alt = self.renderInlineAsText(token.children or [], options, env)
                return missing_image_html(alt, str(token.attrGet("src") or ""))
            token.attrSet("src", src)
            tokens = [*tokens[:idx], token, *tokens[idx + 1 :]]
        return super().image(tokens, idx, options, env)


@cache
def _parser() -> MarkdownIt:
    md = markdown_parser()
    md.renderer = _FragmentRenderer(md)
    return md


def _sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


def _line_finder(tokens: Sequence[Token], offset: int) -> Callable[[Token], int]:
    # Inline children carry no source map, so an image is located by its paragraph.
    owner: dict[int, int] = {}
    for token in tokens:
        if token.children and token.map:
            for child in token.children:
                owner[id(child)] = token.map[0]
    return lambda token: owner.get(id(token), 0) + offset + 1


def render_markdown(
    markdown: str,
    *,
    math: MathPolicy,
    image: ImagePolicy | None = None,
    line_offset: int = 0,
    inline: bool = False,
    tokens: Sequence[Token] = (),
) -> str:
    """Render a Markdown fragment to safe HTML; `line_offset` maps fragment lines (0-based)
    back to lines of the source file for messages about images.

    `tokens`, when given, are the parser's tokens of the same fragment (their source maps
    are the file's own): they are rendered as they are instead of parsing `markdown` again.
    """
    md = _parser()
    env: dict[str, Any] = {"math": [], "image": image}
    if tokens:
        tokens = list(tokens)
        line_offset = 0
    else:
        tokens = md.parseInline(markdown, env) if inline else md.parse(markdown, env)
    env["line"] = _line_finder(tokens, line_offset)
    rendered = md.renderer.render(tokens, md.options, env)
    # markdown-it escapes all text and refuses unsafe link schemes itself; only raw HTML
    # written by the user can carry a script or an event handler, so only then sanitise.
    clean = _sanitise(rendered) if _has_raw_html(tokens) else rendered
    held: list[tuple[str, bool]] = env["math"]
    return _PLACEHOLDER_RE.sub(lambda m: math(*held[int(m.group(1))]), clean).strip()


def _has_raw_html(tokens: Sequence[Token]) -> bool:
    for token in tokens:
        if token.type == "html_block":
            return True
        if token.children and any(c.type == "html_inline" for c in token.children):
            return True
    return False


def render_inline(markdown: str, *, math: MathPolicy) -> str:
    """Render one line of inline Markdown (a title, a label) without a paragraph around it."""
    return render_markdown(markdown, math=math, inline=True)
