"""Typeset a sheet's formulas together, in worker processes when there are many.

Fragments are rendered with a placeholder per formula; the formulas are then typeset in
one batch (forked workers on Linux, which also overlaps them with WeasyPrint's start-up in
the main process) and swapped in at the end. ziamath is pure Python, so processes, not
threads, are what use a second core.

Each distinct formula becomes one SVG file that the HTML references with `<img>`: WeasyPrint
then parses it once however often it is used (an inline `<svg>` is parsed, styled and laid
out anew at every use, which made a 1,000-formula sheet twice as slow and large).

A formula's PDF operators (for patches.fast_drawing) are needed only when the PDF is
written, not for layout, which needs only its size. So the workers typeset, and translate
SVG to operators afterwards (`start_drawing`/`finish_drawing`) while this process lays the
pages out on the other core: that took ~1.3 s off the 1,000-formula sheet's wait for its
formulas. A formula whose operators then fail has only a sized file: the writer completes
the files and lays out again (the plain path).
"""

from __future__ import annotations

import html
import os
import re
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .formulacache import Entry, FormulaCache, Operators
from .mathsvg import MathRenderer, typeset
from .patches import ziamath_problems
from .pdfpaths import ViewBox, pdf_operators

# Below this many formulas a pool costs more than it saves.
_PARALLEL_FROM = 16
_MANY = 100
_PLACEHOLDER = "\ue010{}\ue011"
_PLACEHOLDER_RE = re.compile("\ue010(\\d+)\ue011")

Job = tuple[str, bool]
Result = tuple[str, bool, str, str | None, Operators]
Batch = tuple[list[Result], list[str]]  # and what ziamath patches could not be used


class DeferredMath:
    """A math policy for `render_markdown` that defers typesetting to `start`/`finish`."""

    def __init__(
        self,
        cjk_font: Path | None,
        cjk_index: int = 0,
        *,
        folder: Path | None = None,
        workers: int | None = None,
        prepare: bool = False,
        cache: FormulaCache | None = None,
    ) -> None:
        self.renderer = MathRenderer(cjk_font, cjk_index)
        self._cache = cache
        self._pending: list[Job] | None = None  # the jobs the cache did not have
        self.typeset_count = 0  # formulas typeset this run (not found in the cache)
        self._folder = folder
        self._images: dict[int, str] = {}
        self._operators: dict[Job, Operators] = {}
        # With `prepare`, a formula whose SVG pdfpaths.py translates gets a file that only
        # sizes it, and its operators here for patches.fast_drawing to paint by URL.
        self.prepare = prepare
        self.prepared: dict[str, tuple[ViewBox, bytes]] = {}
        self._sized_only: dict[int, Path] = {}
        # Typeset by a worker, operators still to come: index → (job, snippet, image URL).
        self._undrawn: dict[int, tuple[Job, str, str]] = {}
        self._drawing: Future[list[Operators]] | None = None
        self.problems: dict[str, None] = {}  # ziamath patches not used, said once each
        self._cjk = (cjk_font, cjk_index)
        self._jobs: list[Job] = []
        self._index: dict[Job, int] = {}
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[Batch]] = []
        self._undrawn_jobs: set[Job] = set()  # typeset by a worker without operators

    def __call__(self, tex: str, display: bool) -> str:
        key = (tex, display)
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = len(self._jobs)
            self._jobs.append(key)
        return _PLACEHOLDER.format(index)

    def start(self) -> None:
        """Begin typesetting in the background when that pays off; returns at once."""
        pending = self._uncached()
        workers = self._worker_count(len(pending))
        if workers < 1 or len(pending) < _PARALLEL_FROM:
            return
        chunks = [pending[i :: workers * 4] for i in range(workers * 4)]
        try:
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            self._futures = [
                self._pool.submit(_typeset_chunk, chunk, *self._cjk, operators=False)
                for chunk in chunks
                if chunk
            ]
        except (OSError, ValueError):  # no fork, no processes: typeset here instead
            self._shutdown()

    def finish(self) -> MathRenderer:
        """Wait for the batch (or typeset here); every formula is in the renderer after."""
        try:
            for future in self._futures:
                results, problems = future.result()
                self.problems.update(dict.fromkeys(problems))
                for tex, display, snippet, reason, _none in results:
                    # A typeset formula is stored once its operators are drawn (finish_drawing).
                    self._add(tex, display, (snippet, reason, None), store=reason is not None)
                    if reason is None:
                        self._undrawn_jobs.add((tex, display))
        except Exception:  # a broken pool: whatever is missing is typeset below
            self._shutdown()
        self._futures = []
        if not self._undrawn_jobs:
            self._shutdown()  # nothing left for the workers to draw
        here = [job for job in self._uncached() if job not in self._operators]
        if here:
            results, problems = _typeset_chunk(here, *self._cjk)
            self.problems.update(dict.fromkeys(problems))
            for tex, display, snippet, reason, operators in results:
                self._add(tex, display, (snippet, reason, operators))
        return self.renderer

    def _uncached(self) -> list[Job]:
        """The jobs to typeset; those the disk cache has are taken from it (once)."""
        if self._pending is None:
            self._pending = []
            for tex, display in self._jobs:
                entry = self._cache.get(tex, display) if self._cache is not None else None
                if entry is None:
                    self._pending.append((tex, display))
                else:
                    self._add(tex, display, entry, store=False)
            self.typeset_count = len(self._pending)
        return self._pending

    def _add(self, tex: str, display: bool, entry: Entry, *, store: bool = True) -> None:
        snippet, reason, operators = entry
        self.renderer.add(tex, display, snippet, reason)
        self._operators[(tex, display)] = operators
        if store and self._cache is not None:
            self._cache.put(tex, display, entry)

    def close(self) -> None:
        """Stop the workers without waiting for their results (the export failed)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._futures = []
        self._drawing = None

    def resolve(self, html: str) -> str:
        return _PLACEHOLDER_RE.sub(lambda m: self._snippet(int(m.group(1))), html)

    def _snippet(self, index: int) -> str:
        snippet = self._images.get(index)
        if snippet is None:
            tex, display = self._jobs[index]
            snippet = self.renderer(tex, display)
            if self._folder is not None and "<svg" in snippet:
                key = (tex, display)
                path = self._folder / f"math-{index}.svg"
                url = path.resolve().as_uri()
                undrawn = key in self._undrawn_jobs
                if undrawn:
                    self._undrawn[index] = (key, snippet, url)
                operators = None
                if self.prepare and not undrawn:
                    if key not in self._operators:
                        self._operators[key] = _operators_of(snippet)
                    operators = self._operators[key]
                sized_only = operators is not None or (self.prepare and undrawn)
                snippet = _as_image(snippet, tex, path, sized_only)
                if operators is not None:
                    self.prepared[url] = operators
                if sized_only:
                    self._sized_only[index] = path
            self._images[index] = snippet
        return snippet

    def write_complete_files(self) -> None:
        """Give every formula file its whole SVG, for WeasyPrint to draw itself (the plain
        path, when the prepared operators could not all be painted)."""
        for index, path in self._sized_only.items():
            tex, display = self._jobs[index]
            _as_image(self.renderer(tex, display), tex, path, sized_only=False)
        self._sized_only.clear()
        self.prepared.clear()

    @property
    def sized_only(self) -> bool:
        """Whether some formula file only sizes its image (its operators paint it)."""
        return bool(self._sized_only)

    def start_drawing(self) -> None:
        """Translate the workers' SVGs to operators in one worker, returning at once: this
        process lays out meanwhile, so one worker is all the second core can take."""
        if not self._undrawn or self._pool is None:
            return
        snippets = [snippet for _key, snippet, _url in self._undrawn.values()]
        try:
            self._drawing = self._pool.submit(_draw_chunk, snippets)
        except RuntimeError:  # the pool broke: finish_drawing translates them here
            self._drawing = None

    def finish_drawing(self) -> bool:
        """Wait for the operators; True unless a sized-only formula got none (then its
        file must be completed and the sheet laid out again)."""
        drawn: list[Operators] = []
        if self._drawing is not None:
            try:
                drawn = self._drawing.result()
            except Exception:  # a broken pool: translated below, here
                drawn = []
        self._shutdown()
        complete = True
        undrawn = list(self._undrawn.items())
        if len(drawn) != len(undrawn):
            drawn = [_operators_of(snippet) for _key, snippet, _url in self._undrawn.values()]
        for (index, (key, snippet, url)), operators in zip(undrawn, drawn, strict=True):
            self._operators[key] = operators
            if self._cache is not None:
                self._cache.put(*key, (snippet, None, operators))
            if index not in self._sized_only:
                continue  # its file is complete already: WeasyPrint draws it
            if operators is None:
                complete = False
            else:
                self.prepared[url] = operators
        self._undrawn.clear()
        self._undrawn_jobs.clear()
        return complete

    def _worker_count(self, jobs: int) -> int:
        if not sys.platform.startswith("linux"):
            return 0  # fork is Linux's; elsewhere typeset in this process
        if self._workers is not None:
            return self._workers
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
        if jobs < _MANY:
            # A short batch ends about when this process has loaded WeasyPrint, so
            # leave it a core: one worker beside it beats two competing with it.
            cores -= 1
        return max(1, min(cores, 8))

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures = []
        self._drawing = None


_SVG_RE = re.compile(r"<svg [^>]*>.*</svg>", re.S)
_SIZE_RE = re.compile(r' (width|height)="([\d.]+em)"')
_STYLE_RE = re.compile(r' style="([^"]*)"')


def _operators_of(snippet: str) -> Operators:
    match = _SVG_RE.search(snippet)
    return pdf_operators(match.group(0)) if match else None


def _as_image(snippet: str, tex: str, path: Path, sized_only: bool = False) -> str:
    """`<svg width=.. height=.. style=..>` → that SVG in a file + an `<img>` sized alike.

    Only the width is given: the height follows from the viewBox, so a display formula
    that `max-width` scales down keeps its proportions.
    """
    match = _SVG_RE.search(snippet)
    if match is None:
        return snippet
    svg = match.group(0)
    opening = svg[: svg.index(">") + 1]
    sizes = dict(_SIZE_RE.findall(opening))
    style_match = _STYLE_RE.search(opening)
    bare = _STYLE_RE.sub("", _SIZE_RE.sub("", opening))
    url = path.resolve().as_uri()
    if sized_only:
        # WeasyPrint only sizes this image; patches.fast_drawing paints its operators.
        path.write_text(bare + "</svg>", encoding="utf-8")
    else:
        path.write_text(bare + svg[len(opening) :], encoding="utf-8")
    style = f"width:{sizes.get('width', 'auto')}"
    if style_match:
        style += ";" + style_match.group(1)
    image = f'<img class="math-svg" src="{url}" alt="{html.escape(tex)}" style="{style}">'
    return snippet[: match.start()] + image + snippet[match.end() :]


def _typeset_chunk(
    jobs: list[Job], cjk_font: Path | None, cjk_index: int, *, operators: bool = True
) -> Batch:
    """Typeset `jobs`; their operators too unless `operators` is False (drawn later)."""
    results: list[Result] = []
    for tex, display in jobs:
        snippet, reason = typeset(tex, display, cjk_font, cjk_index)
        drawn = _operators_of(snippet) if reason is None and operators else None
        results.append((tex, display, snippet, reason, drawn))
    return results, ziamath_problems(cjk_font is not None)


def _draw_chunk(snippets: list[str]) -> list[Operators]:
    return [_operators_of(snippet) for snippet in snippets]
