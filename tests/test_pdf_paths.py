"""Formulas drawn from prepared PDF operators, typeset in worker processes: the same
drawing and the same results as the plain, one-process path."""

from __future__ import annotations

import re
from pathlib import Path

import pylopdf_fonts_zh_cn
import pytest

from exporter.pdf.mathjobs import DeferredMath
from exporter.pdf.mathsvg import render_svg
from exporter.pdf.pdfpaths import pdf_operators

FORMULAS = [
    r"r_t(\theta) = \frac{\pi_\theta(a_t|s_t)}{\pi_{\theta_{old}}(a_t|s_t)}",
    r"\left( \sum_{i=1}^{n} x_i^2 \right)^{1/2}",
    r"\sqrt{\frac{1}{2}} + \mathbb{E}_t[\hat{A}_t]",
    r"\text{回报} - V(s_t)",
    r"\color{red}{x}",
]


def numbers(data: bytes) -> list[float]:
    return [float(n) for n in re.findall(rb"-?\d+(?:\.\d+)?", data)]


@pytest.mark.parametrize("tex", FORMULAS)
def test_operators_cover_every_glyph(tex: str) -> None:
    svg = render_svg(tex, False, pylopdf_fonts_zh_cn.sans_path())
    prepared = pdf_operators(svg)
    assert prepared is not None
    viewbox, operators = prepared
    assert viewbox == tuple(float(v) for v in re.search(r'viewBox="([^"]+)"', svg)[1].split())
    paths = svg.count("<path")
    assert operators.count(b"\nf") == paths + svg.count("<rect")
    # every outline is closed and only PDF path operators appear
    assert set(re.findall(rb"[a-zA-Z]+", operators)) <= {b"rg", b"m", b"l", b"c", b"h", b"re", b"f"}


def test_quadratic_curves_become_equivalent_cubics() -> None:
    svg = '<svg viewBox="0 0 10 10"><path d="M 0 0 Q 3 6 6 0 Z" fill="black"/></svg>'
    _box, operators = pdf_operators(svg)
    assert numbers(operators.split(b"\n")[2]) == pytest.approx([2, 4, 4, 4, 6, 0])


@pytest.mark.parametrize(
    "svg",
    [
        '<svg viewBox="0 0 1 1"><path d="m 0 0 l 1 1 z"/></svg>',  # relative commands
        '<svg viewBox="0 0 1 1"><path d="M 0 0 A 1 1 0 0 1 1 1"/></svg>',  # arcs
        '<svg viewBox="0 0 1 1"><path d="M 0 0 L 1 1" transform="scale(2)"/></svg>',
        '<svg viewBox="0 0 1 1"><rect width="1" height="1" stroke="black"/></svg>',
        '<svg viewBox="0 0 1 1"><text>x</text></svg>',
        '<svg viewBox="0 0 1 1"><path d="M 0 0 L 1 1) Tj (" fill="black"/></svg>',
        '<svg viewBox="0 0 1 1"><path d="M 0 0" fill="url(#g)"/></svg>',
        "not svg",
    ],
)
def test_anything_else_is_left_to_weasyprint(svg: str) -> None:
    assert pdf_operators(svg) is None


def test_workers_give_the_same_sheet_as_one_process(tmp_path: Path) -> None:
    jobs = [(f"x_{{{i}}} + {tex}", i % 3 == 0) for i, tex in enumerate(FORMULAS * 5)]
    jobs.append((r"\frac{a}", False))  # fails in a worker as it does here
    results = []
    for workers in (None, 2):
        folder = tmp_path / f"w{workers}"
        folder.mkdir()
        math = DeferredMath(
            pylopdf_fonts_zh_cn.sans_path(), folder=folder, workers=workers, prepare=True
        )
        html = " ".join(math(tex, display) for tex, display in jobs)
        if workers is None:
            math._worker_count = lambda jobs: 0  # type: ignore[method-assign]
        math.start()
        renderer = math.finish()
        resolved = math.resolve(html)
        math.start_drawing()  # workers translate to operators while the sheet is laid out
        assert math.finish_drawing()
        files = sorted(p.read_text(encoding="utf-8") for p in folder.iterdir())
        prepared = {url.replace(folder.as_uri(), "F"): ops for url, ops in math.prepared.items()}
        results.append((resolved.replace(folder.as_uri(), "F"), files, renderer.failures, prepared))
    assert results[0] == results[1]
    assert len(results[0][2]) == 1 and results[0][2][0].tex == r"\frac{a}"
    assert results[0][0].count("<img") == len(jobs) - 1
