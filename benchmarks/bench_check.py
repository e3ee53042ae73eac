"""Speed of `export check` (run: `uv run python benchmarks/bench_check.py`).

Measures, as medians of several cold processes:
- the user's draft (../shared/seed/…), from process start;
- the generated notes file of the anki benchmark (2,000 questions + 2,000 key points),
  against the time markdown-it-py alone takes to parse it (the issue's budget: 2x);
- `--fix` on a copy of that file with every line broken the way the draft is;
- a vault: a folder of 100 notes files (the sample notes, the draft and generated files of
  several sizes, in sub-folders), against markdown-it-py's parse of the same 100 files in
  one cold process (issue 12.6's budget: 2x).
It prints figures and ratios and never fails.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import (
    DRAFT,
    ROOT,
    RUNS,
    machine,
    median_run,
    paired_medians,
    parse_command,
    peak_rss_mb,
)
from benchmarks.generate import generate


def check_run(args: list[str]) -> tuple[float, float]:
    """`check` exits 1 when it finds something: that is no failure."""
    return median_run(args, ok_codes=(0, 1))


def main() -> None:
    exe = [sys.executable, "-m", "exporter", "check", "--quiet"]
    print(machine())
    if "--vault" in sys.argv:  # only the vault, for a quick look
        with tempfile.TemporaryDirectory() as scratch:
            vault_benchmark(Path(scratch) / "vault", exe)
        return
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
        parsed, checked = paired_medians(parse_command(big), [*exe, str(big)], ok_codes=(0, 1))
        base, wall, peak = parsed.wall, checked.wall, peak_rss_mb()
        print(f"generated {size:.1f} MB (2,000 questions, 2,000 key points):")
        print(f"  markdown-it-py parse alone (cold process):  median {base:.2f} s")
        print(f"  export check end to end (runs alternating): median {wall:.2f} s")
        print(f"  ratio {wall / base:.2f}x (target < 2x); peak RSS {peak:.0f} MB")
        pristine, broken = folder / "broken.orig", folder / "broken.md"
        text = big.read_text(encoding="utf-8").replace(" **策略梯度** ", "**策略梯度**")
        pristine.write_text(text.replace(", ", "，"), encoding="utf-8")
        fixes = [*exe, "--fix", str(broken)]
        wall, _ = check_run([sys.executable, "-c", _RESTORE, str(pristine), str(broken), *fixes])
        print(f"  --fix of bold spacing and full-width commas: median {wall:.2f} s")
        vault_benchmark(folder / "vault", exe)


VAULT_FILES = 100


def make_vault(vault: Path) -> list[Path]:
    """100 notes files in 5 sub-folders (one with a space in its name, as vaults have)."""
    sources = [ROOT / "seeds" / "ppo-rlhf.md", DRAFT]
    texts = [p.read_text(encoding="utf-8") for p in sources if p.is_file()]
    files = []
    for number in range(VAULT_FILES):
        folder = vault / ("topic " + str(number % 5))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"note-{number:03d}.md"
        if number < len(texts) * 10:
            text = texts[number % len(texts)]
        else:
            text = generate(5 + number % 40, 10 + number % 60)
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def vault_benchmark(vault: Path, exe: list[str]) -> None:
    files = make_vault(vault)
    size = sum(p.stat().st_size for p in files) / 1024 / 1024
    parse_all = [
        sys.executable,
        "-c",
        "import sys; from exporter.parse.dialect import markdown_parser; md = markdown_parser()\n"
        "for name in sys.argv[1:]: md.parse(open(name, encoding='utf-8').read())",
        *map(str, files),
    ]
    parsed, checked = paired_medians(parse_all, [*exe, str(vault)], ok_codes=(0, 1))
    base, wall, peak = parsed.wall, checked.wall, peak_rss_mb()
    print(f"vault of {len(files)} files ({size:.1f} MB) in 5 folders:")
    print(f"  markdown-it-py parse of every file (cold process): median {base:.2f} s")
    print(f"  export check FOLDER end to end:                    median {wall:.2f} s")
    print(f"  ratio {wall / base:.2f}x (target < 2x); peak RSS {peak:.0f} MB")


# Each timed `--fix` run starts from the broken file again (the copy is part of the time).
_RESTORE = (
    "import shutil, subprocess, sys; shutil.copy(sys.argv[1], sys.argv[2]); "
    "sys.exit(subprocess.run(sys.argv[3:]).returncode)"
)


if __name__ == "__main__":
    main()
