"""Speed and memory of `export anki` (run: `uv run python benchmarks/bench_anki.py [--quick]`).

Measures, as medians of several cold processes, each against markdown-it-py's parse alone of
the same file (a cold process too, with the project's Markdown configuration):
- the user's draft (../shared/seed/…) end to end, from process start;
- the scaling series: 500, 1,000, 2,000, 4,000 and 8,000 notes (half questions, half key
  points), with the time ratio of each doubling (target: 4,000 notes within 2.0x the parse,
  each doubling at most x2.1) and peak memory;
- many decks: 4,000 leaf sections in 1,000 decks (genanki alone writes the decks' JSON once
  per deck, which was quadratic);
- warm runs: the same exports again with the cache filled (target: at most 0.8x the parse),
  and a 100-file folder after one file was edited.
It prints figures and ratios and never fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import DRAFT, RUNS, cold_run, machine, markdown_baseline, median_run
from benchmarks.generate import generate, generate_sections

EXPORT = [sys.executable, "-m", "exporter", "anki", "-q"]
SERIES = (500, 1000, 2000, 4000, 8000)


def export_run(notes: Path, output: Path, runs: int, *extra: str) -> tuple[float, float]:
    return median_run([*EXPORT, str(notes), "-o", str(output), *extra], runs=runs)


def draft(folder: Path, runs: int) -> None:
    if not DRAFT.is_file():
        print(f"user draft not found at {DRAFT}: skipped")
        return
    notes = folder / "draft.md"
    shutil.copy(DRAFT, notes)
    cold, _ = export_run(notes, folder / "d.apkg", runs, "--no-cache")
    warm, _ = export_run(notes, folder / "d.apkg", runs)
    print(f"user draft: cold {cold:.3f} s, warm {warm:.3f} s (medians of {runs}; target < 0.5 s)")


def series(folder: Path, runs: int, sizes: tuple[int, ...]) -> None:
    print("scaling series (cold, --no-cache):")
    print("  notes    MB   parse s  export s  x parse  export x/doubling  parse x/doubling")
    previous: tuple[float, float] | None = None
    for notes in sizes:
        source = folder / f"series-{notes}.md"
        source.write_text(generate(notes // 2, notes - notes // 2), encoding="utf-8")
        base = markdown_baseline(source, runs=runs)
        wall, peak = export_run(source, folder / "series.apkg", runs, "--no-cache")
        growth = (
            f"{wall / previous[0]:>17.2f}  {base / previous[1]:>16.2f}" if previous else " " * 35
        )
        size = source.stat().st_size / 1024 / 1024
        print(
            f"  {notes:>5}  {size:>4.1f}  {base:>8.2f}  {wall:>8.2f}  {wall / base:>7.2f}  {growth}"
        )
        previous = (wall, base)
    print(f"  peak RSS of any export so far: {peak:.0f} MB")


def many_decks(folder: Path, runs: int) -> None:
    source = folder / "sections.md"
    source.write_text(generate_sections(4000, 1000), encoding="utf-8")
    base = markdown_baseline(source, runs=runs)
    wall, _ = export_run(source, folder / "sections.apkg", runs, "--no-cache")
    print(
        f"4,000 sections in 1,000 decks (cold): parse {base:.2f} s, export {wall:.2f} s, "
        f"{wall / base:.2f}x the parse"
    )


def warm(folder: Path, runs: int) -> None:
    """The cache lives in a scratch XDG_CACHE_HOME, so the user's own cache is untouched."""
    source = folder / "warm.md"
    source.write_text(generate(2000, 2000), encoding="utf-8")
    base = markdown_baseline(source, runs=runs)
    output = folder / "warm.apkg"
    export_run(source, output, 1)  # fills the cache
    wall, _ = export_run(source, output, runs)
    print(
        f"4,000 notes, warm (unchanged, cache filled): {wall:.2f} s, {wall / base:.2f}x the parse "
        f"({base:.2f} s; target <= 0.8x)"
    )
    vault = folder / "vault"
    for index in range(100):
        page = vault / f"topic {index // 10}" / f"page {index}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# 第 {index} 页\n\n" + generate(20, 20), encoding="utf-8")
    vault_out = folder / "vault.apkg"
    cold, _ = export_run(vault, vault_out, 1, "--no-cache")
    export_run(vault, vault_out, 1)  # fills the cache
    edited = vault / "topic 3" / "page 35.md"
    times = []
    for run in range(runs):
        edited.write_text(edited.read_text(encoding="utf-8") + f"\n追加 {run}\n", encoding="utf-8")
        times.append(cold_run([*EXPORT, str(vault), "-o", str(vault_out)]))
    times.sort()
    print(
        f"100-file folder (4,000 notes): cold {cold:.2f} s; one file edited, warm "
        f"{times[len(times) // 2]:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 run each, series up to 4,000")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    sizes = SERIES[:-1] if args.quick else SERIES
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")  # inherited by every export
        draft(folder, runs)
        series(folder, runs, sizes)
        many_decks(folder, runs)
        warm(folder, runs)


if __name__ == "__main__":
    main()
