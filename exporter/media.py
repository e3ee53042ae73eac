"""Local images referenced by the notes: only real image files, only from inside the notes'
folder (or a folder the user named), each named uniquely for Anki's flat media folder.

Notes get shared, so an image path is untrusted: `![](/etc/passwd)`, `../../..`, a symlink
out of the folder or `/proc/self/environ` must never end up in a deck (Anki syncs its media
to AnkiWeb) or a PDF. What is refused is left out with a warning naming file:line; the card
shows the image's alt text and a `[missing image: …]` marker instead.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import ExportError
from .images import image_problem
from .model import Diagnostic, Document
from .parse.codes import IMAGE_MISSING, IMAGE_NOT_AN_IMAGE, IMAGE_OUTSIDE, IMAGE_UNREADABLE

MAX_IMAGE_BYTES = 32 * 1024 * 1024
"""Far above a photo of a whiteboard; a larger "image" is almost certainly the wrong file."""

_UNSAFE = re.compile(r"[^\w.\-]+")


def is_remote(src: str) -> bool:
    return urlparse(src).scheme in ("http", "https", "data")


def image_roots(document: Document) -> tuple[Path, ...]:
    """Where this document's images may come from: the notes file's folder (for a vault, the
    folder given on the command line) and the folders the user named (`--media-root`)."""
    base = document.source.parent
    if document.group and len(document.group) < len(document.source.parents):
        base = document.source.parents[len(document.group)]
    roots = [base, *document.media_roots]
    return tuple(_real(root) for root in roots)


def _real(path: Path) -> Path:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return path.absolute()


def is_inside(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


@dataclass(frozen=True)
class ImageCheck:
    """A local image: its real path when it may be used, else why not (a warning)."""

    path: Path | None
    problem: Diagnostic | None = None


def check_image(document: Document, src: str, line: int) -> ImageCheck:
    """Resolve `src` as written in the notes (percent-encoded by markdown-it) and judge it."""
    written = unquote(src.split("#")[0].split("?")[0])
    candidate = document.source.parent / written
    roots = image_roots(document)
    try:
        real = candidate.resolve(strict=True)
    except FileNotFoundError:
        return _refused(document, line, IMAGE_MISSING, f"image not found: {written}",
                        f"left out; put the file at {candidate} or fix the path, "
                        "relative to the notes file")  # fmt: skip
    except (OSError, RuntimeError) as exc:  # a symlink loop, a too-long name
        return _refused(document, line, IMAGE_UNREADABLE,
                        f"image cannot be read: {written}: {_reason(exc)}", "left out")  # fmt: skip
    if not is_inside(real, roots):
        where = "" if Path(written) == real else f" (is {real})"
        return _refused(document, line, IMAGE_OUTSIDE,
                        f"image outside the notes' folder: {written}{where}",
                        f"left out; copy it into {roots[0]}, or name its folder with "
                        "--media-root if you trust these notes")  # fmt: skip
    problem = inspect_file(real)
    if problem is not None:
        code = IMAGE_UNREADABLE if problem.startswith("cannot") else IMAGE_NOT_AN_IMAGE
        return _refused(document, line, code, f"image {written}: {problem}", "left out")
    return ImageCheck(real)


def _refused(document: Document, line: int, code: str, message: str, hint: str) -> ImageCheck:
    return ImageCheck(None, Diagnostic(document.source, line, message, hint, code=code))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return "too many symbolic links" if isinstance(exc, RuntimeError) else str(exc)


def inspect_file(path: Path) -> str | None:
    """None when `path` is a regular, readable image file of a sane size; else why not."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"cannot be read: {_reason(exc)}"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a device, a pipe or a folder)"
    return _inspect_content(path, info.st_mtime_ns, info.st_size, info.st_ino)


@lru_cache(maxsize=1024)
def _inspect_content(path: Path, _mtime: int, _size: int, _inode: int) -> str | None:
    # Keyed by mtime, size and inode too, so a file edited since is judged again.
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        return f"cannot be read: {_reason(exc)}"
    if len(data) > MAX_IMAGE_BYTES:
        return f"is larger than {MAX_IMAGE_BYTES // 1024 // 1024} MB"
    return image_problem(data)


def image_diagnostics(documents: Sequence[Document]) -> list[Diagnostic]:
    """A warning for every local image of the notes that will be left out."""
    found: list[Diagnostic] = []
    for document in documents:
        for src, line in document.images:
            if src and not is_remote(src):
                problem = check_image(document, src, line).problem
                if problem is not None:
                    found.append(problem)
    return found


def resolve_image(document: Document, src: str, line: int) -> Path | None:
    """The real path of a usable local image, None when it is left out (already warned)."""
    return check_image(document, src, line).path


def missing_image_html(alt: str, src: str) -> str:
    """What a card or the sheet shows instead of an image that was left out."""
    name = Path(unquote(src.split("#")[0].split("?")[0])).name or src
    marker = html.escape(f"[missing image: {name}]")
    text = f"{html.escape(alt)} " if alt else ""
    return f'<span class="missing-image">{text}{marker}</span>'


@dataclass
class MediaCollector:
    """Gives each distinct usable image a flat, unique, space-free name (Anki's media
    folder is flat); `files` maps real paths to those names for the package."""

    files: dict[Path, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def resolve(self, document: Document, src: str, line: int) -> str | None:
        """The name to write in the card, the URL unchanged for a remote image, or None
        for an image that is left out (the renderer shows a marker)."""
        if not src or is_remote(src):
            return src  # not fetched: no network at run time; Anki shows it when online
        path = resolve_image(document, src, line)
        if path is None:
            return None
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


def configured_roots(folder: Path) -> tuple[Path, ...]:
    """`media-roots` of `[tool.exporter]` in `folder`'s pyproject.toml (where the tool is
    run). A notes repository may ship such a file, so it may name only folders inside its
    own folder; a folder elsewhere must be named on the command line."""
    config = folder / "pyproject.toml"
    try:
        stat = config.stat()
    except OSError:
        return ()
    return _roots_in(config, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _roots_in(config: Path, _mtime_ns: int, _size: int) -> tuple[Path, ...]:
    """Read once per version of the file: a vault check asks for every notes file."""
    import tomllib

    folder = config.parent
    try:
        with open(config, "rb") as stream:
            table = tomllib.load(stream).get("tool", {}).get("exporter", {})
    except (OSError, tomllib.TOMLDecodeError):
        return ()
    entries = table.get("media-roots", []) if isinstance(table, dict) else []
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        raise ConfigError(f"{config}: media-roots must be a list of folder names")
    home = _real(folder)
    roots = tuple(_real(home / entry) for entry in entries)
    for entry, root in zip(entries, roots, strict=True):
        if not is_inside(root, [home]):
            raise ConfigError(
                f"{config}: media-roots: {entry} is outside {home} "
                "(name a folder elsewhere with --media-root on the command line)"
            )
    return roots


class ConfigError(ExportError):
    """`media-roots` in pyproject.toml cannot be used."""
