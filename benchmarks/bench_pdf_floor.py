"""The floor under a cold `export pdf`: WeasyPrint alone on the sheet's own HTML
(run: `uv run python benchmarks/bench_pdf_floor.py [--questions N] [--points N]`).

The input is bench_pdf_vs_xelatex.py's (Latin words for the Chinese, every formula distinct).
The sheet's HTML, formula files and font subsets are made once; then fresh processes time
only what WeasyPrint does with them (load, lay out, write), in three variants:

- as is: formulas as `<img>` of sized SVG files, painted from prepared operators;
- boxes: every formula an empty inline-block of the same size (what any formula costs the
  line breaker, with no image to fetch, size or paint);
- none: no formulas at all (fewer pages: the formulas take room).

If even "none" takes longer than pandoc → xelatex on the same notes, no change to how this
tool typesets formulas can make the cold export faster than xelatex while WeasyPrint lays
out the pages. Medians of RUNS fresh processes, wall and CPU; it prints and never fails.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.bench_pdf_vs_xelatex import latin_notes  # noqa: E402
from benchmarks.common import machine, timed_run  # noqa: E402

RUNS = 3
VARIANTS = ("as is", "boxes", "none")

# Run in a fresh process: `python bench_pdf_floor.py --alone FOLDER VARIANT`.
_IMG = re.compile(
    r'<img class="math-svg" src="file://([^"]+)"[^>]*'
    r'style="width:([\d.]+)em(?:;vertical-align:([-\d.]+)em)?"[^>]*>'
)


def prepare(notes: Path, folder: Path) -> int:
    """The sheet's HTML and its files in `folder`; returns its formula count."""
    os.environ["NOTES_EXPORTER_NO_CACHE"] = "1"
    from exporter.parse import parse_file
    from exporter.pdf.fonts import find_cjk_font
    from exporter.pdf.writer import PdfOptions, build_html

    work = folder / "work"
    work.mkdir()
    sheet = build_html([parse_file(notes)], PdfOptions(), find_cjk_font(None), work.resolve())
    try:
        sheet.formulas.start_drawing()
        sheet.formulas.finish_drawing()
    finally:
        sheet.formulas.close()
    (folder / "sheet.html").write_text(sheet.html, encoding="utf-8")
    (folder / "prepared.pkl").write_bytes(pickle.dumps(dict(sheet.formulas.prepared)))
    return sheet.math.distinct


def _box(match: re.Match[str]) -> str:
    svg = Path(match.group(1)).read_text(encoding="utf-8")
    viewbox = re.search(r'viewBox="([^"]+)"', svg)
    _x, _y, width, height = (
        (float(v) for v in viewbox.group(1).split()) if viewbox else (0, 0, 1, 1)
    )
    em = float(match.group(2))
    align = f";vertical-align:{match.group(3)}em" if match.group(3) else ""
    return (
        f'<span style="display:inline-block;width:{em}em;'
        f'height:{em * height / width:.3f}em{align}"></span>'
    )


def alone(folder: Path, variant: str) -> None:
    """WeasyPrint only: load it, lay the sheet out, write the PDF."""
    from exporter.pdf import patches
    from exporter.pdf.weasy import layout, load
    from exporter.pdf.writer import fewer_collections

    load()
    html = (folder / "sheet.html").read_text(encoding="utf-8")
    work = (folder / "work").resolve()
    if variant == "boxes":
        html = _IMG.sub(_box, html)
    elif variant == "none":
        html = _IMG.sub("", html)
    prepared = pickle.loads((folder / "prepared.pkl").read_bytes()) if variant == "as is" else {}
    with fewer_collections():  # as an export runs it
        document = layout(html, base_url=work.as_uri() + "/", math_folder=work, allowed=[work])
        with patches.fast_drawing(prepared):
            document.write_pdf(folder / f"{variant}.pdf")


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--alone", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.alone:
        alone(Path(args.alone[0]), args.alone[1])
        return
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        notes = folder / "latin.md"
        notes.write_text(latin_notes(args.questions, args.points), encoding="utf-8")
        print(f"input: {args.questions} questions, {args.points} key points")
        print(f"sheet HTML made once: {prepare(notes, folder)} distinct formulas")
        for variant in VARIANTS:
            command = [sys.executable, __file__, "--alone", str(folder), variant]
            timed_run(command)  # warm-up: bytecode, fontconfig
            times = [timed_run(command) for _ in range(RUNS)]
            wall = statistics.median(t.wall for t in times)
            cpu = statistics.median(t.cpu for t in times)
            count = pages(folder / f"{variant}.pdf")
            print(
                f"WeasyPrint alone, formulas {variant}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
                f"{count} pages"
            )
        if shutil.which("pandoc") and shutil.which("xelatex"):
            out = folder / "xelatex.pdf"
            command = ["pandoc", str(notes), "-o", str(out), "--pdf-engine=xelatex"]
            timed_run(command)
            times = [timed_run(command) for _ in range(RUNS)]
            print(
                f"pandoc → xelatex, same notes: {statistics.median(t.wall for t in times):.2f}"
                f" s wall, {pages(out)} pages"
            )
        else:
            print("pandoc → xelatex: skipped (not installed)")


if __name__ == "__main__":
    main()
