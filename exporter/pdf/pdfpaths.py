"""A formula's SVG (as ziamath writes it) → PDF path operators, computed once per formula.

WeasyPrint draws an SVG by parsing its path data in Python at every use; for ziamath's
output (filled glyph outlines and rules, nothing else) the same drawing is a few PDF
operators that can be prepared in the worker processes and pasted as bytes. Anything
outside that small subset returns None, and WeasyPrint draws that formula itself.
"""

from __future__ import annotations

import re

ViewBox = tuple[float, float, float, float]

_COLORS = {
    "black": (0.0, 0.0, 0.0),
    "white": (1.0, 1.0, 1.0),
    "red": (1.0, 0.0, 0.0),
    "green": (0.0, 0.5, 0.0),
    "blue": (0.0, 0.0, 1.0),
    "gray": (0.5, 0.5, 0.5),
    "grey": (0.5, 0.5, 0.5),
    "orange": (1.0, 0.647, 0.0),
    "purple": (0.5, 0.0, 0.5),
}


class _Unsupported(Exception):
    pass


_TAG = re.compile(r"<(/?)([\w:]+)((?:\s+[\w:-]+=\"[^\"]*\")*)\s*(/?)>")
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
_SEGMENT = re.compile(r"([A-Za-z])([^A-Za-z]*)")
_PATH_DATA = re.compile(r"(?:[MLQCZz]|[-+]?(?:\d+\.?\d*|\.\d+)|[\s,])*")


def pdf_operators(svg: str) -> tuple[ViewBox, bytes] | None:
    """(viewBox, content-stream bytes in viewBox units, y down) or None.

    A regular-expression scan, not an XML parser: this runs for every formula, and the
    input is ziamath's own regular output (anything else is refused, not guessed at).
    """
    try:
        return _convert(svg)
    except (_Unsupported, KeyError, ValueError, IndexError):
        return None


def _convert(svg: str) -> tuple[ViewBox, bytes]:
    fills = ["black"]
    out: list[str] = []
    viewbox: ViewBox | None = None
    position = 0
    for match in _TAG.finditer(svg):
        if svg[position : match.start()].strip():
            raise _Unsupported("text content")
        position = match.end()
        closing, tag, attributes, empty = match.groups()
        if closing:
            if tag == "g":
                fills.pop()
            continue
        attrs = dict(_ATTRIBUTE.findall(attributes))
        if tag == "svg":
            x, y, width, height = (float(v) for v in attrs["viewBox"].split())
            viewbox = (x, y, width, height)
            continue
        if tag == "title":
            raise _Unsupported(tag)  # would need its text skipped; ziamath writes none here
        if "transform" in attrs or "opacity" in attrs:
            raise _Unsupported(tag)
        if attrs.get("stroke", "none") != "none" and attrs.get("stroke-width", "1") not in {
            "0",
            "0.0",
        }:
            raise _Unsupported("stroke")
        fill = attrs.get("fill", fills[-1])
        if tag == "g":
            if not empty:
                fills.append(fill)
            continue
        if tag == "path":
            body = _path(attrs.get("d", ""))
        elif tag == "rect":
            body = "{} {} {} {} re".format(
                *(_num(float(attrs.get(k, "0"))) for k in ("x", "y", "width", "height"))
            )
        else:
            raise _Unsupported(tag)
        if body and fill != "none":
            red, green, blue = _color(fill)
            out.append(f"{_num(red)} {_num(green)} {_num(blue)} rg\n{body}\nf")
    if viewbox is None or svg[position:].strip():
        raise _Unsupported("not a single svg element")
    return viewbox, "\n".join(out).encode("ascii")


def _color(value: str) -> tuple[float, float, float]:
    value = value.strip().lower()
    if value in _COLORS:
        return _COLORS[value]
    if re.fullmatch(r"#[0-9a-f]{6}", value):
        return tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return tuple(int(c * 2, 16) / 255 for c in value[1:])  # type: ignore[return-value]
    raise _Unsupported(value)


def _path(d: str) -> str:
    if not _PATH_DATA.fullmatch(d):
        raise _Unsupported("path data")  # only commands and numbers may reach the PDF
    out: list[str] = []
    x = y = start_x = start_y = 0.0
    for command, argument_text in _SEGMENT.findall(d):
        args = argument_text.replace(",", " ").split()
        if command == "M" or command == "L":
            if not args or len(args) % 2:
                raise _Unsupported("path data")
            for i in range(0, len(args), 2):
                operator = "m" if command == "M" and i == 0 else "l"
                out.append(f"{args[i]} {args[i + 1]} {operator}")
            x, y = float(args[-2]), float(args[-1])
            if command == "M":
                start_x, start_y = float(args[0]), float(args[1])
        elif command == "Q":
            if not args or len(args) % 4:
                raise _Unsupported("path data")
            for i in range(0, len(args), 4):
                qx, qy, end_x, end_y = (float(v) for v in args[i : i + 4])
                # quadratic → cubic: controls two thirds of the way to the quad's control
                c1x, c1y = x + (qx - x) * 2 / 3, y + (qy - y) * 2 / 3
                c2x, c2y = end_x + (qx - end_x) * 2 / 3, end_y + (qy - end_y) * 2 / 3
                out.append(f"{c1x:.3f} {c1y:.3f} {c2x:.3f} {c2y:.3f} {args[i + 2]} {args[i + 3]} c")
                x, y = end_x, end_y
        elif command == "C":
            if not args or len(args) % 6:
                raise _Unsupported("path data")
            for i in range(0, len(args), 6):
                out.append(" ".join(args[i : i + 6]) + " c")
            x, y = float(args[-2]), float(args[-1])
        elif command in "Zz":
            if args:
                raise _Unsupported("path data")
            out.append("h")
            x, y = start_x, start_y
        else:
            raise _Unsupported(command)  # relative or arc commands: ziamath writes none
    return "\n".join(out)


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
