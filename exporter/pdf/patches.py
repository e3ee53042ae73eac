"""Every place the PDF writer reaches into a library's internals, fenced in one module.

Each change is made only on the exact library versions it was tested on (`TESTED`, the
same versions pyproject.toml caps), only for as long as it is needed (a context manager
puts the library back), and each one falls back to the library's own path when its
version or a check says no, with a reason the writer prints once as a warning. None of
them changes what the PDF shows; the tests compare rendered pages with and without them.

- `quick_find_library`: one `ldconfig -p` answers the library look-ups WeasyPrint makes
  while it loads (each miss of `ctypes.util.find_library` runs ldconfig, gcc and ld).
- `harfbuzz_subset_available`: reads WeasyPrint's cffi bindings to learn whether it can
  subset fonts natively.
- `fast_drawing`: paints formulas from prepared PDF operators, once per page, instead of
  WeasyPrint parsing and drawing each SVG at every use. The writer verifies afterwards
  that every prepared formula was painted, and otherwise writes the PDF again the plain way.
- `svg_sizes_once`: an SVG image answers its intrinsic size once per font size, instead
  of re-reading its attributes and re-parsing its viewBox at every line-breaking attempt.
- `ziamath_patched`: two ziamath speed-ups and the CJK glyph fallback, for one formula.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .pdfpaths import ViewBox

# The versions the patches below were tested on, exactly; pyproject.toml caps below the
# next release. A version not listed gets the library's plain path (correct, slower).
TESTED = {"weasyprint": ("70.0",), "ziamath": ("0.13",)}


@cache
def installed_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def untested(package: str) -> str | None:
    """None if the installed `package` is a version the patches were tested on, else why not."""
    version = installed_version(package)
    if version in TESTED[package]:
        return None
    tested = ", ".join(TESTED[package])
    return f"{package} {version} is not the version its speed-ups were tested on ({tested})"


# --- loading WeasyPrint --------------------------------------------------------------


@contextlib.contextmanager
def quick_find_library() -> Iterator[None]:
    """While WeasyPrint loads, answer cffi's library look-ups from one `ldconfig -p`.

    A name the cache does not list is left to cffi's own `dlopen` of the next spelling
    (WeasyPrint always tries the plain soname too), so the libraries found are the same.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        yield
        return
    import ctypes.util

    known = _ldconfig_sonames() if untested("weasyprint") is None else {}
    if not known:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: known.get(name)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original


@cache
def _ldconfig_sonames() -> dict[str, str]:
    """`gobject-2.0` → `libgobject-2.0.so.0`, for every library in the ldconfig cache."""
    ldconfig = shutil.which("ldconfig") or (
        "/sbin/ldconfig" if Path("/sbin/ldconfig").exists() else None
    )
    if ldconfig is None:
        return {}
    try:
        listing = subprocess.run(
            [ldconfig, "-p"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    names: dict[str, str] = {}
    for match in re.finditer(r"^\s+lib(\S+?)\.so(\.\S*)?\s.*=>", listing, re.M):
        names.setdefault(match.group(1), f"lib{match.group(1)}.so{match.group(2) or ''}")
    return names


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint subsets fonts with libharfbuzz-subset (else with fontTools)."""
    from .weasy import load

    load()
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    except ImportError:  # a WeasyPrint without the attribute: assume the slow path
        return False
    try:
        return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    except AttributeError:
        return False


# --- painting formulas from prepared operators ---------------------------------------

Prepared = Mapping[str, tuple[ViewBox, bytes]]  # formula image URL → its PDF operators
_STREAM_NEEDS = ("add_group", "draw_x_object")


def fast_drawing_problem() -> str | None:
    """None if `fast_drawing` can be used here; else why formulas must be full SVG files."""
    reason = untested("weasyprint")
    if reason is not None:
        return reason
    try:
        from weasyprint.images import SVGImage
        from weasyprint.pdf.stream import Stream
    except ImportError as exc:
        return f"WeasyPrint's internals moved ({exc})"
    missing = [name for name in _STREAM_NEEDS if not callable(getattr(Stream, name, None))]
    if not callable(getattr(SVGImage, "draw", None)):
        missing.append("SVGImage.draw")
    if missing:
        return f"WeasyPrint lacks {', '.join(missing)}"
    return None


def image_url(image: Any) -> str | None:
    """The URL an SVGImage was loaded from (WeasyPrint keeps it privately)."""
    url = getattr(image, "_base_url", None)
    return url if isinstance(url, str) else None


class FastDrawing:
    """Paints formulas from `prepared`, each once per page into a form XObject that every
    later use on the page repeats; records which formulas it painted."""

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.painted: set[str] = set()
        self._groups: dict[tuple[int, int, float, float], str] = {}  # image, page → form

    @property
    def unpainted(self) -> int:
        """Prepared formulas not painted: their files are empty, so the PDF is incomplete."""
        return len(set(self.prepared) - self.painted)

    def wrap(self, original: Callable[..., None]) -> Callable[..., None]:
        def draw(image: Any, stream: Any, width: float, height: float, style: Any) -> None:
            self.draw(original, image, stream, (width, height), style)

        return draw

    def draw(
        self,
        original: Callable[..., None],
        image: Any,
        stream: Any,
        size: tuple[float, float],
        style: Any,
    ) -> None:
        width, height = size
        url = image_url(image)
        prepared = self.prepared.get(url) if url is not None else None
        resources = getattr(stream, "_resources", None) if width and height else None
        if resources is None or "XObject" not in resources:
            if prepared is not None and isinstance(getattr(stream, "stream", None), list):
                stream.stream.append(_placed(*prepared, width, height))
                self.painted.add(url)  # type: ignore[arg-type]
            else:  # a formula not painted here is caught by `unpainted`
                original(image, stream, width, height, style)
            return
        key = (id(image), id(resources), round(width, 3), round(height, 3))
        name = self._groups.get(key)
        if name is None or resources["XObject"].get(name) is None:
            # A generous box: glyph ink may reach a little outside the viewBox.
            group = stream.add_group(-width, -height, 3 * width, 3 * height)
            if prepared is None:
                original(image, group, width, height, style)
            else:
                group.stream.append(_placed(*prepared, width, height))
            self._groups[key] = name = group.id
        if prepared is not None:
            self.painted.add(url)  # type: ignore[arg-type]
        stream.draw_x_object(name)


@contextlib.contextmanager
def fast_drawing(prepared: Prepared) -> Iterator[FastDrawing]:
    """Wrap `SVGImage.draw` while the PDF is written; put it back after."""
    from weasyprint.images import SVGImage

    drawing = FastDrawing(prepared)
    original = SVGImage.draw
    SVGImage.draw = drawing.wrap(original)
    try:
        yield drawing
    finally:
        SVGImage.draw = original


def _placed(viewbox: ViewBox, operators: bytes, width: float, height: float) -> bytes:
    """Map the viewBox onto width × height as SVG's default `xMidYMid meet` does."""
    x, y, box_width, box_height = viewbox
    scale = min(width / box_width, height / box_height)
    dx = (width - box_width * scale) / 2 - x * scale
    dy = (height - box_height * scale) / 2 - y * scale
    return b"q %.6f 0 0 %.6f %.4f %.4f cm\n%s\nQ" % (scale, scale, dx, dy, operators)


# --- sizing SVG images during layout ---------------------------------------------------


@contextlib.contextmanager
def svg_sizes_once() -> Iterator[None]:
    """While WeasyPrint lays out, memoise `SVGImage.get_intrinsic_size`.

    The line breaker asks every formula image its size at each attempt to fit a line: ~10,000
    calls for 357 formula files, each reading the root's width and height and parsing its
    viewBox string again (~6% of layout). The answer depends only on the (immutable) SVG
    and the two arguments. Plain where the version or the method is not the tested one.
    """
    try:
        from weasyprint.images import SVGImage
    except ImportError:
        yield
        return
    original = vars(SVGImage).get("get_intrinsic_size")
    if untested("weasyprint") is not None or not callable(original):
        yield
        return
    sizes: dict[tuple[int, Any, Any], tuple[Any, Any, Any]] = {}
    alive: list[Any] = []  # each image stays alive while its id is a key

    def get_intrinsic_size(self: Any, image_resolution: Any, font_size: Any) -> Any:
        key = (id(self), image_resolution, font_size)
        size = sizes.get(key)
        if size is None:
            size = sizes[key] = original(self, image_resolution, font_size)
            alive.append(self)
        return size

    SVGImage.get_intrinsic_size = get_intrinsic_size
    try:
        yield
    finally:
        SVGImage.get_intrinsic_size = original


# --- ziamath ------------------------------------------------------------------------


@contextlib.contextmanager
def ziamath_patched(findglyph: Callable[..., Any] | None) -> Iterator[None]:
    """ziamath set up for one formula, then put back as it was.

    Its public settings always: SVG 1.1 (with svg2 ziamath reuses `<symbol>` ids across
    formulas, which collide once many share one page) and 0.01-unit precision (far below a
    printer dot; shorter path data). On the tested version also two speed-ups and
    `findglyph` (the CJK glyph fallback, ziasetup.py), each applied only if its check passes.
    """
    import ziamath

    undo: list[Callable[[], None]] = []
    try:
        _set(undo, ziamath.config, "svg2", False)
        _set(undo, ziamath.config, "precision", 2)
        if untested("ziamath") is None:
            for patch in _ziamath_patches(findglyph):
                with contextlib.suppress(Exception):  # a failed check: that part stays plain
                    patch(undo)
        yield
    finally:
        for step in reversed(undo):
            step()


def ziamath_problems(cjk_glyphs: bool) -> list[str]:
    """Why some ziamath patch cannot be used here (for the writer's warning); [] if none."""
    reason = untested("ziamath")
    if reason is not None:
        lost = "; Chinese inside formulas may print as boxes" if cjk_glyphs else ""
        return [reason + lost]
    problems = []
    for name, check in (("styles", _styles_target), ("rows", _rows_target)):
        try:
            check()
        except Exception as exc:
            problems.append(f"ziamath speed-up '{name}' unavailable ({type(exc).__name__})")
    try:
        _math_font()
    except Exception as exc:
        problems.append(f"ziamath's math font cannot take the CJK fallback ({exc!r})")
    return problems


def _set(undo: list[Callable[[], None]], target: Any, name: str, value: Any) -> None:
    """Set `target.name`, remembering how to undo it (deleting what was not there)."""
    if name in vars(target) or (not isinstance(target, type) and hasattr(type(target), name)):
        old = getattr(target, name)
        setattr(target, name, value)
        undo.append(lambda: setattr(target, name, old))
    else:
        setattr(target, name, value)
        undo.append(lambda: delattr(target, name))


def _ziamath_patches(findglyph: Callable[..., Any] | None) -> list[Callable[[list], None]]:
    def styles(undo: list[Callable[[], None]]) -> None:
        _set(undo, _styles_target(), "asdict", vars)

    def rows(undo: list[Callable[[], None]]) -> None:
        mrow, replacement = _rows_target()
        _set(undo, mrow, "_get_height_nostretch", replacement)

    def glyphs(undo: list[Callable[[], None]]) -> None:
        if findglyph is not None:
            font = _math_font()
            setattr(font, "findglyph", findglyph)  # noqa: B010 - an instance attribute
            undo.append(lambda: delattr(font, "findglyph"))

    return [styles, rows, glyphs]


def _math_font() -> Any:
    from ziamath.zmath import loadedfonts

    font = loadedfonts["default"]
    if "findglyph" in vars(font) or not callable(getattr(font, "findglyph", None)):
        raise TypeError("findglyph is not the class's own method")
    return font


def _styles_target() -> Any:
    # ziamath 0.13 deep-copies the parent's style (`dataclasses.asdict`) for every MathML
    # node only to read a few plain fields through a ChainMap: a third of its time. The
    # instance's own __dict__ holds the same keys and values and is never written to.
    from ziamath import styles

    if getattr(styles, "asdict", None) is None or "parse_style" not in vars(styles):
        raise AttributeError("ziamath.styles.asdict")
    return styles


@cache
def _rows_target() -> tuple[Any, Callable[..., Any]]:
    # ziamath lays every row out twice, the first time only to learn how tall its
    # stretchy operators (`\left( ... \right)`) must grow; nested rows repeat that at each
    # level, so deep formulas cost 2^depth. A row with no stretchy operator anywhere below
    # it gets nothing from the first pass: its result is read by stretchy operators only.
    from ziamath.nodes.mrow import Mrow
    from ziamath.operators import operators

    original = vars(Mrow)["_get_height_nostretch"]
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

    return Mrow, height_nostretch
