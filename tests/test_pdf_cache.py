"""The formula cache on disk (exporter/pdf/formulacache.py over exporter/cache.py): a re-export
typesets nothing, a one-line edit typesets only the formula it changed, the PDF is the same
with and without the cache, and a corrupt entry is a miss, never an error."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run
from pypdf import PdfReader

from exporter.cache import ENV_DISABLE, DiskCache
from exporter.pdf import mathjobs
from exporter.pdf.formulacache import FormulaCache

LINES = [f"- 第 {i} 条: $x_{{{i}}}^2 + \\frac{{a}}{{b}}$ 与 $\\sqrt{{y_{i}}}$" for i in range(6)]
DISTINCT = 2 * len(LINES)  # `\frac{a}{b}` is part of each first formula, so all differ


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fresh cache folder, formulas typeset in this process, and every typeset recorded."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(ENV_DISABLE, raising=False)
    monkeypatch.setattr(mathjobs.DeferredMath, "_worker_count", lambda self, jobs: 0)
    calls: list[str] = []
    real = mathjobs.typeset

    def typeset(tex: str, *args: object) -> tuple[str, str | None]:
        calls.append(tex)
        return real(tex, *args)

    monkeypatch.setattr(mathjobs, "typeset", typeset)
    return calls


def export(notes: Path, lines: list[str], out: Path) -> str:
    notes.write_text("## 公式\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0, output
    return output


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_a_re_export_typesets_only_the_changed_formula(tmp_path: Path, counted: list[str]) -> None:
    notes = tmp_path / "notes.md"
    export(notes, LINES, tmp_path / "1.pdf")
    assert len(counted) == DISTINCT
    counted.clear()
    export(notes, LINES, tmp_path / "2.pdf")
    assert counted == []
    edited = [*LINES[:3], LINES[3].replace("y_3", "z_3"), *LINES[4:]]
    export(notes, edited, tmp_path / "3.pdf")
    assert counted == [r"\sqrt{z_3}"]


def test_the_pdf_is_the_same_with_and_without_the_cache(
    tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.md"
    export(notes, LINES, tmp_path / "cold.pdf")
    export(notes, LINES, tmp_path / "warm.pdf")
    monkeypatch.setenv(ENV_DISABLE, "1")
    counted.clear()
    export(notes, LINES, tmp_path / "uncached.pdf")
    assert len(counted) == DISTINCT  # really typeset again
    pdfs = [tmp_path / name for name in ("cold.pdf", "warm.pdf", "uncached.pdf")]
    assert len({pdf_text(pdf) for pdf in pdfs}) == 1
    assert len({len(PdfReader(pdf).pages) for pdf in pdfs}) == 1
    if shutil.which("pdftoppm"):
        pages = []
        for pdf in pdfs:
            subprocess.run(
                ["pdftoppm", "-gray", "-r", "80", "-f", "1", "-l", "1", pdf, pdf.with_suffix("")],
                check=True,
            )
            pages.append(next(tmp_path.glob(f"{pdf.stem}*.pgm")).read_bytes())
        assert pages[0] == pages[1] == pages[2]


def test_corrupt_entries_are_typeset_again(tmp_path: Path, counted: list[str]) -> None:
    notes = tmp_path / "notes.md"
    export(notes, LINES, tmp_path / "1.pdf")
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:40])  # truncated, as by a crash or a full disk
    counted.clear()
    export(notes, LINES, tmp_path / "2.pdf")
    assert len(counted) == DISTINCT
    assert pdf_text(tmp_path / "1.pdf") == pdf_text(tmp_path / "2.pdf")


@pytest.mark.parametrize("payload", [b"not json", b"{}", b'{"snippet": 3, "reason": null}'])
def test_an_entry_that_is_not_ours_is_a_miss(tmp_path: Path, payload: bytes) -> None:
    store = DiskCache("formulas", root=tmp_path)
    cache = FormulaCache(None, 0, store)
    cache.put("x", False, ("<svg/>", None, ((0.0, 0.0, 1.0, 1.0), b"0 0 1 1 re f")))
    assert cache.get("x", False) == ("<svg/>", None, ((0.0, 0.0, 1.0, 1.0), b"0 0 1 1 re f"))
    store.put(cache._key("x", False), payload)
    assert cache.get("x", False) is None


def test_the_font_and_display_mode_are_part_of_the_key(tmp_path: Path) -> None:
    store = DiskCache("formulas", root=tmp_path)
    font = tmp_path / "font.otf"
    font.write_bytes(b"x")
    inline = FormulaCache(font, 0, store)
    inline.put("x", False, ("inline", None, None))
    assert inline.get("x", True) is None
    assert FormulaCache(font, 1, store).get("x", False) is None
    font.write_bytes(b"another font")
    assert FormulaCache(font, 0, store).get("x", False) is None


# --- whole sheets ----------------------------------------------------------------------


@pytest.fixture
def layouts(counted: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every WeasyPrint layout of the run, recorded."""
    from exporter.pdf import writer

    calls: list[str] = []
    real = writer.layout

    def layout(html: str, **kwargs: object) -> object:
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(writer, "layout", layout)
    return calls


def test_an_unchanged_sheet_is_copied_not_laid_out(tmp_path: Path, layouts: list[str]) -> None:
    notes = tmp_path / "notes.md"
    first = export(notes, [*LINES, "- 无解的 $\\frac{a}$"], tmp_path / "1.pdf")
    assert len(layouts) == 1
    second = export(notes, [*LINES, "- 无解的 $\\frac{a}$"], tmp_path / "2.pdf")
    assert len(layouts) == 1  # the same warnings, replayed
    assert second.replace("2.pdf", "1.pdf") == first
    assert "formula cannot be typeset" in second
    assert (tmp_path / "1.pdf").read_bytes() == (tmp_path / "2.pdf").read_bytes()
    export(notes, [*LINES[:-1], LINES[-1] + " 多一句"], tmp_path / "3.pdf")
    assert len(layouts) == 2


def test_a_changed_image_is_laid_out_again(tmp_path: Path, layouts: list[str]) -> None:
    notes = tmp_path / "notes.md"
    image = tmp_path / "figure.png"
    shutil.copy(Path(__file__).parent / "fixtures" / "img" / "a b.png", image)
    export(notes, [*LINES, "", "![图](figure.png)"], tmp_path / "1.pdf")
    image.write_bytes(image.read_bytes() + b"\0")  # same path, new content and size
    export(notes, [*LINES, "", "![图](figure.png)"], tmp_path / "2.pdf")
    assert len(layouts) == 2


def test_a_corrupt_sheet_entry_is_laid_out_again(tmp_path: Path, layouts: list[str]) -> None:
    notes = tmp_path / "notes.md"
    export(notes, LINES, tmp_path / "1.pdf")
    for entry in (tmp_path / "cache").rglob("sheets/*/*"):
        entry.write_bytes(b"garbage")
    export(notes, LINES, tmp_path / "2.pdf")
    assert len(layouts) == 2
    assert pdf_text(tmp_path / "1.pdf") == pdf_text(tmp_path / "2.pdf")


def test_only_the_newest_sheets_are_kept(tmp_path: Path) -> None:
    from exporter.pdf.sheetcache import KEEP, CachedSheet, SheetCache

    sheets = SheetCache(DiskCache("sheets", root=tmp_path))
    for index in range(KEEP + 3):
        sheets.put(f"{index:064x}", CachedSheet(b"%PDF-1.7 x", 1, [f"note {index}"]))
    kept = [p for p in (tmp_path / "sheets").rglob("*") if p.is_file()]
    assert len(kept) == KEEP
    assert sheets.get(f"{KEEP + 2:064x}") == CachedSheet(b"%PDF-1.7 x", 1, [f"note {KEEP + 2}"])


def test_links_within_the_sheet_do_not_defeat_the_cache(tmp_path: Path, layouts: list[str]) -> None:
    """`href="#…"` resolves to the notes' folder, whose mtime every written file changes."""
    notes = tmp_path / "pdf_notes.md"
    shutil.copy(Path(__file__).parent / "fixtures" / "pdf_notes.md", notes)
    for name in ("1.pdf", "2.pdf"):
        code, output = run("pdf", str(notes), "-o", str(tmp_path / name))
        assert code == 0, output
        (tmp_path / f"{name}.note").write_text("the folder changes between the runs")
    assert 'href="#' in layouts[0]
    assert len(layouts) == 1


def test_formulas_typeset_in_workers_are_stored_with_their_operators(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Workers draw the operators only while the sheet is laid out: the entry waits for them,
    # or a re-export would find no operators and leave every formula to WeasyPrint.
    from exporter.pdf.fonts import find_cjk_font

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(ENV_DISABLE, raising=False)
    many = 12  # enough formulas for the worker processes (mathjobs._PARALLEL_FROM)
    lines = [
        f"- 第 {i} 条: $x_{{{i}}}^2 + \\frac{{a}}{{b}}$ 与 $\\sqrt{{y_{i}}}$" for i in range(many)
    ]
    export(tmp_path / "notes.md", lines, tmp_path / "cold.pdf")
    font = find_cjk_font().regular
    formulas = FormulaCache(font.path, font.index)
    for i in range(many):
        for tex in (f"x_{{{i}}}^2 + \\frac{{a}}{{b}}", f"\\sqrt{{y_{i}}}"):
            entry = formulas.get(tex, False)
            assert entry is not None and entry[2] is not None, tex


def test_another_font_setup_lays_the_sheet_out_again(
    tmp_path: Path, layouts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """System fonts fill in glyphs no declared font has: a font installed later, or another
    fontconfig configuration, must not be answered with a sheet drawn without it."""
    from exporter.pdf import sheetcache

    fonts = tmp_path / "fonts"
    (fonts / "truetype").mkdir(parents=True)
    monkeypatch.setattr(sheetcache, "FONT_FOLDERS", (str(fonts),))
    notes = tmp_path / "notes.md"
    export(notes, LINES, tmp_path / "1.pdf")
    export(notes, LINES, tmp_path / "2.pdf")
    assert len(layouts) == 1
    (fonts / "truetype" / "new.ttf").write_bytes(b"a font")
    export(notes, LINES, tmp_path / "3.pdf")
    assert len(layouts) == 2
    config = tmp_path / "fonts.conf"
    config.write_text("<fontconfig></fontconfig>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    export(notes, LINES, tmp_path / "4.pdf")
    assert len(layouts) == 3
