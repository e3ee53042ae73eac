"""ziamath, set up once per process: SVG 1.1 output, two speed-ups, a CJK glyph fallback.

ziamath's public API has no hook for any of these, so each is a small, checked change
to one of its functions; `ziamath>=0.13,<0.14` is pinned for that reason, and the tests
compare output before and after.

STIX Two Math has no CJK glyphs, so `\\text{中文}` would print boxes. ziafont cannot read
the CID-keyed CFF that every Noto CJK font uses, so missing glyphs are drawn from the CJK
font's outlines, read with fontTools.
"""

from __future__ import annotations

import threading
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from fontTools.pens.basePen import BasePen
from ziafont import svgpath

lock = threading.Lock()
_state: dict[str, Any] = {}


def load(cjk_font: Path | None, cjk_index: int) -> Any:
    """Import ziamath once and hook the glyph fallback onto its default math font."""
    key = (str(cjk_font), cjk_index)
    if _state.get("key") == key:
        return _state["zm"]
    with lock, warnings.catch_warnings():
        # ziamath 0.13 finds its font through a deprecated importlib.resources call.
        warnings.simplefilter("ignore", DeprecationWarning)
        import ziamath as zm
        from ziamath.zmath import loadedfonts

        # SVG 1.1 paths: with svg2 ziamath reuses <symbol> ids across formulas, which
        # collide once many formulas share one HTML page.
        zm.config.svg2 = False
        _speed_up_styles()
        _skip_needless_row_passes()
        # 0.01 of ziamath's 20-unit em is far below a printer dot, and shorter path data
        # is quicker for WeasyPrint to parse and draw.
        zm.config.precision = 2
        font = loadedfonts["default"]
        fallback = _state.get("fallback")
        if fallback is None:
            fallback = _Fallback(font)
            font.findglyph = fallback.findglyph
            _state["fallback"] = fallback
        fallback.set_cjk(cjk_font, cjk_index)
        _state.update(zm=zm, key=key)
    return zm


def _speed_up_styles() -> None:
    # ziamath 0.13 deep-copies the parent's style (`dataclasses.asdict`) for every MathML
    # node only to read a few plain fields through a ChainMap: a third of its time. The
    # instance's own __dict__ holds the same keys and values and is never written to.
    from ziamath import styles

    if getattr(styles, "asdict", None) is not None and "parse_style" in vars(styles):
        styles.asdict = vars  # type: ignore[attr-defined]


def _skip_needless_row_passes() -> None:
    # ziamath lays every row out twice, the first time only to learn how tall its
    # stretchy operators (`\left( ... \right)`) must grow; nested rows repeat that at each
    # level, so deep formulas cost 2^depth. A row with no stretchy operator anywhere below
    # it gets nothing from the first pass: its result is read by stretchy operators only.
    from ziamath.nodes.mrow import Mrow
    from ziamath.operators import operators

    original = Mrow._get_height_nostretch
    if getattr(original, "_skips", False):
        return
    stretchy = frozenset(
        char for (char, _form), props in operators.items() if props.get("stretchy") == "true"
    )

    def could_stretch(line: list[ET.Element]) -> bool:
        for child in line:
            for node in child.iter():
                if node.tag != "mo":
                    continue
                flag = node.attrib.get("stretchy")
                if flag is not None and flag != "false":
                    return True
                if flag is None and any(char in stretchy for char in node.text or ""):
                    return True
        return False

    def height_nostretch(self: Any, line: list[ET.Element], **kwargs: Any) -> Any:
        if could_stretch(line):
            return original(self, line, **kwargs)
        return 0.0, 0.0

    height_nostretch._skips = True  # type: ignore[attr-defined]
    height_nostretch.original = original  # type: ignore[attr-defined]
    Mrow._get_height_nostretch = height_nostretch


def missing_glyphs() -> list[str]:
    """Characters the last formula needed and no font had (cleared by the caller)."""
    return _Fallback.missing


class _Fallback:
    """Wraps MathFont.findglyph: CJK outlines for what the math font lacks; records misses."""

    missing: list[str] = []  # noqa: RUF012 - shared on purpose, guarded by `lock`

    def __init__(self, mathfont: Any) -> None:
        self._mathfont = mathfont
        self._original = mathfont.findglyph
        self._cjk: _OutlineFont | None = None
        self._cjk_source: tuple[Path, int] | None = None

    def set_cjk(self, path: Path | None, index: int) -> None:
        if path is None:
            self._cjk = None
        elif self._cjk_source != (path, index):
            self._cjk = _OutlineFont(path, index)
        self._cjk_source = (path, index) if path is not None else None

    def findglyph(self, char: str, variant: Any) -> Any:
        glyph = self._original(char, variant)
        if glyph.index != 0 or _invisible(char):
            return glyph
        if self._cjk is not None:
            cjk_glyph = self._cjk.glyph(char)
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
