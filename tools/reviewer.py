"""Card sides as Anki's reviewer shows them, typeset by Anki's own MathJax in headless Chromium.

Shared by `tools/card_widths.py`, `tools/typeset_cards.py` and `tests/test_html_safety.py`.
Nothing here downloads anything at run time. Anki's MathJax comes from PyPI's `aqt` wheel
(4.4 MB; `aqt` itself is not a dependency: it pulls in PyQt6 and QtWebEngine). Get it once:

    uv run python tools/reviewer.py fetch-mathjax      # → build/anki-mathjax/

or point `ANKI_MATHJAX` at a folder holding `tex-chtml-full.js`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL_MATHJAX = ROOT / "build" / "anki-mathjax"
PHONE_WIDTH = 360

# Anki desktop's own configuration (`_aqt/data/web/js/mathjax.js`), plus a hook that
# reports when typesetting is done.
_CONFIG = """window.MathJax = {tex: {displayMath: [["\\\\[", "\\\\]"]], processEscapes: false,
processEnvironments: false, processRefs: false,
packages: {"[+]": ["noerrors", "mathtools"], "[-]": ["textmacros"]}},
loader: {load: ["[tex]/noerrors", "[tex]/mathtools"], paths: {mathjax: "MATHJAX"}},
startup: {pageReady: () => MathJax.startup.defaultPageReady().then(window.afterTypeset,
  e => { document.title = "MathJax failed: " + e; })}};"""

# Runs once MathJax is done: looks at the live DOM, which MathJax's own output is part of.
_INSPECT = """const past = (el, edge) => el.getBoundingClientRect().right > edge + 1;
const outermostPast = view => {
  const edge = view.getBoundingClientRect().right;
  return [...view.querySelectorAll("*")].filter(
    e => past(e, edge) && !past(e.parentElement, edge)).slice(0, 3).map(
    e => e.localName + (e.className ? "." + String(e.className).split(" ")[0] : "") + " " +
      (e.textContent || "").slice(0, 30));
};
window.afterTypeset = () => {
  const report = {typeset: document.querySelectorAll("mjx-container").length, sides: []};
  const dangerous = /^\\s*(javascript|data|vbscript):/i;
  for (const side of document.querySelectorAll("section.side")) {
    const view = side.querySelector(".viewport");
    const found = [];
    for (const el of side.querySelectorAll("*")) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push("event attribute " + attr.name);
        if (/href|src|action/i.test(attr.name) && dangerous.test(attr.value))
          found.push("URL " + attr.value.slice(0, 40));
      }
      const position = getComputedStyle(el).position;
      if (position === "fixed" || position === "sticky") found.push("position " + position);
      if (/^(script|iframe|object|embed|form|base|meta|link|style)$/i.test(el.localName))
        found.push("element " + el.localName);
    }
    const errors = [...side.querySelectorAll("mjx-merror, [data-mjx-error]")].map(
      e => e.getAttribute("data-mjx-error") || e.textContent);
    report.sides.push({name: side.dataset.name, live: found, errors: errors,
      width: view.scrollWidth, viewport: view.clientWidth, height: view.scrollHeight,
      wide: outermostPast(view)});
  }
  // Then act as a curious user: hover and click everything (links that would leave the
  // page stay put), and report once whatever that set off has had its turn.
  document.addEventListener("click", e => {
    const link = e.target.closest && e.target.closest("a[href]");
    if (link && !/^\\s*javascript:/i.test(link.getAttribute("href"))) e.preventDefault();
  }, true);
  for (const el of document.querySelectorAll("section.side *")) {
    el.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
    if (typeof el.click === "function") el.click();
  }
  setTimeout(() => {
    if (document.title === "untouched") document.title = "REPORT " + JSON.stringify(report);
  }, 500);
};"""


@dataclass(frozen=True)
class Side:
    name: str  # e.g. "1234567/answer"
    html: str  # card.question() / card.answer(): Anki's `<style>` + the rendered template


@dataclass(frozen=True)
class SideReport:
    name: str
    live: list[str]  # live markup found in the DOM after typesetting
    errors: list[str]  # MathJax errors
    width: int  # the card's scrollWidth in a PHONE_WIDTH viewport
    viewport: int
    height: int  # px at that width, before the reference block is opened
    wide: list[str]  # elements reaching past the viewport's right edge

    @property
    def too_wide(self) -> bool:
        return self.width > self.viewport


@dataclass(frozen=True)
class PageReport:
    title: str  # "REPORT …" when no script of the cards touched document.title
    typeset: int
    sides: list[SideReport]


def find_mathjax() -> Path | None:
    """A folder holding Anki's `tex-chtml-full.js`, or None."""
    candidates = [Path(os.environ["ANKI_MATHJAX"])] if os.environ.get("ANKI_MATHJAX") else []
    spec = importlib.util.find_spec("_aqt")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidates.append(Path(location) / "data" / "web" / "js" / "vendor" / "mathjax")
    candidates.append(LOCAL_MATHJAX)
    return next((c for c in candidates if (c / "tex-chtml-full.js").is_file()), None)


def find_chromium() -> str | None:
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)


def anki_sides(apkg: Path) -> Iterator[Side]:
    """Every card side of a package, imported and rendered by Anki's own backend."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    with tempfile.TemporaryDirectory() as scratch:
        collection = Collection(str(Path(scratch) / "collection.anki2"))
        try:
            request = ImportAnkiPackageRequest(
                package_path=str(apkg), options=ImportAnkiPackageOptions()
            )
            collection.import_anki_package(request)
            for card_id in sorted(collection.find_cards("")):
                card = collection.get_card(card_id)
                yield Side(f"{card_id}/question", card.question())
                yield Side(f"{card_id}/answer", card.answer())
        finally:
            collection.close()


def page(sides: Sequence[Side], mathjax: Path, *, night: bool = False, width: int = 0) -> str:
    """One page holding every side, each in a phone-wide viewport like the reviewer's body
    (`<body class="card">`, Anki's `mobile` class, and `nightMode` at night)."""
    classes = "card mobile" + (" nightMode night_mode" if night else "")
    width = width or PHONE_WIDTH
    styles, bodies = {}, []
    for side in sides:
        css = "".join(re.findall(r"<style>(.*?)</style>", side.html, flags=re.S))
        styles[css] = None
        body = re.sub(r"<style>.*?</style>", "", side.html, flags=re.S)
        bodies.append(
            f'<section class="side" data-name="{side.name}"><div class="viewport" '
            f'style="width:{width}px;overflow:auto;contain:paint"><div style="padding:8px">'
            f'<div class="{classes}">{body}</div></div></div></section>'
        )
    config = _CONFIG.replace("MATHJAX", mathjax.resolve().as_uri())
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>untouched</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{''.join(styles)}\nsection.side {{ margin: 0 0 24px; }}</style>"
        f"<script>{_INSPECT}</script><script>{config}</script>"
        f'<script src="{(mathjax / "tex-chtml-full.js").resolve().as_uri()}"></script>'
        f"</head><body>{''.join(bodies)}</body></html>"
    )


def _chromium(*arguments: str, timeout: int = 600) -> str:
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update",
        "--allow-file-access-from-files", "--hide-scrollbars", *arguments,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    return done.stdout


def render(html: str, folder: Path) -> PageReport:
    """Typeset `html` (from `page`) and read what the page reported about itself."""
    path = folder / "cards.html"
    path.write_text(html, encoding="utf-8")
    dom = _chromium("--window-size=1200,900", "--virtual-time-budget=120000", "--dump-dom",
                    path.as_uri())  # fmt: skip
    match = re.search(r"<title>(.*?)</title>", dom, flags=re.S)
    # A script URL that ran may have replaced the whole page with its result.
    title = _unescape(match.group(1)) if match else f"page replaced: {dom[:200]}"
    if not title.startswith("REPORT "):
        return PageReport(title, 0, [])
    report = json.loads(title.removeprefix("REPORT "))
    sides = [SideReport(**side) for side in report["sides"]]
    return PageReport("REPORT", report["typeset"], sides)


def screenshot(html: str, folder: Path, output: Path, *, height: int = 2400) -> None:
    path = folder / "shot.html"
    path.write_text(html, encoding="utf-8")
    _chromium(f"--window-size={PHONE_WIDTH + 40},{height}", "--virtual-time-budget=60000",
              f"--screenshot={output}", path.as_uri())  # fmt: skip


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def fetch_mathjax() -> Path:
    """Download the `aqt` wheel matching the installed `anki` and keep its MathJax folder."""
    from importlib.metadata import version

    wanted = f"aqt=={version('anki')}"
    with tempfile.TemporaryDirectory() as scratch:
        pip = [sys.executable, "-m", "pip"] if importlib.util.find_spec("pip") else ["uvx", "pip"]
        subprocess.run([*pip, "download", "--no-deps", wanted, "-d", scratch], check=True)
        wheel = next(Path(scratch).glob("aqt-*.whl"))
        prefix = "_aqt/data/web/js/vendor/mathjax/"
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.startswith(prefix) and not name.endswith("/"):
                    target = LOCAL_MATHJAX / name.removeprefix(prefix)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(name))
    return LOCAL_MATHJAX


if __name__ == "__main__":
    if sys.argv[1:] == ["fetch-mathjax"]:
        print(f"Anki's MathJax is in {fetch_mathjax()}")
    else:
        sys.exit("usage: python tools/reviewer.py fetch-mathjax")
