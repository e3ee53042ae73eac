"""Which notes files the command line names: files as given, folders searched recursively.

A folder is a vault: every `.md` / `.markdown` file below it, in a stable (sorted) order,
skipping hidden folders and files (`.git`, `.obsidian`, `.trash`) and symlinked folders
(which can loop or lead outside the vault). Each file keeps the folder parts between the
given folder and itself, which become its place in the deck tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

NOTES_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class NotesFile:
    path: Path
    root: Path | None  # the folder it was found in, None for a file named directly
    group: tuple[str, ...] = ()  # folders from `root` down to the file's own folder


def find_notes(arguments: Iterable[Path]) -> list[NotesFile]:
    """Files and folders → notes files, each real file once (the first naming wins)."""
    found: list[NotesFile] = []
    seen: set[Path] = set()
    for argument in arguments:
        candidates = _walk(argument) if argument.is_dir() else [NotesFile(argument, None)]
        for candidate in candidates:
            identity = _identity(candidate.path)
            if identity in seen:
                continue
            seen.add(identity)
            found.append(candidate)
    return found


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _walk(root: Path) -> Iterator[NotesFile]:
    for folder, folders, files in os.walk(root, onerror=None, followlinks=False):
        here = Path(folder)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        group = here.relative_to(root).parts
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(NOTES_SUFFIXES):
                continue
            yield NotesFile(here / name, root, group)
