"""TeX → SVG for the sheet: sizes in em, baseline from the viewBox, one render per formula,
CJK inside `\\text{}`, and TeX source (never a crash) for what cannot be typeset."""

from __future__ import annotations

import re

import pylopdf_fonts_zh_cn
import pytest

from exporter.pdf.mathsvg import MathRenderer, render_svg


@pytest.fixture(scope="module")
def math() -> MathRenderer:
    return MathRenderer(pylopdf_fonts_zh_cn.sans_path())


def em(svg: str, attribute: str) -> float:
    match = re.search(rf'{attribute}="(-?[\d.]+)em"', svg)
    assert match, svg[:200]
    return float(match.group(1))


def depth(svg: str) -> float:
    match = re.search(r"vertical-align:(-?[\d.]+)em", svg)
    assert match, svg[:200]
    return -float(match.group(1))


def test_inline_formula_sits_on_the_baseline() -> None:
    flat = render_svg("x", display=False)
    deep = render_svg("x_{t}^{2}", display=False)
    fraction = render_svg(r"\frac{a}{b}", display=False)
    # about one em high, sized relative to the text around it
    assert 0.4 < em(flat, "height") < 1.5 and em(flat, "width") < 1.5
    # what hangs below the baseline is pushed down by exactly that much
    assert 0 <= depth(flat) < 0.2
    assert depth(deep) > depth(flat)
    assert depth(fraction) > 0.2 and em(fraction, "height") > em(flat, "height")


def test_display_formula_is_wrapped_and_scales_to_its_column(math: MathRenderer) -> None:
    html = math(r"\sum_{i=1}^{n} x_i", True)
    assert html.startswith('<div class="math-display">') and "<svg" in html
    assert "vertical-align" not in html  # a block, centred by CSS


def test_each_distinct_formula_is_typeset_once(math: MathRenderer) -> None:
    before = math.rendered
    first = math(r"\alpha + \beta_{unique}", False)
    second = math(r"\alpha + \beta_{unique}", False)
    assert first is second and math.rendered == before + 1


def test_chinese_in_text_is_drawn_not_boxed(math: MathRenderer) -> None:
    html = math(r"\hat{A}_t = \text{回报} - V(s_t)", False)
    assert "<svg" in html and not math.failures
    with_cjk = render_svg(r"\text{回报}", display=False, cjk_font=pylopdf_fonts_zh_cn.sans_path())
    assert em(with_cjk, "width") > 1.5  # two full-width glyphs, not zero-width misses


def test_chinese_without_a_cjk_font_falls_back_to_source() -> None:
    renderer = MathRenderer(cjk_font=None)
    html = renderer(r"\text{回报}", False)
    assert html == r'<code class="math-source">\text{回报}</code>'
    assert "no glyph" in renderer.failures[0].reason


@pytest.mark.parametrize(
    "tex",
    [
        r"\frac{a}",
        "x^",
        r"\notacommand{x}",
        "}{",
        "",
        r"\begin{array}{c} x",
        r"\left(" * 9 + "x" + r"\right)" * 9,  # would take ziamath minutes
    ],
)
def test_bad_tex_becomes_escaped_source(tex: str) -> None:
    renderer = MathRenderer(pylopdf_fonts_zh_cn.sans_path())
    html = renderer(tex, False)
    assert html.startswith('<code class="math-source">') and "<svg" not in html
    assert len(renderer.failures) == 1


def test_source_is_html_escaped() -> None:
    renderer = MathRenderer(None)
    assert "&lt;script&gt;" in renderer(r"\frac{<script>}", False)


@pytest.mark.parametrize(
    "tex",
    [
        r"\left( \frac{a}{b} \right)^{2} + \left[ x_{i_{j}} \right]",
        r"\left\| \sum_{k=1}^{n} \left( x_k - \bar{x} \right) \right\|",
        r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} \langle x \rangle",
        r"L = \mathbb{E}_t[\min(r_t A_t, \operatorname{clip}(r_t, 1-\epsilon, 1+\epsilon) A_t)]",
        r"\sqrt{\frac{1}{1 + e^{-x}}} \int_0^1 f(x)\,dx",
    ],
)
def test_ziamath_speed_ups_change_nothing(tex: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.pdf import patches

    fast = render_svg(tex, display=True)
    monkeypatch.setitem(patches.TESTED, "ziamath", ())  # ziamath's own, unpatched path
    slow = render_svg(tex, display=True)
    assert fast == slow
