"""Where Anki desktop keeps its profiles, and which collection file a `--into` target names."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from ..errors import ExportError

COLLECTION_FILE = "collection.anki2"


def anki_base(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> Path:
    """The folder that holds Anki's profiles, found the way Anki desktop finds it.

    `ANKI_BASE` wins (Anki reads it, like its `-b` option); otherwise `%APPDATA%\\Anki2` on
    Windows, `~/Library/Application Support/Anki2` on macOS, and `$XDG_DATA_HOME/Anki2`
    (default `~/.local/share/Anki2`) elsewhere.
    """
    if environ.get("ANKI_BASE"):
        return Path(environ["ANKI_BASE"]).expanduser().absolute()
    home = Path(environ.get("HOME") or Path.home())
    if platform.startswith("win"):
        appdata = environ.get("APPDATA")
        return Path(appdata) / "Anki2" if appdata else home / "AppData" / "Roaming" / "Anki2"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "Anki2"
    data_home = environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return Path(data_home) / "Anki2"


def profile_names(base: Path) -> list[str]:
    """Profiles are the folders of the base that hold a collection."""
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / COLLECTION_FILE).is_file())


def resolve_collection(target: str, base: Path | None = None) -> Path:
    """A `collection.anki2` path, a profile folder, or a profile name → the collection file."""
    path = Path(target).expanduser()
    if path.is_file():
        return path
    if path.is_dir() and (path / COLLECTION_FILE).is_file():
        return path / COLLECTION_FILE
    base = base or anki_base()
    in_base = base / target / COLLECTION_FILE
    if os.sep not in target and "/" not in target and in_base.is_file():
        return in_base
    if target.split(":", 1)[0].lower() == "ankiconnect":
        raise ExportError(
            f"{target}: AnkiConnect is not supported (no AnkiConnect implementation we can "
            "test implements importPackage; close Anki and give its profile name instead)"
        )
    known = profile_names(base)
    hint = f"profiles in {base}: {', '.join(known)}" if known else f"no Anki profile in {base}"
    raise ExportError(
        f"{target}: no Anki collection there "
        f"(give a profile name, a profile folder or a collection.anki2 file; {hint})"
    )


def backups_folder(collection: Path) -> Path:
    """Anki desktop keeps a profile's backups in `backups/` beside its collection."""
    return collection.parent / "backups"
