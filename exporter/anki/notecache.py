"""Rendered notes of a document, cached on disk: an unchanged file is not rendered again.

The key holds the document's own cache key (its text, path, parse options and the
package's source hash), everything else `NoteBuilder` reads (the top deck, nesting, the
folder group) and the state of every local image the notes name. Media names depend on
the other documents of the run, so the entry keeps the media look-ups its notes made; on a
hit they are made again, in the same order, and the notes are used only if every name
comes out the same. Anything new that changes note fields must join `_key`.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path

from ..cache import DiskCache, key_of
from ..documents import fingerprint, with_tokens
from ..media import MediaCollector, is_remote, resolve_image
from ..model import Document
from ..texguard import current_run
from .cards import CardNote, NoteBuilder
from .recording import MediaCall, RecordingMedia
from .split import rendered


def _store() -> DiskCache:
    # Made at each use, not at import: the cache folder follows XDG_CACHE_HOME as it is now.
    return DiskCache("anki-notes")


def document_notes(
    document: Document,
    root: str,
    media: MediaCollector,
    nested: bool,
    identity: str,
    *,
    meanwhile: Callable[[], None] | None = None,
) -> list[CardNote]:
    """`meanwhile` is called while a forked child renders part of the notes, if one does."""
    origin = fingerprint(document)  # None with the cache off: nothing is pickled for it
    if origin is None:
        return rendered(NoteBuilder(document, root, media, nested, identity), meanwhile)
    key = _key(origin, document, root, nested, identity)
    cached = _load(key)
    if cached is not None:
        notes, calls = cached
        if all(media.resolve(document, src, line) == name for src, line, name in calls):
            return notes
    recorder = RecordingMedia(media)
    builder = NoteBuilder(with_tokens(document), root, recorder, nested, identity)  # type: ignore[arg-type]
    notes = rendered(builder, meanwhile)
    _store().put(key, pickle.dumps((notes, recorder.calls), pickle.HIGHEST_PROTOCOL))
    return notes


def package_key(
    documents: Sequence[Document],
    identities: Sequence[str],
    root: str,
    nested: bool,
    timestamp: float,
) -> str | None:
    """Everything a package is made of; None when a document did not come through the cache."""
    parts = ["anki-package", root, str(nested), repr(timestamp)]
    for document, identity in zip(documents, identities, strict=True):
        origin = fingerprint(document)
        if origin is None:
            return None
        parts.append(_key(origin, document, root, nested, identity))
    return key_of(parts)


def written_before(output: Path, key: str) -> dict[str, int] | None:
    """The counts of the package `key` stands for, if `output` holds exactly that package.

    A package rebuilt over itself comes out the same (unchanged notes keep their times), so
    an output whose bytes are those this run would write need not be written again."""
    payload = _packages().get(key)
    if payload is None:
        return None
    try:
        entry = json.loads(payload)
        if entry["sha256"] != _file_hash(output):
            return None
        return {name: int(entry[name]) for name in ("notes", "cards", "media", "decks")}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember_package(output: Path, key: str, counts: dict[str, int]) -> None:
    try:
        entry = {"sha256": _file_hash(output), **counts}
    except OSError:
        return
    _packages().put(key, json.dumps(entry).encode())


def _file_hash(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _packages() -> DiskCache:
    return DiskCache("anki-packages")


def _key(origin: str, document: Document, root: str, nested: bool, identity: str) -> str:
    group = [str(len(document.group)), *document.group]
    run = current_run()  # --allow-mathjax-commands changes what a formula renders to
    allowed = str(run is not None and run.allow_commands)
    parts = ["anki-notes", origin, root, str(nested), identity, allowed, *group]
    return key_of([*parts, *_image_states(document)])


def _image_states(document: Document) -> list[str]:
    states = []
    for src, line in document.images:
        if not src or is_remote(src):
            continue
        path = resolve_image(document, src, line)
        try:
            stat = path.stat() if path is not None else None
        except OSError:
            stat = None
        # missing or refused: the builder shows a marker, and the warning comes from loading
        states.append(f"{src}\0{stat.st_size}\0{stat.st_mtime_ns}" if stat else f"{src}\0left out")
    return states


def _load(key: str) -> tuple[list[CardNote], list[MediaCall]] | None:
    payload = _store().get(key)
    if payload is None:
        return None
    try:
        notes, calls = pickle.loads(payload)
    except Exception:  # an older layout: a miss
        return None
    if not all(isinstance(note, CardNote) for note in notes):
        return None
    return notes, calls
