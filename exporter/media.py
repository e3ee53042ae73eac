"""Local images referenced by the notes: found relative to the notes file, named uniquely."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import InputError
from .model import Diagnostic, Document

_UNSAFE = re.compile(r"[^\w.\-]+")


def is_remote(src: str) -> bool:
    return urlparse(src).scheme in ("http", "https", "data")


@dataclass
class MediaCollector:
    """Resolves `![](img/a b.png)` against the notes' folder and gives each distinct file a
    flat, unique, space-free name (Anki's media folder is flat)."""

    files: dict[Path, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def resolve(self, notes: Path, src: str, line: int) -> str:
        if not src or is_remote(src):
            return src  # not fetched: no network at run time; Anki shows it when online
        path = local_image(notes, src, line)
        if path not in self.files:
            self.files[path] = self._unique_name(path)
        return self.files[path]

    def _unique_name(self, path: Path) -> str:
        name = _UNSAFE.sub("_", path.name)
        if name in self.taken:
            digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
            name = f"{Path(name).stem}-{digest}{path.suffix}"
        self.taken.add(name)
        return name


def check_images(document: Document) -> None:
    """Every local image of the notes must exist, whether or not a card shows it."""
    for src, line in document.images:
        if src and not is_remote(src):
            local_image(document.source, src, line)


def local_image(notes: Path, src: str, line: int) -> Path:
    path = (notes.parent / unquote(src.split("#")[0].split("?")[0])).resolve()
    if not path.is_file():
        raise InputError(
            Diagnostic(
                notes,
                line,
                f"image not found: {unquote(src)}",
                f"put the file at {path} or fix the path (relative to the notes file)",
            )
        )
    return path
