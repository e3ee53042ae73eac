"""Everything that touches WeasyPrint: loading it (faster), fetching, layout, its log.

Loading it, faster.

WeasyPrint finds Pango, HarfBuzz and fontconfig through cffi, which asks
`ctypes.util.find_library` for several spellings of each name; on Linux every miss runs
`ldconfig`, `gcc` and `ld` in subprocesses, about 0.3 s of a 3 s export. Here one `ldconfig
-p` answers all of them while WeasyPrint loads. A name it does not list is left to cffi's
own `dlopen` of the next spelling (WeasyPrint always tries the plain soname too), so the
libraries found are the same.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import ExportError


def load() -> ModuleType:
    with _quick_find_library(), warnings.catch_warnings():
        # Said at import on a machine with no fonts at all; our @font-face covers the text.
        warnings.filterwarnings("ignore", message="No fonts configured in FontConfig")
        warnings.filterwarnings("ignore", message="FontConfig cannot load default config")
        try:
            import weasyprint
        except OSError as exc:  # cffi could not dlopen Pango / GObject: not a pip package
            raise ExportError(
                f"PDF export needs the Pango text library, which is not installed ({exc}) "
                "(Debian/Ubuntu: `sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0`; "
                "macOS: `brew install pango`; Windows: see WeasyPrint's install guide)"
            ) from None
    return weasyprint


@contextlib.contextmanager
def _quick_find_library() -> Iterator[None]:
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        yield
        return
    import ctypes.util

    known = _ldconfig_sonames()
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
    ldconfig = shutil.which("ldconfig") or ("/sbin/ldconfig" if _exists("/sbin/ldconfig") else None)
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


def _exists(path: str) -> bool:
    return Path(path).exists()


def fetcher(weasyprint: Any, math_folder: Path | None) -> Any:
    """No network at run time: a remote image is skipped (its alt text shows) rather than
    stalling the export. Formula files are read directly: urllib's file handler builds
    MIME headers through the email parser, ~1.5 ms per image, 1.5 s per 1,000 formulas."""
    prefix = math_folder.resolve().as_uri() + "/" if math_folder is not None else None

    class Fetcher(weasyprint.URLFetcher):  # type: ignore[misc, name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if prefix is not None and url.startswith(prefix) and url.endswith(".svg"):
                path = math_folder / url[len(prefix) :]  # type: ignore[operator]
                return weasyprint.urls.URLFetcherResponse(
                    url, path.read_bytes(), {"Content-Type": "image/svg+xml"}
                )
            return super().fetch(url, headers)

    return Fetcher(allowed_protocols={"file", "data"})


def layout(html: str, *, base_url: str, math_folder: Path | None = None) -> Any:
    weasyprint = load()
    with warnings.catch_warnings():
        # Expected on a machine with no system fonts: our @font-face covers every text.
        warnings.filterwarnings("ignore", message="No fonts configured in FontConfig")
        url_fetcher = fetcher(weasyprint, math_folder)
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=url_fetcher).render()


_NOTDEF = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.*)"')


class WeasyLog(logging.Handler):
    """Collects WeasyPrint's warnings while it runs, to report them as ours (once each)
    instead of letting them reach stderr unformatted."""

    # Only a speed note: the fallback subsetter works, and fonts.py keeps it fast.
    _IGNORED = ("Using fontTools instead of HarfBuzz",)

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.missing: dict[str, None] = {}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip().splitlines()[0]
        if message.startswith(self._IGNORED):
            return
        glyph = _NOTDEF.search(message)
        if glyph:
            self.missing.setdefault(glyph.group(1), None)
        elif message not in self.messages:
            self.messages.append(message)

    def report(self) -> list[str]:
        lines = [f"PDF renderer: {message}" for message in self.messages]
        if self.missing:
            chars = "".join(self.missing)
            lines.append(
                f"no glyph in the font for {chars!r}: printed as boxes "
                "(pass a font that has them with --font)"
            )
        return lines

    def __enter__(self) -> WeasyLog:
        logger = logging.getLogger("weasyprint")
        self._propagate = logger.propagate
        logger.addHandler(self)
        logger.propagate = False
        return self

    def __exit__(self, *exc: object) -> None:
        logger = logging.getLogger("weasyprint")
        logger.removeHandler(self)
        logger.propagate = self._propagate
