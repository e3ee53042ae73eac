"""`export pdf` beside pandoc → xelatex on the same notes
(run: `uv run python benchmarks/bench_pdf_vs_xelatex.py [--questions N] [--points N]`).

The input is the generated sheet (benchmarks/generate.py, every formula distinct) with its
Chinese replaced by Latin words, so that xelatex runs without a CJK setup. Both tools run
as fresh processes, medians of RUNS; this tool with its caches off (cold) and on (warm).
pandoc and xelatex are not dependencies: without them the comparison is skipped with a
message. It prints figures and never fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import machine  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from exporter.cache import ENV_DISABLE  # noqa: E402

RUNS = 3
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def latin_notes(questions: int, points: int) -> str:
    return _CJK.sub("zh", generate(questions, points, distinct=True))


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {(result.stderr or result.stdout)[-400:]}")
    return elapsed


def pages(pdf: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return str(len(PdfReader(pdf).pages))


def median_of(name: str, args: list[str], env: dict[str, str], out: Path) -> float | None:
    try:
        walls = [timed(args, env) for _ in range(RUNS)]
    except (RuntimeError, OSError) as exc:
        print(f"{name}: failed ({exc})")
        return None
    wall = statistics.median(walls)
    print(
        f"{name}: median {wall:.2f} s over {RUNS} (min {min(walls):.2f}, max {max(walls):.2f}), "
        f"{pages(out)} pages"
    )
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--points", type=int, default=100)
    args = parser.parse_args()
    print(machine())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        notes = folder / "latin.md"
        text = latin_notes(args.questions, args.points)
        notes.write_text(text, encoding="utf-8")
        formulas = len(re.findall(r"\$[^$\n]+\$", text))
        print(f"input: {args.questions} questions, {args.points} key points, {formulas} formulas")
        ours = folder / "ours.pdf"
        command = [sys.executable, "-m", "exporter", "pdf", "-q", str(notes), "-o", str(ours)]
        env["XDG_CACHE_HOME"] = str(folder / "cache")
        timed(command, env)  # warm-up: bytecode, fontconfig; fills the cache for "warm"
        mine = median_of("export pdf, warm (unchanged notes)", command, env, ours)
        cold_env = {**env, ENV_DISABLE: "1"}
        mine = median_of("export pdf, cold (caches off)", command, cold_env, ours)
        missing = [tool for tool in ("pandoc", "xelatex") if shutil.which(tool) is None]
        if missing:
            print(
                f"pandoc → xelatex: skipped, {' and '.join(missing)} not installed "
                "(Debian: apt-get install pandoc texlive-xetex)"
            )
            return
        theirs = folder / "xelatex.pdf"
        pandoc = ["pandoc", str(notes), "-o", str(theirs), "--pdf-engine=xelatex"]
        timed(pandoc, env)  # warm-up: font caches
        other = median_of("pandoc → xelatex", pandoc, env, theirs)
        if mine and other:
            print(f"export pdf cold / pandoc → xelatex: {mine / other:.2f}×")


if __name__ == "__main__":
    main()
