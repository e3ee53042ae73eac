"""Hostile notes make harmless cards: checked on the fields (no live markup), with Anki's own
backend (the deck imports, every card renders) and in headless Chromium with Anki's MathJax
(no payload runs, even when everything on the card is hovered and clicked)."""

from __future__ import annotations

import html
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from anki_client import import_package, rendered_cards
from conftest import ROOT, run
from payloads import ALL, MATHJAX, T, notes

from exporter.anki.mathjax import mathjax_math
from exporter.render import RESERVED, render_markdown
from exporter.texguard import refused_commands

sys.path.insert(0, str(ROOT / "tools"))
import reviewer

_DANGEROUS_URL = re.compile(r"^(javascript|data|vbscript):", re.I)
_LIVE_ELEMENTS = {"script", "iframe", "object", "embed", "form", "base", "meta", "link", "style"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
_FORMULA = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)


class _LiveMarkup(HTMLParser):
    """Collects what would be live in a browser: handlers, script URLs, scripts, overlays,
    and formulas in text that MathJax would typeset with a page-changing command."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.code_depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._text_ends()
        if tag in _LIVE_ELEMENTS:
            self.found.append(f"<{tag}>")
        if tag in ("code", "pre"):
            self.code_depth += 1
        for name, value in attrs:
            value = value or ""
            squeezed = re.sub(r"[\x00-\x20]", "", value)
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in _URL_ATTRIBUTES and _DANGEROUS_URL.match(squeezed):
                self.found.append(f"{tag} {name}={value[:30]}")
            if name == "style" and "position" in value.lower():
                self.found.append(f"{tag} style={value[:30]}")

    def handle_endtag(self, tag: str) -> None:
        self._text_ends()
        if tag in ("code", "pre") and self.code_depth:
            self.code_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.code_depth:  # Anki's MathJax skips code and pre
            self.text.append(data)

    def _text_ends(self) -> None:
        # MathJax reads a delimiter pair only within one run of text between elements.
        for match in _FORMULA.finditer("".join(self.text)):
            tex = match.group(1) if match.group(1) is not None else match.group(2)
            if refused_commands(tex):
                self.found.append(f"formula {tex[:40]}")
        self.text = []


def live_markup(fragment: str) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(fragment)
    parser.close()
    parser._text_ends()
    if re.search(f"[{RESERVED}]", fragment):
        parser.found.append("a raw placeholder character")
    return parser.found


@pytest.fixture(scope="module")
def payload_deck(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("payloads")
    source = folder / "payloads.md"
    source.write_text(notes(), encoding="utf-8")
    code, output = run("anki", str(source), "-o", str(folder / "payloads.apkg"))
    assert code == 0, output
    return folder / "payloads.apkg", output


@pytest.mark.parametrize("payload", ALL)
def test_fragment_holds_no_live_markup(payload: str) -> None:
    rendered = render_markdown(payload, math=mathjax_math)
    assert live_markup(rendered) == [], rendered


def test_checker_sees_live_markup() -> None:
    """The checks above would catch each class, were it to get through."""
    samples = [
        f'<img src=x onerror="{T}">',
        '<a href=" java\tscript:x">a</a>',
        '<div style="position: fixed">x</div>',
        "<p>\\(\\href{javascript:x}{y}\\)</p>",
        "<p>\ue0000\ue001</p>",
    ]
    assert all(live_markup(sample) for sample in samples)
    assert live_markup("<code>\\(\\href{javascript:x}{y}\\)</code>") == []


def test_forged_placeholders_stay_text() -> None:
    # A writer's own later placeholders (the PDF's) cannot be forged by the notes either.
    def later(tex: str, display: bool) -> str:
        return "\ue010" + "0" + "\ue011"

    rendered = render_markdown('<img alt="\ue0100\ue011" src=x> $a$ \ue0100\ue011', math=later)
    assert rendered.count("\ue010") == 1  # ours, from the formula
    assert rendered.count("&#xE010;") == 2


def test_refused_formula_shows_its_tex() -> None:
    rendered = render_markdown("see $\\href{https://a.example}{x}$ and $a<b$", math=mathjax_math)
    assert '<code class="math-refused">$\\href{https://a.example}{x}$</code>' in rendered
    assert "\\(a&lt;b\\)" in rendered


def test_deck_fields_hold_no_live_markup(payload_deck: tuple[Path, str], collection) -> None:
    package, _output = payload_deck
    import_package(collection, package)
    cards = rendered_cards(collection)
    assert len(cards) >= 2 * len(ALL)  # a key point and a question per payload, at least
    for note_id in collection.find_notes(""):
        for field in collection.get_note(note_id).fields:
            assert live_markup(field) == [], field
    for _deck, question, answer in cards:
        for side in (question, answer):
            assert live_markup(re.sub(r"<style>.*?</style>", "", side, flags=re.S)) == []


def test_refused_formulas_are_warned_at_their_line(payload_deck: tuple[Path, str]) -> None:
    _package, output = payload_deck
    source = notes().splitlines()
    warnings = [line for line in output.splitlines() if "uses \\" in line]
    assert warnings, output
    for warning in warnings:
        match = re.match(r"warning: .*payloads\.md:(\d+):\d+: formula `(.*?)[`…]", warning)
        assert match, warning
        assert match.group(2)[:20] in source[int(match.group(1)) - 1]


def test_opt_in_lets_commands_through(tmp_path: Path, collection) -> None:
    source = tmp_path / "own.md"
    source.write_text(
        "## 笔记\n\n### 公式\n\n- **超链接**: 公式 $\\href{https://example.org}{x}$ 指向官网;\n",
        encoding="utf-8",
    )
    code, output = run("anki", str(source), "-o", str(tmp_path / "own.apkg"))
    assert code == 0 and "own.md:5:16: formula `\\href{https://example.org}{x}`" in output
    code, output = run(
        "anki", str(source), "-o", str(tmp_path / "own.apkg"), "--allow-mathjax-commands"
    )
    assert code == 0 and "uses \\href" not in output
    import_package(collection, tmp_path / "own.apkg")
    (_deck, _question, answer), *_ = rendered_cards(collection)
    assert "\\(\\href{https://example.org}{x}\\)" in answer


def _browser() -> Path:
    if reviewer.find_chromium() is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    mathjax = reviewer.find_mathjax()
    if mathjax is None:
        pytest.skip(
            "Anki's MathJax is not here: run `uv run python tools/reviewer.py fetch-mathjax` "
            "or set ANKI_MATHJAX to a folder holding tex-chtml-full.js"
        )
    return mathjax


def test_harness_sees_a_payload_run() -> None:
    """Anki's MathJax build does obey `\\href`, and a clicked script link does show."""
    mathjax = _browser()
    side = reviewer.Side("control", f"<p>\\(\\href{{javascript:{T}}}{{x}}\\)</p>")
    with tempfile.TemporaryDirectory() as scratch:
        report = reviewer.render(reviewer.page([side], mathjax), Path(scratch))
    assert "PWNED" in report.title


def test_no_payload_runs_in_the_reviewer(payload_deck: tuple[Path, str]) -> None:
    mathjax = _browser()
    package, _output = payload_deck
    sides = list(reviewer.anki_sides(package))
    with tempfile.TemporaryDirectory() as scratch:
        report = reviewer.render(reviewer.page(sides, mathjax), Path(scratch))
    assert report.title == "REPORT", f"a payload changed the page: {html.escape(report.title)}"
    assert report.typeset > 0  # MathJax did run
    assert len(report.sides) == len(sides)
    assert [(side.name, side.live) for side in report.sides if side.live] == []
    assert len(MATHJAX) > 0
