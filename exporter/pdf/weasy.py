"""WeasyPrint through its public API: loading it, fetching, layout, its log.

Loading is sped up by `patches.quick_find_library` (WeasyPrint's library look-ups cost
about 0.3 s of a 3 s export); what else reaches into WeasyPrint lives in patches.py too.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from ..errors import ExportError
from .patches import quick_find_library, svg_sizes_once


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


def fetcher(weasyprint: Any, math_folder: Path | None, allowed: Iterable[Path] = ()) -> Any:
    """The only way WeasyPrint reaches a resource, so the rule of `exporter/media.py` holds
    for raw HTML, CSS and SVG references too: never the network (`http(s)` and the rest
    refused), `file:` only inside the allowed folders (or an allowed file: the fonts), and
    from the notes' folders only real images; `data:` for images only. Formula files are
    read directly: urllib's file handler builds MIME headers through the email parser,
    ~1.5 ms per image, 1.5 s per 1,000 formulas."""
    from ..images import image_problem
    from ..media import inspect_file, is_inside

    prefix = math_folder.resolve().as_uri() + "/" if math_folder is not None else None
    ours = [math_folder.resolve()] if math_folder is not None else []  # our own files
    roots = [p.resolve() for p in allowed if p.is_dir()]
    files = {p.resolve() for p in allowed if not p.is_dir()}

    def refuse(url: str, why: str) -> Any:
        raise weasyprint.urls.URLFetchingError(f"{url[:120]}: {why}")

    def local(url: str) -> Any:
        try:
            path = Path(url2pathname(unquote(urlparse(url).path))).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return refuse(url, "no such file")
        if not (is_inside(path, ours) or path in files):
            if not is_inside(path, roots):
                return refuse(url, "outside the notes' folder, left out")
            problem = inspect_file(path)
            if problem is not None:
                return refuse(url, problem)
        return weasyprint.urls.URLFetcherResponse(url, path.read_bytes(), {})

    class Fetcher(weasyprint.URLFetcher):  # type: ignore[misc, name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if prefix is not None and url.startswith(prefix) and url.endswith(".svg"):
                path = math_folder / url[len(prefix) :]  # type: ignore[operator]
                return weasyprint.urls.URLFetcherResponse(
                    url, path.read_bytes(), {"Content-Type": "image/svg+xml"}
                )
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                return local(url.split("?")[0].split("#")[0])
            if scheme != "data":
                return refuse(url, "not fetched: no network at run time")
            response = super().fetch(url, headers)
            body = response.read()
            response.close()
            if image_problem(body) is not None:
                return refuse(url, "a data: URL that is not an image")
            return weasyprint.urls.URLFetcherResponse(url, body, {})

    return Fetcher(allowed_protocols={"file", "data"})


def layout(
    html: str, *, base_url: str, math_folder: Path | None = None, allowed: Iterable[Path] = ()
) -> Any:
    """Lay out `html`; `allowed` are the folders images may come from and the font files
    (see `fetcher`). Without any, the folder of `base_url` is the one folder allowed.

    HTML nested too deeply for WeasyPrint's recursion is flattened and laid out again, with
    a warning: the cost falls only on such notes, not on every sheet."""
    weasyprint = load()
    allowed = list(allowed) or [Path(url2pathname(urlparse(base_url).path))]
    if html.count("<tr") > MAX_TABLE_ROWS:  # only then is a pass over the HTML worth it
        html = _limit_rows(html)
    with warnings.catch_warnings(), svg_sizes_once():
        # Expected on a machine with no system fonts: our @font-face covers every text.
        warnings.filterwarnings("ignore", message="No fonts configured in FontConfig")
        url_fetcher = fetcher(weasyprint, math_folder, allowed)
        try:
            return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=url_fetcher).render()
        except RecursionError:
            pass
        from .flatten import flatten_deep_html

        flat, dropped = flatten_deep_html(html, MAX_NESTING)
        logging.getLogger("weasyprint.nesting").warning(
            "HTML nested more than %d levels deep: %d elements unwrapped, their text kept "
            "(flatten the nested <div>s or <span>s of the notes)",
            MAX_NESTING,
            dropped,
        )
        try:
            return weasyprint.HTML(string=flat, base_url=base_url, url_fetcher=url_fetcher).render()
        except RecursionError:
            raise ExportError(
                "the notes nest HTML too deeply for the PDF renderer, even flattened to "
                f"{MAX_NESTING} levels (flatten the nested <div>s or <span>s)"
            ) from None


MAX_NESTING = 100
MAX_TABLE_ROWS = 2000  # per table; about 12 pages of three columns


def _limit_rows(html: str) -> str:
    from .flatten import limit_table_rows

    limited, left_out = limit_table_rows(html, MAX_TABLE_ROWS)
    if left_out:
        logging.getLogger("weasyprint.tables").warning(
            "%s table rows left out: a table shows at most %s rows in the PDF "
            "(the deck keeps them all; split the table to print it whole)",
            f"{left_out:,}",
            f"{MAX_TABLE_ROWS:,}",
        )
    return limited


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
