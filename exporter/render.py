"""Markdown fragment → sanitised HTML, shared by every writer.

Each writer passes its math policy (`anki/mathjax.py`: `\\(..\\)` / `\\[..\\]` for Anki's
own MathJax; the PDF writer: SVG). The Markdown dialect itself lives in `parse/dialect.py`.

Safe by construction: every fragment goes through the allow-list sanitiser (nh3). Formulas
and Markdown images are our own markup, so they are held out of it as markers and swapped
in afterwards, through a channel the notes cannot forge: a marker carries a random nonce
drawn for that render, and every placeholder character the notes themselves contain is
written as a character reference, so neither this module nor a writer that substitutes
its own placeholders later (the PDF's formulas) can mistake it for one of ours. A formula
using a MathJax command that acts on the page (`texguard.py`) is shown as TeX unless the
caller's `MathGuard` allows it; `\\(` written as text is kept from opening a formula.
"""

from __future__ import annotations

import copy
import html
import re
import secrets
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .media import missing_image_html
from .parse.dialect import markdown_parser
from .texguard import MathGuard

MathPolicy = Callable[[str, bool], str]
"""(tex, display) → HTML for one formula."""

ImagePolicy = Callable[[str, int], str | None]
"""(src as written, source line) → src to emit, or None for an image left out."""

# Placeholder characters: this module's markers and any writer's own (the PDF's formulas)
# use characters of this private-use block; written by the notes, they become references.
RESERVED = "\ue000-\ue0ff"
_MARK = "\ue000{nonce}{kind}{index}\ue001"
# A marker (ours if its nonce is this render's), a placeholder character written by the
# notes, or a `\(` `\[` of the notes' text, which must not open a formula in Anki's MathJax.
_PUA_RE = re.compile(f"[{RESERVED}]")
_SWAP_RE = re.compile(f"\ue000([0-9a-f]{{12}})([mi])(\\d+)\ue001|[{RESERVED}]|\\\\(?=[()\\[\\]])")

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
    def _hold(env: EnvType, token: Token, display: bool) -> str:
        held: list[tuple[str, bool, Token]] = env["math"]
        held.append((token.content.strip(), display, token))
        return _MARK.format(nonce=env["nonce"], kind="m", index=len(held) - 1)

    def _math_inline(self, tokens: Sequence[Token], idx: int, _o: OptionsDict, env: EnvType) -> str:
        return self._hold(env, tokens[idx], False)

    def _math_block(self, tokens: Sequence[Token], idx: int, _o: OptionsDict, env: EnvType) -> str:
        placeholder = self._hold(env, tokens[idx], True)
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
        # markdown-it escaped and validated it; held out of nh3, which would drop `file:`
        # sources (the PDF's local images).
        images: list[str] = env["images"]
        images.append(super().image(tokens, idx, options, env))
        return _MARK.format(nonce=env["nonce"], kind="i", index=len(images) - 1)


@cache
def _parser() -> MarkdownIt:
    md = markdown_parser()
    md.renderer = _FragmentRenderer(md)
    return md


@cache
def _cleaner() -> nh3.Cleaner:
    # Built once: a call of nh3.clean converts every allow-list anew, twice the cost.
    return nh3.Cleaner(
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


def sanitise(fragment: str) -> str:
    """The allow-list every fragment, and every field a writer outputs, goes through."""
    clean = _cleaner().clean(fragment)
    if '"' not in fragment and "&quot;" not in fragment and "&#" not in fragment:
        return clean  # no `"` in its text for nh3 to have unescaped: nothing to restore
    return _TEXT_QUOTE_RE.sub(_quote_in_text, clean)


# nh3 writes `&quot;` in text back as `"`: markdown-it's escaping is restored (pygments,
# in `<pre>`, leaves `"` as it is), so fields stay byte for byte what earlier exports wrote
# and Anki sees no change to update. In nh3's output every attribute value is double-quoted
# with `"` escaped inside, so the first alternatives match whole tags and code blocks.
_TAG = r'<(?:[^">]|"[^"]*")*>'
_TEXT_QUOTE_RE = re.compile(rf'<pre\b(?:[^">]|"[^"]*")*>.*?</pre>|{_TAG}|"', re.S)


def _quote_in_text(match: re.Match[str]) -> str:
    return "&quot;" if match.group(0) == '"' else match.group(0)


@lru_cache(maxsize=2048)
def sanitise_field(field: str) -> str:
    """The final pass over a field a writer outputs. Cached: many fields repeat (the same
    reference section under several questions, the same breadcrumb)."""
    return _PUA_RE.sub(_reference, sanitise(field))  # nh3 writes references back as characters


def _reference(character: re.Match[str]) -> str:
    return f"&#x{ord(character.group(0)):X};"


def _line_finder(tokens: Sequence[Token], offset: int) -> Callable[[Token], int]:
    # Inline children carry no source map: they are located by their paragraph and the
    # line breaks before them (mapped on first use: most fragments never ask).
    owner: dict[int, int] = {}

    def line_of(token: Token) -> int:
        if token.map:
            return token.map[0] + offset + 1
        if not owner:
            for parent in tokens:
                if parent.children and parent.map:
                    line = parent.map[0]
                    for child in parent.children:
                        owner[id(child)] = line
                        line += child.type in ("softbreak", "hardbreak")
        return owner.get(id(token), 0) + offset + 1

    return line_of


def render_markdown(
    markdown: str,
    *,
    math: MathPolicy,
    image: ImagePolicy | None = None,
    line_offset: int = 0,
    inline: bool = False,
    tokens: Sequence[Token] = (),
    guard: MathGuard | None = None,
) -> str:
    """Render a Markdown fragment to safe HTML; `line_offset` maps fragment lines (0-based)
    back to lines of the source file for messages about images and formulas.

    `tokens`, when given, are the parser's tokens of the same fragment (their source maps
    are the file's own): they are rendered as they are instead of parsing `markdown` again.
    `guard` decides which formulas reach `math` (default: those using no MathJax command
    that acts on the page, `texguard.py`); the others are shown as their TeX.
    """
    md = _parser()
    nonce = secrets.token_hex(6)
    env: dict[str, Any] = {"math": [], "images": [], "image": image, "nonce": nonce}
    if tokens:
        tokens = list(tokens)
        line_offset = 0
    else:
        tokens = md.parseInline(markdown, env) if inline else md.parse(markdown, env)
    env["line"] = _line_finder(tokens, line_offset)
    clean = sanitise(md.renderer.render(tokens, md.options, env))
    return _swap_in(clean, env, math, guard or MathGuard()).strip()


def _swap_in(clean: str, env: dict[str, Any], math: MathPolicy, guard: MathGuard) -> str:
    """Our markers → formulas and images; any other placeholder character → a reference."""
    held: list[tuple[str, bool, Token]] = env["math"]
    images: list[str] = env["images"]

    def swap(match: re.Match[str]) -> str:
        found = match.group(0)
        if match.group(1) != env["nonce"]:
            if found == "\\":
                # An empty element between keeps MathJax from reading a delimiter.
                return found if _in_tag(clean, match.start()) else "\\<span></span>"
            return _PUA_RE.sub(_reference, found)
        index = int(match.group(3))
        if match.group(2) == "i":
            return images[index]
        tex, display, token = held[index]
        if _in_tag(clean, match.start()):
            return html.escape(tex)  # never happens: markers are text; stay safe if it did
        if not guard.admits(tex, lambda: env["line"](token)):
            return refused_math(tex, display)
        return math(tex, display)

    return _SWAP_RE.sub(swap, clean)


def _in_tag(fragment: str, position: int) -> bool:
    return fragment.rfind("<", 0, position) > fragment.rfind(">", 0, position)


def refused_math(tex: str, display: bool) -> str:
    """A refused formula as its TeX, in `<code>` (which MathJax does not typeset)."""
    opening, closing = ("$$", "$$") if display else ("$", "$")
    code = f'<code class="math-refused">{html.escape(opening + tex + closing)}</code>'
    return f"<div>{code}</div>" if display else code


# A character that some inline rule reads (emphasis, code, math, links, images, HTML,
# entities, escapes, breaks) or that the swap treats specially: anything else is text.
_NOT_PLAIN = re.compile(f"[*_`$\\[\\]!<>&\\\\\n\r{RESERVED}]")


def plain_inline(markdown: str) -> str | None:
    """The HTML of inline Markdown that holds no character any inline rule reads (most
    labels and follow-ups): its text escaped as markdown-it escapes text, which is what
    parsing and rendering it gives; None for anything else."""
    if _NOT_PLAIN.search(markdown):
        return None
    return sanitise(escapeHtml(markdown)).strip()


def render_inline(
    markdown: str, *, math: MathPolicy, guard: MathGuard | None = None, line: int = 0
) -> str:
    """Render one line of inline Markdown (a title, a label) without a paragraph around it;
    `line` is its line in the source file, for messages."""
    offset = max(line - 1, 0)
    return render_markdown(markdown, math=math, inline=True, guard=guard, line_offset=offset)
