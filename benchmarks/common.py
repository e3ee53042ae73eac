"""What the benchmarks share: the user's draft, cold-process timing, the markdown-it baseline."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT.parent / "shared" / "seed" / "000_d820e61560e14e74.txt"
RUNS = 5


def machine() -> str:
    python = platform.python_version()
    return f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}"


@dataclass(frozen=True)
class Times:
    """Wall seconds, CPU seconds (user + system) that a busy machine inflates far less, and
    the peak resident memory of the process or any child it waited for, in MB."""

    wall: float
    cpu: float
    rss_mb: float = 0.0


def timed_run(args: list[str], ok_codes: tuple[int, ...] = (0,)) -> Times:
    """One fresh process."""
    # The developer shell may forbid bytecode caches; a user's machine writes them (each
    # timed command runs once untimed first, so they exist, as after any first run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    # wait4: this process's own usage (with the children it waited for), not the sum so far
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        raise SystemExit(f"{' '.join(args)} failed with exit code {code}")
    return Times(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def cold_run(args: list[str], ok_codes: tuple[int, ...] = (0,)) -> float:
    """Wall seconds of one fresh process."""
    return timed_run(args, ok_codes).wall


def median_times(args: list[str], runs: int = RUNS, ok_codes: tuple[int, ...] = (0,)) -> Times:
    """Medians over `runs` fresh processes, after one untimed run (bytecode, page cache)."""
    timed_run(args, ok_codes)
    return _median([timed_run(args, ok_codes) for _ in range(runs)])


def alternating(
    commands: list[list[str]], runs: int = RUNS, ok_codes: tuple[int, ...] = (0,)
) -> list[Times]:
    """Medians of each command, the commands run in turn (after one untimed run of each),
    so that a machine that slows down or speeds up during the benchmark weighs on all of
    them alike: on a shared 2-core machine, runs of one command in a row drifted by 10%."""
    for command in commands:
        timed_run(command, ok_codes)
    rounds = [[timed_run(command, ok_codes) for command in commands] for _ in range(runs)]
    return [_median([row[index] for row in rounds]) for index in range(len(commands))]


def paired_medians(
    base: list[str], export: list[str], runs: int = RUNS, ok_codes: tuple[int, ...] = (0,)
) -> tuple[Times, Times]:
    """`alternating` for a baseline and the export measured against it."""
    first, second = alternating([base, export], runs, ok_codes)
    return first, second


def _median(results: list[Times]) -> Times:
    return Times(
        statistics.median(r.wall for r in results),
        statistics.median(r.cpu for r in results),
        max(r.rss_mb for r in results),
    )


def median_run(
    args: list[str], ok_codes: tuple[int, ...] = (0,), runs: int = RUNS
) -> tuple[float, float]:
    """(median wall seconds over `runs` cold processes, peak RSS in MB of any child so far)."""
    median = median_times(args, runs, ok_codes).wall
    return median, peak_rss_mb()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def parse_command(notes: Path) -> list[str]:
    """markdown-it-py alone parsing `notes`, with the project's own configuration."""
    return [
        sys.executable,
        "-c",
        "import sys; from exporter.parse.dialect import markdown_parser; "
        "markdown_parser().parse(open(sys.argv[1], encoding='utf-8').read())",
        str(notes),
    ]


def plain_parse_command(notes: Path) -> list[str]:
    """markdown-it-py with stock dollarmath, none of the project's own rules: the baseline
    as issue 11 first measured it."""
    return [
        sys.executable,
        "-c",
        "import sys; from markdown_it import MarkdownIt; "
        "from mdit_py_plugins.dollarmath import dollarmath_plugin; "
        "from mdit_py_plugins.front_matter import front_matter_plugin; "
        "md = MarkdownIt('commonmark').enable('table').use(dollarmath_plugin)"
        ".use(front_matter_plugin); md.parse(open(sys.argv[1], encoding='utf-8').read())",
        str(notes),
    ]


def markdown_baseline(notes: Path, runs: int = RUNS) -> float:
    """Median seconds markdown-it-py alone takes to parse `notes`, in a cold process, with
    the project's own configuration (CommonMark, tables, `$` math, front matter)."""
    return median_times(parse_command(notes), runs).wall
