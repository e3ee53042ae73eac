"""Is this content an image? Judged by its bytes, never by its name: a notes file may call
`/home/me/.ssh/id_rsa` `diagram.png`.

Raster formats are recognised by their signatures; an SVG must be XML with an `<svg` root,
no entity declarations, no script and no reference to anything outside itself (an SVG renderer
would fetch it, which is how a shared file reaches the rest of the disk).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

KINDS = "PNG, JPEG, GIF, WebP, BMP, AVIF or SVG"

_BMP_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}
_URL_IN_CSS = re.compile(r"url\s*\(\s*+['\"]?+\s*+(?!#)", re.I)
_IMPORT_IN_CSS = re.compile(r"@import", re.I)
_REFERENCE_ATTRIBUTES = {"href", "src"}
_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler"}


def raster_kind(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if (
        data[:2] == b"BM"
        and len(data) > 18
        and int.from_bytes(data[14:18], "little") in (_BMP_HEADER_SIZES)
    ):
        return "BMP"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return "AVIF"
    return None


def image_problem(data: bytes) -> str | None:
    """None for a usable image, else what is wrong with it (for a warning)."""
    if raster_kind(data) is not None:
        return None
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")):
        return svg_problem(data)
    return f"is not an image file (its content is not {KINDS})"


def svg_problem(data: bytes) -> str | None:
    if b"<!entity" in data.lower():
        return "is an SVG that declares entities (not allowed: they can pull in other files)"
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return f"is not an image file (its content is not {KINDS}, nor well-formed SVG)"
    if _local(root.tag) != "svg":
        return f"is XML but not SVG (its root is <{_local(root.tag)}>)"
    for element in root.iter():
        name = _local(element.tag)
        if name in _ACTIVE_ELEMENTS:
            return f"is an SVG with a <{name}> element (not allowed)"
        for attribute, value in element.attrib.items():
            problem = _attribute_problem(_local(attribute), value)
            if problem:
                return f"is an SVG that {problem} (not allowed)"
        if name == "style" and _css_reaches_out(element.text or ""):
            return "is an SVG whose style sheet loads another resource (not allowed)"
    return None


def _attribute_problem(name: str, value: str) -> str | None:
    value = value.strip()
    outside = value and not value.startswith("#") and not _is_embedded_raster(value)
    if name in _REFERENCE_ATTRIBUTES and outside:
        return f"references {value[:80]!r}"
    if name.startswith("on"):
        return f"has an event handler ({name})"
    if name == "style" and _css_reaches_out(value):
        return "loads a resource from its style"
    if _URL_IN_CSS.search(value):
        return "references an outside resource through url()"
    return None


def _is_embedded_raster(value: str) -> bool:
    # `data:image/png;base64,...` inside an SVG is common and self-contained.
    return bool(re.match(r"data:image/(png|jpeg|gif|webp);", value, re.I))


def _css_reaches_out(css: str) -> bool:
    return bool(_URL_IN_CSS.search(css) or _IMPORT_IN_CSS.search(css))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""
