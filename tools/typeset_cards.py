"""Typeset every card of a deck with Anki's own MathJax and count the formulas that fail.

A manual check, not part of the test run (it needs Chromium and Anki's MathJax bundle):

    apt-get install chromium
    pip download --no-deps aqt -d /tmp/aqt && unzip -q /tmp/aqt/aqt-*.whl -d /tmp/aqt
    uv run python tools/typeset_cards.py build/ppo-rlhf.apkg \
        --mathjax /tmp/aqt/_aqt/data/web/js/vendor/mathjax

The cards are imported with PyPI's `anki` (Anki's own backend), rendered with
`card.answer()`, and typeset in headless Chromium with the configuration Anki desktop uses
(`_aqt/data/web/js/mathjax.js`: `\\(..\\)` inline, `\\[..\\]` display, no `$`, no escapes).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

_CONFIG = """window.MathJax = {tex: {displayMath: [["\\\\[", "\\\\]"]], processEscapes: false,
processEnvironments: false, processRefs: false,
packages: {"[+]": ["noerrors", "mathtools"], "[-]": ["textmacros"]}},
loader: {load: ["[tex]/noerrors", "[tex]/mathtools"], paths: {mathjax: "MATHJAX"}},
startup: {pageReady: () => MathJax.startup.defaultPageReady().then(() => {
  const errors = [...document.querySelectorAll("mjx-merror, [data-mjx-error]")].map(
    e => e.closest("section").dataset.card + ": " +
      (e.getAttribute("data-mjx-error") || e.textContent));
  document.title = "typeset " + document.querySelectorAll("mjx-container").length +
    " errors " + errors.length + " " + errors.slice(0, 10).join(" | ");
})}};"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("apkg", type=Path)
    parser.add_argument("--mathjax", type=Path, required=True, help="folder with tex-chtml-full.js")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        collection = Collection(str(Path(scratch) / "collection.anki2"))
        options = ImportAnkiPackageOptions()
        request = ImportAnkiPackageRequest(package_path=str(args.apkg), options=options)
        collection.import_anki_package(request)
        sections, formulas = [], 0
        for card_id in sorted(collection.find_cards("")):
            answer = collection.get_card(card_id).answer()
            answer = re.sub(r"<style>.*?</style>", "", answer, flags=re.S)
            formulas += len(re.findall(r"\\\(|\\\[", answer))
            sections.append(f'<section data-card="{card_id}">{answer}</section>')
        collection.close()
        mathjax = args.mathjax.resolve()
        config = _CONFIG.replace("MATHJAX", mathjax.as_uri())
        page = Path(scratch) / "cards.html"
        page.write_text(
            f'<!doctype html><html><head><meta charset="utf-8"><script>{config}</script>'
            f'<script src="{(mathjax / "tex-chtml-full.js").as_uri()}"></script></head>'
            f"<body>{''.join(sections)}</body></html>",
            encoding="utf-8",
        )
        dom = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--allow-file-access-from-files", "--virtual-time-budget=60000",
             "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=600, check=False,
        ).stdout  # fmt: skip
    title = re.search(r"<title>(.*?)</title>", dom)
    print(f"{len(sections)} cards, {formulas} formulas in their fields")
    print(title.group(1) if title else "MathJax did not finish: check --mathjax")


if __name__ == "__main__":
    main()
