"""`export pdf` end to end: real WeasyPrint, text read back with pypdf.

Each test renders a real PDF (1-3 s), so the fixtures are small and a rendered PDF is
shared where the tests only read it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run
from markdown_outline import read_outline
from pypdf import PdfReader

from exporter.model import Document
from exporter.parse import parse_file

A4 = (595.28, 841.89)  # points


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def squash(text: str) -> str:
    """Drop whitespace: extraction breaks lines at column edges and may space CJK."""
    return re.sub(r"\s+", "", text)


def plain(markdown: str) -> str:
    """What a Markdown title prints as text: formulas become vector art with no text."""
    text = re.sub(r"\$\$.+?\$\$|\$[^$]+\$", "", markdown)
    return squash(text.replace("**", "").replace("`", ""))


def assert_in_order(haystack: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"missing or out of order: {needle!r}"
        position = found + len(needle)


def expected_strings(document: Document) -> list[str]:
    """Every heading and `N.question`, read from the Markdown source with a few regular
    expressions (markdown_outline), not from the parser under test."""
    return read_outline(document.source).in_order


def embedded_fonts(path: Path) -> list[tuple[str, bool]]:
    """(BaseFont, has an embedded font file) for every font the pages use."""
    fonts = []
    for page in PdfReader(path).pages:
        resources = page.get("/Resources")
        for font in (resources.get("/Font") or {}).values() if resources else []:
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append((str(font.get("/BaseFont")), embedded))
    return fonts


@pytest.fixture(scope="module")
def notes_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("pdf") / "notes.pdf"
    code, output = run("pdf", str(FIXTURES / "pdf_notes.md"), "-o", str(out))
    assert code == 0, output
    return out, output


def test_sheet_is_a4_with_sane_page_count(notes_pdf: tuple[Path, str]) -> None:
    path, output = notes_pdf
    reader = PdfReader(path)
    assert 1 <= len(reader.pages) <= 3
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - A4[0]) < 1 and abs(float(box.height) - A4[1]) < 1
    assert f"wrote {path}: {len(reader.pages)} page" in output


def test_cjk_font_is_embedded(notes_pdf: tuple[Path, str]) -> None:
    fonts = embedded_fonts(notes_pdf[0])
    assert any("Notes-Sheet-CJK" in name and embedded for name, embedded in fonts), fonts
    assert all(embedded for _name, embedded in fonts), fonts


def test_every_section_and_question_is_printed_in_order(notes_pdf: tuple[Path, str]) -> None:
    document = parse_file(FIXTURES / "pdf_notes.md")
    text = squash(pdf_text(notes_pdf[0]))
    assert_in_order(text, expected_strings(document))
    # answers, follow-ups and the named note section of each question
    assert "减去基线" in text and "基线可以依赖动作吗?" in text
    assert_in_order(text, ["2.优势函数为什么能降低方差?", "→优势函数", "3.裁剪目标"])


def test_no_tex_left_in_text(notes_pdf: tuple[Path, str]) -> None:
    text = pdf_text(notes_pdf[0])
    assert "$" not in text
    for command in ("\\frac", "\\mathbb", "\\theta", "\\text", "\\sum", "_{", "^{"):
        assert command not in text


def test_page_header_and_footer(notes_pdf: tuple[Path, str]) -> None:
    text = pdf_text(notes_pdf[0])
    pages = len(PdfReader(notes_pdf[0]).pages)
    assert f"1 / {pages}" in text
    assert text.count("策略梯度速记") >= 2  # title block and running header


def test_questions_only_drops_answers(tmp_path: Path) -> None:
    out = tmp_path / "self-test.pdf"
    code, _ = run("pdf", str(FIXTURES / "pdf_notes.md"), "--questions-only", "-o", str(out))
    assert code == 0
    text = squash(pdf_text(out))
    document = parse_file(FIXTURES / "pdf_notes.md")
    assert_in_order(text, [plain(q.text) for q in document.questions])
    assert "基线可以依赖动作吗?" in text  # follow-ups stay
    assert "减去基线" not in text and "期望回报" not in text  # answers and notes go


def test_two_columns(tmp_path: Path) -> None:
    out = tmp_path / "two.pdf"
    code, _ = run("pdf", str(FIXTURES / "pdf_notes.md"), "--columns", "2", "-o", str(out))
    assert code == 0
    document = parse_file(FIXTURES / "pdf_notes.md")
    assert_in_order(squash(pdf_text(out)), expected_strings(document))


def test_user_draft(user_draft: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.pdf"
    code, output = run("pdf", str(user_draft), "-o", str(out))
    assert code == 0, output
    assert "shown as TeX" not in output  # every formula of the draft typesets
    document = parse_file(user_draft)
    text = pdf_text(out)
    assert_in_order(squash(text), expected_strings(document))
    # the draft's preamble quotes its editing rule "'$' 或 '$$'" in a code block; no other
    # `$` may be left, and no formula may print as TeX
    assert text.count("$") == 3 and "'$' 或 '$$'" in text
    assert "\\frac" not in text and "\\theta" not in text
    assert "→PPO-Clip算法详解" in squash(text) or "→策略损失" in squash(text)


# --- a fresh machine: no fonts at all known to fontconfig --------------------------------


def empty_fontconfig(folder: Path) -> Path:
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><cachedir>{folder / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return config


def pdf_on_a_fresh_machine(notes: Path, out: Path, folder: Path) -> subprocess.CompletedProcess:
    """`export pdf` in a process whose fontconfig knows no font at all."""
    env = {**os.environ, "FONTCONFIG_FILE": str(empty_fontconfig(folder))}
    return subprocess.run(
        [sys.executable, "-m", "exporter", "pdf", str(notes), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_fresh_machine_prints_chinese(tmp_path: Path) -> None:
    out = tmp_path / "fresh.pdf"
    result = pdf_on_a_fresh_machine(FIXTURES / "pdf_notes.md", out, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "font Noto Sans SC (bundled)" in result.stderr
    assert ".notdef" not in result.stderr and "no glyph" not in result.stderr
    assert "Traceback" not in result.stderr
    text = squash(pdf_text(out))
    assert_in_order(text, ["策略梯度基础", "优势函数", "方差与偏差", "面试问题清单"])
    fonts = embedded_fonts(out)
    assert fonts and all("Notes-Sheet-CJK" in name for name, _ in fonts), fonts


def test_copied_text_keeps_the_characters_shaping_substituted(tmp_path: Path) -> None:
    """With only the bundled font, HarfBuzz sets a `"` beside Chinese and the `ff` of "Off"
    as glyphs the font's cmap does not name; the PDF's text must still read `"` and `ff`
    (it read `ѵ` and `ϻ` when the ToUnicode map came from the cmap)."""
    notes = tmp_path / "quotes.md"
    notes.write_text('## 引号\n\n- 有人说 "Off-Policy 更省样本", 对吗?\n', encoding="utf-8")
    out = tmp_path / "quotes.pdf"
    result = pdf_on_a_fresh_machine(notes, out, tmp_path)
    assert result.returncode == 0, result.stderr
    assert '有人说"Off-Policy更省样本",对吗?' in squash(pdf_text(out))


def test_without_harfbuzz_subset_the_font_is_cut_down_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fontTools path a machine without libharfbuzz-subset takes."""
    from exporter.pdf import fonts, hbsubset

    monkeypatch.setattr(fonts, "harfbuzz_subset_available", lambda: False)
    monkeypatch.setattr(hbsubset, "subset", lambda *args: None)  # the C subsetter missing too
    # no other fonts to hide a glyph the cut-down font lacks (list markers, say)
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty_fontconfig(tmp_path)))
    out = tmp_path / "subset.pdf"
    code, output = run("pdf", str(FIXTURES / "pdf_notes.md"), "-o", str(out))
    assert code == 0 and "no glyph" not in output
    assert "策略梯度基础" in squash(pdf_text(out))
    assert out.stat().st_size < 2_000_000
    fonts_used = embedded_fonts(out)
    assert fonts_used and all("Notes-Sheet-CJK" in name for name, _ in fonts_used), fonts_used


# --- formulas that cannot be typeset, fonts and templates --------------------------------


def test_unrenderable_formula_is_a_warning_with_its_line(tmp_path: Path) -> None:
    out = tmp_path / "bad.pdf"
    code, output = run("pdf", str(FIXTURES / "pdf_bad_formula.md"), "-o", str(out))
    assert code == 0 and out.is_file()
    assert re.search(r"warning: \S*pdf_bad_formula\.md:4: formula cannot be typeset", output)
    assert re.search(r"warning: \S*pdf_bad_formula\.md:5: formula cannot be typeset", output)
    assert "2 shown as TeX" in output
    text = pdf_text(out)
    assert "\\frac{a}" in text and "\\notacommand{x}" in text  # the source, in monospace
    assert "x^2" not in text  # the good formula is still vector art


def test_font_option(tmp_path: Path) -> None:
    import pylopdf_fonts_zh_cn

    out = tmp_path / "font.pdf"
    font = str(pylopdf_fonts_zh_cn.serif_path())
    code, output = run("pdf", str(FIXTURES / "pdf_notes.md"), "--font", font, "-o", str(out))
    assert code == 0 and "font NotoSerifSC-Regular.otf" in output
    assert "策略梯度基础" in squash(pdf_text(out))


def test_bad_font_file_is_an_error(tmp_path: Path) -> None:
    fake = tmp_path / "fake.ttf"
    fake.write_text("not a font", encoding="utf-8")
    out = tmp_path / "x.pdf"
    code, output = run("pdf", str(FIXTURES / "pdf_notes.md"), "--font", str(fake), "-o", str(out))
    assert code == 1 and "error:" in output and "fake.ttf" in output
    assert not out.exists()


def test_template_folder_overrides_the_shipped_one(tmp_path: Path) -> None:
    shipped = ROOT / "templates" / "pdf"
    custom = tmp_path / "my-template"
    custom.mkdir()
    html = (shipped / "sheet.html").read_text(encoding="utf-8")
    (custom / "sheet.html").write_text(
        html.replace("<body", "<p>CUSTOM TEMPLATE MARK</p><body", 1).replace(
            '<article class="sheet">', '<article class="sheet"><p>CUSTOM TEMPLATE MARK</p>'
        ),
        encoding="utf-8",
    )  # sheet.css is missing: the shipped one is used
    out = tmp_path / "custom.pdf"
    code, output = run(
        "pdf", str(FIXTURES / "pdf_notes.md"), "--template", str(custom), "-o", str(out)
    )
    assert code == 0, output
    text = pdf_text(out)
    assert "CUSTOM TEMPLATE MARK" in text and "策略梯度基础" in squash(text)


def test_missing_template_folder_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    code, output = run(
        "pdf", str(FIXTURES / "pdf_notes.md"), "--template", str(tmp_path / "nope"), "-o", str(out)
    )
    assert code != 0 and "nope" in output and not out.exists()


# --- bad input: one clear line, no traceback, nothing half-written -----------------------


def test_missing_notes_file(tmp_path: Path) -> None:
    code, output = run("pdf", str(tmp_path / "absent.md"), "-o", str(tmp_path / "x.pdf"))
    assert code != 0 and "absent.md" in output
    assert not (tmp_path / "x.pdf").exists()


def test_bad_input_keeps_the_old_pdf(tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"%PDF-1.7 previous export")
    code, output = run("pdf", str(FIXTURES / "latin1.md"), "-o", str(out))
    assert code == 1
    assert re.search(r"error: \S*latin1\.md:\d+: ", output)
    assert out.read_bytes() == b"%PDF-1.7 previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.pdf"]


def test_missing_image_names_file_and_line(fixture_copy, tmp_path: Path) -> None:
    # A reader can still read the notes (issue 9): a warning, the sheet written, a marker.
    notes = fixture_copy("missing_image.md")
    out = tmp_path / "img.pdf"
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0 and re.search(r"warning: \S*missing_image\.md:7: image not found", output)
    assert "[missing image: missing.png]" in pdf_text(out)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".img.pdf")]


def test_unwritable_output_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    code, output = run("pdf", str(FIXTURES / "pdf_notes.md"), "-o", str(folder))
    assert code != 0 and "taken" in output


def test_default_output_is_build_stem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("pdf", str(FIXTURES / "pdf_bad_formula.md"), "--quiet")
    assert code == 0 and output == ""
    assert (tmp_path / "build" / "pdf_bad_formula.pdf").is_file()


def test_a_repeated_formula_is_drawn_once_per_page(tmp_path: Path) -> None:
    notes = tmp_path / "repeat.md"
    lines = ["## 重复", ""] + [f"- 第 {i} 次: $A_t > 0$ 与 $\\pi_\\theta$;" for i in range(30)]
    notes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "repeat.pdf"
    code, _ = run("pdf", str(notes), "-o", str(out))
    assert code == 0
    page = PdfReader(out).pages[0]
    forms = [
        x.get_object()
        for x in page["/Resources"]["/XObject"].values()
        if x.get_object().get("/Subtype") == "/Form"
    ]
    assert len(forms) == 2  # two distinct formulas, sixty uses
    content = page.get_contents().get_data()
    assert content.count(b" Do") >= 60
    # drawn as prepared path operators: filled outlines with cubic curves
    assert any(b" c\n" in form.get_data() and b"\nf" in form.get_data() for form in forms)


def test_several_files_make_one_sheet(tmp_path: Path) -> None:
    out = tmp_path / "both.pdf"
    files = [str(FIXTURES / "pdf_notes.md"), str(FIXTURES / "pdf_bad_formula.md")]
    code, output = run("pdf", *files, "-o", str(out), "--quiet")
    assert code == 0 and output == ""
    text = squash(pdf_text(out))
    assert_in_order(
        text, ["策略梯度速记", "策略梯度基础", "面试问题清单", "公式检查", "正常的公式"]
    )
    assert len(PdfReader(out).pages) >= 2  # each file starts on a new page


def test_broken_template_is_an_error_naming_it(tmp_path: Path) -> None:
    custom = tmp_path / "broken"
    custom.mkdir()
    (custom / "sheet.html").write_text("<html>{% for x in %}</html>", encoding="utf-8")
    out = tmp_path / "x.pdf"
    code, output = run(
        "pdf", str(FIXTURES / "pdf_notes.md"), "--template", str(custom), "-o", str(out)
    )
    assert code == 1 and "error:" in output and "sheet.html" in output
    assert not out.exists()


def test_missing_pango_is_a_clear_error(monkeypatch) -> None:
    """WeasyPrint needs Pango from the system; without it, one line saying how to get it."""
    import builtins
    import sys

    from exporter.errors import ExportError
    from exporter.pdf import weasy

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libgobject-2.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(ExportError, match=r"needs the Pango text library.*apt-get install"):
        weasy.load()


def test_the_collector_runs_less_often_during_the_export_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from exporter.cache import ENV_DISABLE
    from exporter.pdf import writer

    monkeypatch.setenv(ENV_DISABLE, "1")  # really laid out, not copied from the sheet cache
    seen: list[tuple[int, int, int]] = []
    real = writer.layout

    def layout(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(writer, "layout", layout)
    before = gc.get_threshold()
    code, output = run("pdf", str(FIXTURES / "pdf_notes.md"), "-o", str(tmp_path / "gc.pdf"))
    assert code == 0, output
    assert seen == [writer._THRESHOLDS]
    assert gc.get_threshold() == before
