"""Atomic output: write next to the target, rename into place only when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError


@contextlib.contextmanager
def atomic_write(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it to `target`.

    A failure anywhere leaves no partial file and keeps the previous `target` intact.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write here: {exc.strerror or exc} "
            "(choose another path with -o, or fix the folder's permissions)"
        ) from None
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        _set_mode(temporary, target)
        if target.is_dir():
            raise OutputError(f"{target}: is a folder (give a file path with -o)")
        os.replace(temporary, target)
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write: {exc.strerror or exc} (check free space and permissions)"
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _set_mode(temporary: Path, target: Path) -> None:
    """mkstemp makes the file private (0600); give it the mode a plainly created file gets,
    or keep the mode of the file it replaces."""
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)
