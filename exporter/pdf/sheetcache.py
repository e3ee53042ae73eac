"""Finished sheets kept on disk: an export whose every input is unchanged copies its PDF.

Laying out and drawing the pages is most of a re-export once formulas and font subsets
come from their caches (about 3 s of CPU for the 8 pages of seeds/ppo-rlhf.md), so when
nothing that WeasyPrint reads has changed, the PDF it wrote last time is the answer.
What it reads: the final HTML (templates and stylesheet are inlined), every local file the
HTML points to (formula SVGs and font subsets by content; images and fonts elsewhere by
path, size and mtime), the base URL, this package's code and the versions of WeasyPrint and
pydyf. The page count and WeasyPrint's warnings are kept with the PDF and replayed.
Fontconfig substitutes system fonts for glyphs no declared font has, so its setup is part
of the key too: its configuration (`FONTCONFIG_FILE`, `FONTCONFIG_PATH`) and the times of
the font folders it looks in, which change when a font is installed or removed there.

Only the few newest sheets are kept: each is a whole PDF.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from ..cache import DiskCache, key_of
from .fonts import font_identity
from .patches import installed_version

KEEP = 8
# Where fontconfig's default configuration (and macOS's and Windows's) finds fonts.
FONT_FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
_REFERENCE = re.compile(r"""(?:src|href)="([^"]*)"|url\(\s*["']?([^"')]+)""")


@dataclass(frozen=True)
class CachedSheet:
    pdf: bytes
    pages: int
    notes: list[str]  # WeasyPrint's warnings when it was written


@cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sheet_key(html: str, base_url: str, workdir: Path, allowed: list[str]) -> str:
    """`allowed`: the folders and files WeasyPrint may read (what it refuses changes the PDF)."""
    work_uri = workdir.resolve().as_uri()
    parts = [
        "sheet 1",
        *allowed,
        _code_digest(),
        *(f"{name} {installed_version(name)}" for name in ("weasyprint", "pydyf")),
        base_url,
        html.replace(work_uri, "WORKDIR"),
        *font_setup(),
    ]
    for url in sorted({a or b for a, b in _REFERENCE.findall(html)}):
        url = url.strip().split("#")[0]
        path = _local_path(urljoin(base_url, url)) if url else None  # "#anchor": this page
        if path is None or not path.is_file():
            continue
        if path.is_relative_to(workdir.resolve()):
            with contextlib.suppress(OSError):
                parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            parts.append(font_identity(path, 0))
    return key_of(parts)


def font_setup() -> list[str]:
    """What fontconfig substitutes from: its configuration, and each font folder's time
    (a folder's time changes when a file is added to or removed from it)."""
    names = ("FONTCONFIG_FILE", "FONTCONFIG_PATH")
    parts = [f"{name}={os.environ.get(name, '')}" for name in names]
    config = os.environ.get("FONTCONFIG_FILE")
    if config:
        with contextlib.suppress(OSError):
            stat = os.stat(config)
            parts.append(f"config {stat.st_size} {stat.st_mtime_ns}")
    for root in FONT_FOLDERS:
        for folder, _, _ in os.walk(os.path.expanduser(root)):
            with contextlib.suppress(OSError):
                parts.append(f"{folder} {os.stat(folder).st_mtime_ns}")
    return parts


def _local_path(url: str) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path)).resolve()


class SheetCache:
    def __init__(self, store: DiskCache | None = None) -> None:
        self._store = store or DiskCache("sheets")

    def get(self, key: str) -> CachedSheet | None:
        payload = self._store.get(key)
        if payload is None:
            return None
        header, _, pdf = payload.partition(b"\n")
        try:
            meta = json.loads(header)
            pages, notes = int(meta["pages"]), [str(note) for note in meta["notes"]]
        except (ValueError, KeyError, TypeError):
            return None
        if not pdf.startswith(b"%PDF-"):
            return None
        return CachedSheet(pdf, pages, notes)

    def put(self, key: str, sheet: CachedSheet) -> None:
        header = json.dumps({"pages": sheet.pages, "notes": sheet.notes}).encode()
        self._store.put(key, header + b"\n" + sheet.pdf)
        self._prune()

    def _prune(self) -> None:
        try:
            entries = sorted(
                (p for p in self._store.folder.glob("*/*") if not p.name.startswith(".")),
                key=lambda p: p.stat().st_mtime,
            )
        except OSError:
            return
        for old in entries[:-KEEP]:
            with contextlib.suppress(OSError):
                old.unlink()
