"""What the benchmarks share: the user's draft, cold-process timing, the markdown-it baseline."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT.parent / "shared" / "seed" / "000_d820e61560e14e74.txt"
RUNS = 5


def machine() -> str:
    python = platform.python_version()
    return f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}"


def cold_run(args: list[str], ok_codes: tuple[int, ...] = (0,)) -> float:
    """Wall seconds of one fresh process."""
    # The developer shell may forbid bytecode caches; a user's machine writes them (each
    # timed command runs once untimed first, so they exist, as after any first run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    code = subprocess.run(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    ).returncode
    elapsed = time.perf_counter() - start
    if code not in ok_codes:
        raise SystemExit(f"{' '.join(args)} failed with exit code {code}")
    return elapsed


def median_run(
    args: list[str], ok_codes: tuple[int, ...] = (0,), runs: int = RUNS
) -> tuple[float, float]:
    """(median wall seconds over `runs` cold processes, peak RSS in MB of any child so far)."""
    cold_run(args, ok_codes)  # bytecode caches, page cache: what any later run finds
    median = statistics.median(cold_run(args, ok_codes) for _ in range(runs))
    return median, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def markdown_baseline(notes: Path, runs: int = RUNS) -> float:
    """Median seconds markdown-it-py alone takes to parse `notes`, in a cold process, with
    the project's own configuration (CommonMark, tables, `$` math, front matter)."""
    parse_only = [
        sys.executable,
        "-c",
        "import sys; from exporter.parse.dialect import markdown_parser; "
        "markdown_parser().parse(open(sys.argv[1], encoding='utf-8').read())",
        str(notes),
    ]
    return median_run(parse_only, runs=runs)[0]
