"""Which MathJax commands a formula may use, and how refusals are recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.anki.mathjax import mathjax_math
from exporter.render import render_inline, render_markdown
from exporter.texguard import MathGuard, math_run, refused_commands


@pytest.mark.parametrize(
    ("tex", "refused"),
    [
        (r"\href{https://a.example}{x}", ("\\href",)),
        (r"\style{color:red}{x} \class{a}{b} \cssId{c}{d}", ("\\style", "\\class", "\\cssId")),
        (r"\require{html}\data{a=b}{c}", ("\\require", "\\data")),
        (
            r"\toggle{a}{b}\endtoggle \mathtip{x}{y} \texttip{x}{y}",
            ("\\toggle", "\\mathtip", "\\texttip"),
        ),
        (r"\mmlToken{mi}[href=x]{y} \setOptions{x}", ("\\mmlToken", "\\setOptions")),
        (r"\bbox[5px,border:2px solid red]{x}", ("\\bbox",)),
        (r"\color{red;position:fixed}{x}", ("\\color",)),
        (r"\colorbox{red}{\color{ {blue}}x}", ("\\color",)),
        (r"\color\c x", ("\\color",)),  # a macro might expand to CSS
        (r"\newcommand{\h}[1]{\hr#1}\h{ef{x}{y}}", ()),  # MathJax keeps `\hr` + `ef` apart
    ],
)
def test_page_commands_are_refused(tex: str, refused: tuple[str, ...]) -> None:
    assert refused_commands(tex) == refused


@pytest.mark.parametrize(
    "tex",
    [
        r"\frac{\pi_\theta(a|s)}{\pi_{old}(a|s)}",
        r"\color{red}{x} \textcolor{blue}{y} \colorbox{yellow}{x^{2}}",
        r"\color[RGB]{255,0,0} x \fcolorbox{red}{white}{x} \definecolor{c}{HTML}{FF0000}",
        r"\bbox[yellow,5px]{x} \unicode{x263A} \enclose{circle}{x}",
        r"a \\ b \$ \{ \}",  # escapes and line breaks are not commands
    ],
)
def test_ordinary_math_passes(tex: str) -> None:
    assert refused_commands(tex) == ()


def test_refusals_name_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "n.md"
    markdown = "第一行\n第二行 $\\href{x}{y}$\n\n$$\n\\style{a}{b}\n$$\n"
    source.write_text("# T\n\n" + markdown, encoding="utf-8")
    with math_run() as run:
        guard = MathGuard(source)
        html = render_markdown(markdown, math=mathjax_math, guard=guard, line_offset=2)
        render_markdown(markdown, math=mathjax_math, guard=guard, line_offset=2)  # again
        render_inline("$\\class{a}{b}$", math=mathjax_math, guard=guard, line=1)
    assert [(w.line, w.message.split("`")[1]) for w in run.warnings] == [
        (4, "\\href{x}{y}"),
        (7, "\\style{a}{b}"),
        (1, "\\class{a}{b}"),
    ]
    assert "--allow-mathjax-commands" in str(run.warnings[0])
    assert '<code class="math-refused">$\\href{x}{y}$</code>' in html


def test_long_tex_is_cut_in_the_warning(tmp_path: Path) -> None:
    source = tmp_path / "n.md"
    tex = "\\href{x}{" + "a" * 500 + "}"
    source.write_text(f"${tex}$\n", encoding="utf-8")
    with math_run() as run:
        render_inline(f"${tex}$", math=mathjax_math, guard=MathGuard(source), line=1)
    (warning,) = run.warnings
    assert len(warning.message) < 150 and "…" in warning.message


def test_opt_in_and_default() -> None:
    formula = "$\\href{https://a.example}{x}$"
    with math_run(allow_commands=True):
        assert render_inline(formula, math=mathjax_math, guard=MathGuard()) == (
            "\\(\\href{https://a.example}{x}\\)"
        )
    # Outside a run, and without a guard: refused, silently (safe for any caller).
    assert "math-refused" in render_inline(formula, math=mathjax_math)
