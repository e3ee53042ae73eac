"""The patches of WeasyPrint's and ziamath's internals (exporter/pdf/patches.py): a miss or a
refused version falls back to the library's own path, warns, and the formulas are still
painted; and every patch is undone after use.

"Painted" is read from the PDF itself: fill operators in its content streams, and the first
page rendered by pdftoppm (when installed) compared with the fast path's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run
from pypdf import PdfReader

from exporter.pdf import mathjobs, patches

FORMULAS = 20


@pytest.fixture(autouse=True)
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Formulas really typeset and sheets really laid out: nothing from an earlier run."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("patches")
    lines = [f"- 第 {i} 条: $x_{{{i}}} + \\frac{{a}}{{b}}$ 与 $\\sqrt{{y_{i}}}$" for i in range(10)]
    path = folder / "twenty.md"
    path.write_text("## 公式\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fast_pdf(notes: Path) -> Path:
    out = notes.with_name("fast.pdf")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("XDG_CACHE_HOME", str(notes.with_name("cache")))
        code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0 and "warning" not in output
    return out


def fills(path: Path) -> int:
    """Fill operators in every page's content and the form XObjects it paints."""
    count = 0
    for page in PdfReader(path).pages:
        streams = [page.get_contents()]
        pending = list((page["/Resources"].get("/XObject") or {}).values())
        while pending:
            xobject = pending.pop().get_object()
            streams.append(xobject)
            resources = xobject.get("/Resources")
            if resources is not None:
                pending.extend((resources.get_object().get("/XObject") or {}).values())
        for stream in streams:
            if stream is not None:
                count += len(re.findall(rb"(?m)(?:^|\s)f\*?(?:\s|$)", stream.get_data()))
    return count


def page_image(path: Path, folder: Path) -> bytes | None:
    """The first page as grey pixels (pdftoppm, 100 dpi), or None without pdftoppm."""
    if shutil.which("pdftoppm") is None:
        return None
    prefix = folder / path.stem
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "100", "-f", "1", "-l", "1", str(path), str(prefix)],
        check=True,
    )
    (image,) = folder.glob(f"{path.stem}*.pgm")
    data = image.read_bytes()
    image.unlink()
    return data


def assert_looks_like(path: Path, reference: Path, folder: Path) -> None:
    assert fills(path) >= 2 * FORMULAS  # every formula has at least one filled outline
    mine, theirs = page_image(path, folder), page_image(reference, folder)
    if mine is None or theirs is None:
        return
    assert len(mine) == len(theirs)
    # WeasyPrint snaps a fraction bar's edge a pixel differently (~4% of the ink differs);
    # blank formulas change a third of it.
    ink = sum(1 for value in theirs if value < 128)
    differing = sum(1 for a, b in zip(mine, theirs, strict=True) if abs(a - b) > 64)
    assert differing < ink * 0.1, f"{differing} of {ink} ink pixels differ from the fast path"


def test_the_fast_path_paints_every_formula_from_prepared_operators(fast_pdf: Path) -> None:
    assert fills(fast_pdf) >= 2 * FORMULAS


def test_a_lookup_miss_falls_back_and_still_paints_every_formula(
    notes: Path, fast_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if WeasyPrint named an image's URL differently: no prepared formula is found.
    real = patches.image_url
    monkeypatch.setattr(patches, "image_url", lambda image: f"{real(image)}#moved")
    out = tmp_path / "miss.pdf"
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0
    assert output.count("fast formula drawing missed some formulas") == 1
    assert_looks_like(out, fast_pdf, tmp_path)


def test_operators_that_fail_after_layout_fall_back_and_still_paint_every_formula(
    notes: Path, fast_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workers translate SVG to operators while the sheet is laid out, so the files
    # only size the formulas by then: a translation that fails must not leave them blank.
    # Patched before the workers fork, so their translation fails too.
    monkeypatch.setattr(mathjobs, "_operators_of", lambda snippet: None)
    out = tmp_path / "undrawn.pdf"
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0
    assert output.count("fast formula drawing missed some formulas") == 1
    assert_looks_like(out, fast_pdf, tmp_path)


def test_a_drawing_worker_that_breaks_leaves_the_operators_to_this_process(
    notes: Path, fast_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mathjobs, "_draw_chunk", _broken_drawing)  # raises in the worker
    out = tmp_path / "broken.pdf"
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0 and "warning" not in output
    assert_looks_like(out, fast_pdf, tmp_path)


def _broken_drawing(snippets: list[str]) -> list[object]:
    raise MemoryError


def test_a_weasyprint_that_never_calls_the_wrapper_is_caught(
    notes: Path, fast_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patches.FastDrawing, "wrap", lambda self, original: original)
    out = tmp_path / "unwrapped.pdf"
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0 and "fast formula drawing missed" in output
    assert_looks_like(out, fast_pdf, tmp_path)


def test_an_untested_weasyprint_gets_its_plain_path(
    notes: Path, fast_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = patches.installed_version
    monkeypatch.setattr(
        patches, "installed_version", lambda name: "71.0" if name == "weasyprint" else real(name)
    )
    assert patches.fast_drawing_problem() is not None
    drawn = []
    monkeypatch.setattr(patches, "fast_drawing", lambda prepared: drawn.append(prepared))
    out = tmp_path / "untested.pdf"
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0 and not drawn  # the patch was not even entered
    assert output.count("weasyprint 71.0 is not the version its speed-ups were tested on") == 1
    assert_looks_like(out, fast_pdf, tmp_path)


def test_a_weasyprint_without_the_needed_internals_gets_its_plain_path(
    notes: Path, fast_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patches, "_STREAM_NEEDS", (*patches._STREAM_NEEDS, "add_groupe"))
    out = tmp_path / "moved.pdf"
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0 and output.count("WeasyPrint lacks add_groupe") == 1
    assert_looks_like(out, fast_pdf, tmp_path)


def test_an_untested_ziamath_typesets_unpatched(
    notes: Path, fast_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(patches.TESTED, "ziamath", ("0.99",))
    out = tmp_path / "ziamath.pdf"
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0 and output.count("ziamath 0.13 is not the version") == 1
    assert_looks_like(out, fast_pdf, tmp_path)


def test_weasyprint_is_put_back_after_the_export(fast_pdf: Path) -> None:
    from weasyprint.images import SVGImage

    assert SVGImage.draw.__module__ == "weasyprint.images"
    assert SVGImage.draw.__qualname__ == "SVGImage.draw"
    assert SVGImage.get_intrinsic_size.__qualname__ == "SVGImage.get_intrinsic_size"


def test_svg_sizes_are_asked_once_and_come_out_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.images import SVGImage

    from exporter.pdf.weasy import layout

    real = SVGImage.get_intrinsic_size
    calls: list[float] = []

    def counting(self: object, resolution: float, font_size: float) -> object:
        calls.append(font_size)
        return real(self, resolution, font_size)

    monkeypatch.setattr(SVGImage, "get_intrinsic_size", counting)
    svg = tmp_path / "f.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 -8 20 10"></svg>')
    image = f'<img src="{svg.name}" style="width:2em;vertical-align:-0.2em">'
    html = "<p>" + f"a {image} b " * 200 + "</p>"
    sizes = []
    versions = patches.TESTED["weasyprint"]
    for tested in (False, True):
        monkeypatch.setitem(patches.TESTED, "weasyprint", versions if tested else ())
        calls.clear()
        document = layout(html, base_url=tmp_path.as_uri() + "/")
        boxes = [box for page in document.pages for box in page._page_box.descendants()]
        sizes.append([(b.position_x, b.position_y, b.width, b.height) for b in boxes])
        if tested:
            assert len(calls) == len(set(calls))  # once per font size
        else:
            assert len(calls) >= 200  # the plain path asks at every use
    assert sizes[0] == sizes[1]
    assert SVGImage.get_intrinsic_size is counting  # put back after layout


def test_ziamath_is_put_back_after_each_formula() -> None:
    import dataclasses

    from exporter.pdf import ziasetup

    ziamath = ziasetup.load()
    from ziamath import styles
    from ziamath.nodes.mrow import Mrow
    from ziamath.zmath import loadedfonts

    from exporter.pdf.mathsvg import render_svg

    render_svg("x", display=False)  # ziamath loaded, as an export has it
    svg2, precision = ziamath.config.svg2, ziamath.config.precision
    seen = []
    with patches.ziamath_patched(lambda char, variant: seen.append(char)):
        assert styles.asdict is vars and ziamath.config.svg2 is False
        assert Mrow._get_height_nostretch.__module__ == patches.__name__
        loadedfonts["default"].findglyph("x", None)
    assert seen == ["x"]
    render_svg(r"\left( \frac{a}{b} \right)", display=True)
    assert styles.asdict is dataclasses.asdict
    assert Mrow._get_height_nostretch.__module__ == "ziamath.nodes.mrow"
    assert "findglyph" not in vars(loadedfonts["default"])
    assert (ziamath.config.svg2, ziamath.config.precision) == (svg2, precision)


def test_a_failed_ziamath_check_falls_back_instead_of_raising(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from exporter.pdf.mathsvg import render_svg

    tex = r"\sum_{i=1}^{n} \frac{x_i}{2}"
    expected = render_svg(tex, display=False)

    def moved() -> None:
        raise AttributeError("ziamath.styles.asdict")

    monkeypatch.setattr(patches, "_styles_target", moved)
    assert render_svg(tex, display=False) == expected
    assert any("'styles' unavailable" in problem for problem in patches.ziamath_problems(True))
