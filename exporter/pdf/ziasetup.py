"""ziamath for the sheet: imported quietly, with a CJK glyph fallback.

STIX Two Math has no CJK glyphs, so `\\text{中文}` would print boxes. ziafont cannot read
the CID-keyed CFF that every Noto CJK font uses, so missing glyphs are drawn from the CJK
font's outlines, read with fontTools. ziamath has no public hook for that, so patches.py
puts `glyph_fallback()` in place of the math font's `findglyph` while a formula is typeset.
"""

from __future__ import annotations

import threading
import unicodedata
import warnings
from pathlib import Path
from typing import Any

from fontTools.pens.basePen import BasePen
from ziafont import svgpath

lock = threading.Lock()
_state: dict[str, Any] = {}


def load() -> Any:
    """Import ziamath (once; quietly)."""
    with warnings.catch_warnings():
        # ziamath 0.13 finds its font through a deprecated importlib.resources call.
        warnings.simplefilter("ignore", DeprecationWarning)
        import ziamath as zm
    return zm


def glyph_fallback(cjk_font: Path | None, cjk_index: int) -> Any:
    """The `findglyph` that patches.py puts on ziamath's math font while a formula is
    typeset: the math font's glyph, else the CJK font's outline; records misses. Or
    None where this ziamath has no such font (patches.py then reports why)."""
    load()
    fallback = _state.get("fallback")
    if fallback is None:
        try:
            from ziamath.zmath import loadedfonts

            fallback = _state["fallback"] = _Fallback(loadedfonts["default"])
        except (ImportError, LookupError, AttributeError):
            return None
    fallback.set_cjk(cjk_font, cjk_index)
    return fallback.findglyph


def missing_glyphs() -> list[str]:
    """Characters the last formula needed and no font had (cleared by the caller)."""
    return _Fallback.missing


class _Fallback:
    """Wraps MathFont.findglyph: CJK outlines for what the math font lacks; records misses."""

    missing: list[str] = []  # noqa: RUF012 - shared on purpose, guarded by `lock`

    def __init__(self, mathfont: Any) -> None:
        self._mathfont = mathfont
        self._original = type(mathfont).findglyph.__get__(mathfont)  # the class's own
        self._cjk: _OutlineFont | None = None
        self._cjk_source: tuple[Path, int] | None = None

    def set_cjk(self, path: Path | None, index: int) -> None:
        source = (path, index) if path is not None else None
        if source != self._cjk_source:
            self._cjk = None  # opened at the first glyph the math font lacks (`_cjk_font`)
        self._cjk_source = source

    def _cjk_font(self) -> _OutlineFont | None:
        # Opening the CJK font reads its 65,000-entry cmap, ~0.25 s in every worker process;
        # most sheets never need it (only `\text{中文}` and the like do).
        if self._cjk is None and self._cjk_source is not None:
            self._cjk = _OutlineFont(*self._cjk_source)
        return self._cjk

    def findglyph(self, char: str, variant: Any) -> Any:
        glyph = self._original(char, variant)
        if glyph.index != 0 or _invisible(char):
            return glyph
        cjk = self._cjk_font()
        if cjk is not None:
            cjk_glyph = cjk.glyph(char)
            if cjk_glyph is not None:
                return cjk_glyph
        self.missing.append(char)
        return glyph


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in {"Zs", "Cf", "Cc"}


class _OutlineFont:
    """Just enough of ziafont's Font for ziamath to place glyphs read by fontTools."""

    def __init__(self, path: Path, index: int) -> None:
        from types import SimpleNamespace

        from fontTools.ttLib import TTFont

        self._ttfont = TTFont(str(path), fontNumber=index, lazy=True)
        self._glyphset = self._ttfont.getGlyphSet()
        self._cmap = self._ttfont.getBestCmap() or {}
        self._hmtx = self._ttfont["hmtx"]
        head = self._ttfont["head"]
        hhea = self._ttfont["hhea"]
        layout = SimpleNamespace(unitsperem=head.unitsPerEm, ymax=hhea.ascent, ymin=hhea.descent)
        self.info = SimpleNamespace(filename=f"cjk{index}.otf", layout=layout)
        self.cmap = None
        self._glyphs: dict[str, Any] = {}
        self._advances: dict[int, int] = {}

    def glyph(self, char: str) -> Any:
        if char in self._glyphs:
            return self._glyphs[char]
        name = self._cmap.get(ord(char))
        glyph = None if name is None else self._build(name)
        self._glyphs[char] = glyph
        return glyph

    def advance(self, index: int, _next: int | None = None) -> int:
        return self._advances[index]

    def _build(self, name: str) -> Any:
        from fontTools.pens.boundsPen import BoundsPen
        from ziafont.fonttypes import BBox
        from ziafont.glyph import SimpleGlyph

        pen = _ZiaPen(self._glyphset)
        self._glyphset[name].draw(pen)
        bounds = BoundsPen(self._glyphset)
        self._glyphset[name].draw(bounds)
        xmin, ymin, xmax, ymax = bounds.bounds or (0, 0, 0, 0)
        # A private index range keeps ziamath's kerning lookups (by index, in the math
        # font) from ever matching one of our glyphs.
        index = 0x100000 + self._ttfont.getGlyphID(name)
        self._advances[index] = self._hmtx[name][0]
        return SimpleGlyph(index, pen.operators, BBox(xmin, xmax, ymin, ymax), self)


class _ZiaPen(BasePen):
    """fontTools pen → ziafont path operators (font units, y up); BasePen splits
    multi-point curves and resolves components."""

    def __init__(self, glyphset: Any) -> None:
        super().__init__(glyphset)
        self.operators: list[Any] = []

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.operators.append(svgpath.Moveto(svgpath.Point(*pt)))

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.operators.append(svgpath.Lineto(svgpath.Point(*pt)))

    def _curveToOne(self, p1: Any, p2: Any, p3: Any) -> None:
        points = (svgpath.Point(*p) for p in (p1, p2, p3))
        self.operators.append(svgpath.Cubic(*points))

    def _qCurveToOne(self, p1: Any, p2: Any) -> None:
        self.operators.append(svgpath.Quad(svgpath.Point(*p1), svgpath.Point(*p2)))
