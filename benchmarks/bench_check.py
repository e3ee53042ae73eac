"""Speed of `export check` (run: `uv run python benchmarks/bench_check.py`).

Measures, as medians of several cold processes:
- the user's draft (../shared/seed/…), from process start;
- the generated notes file of the anki benchmark (2,000 questions + 2,000 key points),
  against the time markdown-it-py alone takes to parse it (the issue's budget: 2x);
- `--fix` on a copy of that file with every line broken the way the draft is.
It prints figures and ratios and never fails.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.bench_anki import DRAFT, RUNS, median_run  # noqa: E402
from benchmarks.generate import generate  # noqa: E402


def check_run(args: list[str]) -> tuple[float, float]:
    """Like `median_run`, but `check` exits 1 when it finds something: that is no failure."""
    results = []
    for _ in range(RUNS):
        start = time.perf_counter()
        code = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        results.append(time.perf_counter() - start)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed with exit code {code}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(results), peak


def main() -> None:
    exe = [sys.executable, "-m", "exporter", "check", "--quiet"]
    python = platform.python_version()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}")
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
        parse_only = [
            sys.executable,
            "-c",
            "import sys; from exporter.render import markdown_parser; "
            "markdown_parser().parse(open(sys.argv[1], encoding='utf-8').read())",
            str(big),
        ]
        base, _ = median_run(parse_only)
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
