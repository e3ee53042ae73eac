"""Typeset every card of a deck with Anki's own MathJax and count the formulas that fail.

A manual check, not part of the test run (it needs Chromium and Anki's MathJax bundle):

    apt-get install chromium
    uv run python tools/reviewer.py fetch-mathjax      # or: --mathjax DIR / ANKI_MATHJAX
    uv run python tools/typeset_cards.py build/ppo-rlhf.apkg

The cards are imported with PyPI's `anki` (Anki's own backend), rendered with
`card.question()` / `card.answer()`, and typeset in headless Chromium with the configuration
Anki desktop uses (`_aqt/data/web/js/mathjax.js`: `\\(..\\)` inline, `\\[..\\]` display, no
`$`, no escapes). `tools/card_widths.py` also checks that each side fits a phone.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reviewer import anki_sides, find_mathjax, page, render


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("apkg", type=Path)
    parser.add_argument("--mathjax", type=Path, help="folder with tex-chtml-full.js")
    args = parser.parse_args()
    mathjax = args.mathjax or find_mathjax()
    if mathjax is None:
        sys.exit("Anki's MathJax not found: python tools/reviewer.py fetch-mathjax")
    answers = [side for side in anki_sides(args.apkg) if side.name.endswith("/answer")]
    formulas = sum(len(re.findall(r"\\\(|\\\[", side.html)) for side in answers)
    with tempfile.TemporaryDirectory() as scratch:
        report = render(page(answers, mathjax), Path(scratch))
    print(f"{len(answers)} cards, {formulas} formulas in their fields")
    if report.title != "REPORT":
        print(f"MathJax did not finish: {report.title[:200]}")
        return 1
    errors = [f"{side.name}: {error}" for side in report.sides for error in side.errors]
    print(f"typeset {report.typeset} errors {len(errors)} {' | '.join(errors[:10])}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
