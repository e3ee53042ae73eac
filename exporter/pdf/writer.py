"""Documents → HTML (Jinja2 template in templates/pdf) → PDF (WeasyPrint).

The steps, and which module does each: pick the CJK font (fonts.py); render every
fragment with a placeholder per formula (sheet.py, mathjobs.py); typeset the formulas in
worker processes while this one fills the template, cuts the font down (hbsubset.py) and
loads WeasyPrint (mathsvg.py); lay the pages out while one worker turns the formulas' SVG
into PDF operators, then write the PDF (weasy.py; patches.py paints the formulas from those
operators and is verified: if it missed any, the PDF is laid out and written again the
plain way).

How far below this a cold export could go while WeasyPrint lays the pages out:
benchmarks/bench_pdf_floor.py (WeasyPrint alone on the sheet's own HTML).

WeasyPrint is imported only here, and only when a PDF is written, so `export anki`
never pays its start-up.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..cache import enabled as cache_enabled
from ..errors import InputError, OutputError
from ..media import image_roots
from ..model import Diagnostic, Document
from ..output import atomic_write, scratch_folder
from ..parse.source import read_notes
from ..render import pygments_css
from . import patches
from .fonts import CjkFont, find_cjk_font, font_face_css
from .formulacache import FormulaCache
from .mathjobs import DeferredMath
from .mathsvg import MathRenderer
from .sheet import build_view, formula_line
from .sheetcache import CachedSheet, SheetCache, sheet_key
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
    formulas: DeferredMath  # the formula files, and the operators prepared for them
    plain_paths: list[str]  # why a library's plain path was used (a patch was refused)


def build_html(
    documents: Sequence[Document], options: PdfOptions, font: CjkFont, workdir: Path
) -> SheetHtml:
    """The sheet's HTML, with formulas as SVG files in `workdir`."""
    regular = font.regular
    cache = FormulaCache(regular.path, regular.index)
    math = DeferredMath(regular.path, regular.index, folder=workdir, cache=cache)
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
        # Subsetting needs the sheet's characters, so the fonts are declared last.
        context["font_faces"] = Markup(font_face_css(font, draft, workdir))
        # The version gate only: the checks of WeasyPrint's internals import it, which a
        # sheet found in the cache never needs.
        refused = patches.untested("weasyprint")
        math.prepare = refused is None
        renderer = math.finish()
    except BaseException:
        math.close()
        raise
    warnings: list[Diagnostic] = []
    for document, (_view, sheet_context) in zip(documents, built, strict=True):
        warnings.extend(_formula_warnings(document, renderer, sheet_context.origins))
    html = math.resolve(render(page, context))
    plain_paths = [*math.problems, *([refused] if refused else [])]
    return SheetHtml(html, renderer, warnings, math, plain_paths)


def write_pdf(
    documents: Sequence[Document],
    target: Path,
    options: PdfOptions,
    *,
    progress: Progress | None = None,
) -> PdfResult:
    with fewer_collections():  # the formula workers fork inside: they inherit it
        return _write_pdf(documents, target, options, progress)


# Python collects its youngest objects every 700 net allocations and, every hundred of
# those, all of them. WeasyPrint's box tree and ziamath's nodes are millions of small objects
# that live until the PDF is written, so those passes found next to nothing and cost ~20% of
# layout (the saved 1,000-formula sheet: 4.3 -> 3.5 s CPU; peak memory unchanged, 160 MB).
_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cycle collector less often for one export, then as it was."""
    before = gc.get_threshold()
    gc.set_threshold(*_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _write_pdf(
    documents: Sequence[Document], target: Path, options: PdfOptions, progress: Progress | None
) -> PdfResult:
    say = progress or (lambda _message: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    font = find_cjk_font(options.font)
    base_url = _base_url(documents)
    with scratch_folder("notes-pdf-") as work:
        say("typesetting formulas")
        sheet = build_html(documents, options, font, Path(work))
        timings["html"] = time.perf_counter() - start
        allowed = [*_image_roots(documents), *(face.path for face in font.faces)]
        lay_out = partial(layout, base_url=base_url, math_folder=Path(work), allowed=allowed)
        try:
            # Off (`--no-cache`): not even the key, which hashes every formula and font file.
            files = [str(p) for p in allowed]
            key = sheet_key(sheet.html, base_url, Path(work), files) if cache_enabled() else None
            made = _made(sheet, target, lay_out, key, say, timings)
        finally:
            sheet.formulas.close()  # workers still drawing, if the sheet came from the cache
    source = documents[0].source if documents else target
    notes = [*sheet.plain_paths, *made.notes]
    warnings = sheet.warnings + [Diagnostic(source, 1, note) for note in dict.fromkeys(notes)]
    return PdfResult(
        path=target,
        pages=made.pages,
        formulas=sheet.math.distinct,
        failed_formulas=len(sheet.math.failures),
        font=font,
        warnings=warnings,
        timings=timings,
    )


def _made(
    sheet: SheetHtml,
    target: Path,
    lay_out: Callable[[str], Any],
    key: str | None,
    say: Progress,
    timings: dict[str, float],
) -> CachedSheet:
    """The PDF at `target`: copied from the sheet cache (`key`, None if off), or laid out
    and written (and kept)."""
    made = SheetCache().get(key) if key is not None else None
    if made is not None:
        timings["layout"] = 0.0
        mark = time.perf_counter()
        with atomic_write(target) as temporary:
            temporary.write_bytes(made.pdf)
        timings["write"] = time.perf_counter() - mark
        return made
    made = _lay_out_and_write(sheet, target, lay_out, say, timings)
    if key is not None:
        SheetCache().put(key, made)
    return made


def _lay_out_and_write(
    sheet: SheetHtml,
    target: Path,
    lay_out: Callable[[str], Any],
    say: Progress,
    timings: dict[str, float],
) -> CachedSheet:
    """WeasyPrint lays the sheet out and writes it; the PDF and its warnings are returned."""
    notes = []
    formulas = sheet.formulas
    refused = patches.fast_drawing_problem() if formulas.sized_only else None
    if refused is not None:
        notes.append(refused)
        formulas.write_complete_files()
    formulas.start_drawing()  # on the other core, while this one lays out
    with WeasyLog() as log:
        say("laying out pages")
        mark = time.perf_counter()
        rendered = lay_out(sheet.html)
        timings["layout"] = time.perf_counter() - mark
        say("writing PDF")
        mark = time.perf_counter()
        drawn = formulas.finish_drawing()
        if not drawn or not _write_fast(rendered, target, formulas.prepared):
            notes.append(_UNPAINTED)
            formulas.write_complete_files()
            rendered = lay_out(sheet.html)
            _write(rendered, target)
        timings["write"] = time.perf_counter() - mark
    return CachedSheet(target.read_bytes(), len(rendered.pages), [*notes, *log.report()])


_UNPAINTED = (
    "fast formula drawing missed some formulas, so the PDF was laid out again with WeasyPrint "
    "drawing them (correct, slower; please report your WeasyPrint version)"
)


class _Unpainted(Exception):
    """The fast path left a prepared formula unpainted: that PDF must not be kept."""


def _write_fast(rendered: Any, target: Path, prepared: Mapping[str, Any]) -> bool:
    """Write with formulas painted from their prepared operators; False (and `target`
    untouched) if any prepared formula was not painted."""
    if not prepared:
        _write(rendered, target)
        return True
    try:
        with patches.fast_drawing(prepared) as drawing:
            _write(rendered, target, verify=lambda: drawing.unpainted == 0)
    except _Unpainted:
        return False
    return True


def _write(rendered: Any, target: Path, verify: Callable[[], bool] | None = None) -> None:
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
        if verify is not None and not verify():
            raise _Unpainted  # atomic_write then drops the temporary file


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
