"""TeX → inline SVG for WeasyPrint (which has no MathML and runs no JavaScript).

ziamath typesets in pure Python, so the PDF needs nothing beyond `uv sync`. Each distinct
(tex, display) pair is typeset once per run. Sizes are emitted in `em` so a formula takes the
size of the text around it, and the depth below the baseline (from the viewBox) becomes a
negative `vertical-align`, which puts the formula's baseline on the text's baseline.

`\\text{中文}` is drawn from the CJK font's outlines (ziasetup.py). A formula that needs a
glyph nobody has, or that ziamath cannot typeset, falls back to its TeX source in
monospace and is reported.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from . import ziasetup
from .patches import ziamath_patched

# ziamath's unit is the pixel of its `size`; dividing by it turns lengths into em.
_SIZE = 20.0
# latex2mathml passes a command it does not know through as text: `<mi>\\fooo</mi>`.
_UNKNOWN = re.compile(r">(\\[A-Za-z]+)")
# ziamath's time doubles with each level of stretchy fences (12 levels: ~14 s).
_FENCE = re.compile(r"\\(left|right)(?![A-Za-z])")
_MAX_FENCE_DEPTH = 8
# An equation number would widen the SVG to ziamath's assumed column width.
_TAG = re.compile(r"\\tag\*?\{[^{}]*\}")


@dataclass(frozen=True)
class MathFailure:
    tex: str
    display: bool
    reason: str


class MathError(Exception):
    pass


class MathRenderer:
    """Render formulas to HTML snippets, caching each distinct one.

    `failures` lists the formulas that fell back to TeX source, in first-seen order.
    """

    def __init__(self, cjk_font: Path | None = None, cjk_index: int = 0) -> None:
        self._cjk_font = cjk_font
        self._cjk_index = cjk_index
        self._cache: dict[tuple[str, bool], str] = {}
        self.failures: list[MathFailure] = []
        self.rendered = 0

    def __call__(self, tex: str, display: bool) -> str:
        key = (tex, display)
        snippet = self._cache.get(key)
        if snippet is None:
            snippet, reason = typeset(tex, display, self._cjk_font, self._cjk_index)
            self.add(tex, display, snippet, reason)
        return snippet

    def add(self, tex: str, display: bool, snippet: str, reason: str | None) -> None:
        """Record a result typeset elsewhere (a worker process)."""
        self._cache[(tex, display)] = snippet
        if reason is None:
            self.rendered += 1
        else:
            self.failures.append(MathFailure(tex, display, reason))

    @property
    def distinct(self) -> int:
        return len(self._cache)


def typeset(
    tex: str, display: bool, cjk_font: Path | None, cjk_index: int = 0
) -> tuple[str, str | None]:
    """(HTML snippet, None) or, for a formula that cannot be typeset, (its TeX source in
    monospace, why)."""
    try:
        return _wrap(render_svg(tex, display, cjk_font, cjk_index), display), None
    except MathError as exc:
        return _source(tex, display), str(exc)


def _source(tex: str, display: bool) -> str:
    code = f'<code class="math-source">{html.escape(tex, quote=False)}</code>'
    return f'<div class="math-display math-failed">{code}</div>' if display else code


def _wrap(svg: str, display: bool) -> str:
    return f'<div class="math-display">{svg}</div>' if display else svg


def render_svg(tex: str, display: bool, cjk_font: Path | None = None, cjk_index: int = 0) -> str:
    """One formula as an `<svg>` element string sized in em; raises MathError."""
    zm = ziasetup.load()
    from ziamath.tex import tex2mml

    if _fence_depth(tex) > _MAX_FENCE_DEPTH:
        raise MathError(f"\\left…\\right nested deeper than {_MAX_FENCE_DEPTH}")
    # ziamath keeps global state (its settings; the glyph fallback records misses)
    with ziasetup.lock, ziamath_patched(ziasetup.glyph_fallback(cjk_font, cjk_index)):
        missing = ziasetup.missing_glyphs()
        missing.clear()
        try:
            mathml = tex2mml(_TAG.sub("", tex), inline=not display)
            unknown = _UNKNOWN.search(mathml)
            if unknown:
                raise MathError(f"unknown command {unknown.group(1)}")
            svg = zm.Math(mathml, size=_SIZE).svgxml()
        except MathError:
            raise
        except Exception as exc:  # ziamath/latex2mathml raise anything on odd input
            raise MathError(_reason(exc)) from None
        if missing:
            chars = "".join(sorted(set(missing)))
            raise MathError(f"no glyph for {chars!r} in the math or CJK font")
    return _finish(svg, display)


def _fence_depth(tex: str) -> int:
    depth = deepest = 0
    for match in _FENCE.finditer(tex):
        depth += 1 if match.group(1) == "left" else -1
        deepest = max(deepest, depth)
    return deepest


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    if name in {"AssertionError", "IndexError", "KeyError", "TypeError", "ValueError"}:
        name = "invalid TeX"  # an internal error of the typesetter says nothing useful
    return f"{name}: {text}"[:120] if text else name


def _finish(svg: ET.Element, display: bool) -> str:
    _x, y, width, height = (float(v) for v in svg.attrib["viewBox"].split())
    if width <= 0 or height <= 0:
        raise MathError("empty formula")
    depth = height + y  # the viewBox's bottom edge lies this far below the baseline
    svg.attrib["width"] = f"{width / _SIZE:.3f}em"
    svg.attrib["height"] = f"{height / _SIZE:.3f}em"
    svg.attrib["class"] = "math-svg"
    if not display:
        svg.attrib["style"] = f"vertical-align:{-depth / _SIZE:.3f}em"
    # ziamath writes xmlns attributes by hand; ElementTree would double them inside HTML.
    text = ET.tostring(svg, encoding="unicode")
    return text.replace("\n", "")
