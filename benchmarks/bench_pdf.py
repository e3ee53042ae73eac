"""Speed and memory of `export pdf` (run: `uv run python benchmarks/bench_pdf.py [--quick]`).

Measures, as medians of cold processes (a new interpreter each time, after one warm-up
run so Python's bytecode cache exists, as on any machine after the first export):
- the user's draft (../shared/seed/…) end to end, from process start (target < 3 s);
- a generated sheet of 1,000 questions with ~1,000 distinct formulas (target < 60 s and
  < 1.5 GB peak memory, summed over the process and its formula workers);
with every cache off (bench_pdf_cache.py measures re-exports), then, in one process, where
the time goes: typesetting per formula, layout, drawing,
and the same sheet with WeasyPrint drawing every formula's SVG itself (the old way).
It prints figures and never fails.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate  # noqa: E402
from exporter.cache import ENV_DISABLE  # noqa: E402

DRAFT = ROOT.parent / "shared" / "seed" / "000_d820e61560e14e74.txt"


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    family, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in family:
                family.add(child)
                frontier.append(child)
    return sum(rss.get(p, 0) for p in family) / 1024 / 1024


def cold_run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak MB of the process tree) of one fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            if sys.platform.startswith("linux"):
                peak = max(peak, tree_rss_mb(process.pid))
            done.wait(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _out, err = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    watcher.join()
    if process.returncode != 0:
        raise RuntimeError(err.decode(errors="replace")[-500:])
    return elapsed, peak


def median_run(args: list[str], env: dict[str, str], runs: int) -> tuple[float, float, list[float]]:
    results = [cold_run(args, env) for _ in range(runs)]
    walls = [r[0] for r in results]
    return statistics.median(walls), max(r[1] for r in results), walls


def breakdown(notes: Path, folder: Path) -> None:
    """In-process: phases of one export, per-formula costs, and the old drawing path."""
    import re

    from exporter.parse import parse_file
    from exporter.pdf import PdfOptions, write_pdf
    from exporter.pdf.fonts import find_cjk_font
    from exporter.pdf.mathsvg import typeset
    from exporter.pdf.pdfpaths import pdf_operators

    text = notes.read_text(encoding="utf-8")
    formulas = sorted({a or b for a, b in re.findall(r"\$\$(.+?)\$\$|\$([^$\n]+)\$", text)})
    sample = formulas[:200]
    font = find_cjk_font().regular.path
    typeset("x", False, font)  # load ziamath and its font once
    start = time.perf_counter()
    snippets = [typeset(tex, False, font)[0] for tex in sample]
    per_formula = (time.perf_counter() - start) / len(sample) * 1000
    start = time.perf_counter()
    for snippet in snippets:
        pdf_operators(snippet[snippet.find("<svg") :])
    per_operators = (time.perf_counter() - start) / len(sample) * 1000
    print(f"  typesetting (ziamath), one process: {per_formula:.1f} ms per formula")
    print(f"  SVG → PDF operators:                 {per_operators:.1f} ms per formula")

    document = parse_file(notes)
    start = time.perf_counter()
    result = write_pdf([document], folder / "inproc.pdf", PdfOptions())
    total = time.perf_counter() - start
    t = result.timings
    print(
        f"  one export in process: {total:.1f} s = typesetting + HTML {t['html']:.1f} s "
        f"(formulas in worker processes), layout {t['layout']:.1f} s, "
        f"drawing + PDF {t['write']:.1f} s; {result.pages} pages, {result.formulas} formulas"
    )
    print(
        f"  → {total / max(result.formulas, 1) * 1000:.0f} ms of wall time per formula, "
        "everything included"
    )

    # The old way, for comparison: WeasyPrint parses and draws each formula's SVG at
    # every use (as when patches.py refuses its fast path). Only the drawing differs.
    from exporter.pdf import patches

    saved = patches.TESTED["weasyprint"]
    patches.TESTED["weasyprint"] = ()
    try:
        start = time.perf_counter()
        old = write_pdf([document], folder / "old.pdf", PdfOptions())
        old_total = time.perf_counter() - start
        print(
            f"  same sheet, WeasyPrint drawing every SVG: {old_total:.1f} s "
            f"(drawing + PDF {old.timings['write']:.1f} s, layout {old.timings['layout']:.1f} s)"
        )
    except Exception as exc:
        print(f"  (old-path comparison skipped: {exc})")
    finally:
        patches.TESTED["weasyprint"] = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs (1 of the big sheet)")
    parser.add_argument("--questions", type=int, default=1000)
    args = parser.parse_args()
    draft_runs, big_runs = (3, 1) if args.quick else (7, 3)

    # The developer shell may forbid bytecode caches; a user's machine writes them. Cold
    # means cold: no formula, font or sheet from an earlier run (bench_pdf_cache.py: warm).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env[ENV_DISABLE] = "1"
    os.environ[ENV_DISABLE] = "1"  # and for the in-process breakdown
    exe = [sys.executable, "-m", "exporter", "pdf", "-q"]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    try:
        from exporter.pdf.fonts import harfbuzz_subset_available

        print(f"libharfbuzz-subset: {'yes' if harfbuzz_subset_available() else 'no'}")
    except Exception as exc:
        print(f"libharfbuzz-subset: unknown ({exc})")

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        try:
            if DRAFT.is_file():
                draft = folder / "draft.md"
                draft.write_bytes(DRAFT.read_bytes())
                command = [*exe, str(draft), "-o", str(folder / "draft.pdf")]
                cold_run(command, env)  # warm-up: bytecode caches, fontconfig cache
                wall, peak, walls = median_run(command, env, draft_runs)
                print(
                    f"user draft → PDF, cold process: median {wall:.2f} s over {draft_runs} "
                    f"runs (min {min(walls):.2f}, max {max(walls):.2f}; target < 3 s), "
                    f"peak {peak:.0f} MB"
                )
            else:
                print(f"user draft not found at {DRAFT}: skipped")
        except Exception:
            print("user draft: failed\n" + traceback.format_exc())

        try:
            big = folder / "big.md"
            big.write_text(generate(args.questions, 20, distinct=True), encoding="utf-8")
            command = [*exe, str(big), "-o", str(folder / "big.pdf")]
            wall, peak, walls = median_run(command, env, big_runs)
            print(
                f"generated {args.questions} questions, ~{args.questions} distinct formulas, "
                f"cold process: median {wall:.1f} s over {big_runs} run(s) "
                f"(target < 60 s); peak {peak:.0f} MB for the process and its workers "
                "(target < 1.5 GB)"
            )
            print("where the time goes (one process):")
            breakdown(big, folder)
        except Exception:
            print("generated sheet: failed\n" + traceback.format_exc())


if __name__ == "__main__":
    main()
