"""Which CJK font the sheet is set in, and how WeasyPrint gets it.

Order: `--font PATH`; else a Simplified-Chinese-capable font fontconfig already knows;
else Noto Sans SC shipped by the `pylopdf-fonts-zh-cn` dependency (OFL-1.1), so a fresh
machine prints Chinese, not boxes.

The family is always declared through `@font-face` under one fixed name, so the stylesheet
names it explicitly everywhere and never depends on what fontconfig would substitute.
Without libharfbuzz-subset WeasyPrint subsets fonts with fontTools while keeping every
glyph id, which takes 5-10 s for a 65,000-glyph CJK font; cutting the font down to the
characters the sheet uses first avoids that. The same step pulls one face out of a font
collection (.ttc), which fontconfig would otherwise expose all at once. It runs before
layout, while the formulas are typeset on both cores, so it is done with libharfbuzz-subset
where the machine has it (hbsubset.py, milliseconds), else with fontTools (0.4-0.8 s a face).
"""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..cache import DiskCache, key_of
from ..errors import ExportError
from . import hbsubset
from .patches import harfbuzz_subset_available

FAMILY = "Notes Sheet CJK"

# Simplified-Chinese families first: a JP/KR face draws some hanzi in other regional forms.
_PREFERRED = ("SC", "CN", "GB", "Hans", "Simplified", "Hei", "WenQuanYi", "Fallback")


# Characters the browser's own stylesheet generates, not in the sheet's text: list markers
# at each nesting level, quotes and common punctuation a template may add in CSS.
_GENERATED = "•◦▪▫‣–—‘’“”…→›‹·、。，：；！？（）《》「」"


class FontError(ExportError):
    """A font given with --font cannot be used."""


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int = 0  # face number inside a .ttc collection
    weight: int = 400


@dataclass(frozen=True)
class CjkFont:
    faces: tuple[FontFace, ...]  # regular first; a bold face if one exists
    origin: str  # "option", "system" or "package"
    name: str  # for the summary line and messages

    @property
    def regular(self) -> FontFace:
        return self.faces[0]


def find_cjk_font(option: Path | None = None) -> CjkFont:
    if option is not None:
        return CjkFont((_check(option),), "option", option.name)
    system = _system_font()
    if system is not None:
        return system
    return _package_font()


def _check(path: Path) -> FontFace:
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    hint = "(pass a .ttf, .otf or .ttc file to --font)"
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
        if magic in {b"wOFF", b"wOF2"}:
            raise FontError(f"{path}: web fonts are not supported {hint}")
        if magic == b"ttcf":
            names = [f["name"].getDebugName(1) or "" for f in TTCollection(str(path)).fonts]
            index = _pick_face(names)
        else:
            index = 0
            TTFont(str(path), lazy=True).close()
    except (OSError, TTLibError, AssertionError) as exc:
        raise FontError(f"{path}: not a usable font file: {exc} {hint}") from None
    return FontFace(path, index)


def _pick_face(names: list[str]) -> int:
    for key in _PREFERRED:
        for index, name in enumerate(names):
            if key in name:
                return index
    return 0


def _package_font() -> CjkFont:
    import pylopdf_fonts_zh_cn

    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return CjkFont((FontFace(path),), "package", "Noto Sans SC (bundled)")


def _system_font() -> CjkFont | None:
    """Ask fontconfig for installed fonts covering Simplified Chinese; None if none."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        result = subprocess.run(
            [fc_list, ":lang=zh-cn", "family", "style", "weight", "file", "index", "fontformat"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    faces = [_parse_fc_line(line) for line in result.stdout.splitlines()]
    usable = [face for face in faces if face is not None]
    if not usable:
        return None
    usable.sort(key=_rank)
    family = usable[0][0]
    same = [face for face in usable if face[0] == family]
    regular = min(same, key=lambda face: abs(face[1].weight - 400))
    bolds = [face for face in same if face[1].weight >= 600]
    chosen = [regular[1]]
    if bolds:
        chosen.append(min(bolds, key=lambda face: abs(face[1].weight - 700))[1])
    return CjkFont(tuple(chosen), "system", family)


def _parse_fc_line(line: str) -> tuple[str, FontFace] | None:
    # fc-list prints `file: family:style=..:weight=..:index=..:fontformat=..`
    if ": " not in line:
        return None
    file_part, rest = line.split(": ", 1)
    fields: dict[str, str] = {"family": rest.split(":", 1)[0]}
    for item in rest.split(":")[1:]:
        if "=" in item:
            key, value = item.split("=", 1)
            fields[key] = value
    if fields.get("fontformat", "CFF") not in {"CFF", "TrueType"}:
        return None
    family = fields["family"].split(",")[0].strip()
    try:
        weight = _css_weight(int(fields.get("weight", "80")))
        index = int(fields.get("index", "0"))
    except ValueError:
        return None
    return family, FontFace(Path(file_part), index, weight)


def _css_weight(fc_weight: int) -> int:
    # fontconfig weights: 50 light, 80 regular, 100 medium, 180 semibold, 200 bold, 210 black
    steps = ((40, 200), (50, 300), (80, 400), (100, 500), (180, 600), (200, 700), (210, 900))
    return min(steps, key=lambda step: abs(step[0] - fc_weight))[1]


def _rank(entry: tuple[str, FontFace]) -> tuple[int, int, str]:
    family = entry[0]
    preferred = next((i for i, key in enumerate(_PREFERRED) if key in family), len(_PREFERRED))
    serif = 1 if ("Serif" in family or "Song" in family or "Ming" in family) else 0
    return (serif, preferred, family)


def font_face_css(font: CjkFont, text: str, workdir: Path) -> str:
    """`@font-face` rules declaring FAMILY; subsets into `workdir` when that is faster."""
    rules = []
    for face in font.faces:
        path = face.path
        whole = face.index == 0 and path.suffix.lower() not in {".ttc", ".otc"}
        # Asked last: it loads WeasyPrint, which a sheet found in the cache never needs.
        if not whole or not harfbuzz_subset_available():
            path = _subset(face, text, workdir)
        family, url = _css_string(FAMILY), _css_string(path.resolve().as_uri())
        rules.append(
            f"@font-face {{ font-family: {family}; src: url({url}); font-weight: {face.weight}; }}"
        )
    return "\n".join(rules)


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def font_identity(font: Path | None, index: int) -> str:
    """What tells one font file from another without reading it: path, face, size, mtime."""
    if font is None:
        return "no font"
    try:
        stat = font.stat()
    except OSError:
        return f"{font}:{index}:missing"
    return f"{font.resolve()}:{index}:{stat.st_size}:{stat.st_mtime_ns}"


def _subset(face: FontFace, text: str, workdir: Path) -> Path:
    characters = "".join(sorted(set(text) | set(_GENERATED) | {chr(c) for c in range(0x20, 0x7F)}))
    digest = hashlib.sha1(characters.encode(), usedforsecurity=False)
    target = workdir / f"cjk-{face.weight}-{digest.hexdigest()[:12]}.otf"
    if target.exists():
        return target
    # The same characters of the same font give the same subset: kept on disk, a re-export
    # skips the subsetter (fontTools: 1-2 s per face).
    store = DiskCache("fonts")
    key = key_of(["cjk subset 3", font_identity(face.path, face.index), _subsetter(), characters])
    cached = store.get(key)
    if cached is not None:
        target.write_bytes(cached)
        return target
    data = hbsubset.subset(face.path, face.index, characters)
    if data is None:
        data = _fonttools_subset(face, characters)
    target.write_bytes(data)
    store.put(key, data)
    return target


def _subsetter() -> str:
    """Which subsetter cuts the font here, and its version: part of the subset's cache key."""
    found = hbsubset.version()
    if found is not None:
        return f"harfbuzz {found}"
    import fontTools

    return f"fontTools {fontTools.version}"


def _fonttools_subset(face: FontFace, characters: str) -> bytes:
    """The same cut as hbsubset.py's, in Python, where libharfbuzz-subset is missing."""
    from fontTools import subset  # a large module, imported only when it is needed
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    # Hints stay: WeasyPrint's own subset pass drops them when it writes the PDF (in C with
    # HarfBuzz), so removing them here too only cost a Python walk over every glyph.
    options.hinting = True
    options.ignore_missing_unicodes = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    # No bounding boxes recomputed on save: that walks every kept glyph's outline again
    # (hhea, vhea, the CFF FontBBox), about half the subset's time, and neither Pango's
    # line metrics nor the PDF's glyphs come from those fields (rendered pages compare
    # equal); WeasyPrint subsets this file once more when it writes the PDF.
    ttfont = TTFont(str(face.path), fontNumber=face.index, lazy=True, recalcBBoxes=False)
    quiet = logging.getLogger("fontTools.subset")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "FFTM NOT subset; dropped" and the like are no news
    try:
        subsetter.subset(ttfont)
    finally:
        quiet.setLevel(level)
    buffer = io.BytesIO()
    ttfont.save(buffer)
    return buffer.getvalue()
