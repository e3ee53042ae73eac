"""Paint formulas cheaply: prepared PDF operators, drawn once per page and reused.

WeasyPrint parses and draws an SVG image's path data at every use, in Python; in a
math-heavy sheet that was most of the run. Two changes, both around `SVGImage.draw`:

- a formula whose SVG `pdfpaths.py` could translate is painted from those prepared
  operators (registered here by image URL) instead of through WeasyPrint's SVG code;
- each image is painted once per page into a PDF form XObject (WeasyPrint's own
  `add_group`), and every later use on that page paints that object (`$A_t$` recurs dozens
  of times a page). Pages keep separate objects because WeasyPrint writes resources per page.

This wraps one WeasyPrint method and first checks for what it relies on; a WeasyPrint that
changed these internals leaves `installed()` False, and the exporter then writes complete
SVG files that WeasyPrint draws as before.
"""

from __future__ import annotations

from typing import Any

from .pdfpaths import ViewBox

_MARK = "_notes_exporter_reuse"
_operators: dict[str, tuple[ViewBox, bytes]] = {}
_state = {"installed": False}


def register(url: str, viewbox: ViewBox, operators: bytes) -> None:
    _operators[url] = (viewbox, operators)


def forget(urls: list[str]) -> None:
    for url in urls:
        _operators.pop(url, None)


def installed() -> bool:
    return _state["installed"]


def install() -> bool:
    """Wrap `SVGImage.draw` once; False if this WeasyPrint lacks what the wrapper needs."""
    if _state["installed"]:
        return True
    from .weasy import load

    load()
    try:
        from weasyprint.images import SVGImage
        from weasyprint.pdf.stream import Stream
    except ImportError:
        return False
    needed = ("add_group", "draw_x_object", "clone", "push_state", "pop_state")
    if not all(hasattr(Stream, name) for name in needed):
        return False
    if not hasattr(SVGImage, "draw") or getattr(SVGImage.draw, _MARK, False):
        return False
    original = SVGImage.draw

    def draw(self: Any, stream: Any, width: float, height: float, style: Any) -> None:
        resources = getattr(stream, "_resources", None)
        if resources is None or "XObject" not in resources or not width or not height:
            original(self, stream, width, height, style)
            return
        groups: dict[tuple[int, float, float], str] = self.__dict__.setdefault(_MARK, {})
        key = (id(resources), round(width, 3), round(height, 3))
        name = groups.get(key)
        if name is None or resources["XObject"].get(name) is None:
            # A generous box: glyph ink may reach a little outside the viewBox.
            group = stream.add_group(-width, -height, 3 * width, 3 * height)
            prepared = _operators.get(getattr(self, "_base_url", None) or "")
            if prepared is None:
                original(self, group, width, height, style)
            else:
                group.stream.append(_placed(*prepared, width, height))
            groups[key] = name = group.id
        stream.draw_x_object(name)

    setattr(draw, _MARK, True)
    SVGImage.draw = draw
    _state["installed"] = True
    return True


def _placed(viewbox: ViewBox, operators: bytes, width: float, height: float) -> bytes:
    """Map the viewBox onto width × height as SVG's default `xMidYMid meet` does."""
    x, y, box_width, box_height = viewbox
    scale = min(width / box_width, height / box_height)
    dx = (width - box_width * scale) / 2 - x * scale
    dy = (height - box_height * scale) / 2 - y * scale
    return b"q %.6f 0 0 %.6f %.4f %.4f cm\n%s\nQ" % (scale, scale, dx, dy, operators)
