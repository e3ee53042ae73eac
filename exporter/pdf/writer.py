"""Documents → HTML (Jinja2 template in templates/pdf) → PDF (WeasyPrint).

The steps, and which module does each: pick the CJK font (fonts.py); render every
fragment with a placeholder per formula (sheet.py, mathjobs.py); typeset the formulas in
worker processes while this one fills the template and loads WeasyPrint (mathsvg.py);
lay the pages out and write the PDF (weasy.py, with reuse.py painting formulas).

WeasyPrint is imported only here, and only when a PDF is written, so `export anki`
never pays its start-up.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import InputError, OutputError
from ..media import image_roots
from ..model import Diagnostic, Document
from ..output import atomic_write
from ..parse.source import read_notes
from ..render import pygments_css
from .fonts import CjkFont, find_cjk_font, font_face_css
from .mathjobs import DeferredMath
from .mathsvg import MathRenderer
from .reuse import forget
from .reuse import install as install_reuse
from .sheet import build_view, formula_line
from .templating import Templates, render
from .weasy import WeasyLog, layout

Progress = Callable[[str], None]


@dataclass(frozen=True)
class PdfOptions:
    columns: int = 3
    font: Path | None = None
    questions_only: bool = False
    template_dir: Path | None = None


@dataclass
class PdfResult:
    path: Path
    pages: int
    formulas: int
    failed_formulas: int
    font: CjkFont
    warnings: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class SheetHtml:
    html: str
    math: MathRenderer
    warnings: list[Diagnostic]
    math_urls: list[str]  # the formula files, registered with reuse.py until written


def build_html(
    documents: Sequence[Document], options: PdfOptions, font: CjkFont, workdir: Path
) -> SheetHtml:
    """The sheet's HTML, with formulas as SVG files in `workdir`."""
    math = DeferredMath(font.regular.path, font.regular.index, folder=workdir)
    built = [
        build_view(document, math, index=index, questions_only=options.questions_only)
        for index, document in enumerate(documents)
    ]
    math.start()  # typesets in worker processes while this one goes on below
    try:
        templates = Templates(options.template_dir)
        page = templates.page()
        context: dict[str, Any] = {
            "documents": [view for view, _context in built],
            "title": " · ".join(view.plain_title for view, _context in built),
            "columns": options.columns,
            "questions_only": options.questions_only,
            "stylesheet": Markup(templates.stylesheet()),
            "highlight_css": Markup(""),
            "font_faces": Markup(""),
        }
        draft = render(page, context)
        if 'class="highlight"' in draft:
            # Only then: ~80 selectors that WeasyPrint would otherwise test on every element.
            context["highlight_css"] = Markup(pygments_css(".highlight"))
        # Subsetting needs the sheet's characters, so the fonts are declared last; this
        # also loads WeasyPrint, in parallel with the formula workers.
        context["font_faces"] = Markup(font_face_css(font, draft, workdir))
        install_reuse()
        renderer = math.finish()
    except BaseException:
        math.close()
        raise
    warnings: list[Diagnostic] = []
    for document, (_view, sheet_context) in zip(documents, built, strict=True):
        warnings.extend(_formula_warnings(document, renderer, sheet_context.origins))
    return SheetHtml(math.resolve(render(page, context)), renderer, warnings, math.urls)


def write_pdf(
    documents: Sequence[Document],
    target: Path,
    options: PdfOptions,
    *,
    progress: Progress | None = None,
) -> PdfResult:
    say = progress or (lambda _message: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    font = find_cjk_font(options.font)
    with tempfile.TemporaryDirectory(prefix="notes-pdf-") as work:
        say("typesetting formulas")
        sheet = build_html(documents, options, font, Path(work))
        timings["html"] = time.perf_counter() - start
        try:
            with WeasyLog() as log:
                say("laying out pages")
                mark = time.perf_counter()
                allowed = [*_image_roots(documents), *(face.path for face in font.faces)]
                base = _base_url(documents)
                work_dir = Path(work)
                rendered = layout(sheet.html, base_url=base, math_folder=work_dir, allowed=allowed)
                timings["layout"] = time.perf_counter() - mark
                say("writing PDF")
                mark = time.perf_counter()
                _write(rendered, target)
                timings["write"] = time.perf_counter() - mark
        finally:
            forget(sheet.math_urls)
    source = documents[0].source if documents else target
    warnings = sheet.warnings + [Diagnostic(source, 1, message) for message in log.report()]
    return PdfResult(
        path=target,
        pages=len(rendered.pages),
        formulas=sheet.math.distinct,
        failed_formulas=len(sheet.math.failures),
        font=font,
        warnings=warnings,
        timings=timings,
    )


def _write(rendered: Any, target: Path) -> None:
    with atomic_write(target) as temporary:
        try:
            # Always let WeasyPrint subset: only then does the PDF's ToUnicode map come from
            # the shaped text. With `full_fonts` it comes from the font's cmap, which knows
            # nothing of the glyphs shaping substitutes (the CJK `"`, the `ff` ligature), so
            # copied or searched text read `"` as `ѵ`. fonts.py pre-subsets, which keeps
            # WeasyPrint's own fontTools pass short where HarfBuzz cannot subset.
            rendered.write_pdf(temporary)
        except OSError as exc:
            raise OutputError(
                f"{target}: cannot write: {exc.strerror or exc} (check free space and permissions)"
            ) from None


def _image_roots(documents: Sequence[Document]) -> list[Path]:
    return [root for document in documents for root in image_roots(document)]


def _base_url(documents: Sequence[Document]) -> str:
    folder = documents[0].source.resolve().parent if documents else Path.cwd()
    return folder.as_uri() + "/"


def _formula_warnings(
    document: Document, math: MathRenderer, origins: dict[tuple[str, bool], int]
) -> list[Diagnostic]:
    failures = [f for f in math.failures if (f.tex, f.display) in origins]
    if not failures:
        return []
    try:  # bounded, and any encoding the notes were read in
        lines = read_notes(document.source).splitlines()
    except InputError:
        lines = []
    return [
        Diagnostic(
            document.source,
            formula_line(lines, failure.tex, origins[(failure.tex, failure.display)]),
            f"formula cannot be typeset ({_cut(failure.reason)}): ${_cut(failure.tex)}$",
            "printed as TeX source; check the formula's syntax",
        )
        for failure in failures
    ]


def _cut(text: str, limit: int = 80) -> str:
    """A 20 KB formula in a warning buries every other line: its start names it well enough."""
    return text if len(text) <= limit else text[:limit] + "…"
