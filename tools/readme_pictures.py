"""Regenerate the README's pictures from `seeds/ppo-rlhf.md`: an interview card and a
key-point card at phone width, day and night, and the first page of the cheat sheet.

A manual tool, not part of the test run. It needs headless Chromium, Anki's own MathJax
(from PyPI's `aqt` wheel), poppler's `pdftoppm`, and a real CJK font that fontconfig finds
(Chromium draws the cards with it; the PDF embeds its own). On Debian:

    apt-get install chromium poppler-utils pngquant fonts-noto-cjk
    pip download --no-deps aqt -d /tmp/aqt && unzip -q /tmp/aqt/aqt-*.whl -d /tmp/aqt
    uv run python tools/readme_pictures.py --mathjax /tmp/aqt/_aqt/data/web/js/vendor/mathjax

Cards are imported with Anki's own backend and rendered with `card.answer()` inside the
classes Anki's reviewer gives a phone (`card mobile`, plus `nightMode night_mode` at night),
then typeset with the MathJax configuration Anki desktop uses. PNGs are quantised
(pngquant, or Pillow when pngquant is missing) to stay under 200 KB each.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from anki.collection import Collection
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporter.anki import build_package  # noqa: E402
from exporter.anki.into import import_package  # noqa: E402
from exporter.parse import parse_file  # noqa: E402

SEED = ROOT / "seeds" / "ppo-rlhf.md"
MAX_BYTES = 200_000
# (picture name, note field to search, text it contains)
CARDS = (
    ("interview", "Question", "PPO-Clip 的目标函数"),
    ("keypoint", "Point", "裁剪目标"),
)
_CONFIG = """window.MathJax = {tex: {displayMath: [["\\\\[", "\\\\]"]], processEscapes: false,
processEnvironments: false, processRefs: false,
packages: {"[+]": ["noerrors", "mathtools"], "[-]": ["textmacros"]}},
loader: {load: ["[tex]/noerrors", "[tex]/mathtools"], paths: {mathjax: "MATHJAX"}}};"""
# The margin a reviewer leaves around the card (the note type's CSS sets the body's own
# padding, so the frame goes on <html>; the body's background still fills the page).
_FRAME = "html { padding: 12px 10px 8px; }"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mathjax", type=Path, required=True, help="folder with tex-chtml-full.js")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "pictures")
    parser.add_argument("--width", type=int, default=375, help="phone width in CSS px")
    args = parser.parse_args()
    check_tools(args.mathjax)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="readme-pictures-") as scratch_name:
        scratch = Path(scratch_name)
        answers = card_answers(scratch)
        for name, answer in answers.items():
            for mode in ("day", "night"):
                page = scratch / f"{name}-{mode}.html"
                page.write_text(card_page(answer, args.mathjax, mode == "night"), "utf-8")
                target = args.out / f"card-{name}-{mode}.png"
                screenshot(page, target, args.width)
                report(target)
        target = args.out / "cheat-sheet-page1.png"
        pdf_page(scratch, target)
        report(target)


def check_tools(mathjax: Path) -> None:
    missing = [tool for tool in ("chromium", "pdftoppm", "fc-list") if not shutil.which(tool)]
    if missing:
        sys.exit(f"error: {', '.join(missing)} not found (see this script's docstring)")
    if not (mathjax / "tex-chtml-full.js").is_file():
        sys.exit(f"error: {mathjax}: no tex-chtml-full.js (unpack PyPI's aqt wheel)")
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    if not fonts.stdout.strip():
        sys.exit("error: fontconfig has no Chinese font (apt-get install fonts-noto-cjk)")


def card_answers(scratch: Path) -> dict[str, str]:
    """The answer side of each chosen card, as Anki renders it (its note type CSS included)."""
    package = build_package([parse_file(SEED)], scratch / "seed.apkg").path
    col = Collection(str(scratch / "collection.anki2"))
    try:
        import_package(col, package)
        answers = {}
        for name, field, text in CARDS:
            found = col.find_notes(f'"{field}:*{text}*"')
            if not found:
                sys.exit(f"error: no card whose {field} contains {text!r} in {SEED}")
            answers[name] = col.get_note(found[0]).cards()[0].answer()
        return answers
    finally:
        col.close()


def card_page(answer: str, mathjax: Path, night: bool) -> str:
    mathjax = mathjax.resolve()
    config = _CONFIG.replace("MATHJAX", mathjax.as_uri())
    classes = "card card1 mobile" + (" nightMode night_mode" if night else "")
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<script>{config}</script>"
        f'<script src="{(mathjax / "tex-chtml-full.js").as_uri()}"></script>'
        f"<style>{_FRAME}</style></head>"
        f'<body class="{classes}"><div id="qa">{answer}</div></body></html>'
    )


def screenshot(page: Path, target: Path, width: int) -> None:
    """A tall shot, cropped to the card: the body's background fills the rest."""
    raw = target.with_suffix(".raw.png")
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update",
         "--allow-file-access-from-files", "--hide-scrollbars", "--force-device-scale-factor=1",
         "--virtual-time-budget=20000", f"--window-size={width},2400",
         f"--screenshot={raw}", page.as_uri()],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    with Image.open(raw) as image:
        image = image.convert("RGB")
        background = Image.new("RGB", image.size, image.getpixel((0, image.height - 1)))
        box = ImageChops.difference(image, background).getbbox()
        bottom = min(image.height, (box[3] if box else image.height) + 18)
        image.crop((0, 0, image.width, bottom)).save(raw)
    quantise(raw, target)


def pdf_page(scratch: Path, target: Path) -> None:
    pdf = scratch / "sheet.pdf"
    subprocess.run(
        [sys.executable, "-m", "exporter", "pdf", str(SEED), "-o", str(pdf), "-q"],
        cwd=ROOT, check=True, timeout=600,
    )  # fmt: skip
    stem = scratch / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "75", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True, timeout=120,
    )  # fmt: skip
    quantise(stem.with_suffix(".png"), target)


def quantise(source: Path, target: Path) -> None:
    """Fewer colours, same look: text and formulas are a handful of greys and accents."""
    if shutil.which("pngquant"):
        subprocess.run(
            ["pngquant", "--force", "--skip-if-larger", "--quality=60-90", "--speed=1",
             "--output", str(target), str(source)],
            check=False, timeout=120,
        )  # fmt: skip
    if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
        with Image.open(source) as image:
            image.convert("RGB").quantize(colors=64).save(target, optimize=True)
    source.unlink(missing_ok=True)


def report(target: Path) -> None:
    size = target.stat().st_size
    with Image.open(target) as image:
        print(f"{target.relative_to(ROOT)}: {image.width}x{image.height}, {size // 1000} KB")
    if size > MAX_BYTES:
        sys.exit(f"error: {target} is over {MAX_BYTES // 1000} KB")


if __name__ == "__main__":
    main()
