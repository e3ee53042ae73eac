"""Notes files → `Document`s, each parsed once per content through the disk cache.

A cached document is keyed by the file's text, its path, the parse options and a hash of
this package's own source files (so any code change parses again). It is stored without
its fragments' markdown-it tokens: unpickling ~100k tokens costs about as much as parsing,
and the deck's note cache makes them unnecessary when nothing changed. A writer that
renders fragments asks for `with_tokens(document)`, which parses again the text that was
read (the same text, so the same document).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .cache import DiskCache, enabled, key_of
from .model import Document, Fragment
from .parse import parse_text
from .parse.source import read_notes


def _store() -> DiskCache:
    # Made at each use, not at import: the cache folder follows XDG_CACHE_HOME as it is now.
    return DiskCache("documents")


@dataclass(frozen=True)
class _Origin:
    document: Document  # kept so its id() is not reused while registered
    key: str
    text: str
    interview_heading: str | None
    has_tokens: bool


_origins: dict[int, _Origin] = {}


@cache
def source_hash() -> str:
    """Hash of the package's own Python files: a changed parser or writer misses the cache."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_document(
    path: Path, *, interview_heading: str | None = None, group: tuple[str, ...] = ()
) -> Document:
    """Read and parse `path` (InputError as `parse_file` raises), reusing a cached parse."""
    text = read_notes(path)
    # With the cache off, no key: hashing the package's source and the text, and importing
    # what the cache folder and the tool's version are found with, cost 0.05 s a run.
    key = ""
    document = None
    if enabled():
        key = key_of(["document", source_hash(), str(path), interview_heading or "\0", text])
        document = _cached(key)
    has_tokens = document is None
    if document is None:
        document = parse_text(text, path, interview_heading=interview_heading)
        if key:  # pickling a large document costs a tenth of its parse: only for a cache
            _store().put(key, without_tokens(document))
    if group:
        document = dataclasses.replace(document, group=group)
    _origins[id(document)] = _Origin(document, key, text, interview_heading, has_tokens)
    return document


def replace(document: Document, **changes: object) -> Document:
    """`dataclasses.replace` that keeps what the load remembered (its cache key, its text)."""
    changed = dataclasses.replace(document, **changes)  # type: ignore[arg-type]
    origin = _origins.get(id(document))
    if origin is not None and origin.document is document:
        _origins[id(changed)] = dataclasses.replace(origin, document=changed)
    return changed


def forget() -> None:
    """Drop what earlier loads remembered (a `--watch` run loads again and again)."""
    _origins.clear()


def fingerprint(document: Document) -> str | None:
    """The cache key of the text a loaded document came from; None for any other document,
    and with the cache off."""
    origin = _origins.get(id(document))
    if origin is None or origin.document is not document or not origin.key:
        return None
    return origin.key


def with_tokens(document: Document) -> Document:
    """`document` with the parser's tokens: itself, or parsed again from the text it was
    loaded from (the same text, so the same document)."""
    origin = _origins.get(id(document))
    if origin is None or origin.document is not document or origin.has_tokens:
        return document
    full = parse_text(origin.text, document.source, interview_heading=origin.interview_heading)
    return dataclasses.replace(full, group=document.group)


def _cached(key: str) -> Document | None:
    payload = _store().get(key)
    if payload is None:
        return None
    try:
        document = pickle.loads(payload)
    except Exception:  # an entry of an older layout or damaged beyond the checksum: a miss
        return None
    return document if isinstance(document, Document) else None


def without_tokens(document: Document) -> bytes:
    """The pickled document with every fragment's tokens left out."""
    buffer = io.BytesIO()
    _TokenlessPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(document)
    return buffer.getvalue()


class _TokenlessPickler(pickle.Pickler):
    def reducer_override(self, obj: object) -> object:
        if isinstance(obj, Fragment):
            return Fragment, (str(obj), obj.line, (), obj.inline)
        return NotImplemented
