"""`--watch`: export once, then again after every save of the notes or of their images.

watchfiles (the file watcher behind uvicorn's --reload: Rust's `notify`, so inotify, FSEvents
or ReadDirectoryChangesW, with a polling fallback) groups the events of one save (editors
write a temporary file and rename it) and waits for a quiet moment before it yields. Each
rebuild goes through the caches, so only the files that changed are parsed and rendered.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from .errors import ExportError
from .inputs import NOTES_SUFFIXES
from .media import is_remote, resolve_image
from .model import Document

QUIET_MS = 150  # a save is over when nothing changed for this long
MAX_WAIT_MS = 1600  # group a burst of saves (a `git checkout`) at most this long


@dataclass
class Outcome:
    """One export: its summary line, its exit status, the documents it read."""

    line: str
    status: int = 0
    documents: Sequence[Document] = field(default_factory=list)


def watch_option(what: str) -> Callable:
    return click.option(
        "--watch",
        is_flag=True,
        help=f"Keep running: write the {what} again after every save of the notes or their "
        "images (Ctrl-C stops).",
    )


@dataclass(frozen=True)
class _Targets:
    roots: frozenset[Path]  # folders watched, recursively
    folders: frozenset[Path]  # a notes file anywhere below these counts
    given: frozenset[Path]  # notes files named on the command line
    images: frozenset[Path]  # the local images the notes show

    def wants(self, path: Path) -> bool:
        if path in self.given or path in self.images:
            return True
        if path.suffix.lower() not in NOTES_SUFFIXES:
            return False
        return any(
            path.is_relative_to(folder)
            and not any(part.startswith(".") for part in path.relative_to(folder).parts)
            for folder in self.folders
        )


def watch_and_export(notes: Sequence[Path], export: Callable[[], Outcome], quiet: bool) -> None:
    """Export, then watch; returns on Ctrl-C, leaving no partial output behind."""
    try:
        outcome = _attempt(export, quiet, ())
        targets = _targets(notes, outcome.documents)
        while True:
            outcome = _watch_once(targets, export, quiet)
            if outcome is None:
                break
            targets = _targets(notes, outcome.documents)
    except KeyboardInterrupt:
        pass  # Ctrl-C during an export: atomic writes leave the previous output in place
    if not quiet:
        click.echo("stopped watching", err=True)


def _watch_once(targets: _Targets, export: Callable[[], Outcome], quiet: bool) -> Outcome | None:
    """Rebuild on each relevant change until the images to watch change (then the new
    outcome, to watch again) or Ctrl-C (None)."""
    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # we say "stopped" ourselves
    if not quiet:
        click.echo(f"watching {_describe(targets)} (Ctrl-C stops)", err=True)
    for changes in watchfiles.watch(
        *sorted(targets.roots),
        watch_filter=lambda _change, path: targets.wants(Path(path)),
        debounce=MAX_WAIT_MS,
        step=QUIET_MS,
        raise_interrupt=False,
    ):
        changed = sorted({Path(path) for _change, path in changes})
        outcome = _attempt(export, quiet, changed)
        if outcome.documents and frozenset(_images(outcome.documents)) != targets.images:
            return outcome
    return None


def _attempt(export: Callable[[], Outcome], quiet: bool, changed: Iterable[Path]) -> Outcome:
    """One export; an error is printed and the watch goes on (the next save may fix it)."""
    start = time.perf_counter()
    try:
        outcome = export()
    except ExportError as exc:
        click.echo(f"error: {exc}", err=True)
        return Outcome("", 1)
    if not quiet:
        names = ", ".join(p.name for p in changed)
        because = f" after {names} changed" if names else ""
        elapsed = time.perf_counter() - start
        click.echo(
            f"[{time.strftime('%H:%M:%S')}] {outcome.line} ({elapsed:.2f} s{because})", err=True
        )
    return outcome


def _targets(notes: Sequence[Path], documents: Sequence[Document]) -> _Targets:
    folders = frozenset(p.resolve() for p in notes if p.is_dir())
    given = frozenset(p.resolve() for p in notes if not p.is_dir())
    images = frozenset(_images(documents))
    return _Targets(_roots(folders, given | images), folders, given, images)


def _roots(folders: frozenset[Path], files: frozenset[Path]) -> frozenset[Path]:
    """The folders to watch: the given ones and each file's own folder, none inside another
    (a save replaces a file by renaming, so a file is watched through its folder)."""
    candidates = sorted(folders | {f.parent for f in files}, key=lambda p: len(p.parts))
    roots: list[Path] = []
    for candidate in candidates:
        if not any(candidate.is_relative_to(root) for root in roots):
            roots.append(candidate)
    return frozenset(roots)


def _images(documents: Sequence[Document]) -> Iterable[Path]:
    for document in documents:
        for src, line in document.images:
            if src and not is_remote(src):
                path = resolve_image(document, src, line)
                if path is not None:  # left out: reported by the export; its folder is watched
                    yield path


def _describe(targets: _Targets) -> str:
    roots = sorted(targets.roots)
    shown = ", ".join(str(r) for r in roots[:3])
    return shown + (f" and {len(roots) - 3} more folders" if len(roots) > 3 else "")
