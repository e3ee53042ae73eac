"""Speed of `export check` (run: `uv run python benchmarks/bench_check.py`).

Measures, as medians of several cold processes:
- the user's draft (../shared/seed/…), from process start;
- the generated notes file of the anki benchmark (2,000 questions + 2,000 key points),
  against the time markdown-it-py alone takes to parse it (the issue's budget: 2x);
- `--fix` on a copy of that file with every line broken the way the draft is.
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


def check_run(args: list[str]) -> tuple[float, float]:
    """`check` exits 1 when it finds something: that is no failure."""
    return median_run(args, ok_codes=(0, 1))


def main() -> None:
    exe = [sys.executable, "-m", "exporter", "check", "--quiet"]
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if DRAFT.is_file():
            draft = folder / "draft.md"
            shutil.copy(DRAFT, draft)
            wall, _ = check_run([*exe, str(draft)])
            print(f"user draft, cold: median {wall:.3f} s over {RUNS} runs")
        big = folder / "big.md"
        big.write_text(generate(2000, 2000), encoding="utf-8")
        size = big.stat().st_size / 1024 / 1024
        base = markdown_baseline(big)
        wall, peak = check_run([*exe, str(big)])
        print(f"generated {size:.1f} MB (2,000 questions, 2,000 key points):")
        print(f"  markdown-it-py parse alone (cold process): median {base:.2f} s")
        print(f"  export check end to end:                   median {wall:.2f} s")
        print(f"  ratio {wall / base:.2f}x (target < 2x); peak RSS {peak:.0f} MB")
        pristine, broken = folder / "broken.orig", folder / "broken.md"
        text = big.read_text(encoding="utf-8").replace(" **策略梯度** ", "**策略梯度**")
        pristine.write_text(text.replace(", ", "，"), encoding="utf-8")
        fixes = [*exe, "--fix", str(broken)]
        wall, _ = check_run([sys.executable, "-c", _RESTORE, str(pristine), str(broken), *fixes])
        print(f"  --fix of bold spacing and full-width commas: median {wall:.2f} s")


# Each timed `--fix` run starts from the broken file again (the copy is part of the time).
_RESTORE = (
    "import shutil, subprocess, sys; shutil.copy(sys.argv[1], sys.argv[2]); "
    "sys.exit(subprocess.run(sys.argv[3:]).returncode)"
)


if __name__ == "__main__":
    main()
