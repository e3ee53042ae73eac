"""Re-exporting a PDF with the caches (run: `uv run python benchmarks/bench_pdf_cache.py`).

On `seeds/ppo-rlhf.md`, medians of fresh processes, each case from a cache folder of its own:
- cold: an empty cache (every formula typeset, the font cut down, the pages laid out);
- warm: the same notes again (target: at most 2 s);
- one-line edit: one formula changed, so one formula is typeset and the pages laid out;
- `--no-cache` equivalent (NOTES_EXPORTER_NO_CACHE=1), for reference.
It prints figures and never fails.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import cold_run, machine  # noqa: E402
from exporter.cache import ENV_DISABLE  # noqa: E402

NOTES = ROOT / "seeds" / "ppo-rlhf.md"
RUNS = 3


def timed(notes: Path, out: Path, cache: Path, *, enabled: bool = True) -> float:
    os.environ["XDG_CACHE_HOME"] = str(cache)
    if enabled:
        os.environ.pop(ENV_DISABLE, None)
    else:
        os.environ[ENV_DISABLE] = "1"
    return cold_run([sys.executable, "-m", "exporter", "pdf", "-q", str(notes), "-o", str(out)])


def edit_one_formula(text: str) -> str:
    """The first inline formula gets one more term: one formula to typeset again."""
    start = text.index("$") + 1
    end = text.index("$", start)
    return text[:end] + " + 0" + text[end:]


def main() -> None:
    print(machine())
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's machine writes bytecode
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        notes = folder / NOTES.name
        shutil.copy(NOTES, notes)
        out = folder / "out.pdf"
        timed(notes, out, folder / "warm-up")  # bytecode and fontconfig caches
        cold, warm, edited, uncached = [], [], [], []
        for run in range(RUNS):
            cache = folder / f"cache-{run}"
            notes.write_text(NOTES.read_text(encoding="utf-8"), encoding="utf-8")
            cold.append(timed(notes, out, cache))
            warm.append(timed(notes, out, cache))
            notes.write_text(edit_one_formula(notes.read_text(encoding="utf-8")), "utf-8")
            edited.append(timed(notes, out, cache))
            uncached.append(timed(notes, out, cache, enabled=False))
        for name, walls in (
            ("cold (empty cache)", cold),
            ("warm (unchanged; target <= 2 s)", warm),
            ("one formula edited", edited),
            ("caches off", uncached),
        ):
            print(
                f"{NOTES.name}, {name}: median {statistics.median(walls):.2f} s over {RUNS} "
                f"(min {min(walls):.2f}, max {max(walls):.2f})"
            )


if __name__ == "__main__":
    main()
