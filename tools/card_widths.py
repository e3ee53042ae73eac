"""Typeset every card side of a deck at phone width with Anki's MathJax; list the sides
wider than the screen, MathJax errors and any live markup. Exit 1 if there is any.

    uv run python tools/reviewer.py fetch-mathjax          # once (or set ANKI_MATHJAX)
    uv run export anki seeds/ppo-rlhf.md -o build/ppo.apkg
    uv run python tools/card_widths.py build/ppo.apkg [--width 360] [--night]
        [--screenshot build/cards.png --cards 5]

Each side sits in a `--width` px viewport as the reviewer's `<body class="card mobile">`;
a side is too wide when that viewport scrolls sideways (scrollWidth > clientWidth).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reviewer import PHONE_WIDTH, anki_sides, find_chromium, find_mathjax, page, render, screenshot


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("apkg", type=Path)
    parser.add_argument("--width", type=int, default=PHONE_WIDTH)
    parser.add_argument("--night", action="store_true", help="night mode classes")
    parser.add_argument("--screenshot", type=Path, help="also save a PNG of some sides")
    parser.add_argument("--cards", default="", help="names or 0-based indices, comma-separated")
    args = parser.parse_args()
    mathjax = find_mathjax()
    if mathjax is None or find_chromium() is None:
        sys.exit("needs chromium and Anki's MathJax (python tools/reviewer.py fetch-mathjax)")
    sides = list(anki_sides(args.apkg))
    with tempfile.TemporaryDirectory() as scratch:
        report = render(page(sides, mathjax, night=args.night, width=args.width), Path(scratch))
        if args.screenshot:
            chosen = _choose(sides, args.cards)
            html = page(chosen, mathjax, night=args.night, width=args.width)
            screenshot(html, Path(scratch), args.screenshot.resolve())
    if report.title != "REPORT":
        print(f"the page did not report: {report.title}")
        return 1
    wide = [s for s in report.sides if s.too_wide]
    errors = [s for s in report.sides if s.errors]
    live = [s for s in report.sides if s.live]
    print(f"{len(sides)} card sides, {report.typeset} formulas typeset at {args.width} px")
    for side in wide:
        print(f"too wide: {side.name}: {side.width} px; {'; '.join(side.wide)}")
    for side in errors:
        print(f"MathJax error: {side.name}: {' | '.join(side.errors)[:200]}")
    for side in live:
        print(f"live markup: {side.name}: {', '.join(side.live)}")
    print(f"{len(wide)} too wide, {len(errors)} with MathJax errors, {len(live)} with live markup")
    return 1 if wide or errors or live else 0


def _choose(sides: list, names: str) -> list:
    if not names:
        return sides[:6]
    chosen = []
    for name in names.split(","):
        if name.isdigit():
            chosen.append(sides[int(name)])
        else:
            chosen.extend(s for s in sides if s.name.startswith(name))
    return chosen


if __name__ == "__main__":
    sys.exit(main())
