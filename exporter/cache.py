"""A small content-addressed disk cache, shared by everything that caches (parsed notes,
typeset formulas).

Entries live in the user's cache folder (platformdirs: `XDG_CACHE_HOME` on Linux,
`~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows) under one folder per namespace.
A key is the hash of its parts, and the parts always include the tool's version, so an
upgrade never reads an older layout. Writes go to a temporary file renamed into place, so
two runs racing on one entry each see a whole entry or none; an entry that does not
verify (truncated, foreign, corrupt) is ignored and rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ENV_DISABLE = "NOTES_EXPORTER_NO_CACHE"
"""Set (to anything but empty) to turn every cache off, as `--no-cache` does."""

_MAGIC = b"notes-exporter-cache\n"
_DIGEST = 32  # sha256 of the payload, stored in front of it


@cache
def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("notes-exporter")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0"


def enabled() -> bool:
    return not os.environ.get(ENV_DISABLE)


def disable() -> None:
    """Turn caching off for this process and the workers it starts (`--no-cache`)."""
    os.environ[ENV_DISABLE] = "1"


def cache_root() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("notes-exporter", appauthor=False)


def key_of(parts: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256(tool_version().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class DiskCache:
    """Bytes by key in one namespace (`DiskCache("formulas")`). Every failure to read or
    write is a miss: a cache may make a run faster, never make it fail."""

    def __init__(self, namespace: str, root: Path | None = None) -> None:
        self.folder = (root or cache_root()) / namespace

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        if not enabled():
            return None
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        header = len(_MAGIC) + _DIGEST
        if len(data) < header or not data.startswith(_MAGIC):
            return None
        payload = data[header:]
        if hashlib.sha256(payload).digest() != data[len(_MAGIC) : header]:
            return None
        return payload

    def put(self, key: str, payload: bytes) -> None:
        if not enabled():
            return
        path = self._path(key)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
            temporary = None
        except OSError:
            pass  # read-only or full disk: run without the cache
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
