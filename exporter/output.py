"""Atomic output: write next to the target, rename into place only when complete; never
over an input, a device, a pipe or a folder."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import OutputError


def check_output(target: Path, inputs: Iterable[Path], what: str = "the output") -> None:
    """Refuse, before any work, an output that would destroy something: one of the inputs
    (the same file by inode, so also through a symlink or a hard link) or a path that
    exists but is not a regular file."""
    _refuse_special(target)
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(target, source):
                raise OutputError(
                    f"{target}: is the input {source}; writing {what} there would replace "
                    "your notes (choose another path with -o)"
                )


def _refuse_special(target: Path) -> None:
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return  # a new path (or a dangling link, written through below)
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device or a pipe)"
        raise OutputError(
            f"{target}: is {kind}; only a regular file or a new path is written "
            "(choose another path with -o)"
        )


def _real_target(target: Path) -> Path:
    """Through a symlink: the link keeps pointing at the new file, as with `cp`."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


@contextlib.contextmanager
def atomic_write(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it to `target`.

    A failure anywhere leaves no partial file and keeps the previous `target` intact.
    """
    target = _real_target(target)
    _refuse_special(target)
    folder = target.parent
    temporary: Path | None = None
    try:
        with interruptions_held():  # a Ctrl-C between creating and naming it would leak it
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
        yield temporary
        _set_mode(temporary, target)
        _refuse_special(target)  # it may have become one while we worked
        os.replace(temporary, target)
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write: {exc.strerror or exc} (check free space and permissions)"
        ) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


_INTERRUPTIONS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def interruptions_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the block is done, then arrive. Around making
    a temporary file or folder: a signal between the system call that makes it and the
    code that will remove it would leave it behind."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTIONS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def scratch_folder(prefix: str) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder that is removed however the run ends (see `interruptions_held`)."""
    with interruptions_held():
        return tempfile.TemporaryDirectory(prefix=prefix)


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
