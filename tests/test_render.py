"""The shared fragment renderer: math held out of Markdown, HTML made harmless."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.anki.mathjax import mathjax_math
from exporter.render import plain_inline, render_inline, render_markdown


def anki(markdown: str) -> str:
    return render_markdown(markdown, math=mathjax_math)


def test_math_becomes_anki_delimiters_and_is_escaped() -> None:
    html = anki("比值 $a<b$ 与 $x_1 * y_2 * z$\n\n$$\nA \\& B > C\n$$")
    assert r"\(a&lt;b\)" in html
    assert r"\(x_1 * y_2 * z\)" in html  # Markdown did not turn `*` or `_` into emphasis
    assert r"\[A \&amp; B &gt; C\]" in html
    assert "$" not in html


def test_double_backslash_and_underscores_survive() -> None:
    html = anki(r"$\begin{aligned} a &= b \\ c_{t} &= d_{t} \end{aligned}$")
    assert r"\\ c_{t}" in html and "<em>" not in html


def test_dollars_in_code_stay_code() -> None:
    html = anki("`$x$` and\n\n```python\nprice = '$5'\n```")
    assert "<code>$x$</code>" in html
    assert "\\(" not in html
    assert 'class="highlight"' in html


def test_raw_html_cannot_run_code() -> None:
    html = anki(
        '<span onclick="alert(1)">x</span> <img src=x onerror="alert(2)"> '
        '<a href="javascript:alert(3)">a</a> [b](javascript:alert(4))\n\n'
        "<script>alert(5)</script>\n\n<iframe src='https://example.com'></iframe>"
    )
    lowered = html.lower()
    for bad in ("onclick", "onerror", 'href="javascript:', "<script", "<iframe", "alert(5)"):
        assert bad not in lowered
    assert "[b](javascript:alert(4))" in html  # shown as text, never a link
    assert "<span>x</span>" in html  # harmless markup stays


def test_inline_has_no_paragraph() -> None:
    assert render_inline("**PPO** $r_t$", math=mathjax_math) == r"<strong>PPO</strong> \(r_t\)"


def test_image_policy_sees_source_and_line() -> None:
    seen = []

    def policy(src: str, line: int) -> str:
        seen.append((src, line))
        return "renamed.png"

    html = render_markdown(
        "text\n\n![a](<img/a b.png>)", math=mathjax_math, image=policy, line_offset=9
    )
    assert seen == [("img/a%20b.png", 12)] and 'src="renamed.png"' in html


def test_escaped_dollar_is_text() -> None:
    assert anki(r"转义的 \$ 不是公式") == "<p>转义的 $ 不是公式</p>"


def test_formula_at_start_of_a_line_that_ends_in_a_digit() -> None:
    # dollarmath alone reads the "character before" position 0 as the line's last one
    assert anki("$r_t$ 的取值约为 1") == r"<p>\(r_t\) 的取值约为 1</p>"
    assert anki("- $a$ 与 $b$ 相差 2") == "<ul>\n<li>\\(a\\) 与 \\(b\\) 相差 2</li>\n</ul>"


_ALPHABET = "ab 要点?？:：*_`$[]!<>&\\\n\t\"'#~|{}-.1\u00a0\ue000"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_ALPHABET)), max_size=20))
def test_plain_inline_is_what_parsing_and_rendering_give(text: str) -> None:
    plain = plain_inline(text)
    if plain is not None:
        assert plain == render_markdown(text, math=lambda tex, display: tex, inline=True)
