"""WeasyPrint through its public API: loading it, fetching, layout, its log.

Loading is sped up by `patches.quick_find_library` (WeasyPrint's library look-ups cost
about 0.3 s of a 3 s export); what else reaches into WeasyPrint lives in patches.py too.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import ExportError
from .patches import quick_find_library


def load() -> ModuleType:
    with quick_find_library(), warnings.catch_warnings():
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
