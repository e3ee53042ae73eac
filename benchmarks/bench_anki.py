"""Speed and memory of `export anki` (run: `uv run python benchmarks/bench_anki.py`).

Measures, as medians of several cold processes:
- the user's draft (../shared/seed/…) end to end, from process start;
- a generated notes file of 2,000 questions + 2,000 key points, against the time
  markdown-it-py alone takes to parse the same file, with peak memory (max RSS).
It prints figures and ratios and never fails.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import DRAFT, RUNS, machine, markdown_baseline, median_run
from benchmarks.generate import generate


def main() -> None:
    exe = [sys.executable, "-m", "exporter"]
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if DRAFT.is_file():
            draft = folder / "draft.md"
            shutil.copy(DRAFT, draft)
            wall, _ = median_run([*exe, "anki", str(draft), "-o", str(folder / "d.apkg"), "-q"])
            print(f"user draft, cold: median {wall:.3f} s over {RUNS} runs (target < 0.5 s)")
        big = folder / "big.md"
        big.write_text(generate(2000, 2000), encoding="utf-8")
        size = big.stat().st_size / 1024 / 1024
        base = markdown_baseline(big)
        wall, peak = median_run([*exe, "anki", str(big), "-o", str(folder / "b.apkg"), "-q"])
        print(f"generated {size:.1f} MB (2,000 questions, 2,000 key points):")
        print(f"  markdown-it-py parse alone (cold process): median {base:.2f} s")
        print(f"  export anki end to end:                    median {wall:.2f} s")
        print(f"  ratio {wall / base:.2f}x (target < 3x); peak RSS {peak:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
