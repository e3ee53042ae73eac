"""Speed and memory of `export anki` (run: `uv run python benchmarks/bench_anki.py`).

Measures, as medians of several cold processes:
- the user's draft (../shared/seed/…) end to end, from process start;
- a generated notes file of 2,000 questions + 2,000 key points, against the time
  markdown-it-py alone takes to parse the same file, with peak memory (max RSS).
It prints figures and ratios and never fails.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate  # noqa: E402

DRAFT = ROOT.parent / "shared" / "seed" / "000_d820e61560e14e74.txt"
RUNS = 5


def cold_run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one fresh process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def median_run(args: list[str]) -> tuple[float, float]:
    results = [cold_run(args) for _ in range(RUNS)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    exe = [sys.executable, "-m", "exporter"]
    python = platform.python_version()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if DRAFT.is_file():
            draft = folder / "draft.md"
            draft.write_bytes(DRAFT.read_bytes())
            wall, _ = median_run([*exe, "anki", str(draft), "-o", str(folder / "d.apkg"), "-q"])
            print(f"user draft, cold: median {wall:.3f} s over {RUNS} runs (target < 0.5 s)")
        big = folder / "big.md"
        big.write_text(generate(2000, 2000), encoding="utf-8")
        size = big.stat().st_size / 1024 / 1024
        parse_only = [
            sys.executable,
            "-c",
            "import sys; from exporter.render import markdown_parser; "
            "markdown_parser().parse(open(sys.argv[1], encoding='utf-8').read())",
            str(big),
        ]
        base, _ = median_run(parse_only)
        wall, peak = median_run([*exe, "anki", str(big), "-o", str(folder / "b.apkg"), "-q"])
        print(f"generated {size:.1f} MB (2,000 questions, 2,000 key points):")
        print(f"  markdown-it-py parse alone (cold process): median {base:.2f} s")
        print(f"  export anki end to end:                    median {wall:.2f} s")
        print(f"  ratio {wall / base:.2f}x (target < 3x); peak RSS {peak:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
