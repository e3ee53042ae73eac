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
from benchmarks.common import (
    DRAFT,
    RUNS,
    Times,
    alternating,
    machine,
    median_times,
    parse_command,
    plain_parse_command,
    timed_run,
)
from benchmarks.generate import generate, generate_sections

EXPORT = [sys.executable, "-m", "exporter", "anki", "-q"]
SERIES = (500, 1000, 2000, 4000, 8000)


def export_times(notes: Path, output: Path, runs: int, *extra: str) -> Times:
    return median_times([*EXPORT, str(notes), "-o", str(output), *extra], runs)


def parse_times(notes: Path, runs: int) -> Times:
    return median_times(parse_command(notes), runs)


def ratio(export: Times, base: Times) -> str:
    return f"{export.wall / base.wall:.2f}x wall, {export.cpu / base.cpu:.2f}x CPU"


def draft(folder: Path, runs: int) -> None:
    if not DRAFT.is_file():
        print(f"user draft not found at {DRAFT}: skipped")
        return
    notes = folder / "draft.md"
    shutil.copy(DRAFT, notes)
    cold = export_times(notes, folder / "d.apkg", runs, "--no-cache")
    warm = export_times(notes, folder / "d.apkg", runs)
    print(
        f"user draft: cold {cold.wall:.3f} s ({cold.cpu:.3f} s CPU), warm {warm.wall:.3f} s "
        f"({warm.cpu:.3f} s CPU); medians of {runs}; target < 0.5 s"
    )


def series(folder: Path, runs: int, sizes: tuple[int, ...]) -> None:
    print("scaling series, cold (--no-cache), export and parse alternating; s wall / CPU:")
    print(
        "  notes    MB   parse wall/CPU  export wall/CPU  x parse (wall, CPU)  peak RSS  "
        "x per doubling"
    )
    previous: Times | None = None
    stock = ""
    for notes in sizes:
        source = folder / f"series-{notes}.md"
        source.write_text(generate(notes // 2, notes - notes // 2), encoding="utf-8")
        output = folder / f"series-{notes}.apkg"
        commands = [parse_command(source), [*EXPORT, str(source), "-o", str(output), "--no-cache"]]
        if notes == 4000:  # the issue's own baseline too, in the same rounds
            commands.append(plain_parse_command(source))
        base, export, *plain = alternating(commands, runs)
        growth = (
            f"export x{export.wall / previous.wall:.2f} wall, x{export.cpu / previous.cpu:.2f} CPU"
            if previous
            else ""
        )
        size = source.stat().st_size / 1024 / 1024
        print(
            f"  {notes:>5}  {size:>4.1f}  {base.wall:>6.2f} /{base.cpu:>6.2f}  "
            f"{export.wall:>6.2f} /{export.cpu:>6.2f}  {export.wall / base.wall:>5.2f}, "
            f"{export.cpu / base.cpu:>5.2f}  {export.rss_mb:>4.0f} MB  {growth}"
        )
        previous = export
        if plain:
            stock = (
                f"  4,000 notes, stock markdown-it-py + dollarmath {plain[0].wall:.2f} s: "
                f"{export.wall / plain[0].wall:.2f}x wall, {export.cpu / plain[0].cpu:.2f}x CPU"
            )
    if stock:
        print(stock)
    print(
        f"  peak RSS of the {sizes[-1]:,}-note export: {previous.rss_mb:.0f} MB (target < 300 MB)"
        if previous
        else ""
    )


def many_decks(folder: Path, runs: int) -> None:
    source = folder / "sections.md"
    source.write_text(generate_sections(4000, 1000), encoding="utf-8")
    base = parse_times(source, runs)
    export = export_times(source, folder / "sections.apkg", runs, "--no-cache")
    print(
        f"4,000 sections in 1,000 decks, cold: parse {base.wall:.2f} s, export "
        f"{export.wall:.2f} s ({export.cpu:.2f} s CPU): {ratio(export, base)} the parse"
    )


def warm(folder: Path, runs: int) -> None:
    """The cache lives in a scratch XDG_CACHE_HOME, so the user's own cache is untouched."""
    source = folder / "warm.md"
    source.write_text(generate(2000, 2000), encoding="utf-8")
    base = parse_times(source, runs)
    output = folder / "warm.apkg"
    elsewhere = folder / "elsewhere.apkg"
    # From the cached notes into a file that is not the package yet (removed before each run).
    command = [*EXPORT, str(source), "-o", str(elsewhere)]
    rebuilt = median_times(["sh", "-c", 'rm -f "$0" && exec "$@"', str(elsewhere), *command], runs)
    same = export_times(source, output, runs)  # the output already holds the package
    print(
        f"4,000 notes, warm: into a new file {rebuilt.wall:.2f} s ({ratio(rebuilt, base)}); "
        f"over the same package {same.wall:.2f} s ({ratio(same, base)}); target <= 0.8x"
    )
    vault = folder / "vault"
    for index in range(100):
        page = vault / f"topic {index // 10}" / f"page {index}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# 第 {index} 页\n\n" + generate(20, 20), encoding="utf-8")
    vault_out = folder / "vault.apkg"
    cold = export_times(vault, vault_out, runs, "--no-cache")
    timed_run([*EXPORT, str(vault), "-o", str(vault_out)])  # fills the cache
    edited = vault / "topic 3" / "page 35.md"
    times = []
    for run in range(runs):
        edited.write_text(edited.read_text(encoding="utf-8") + f"\n追加 {run}\n", encoding="utf-8")
        times.append(timed_run([*EXPORT, str(vault), "-o", str(vault_out)]))
    middle = sorted(times, key=lambda t: t.wall)[len(times) // 2]
    print(
        f"100-file folder (4,000 notes): cold {cold.wall:.2f} s ({cold.cpu:.2f} s CPU); "
        f"one file edited, warm {middle.wall:.2f} s ({middle.cpu:.2f} s CPU)"
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
