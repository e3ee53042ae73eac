"""Assemble the notes into decks and write a hermetic `.apkg` atomically."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from ..model import Diagnostic, Document
from ..output import atomic_write, scratch_folder
from ..selection import document_identities
from .notecache import document_notes, package_key, remember_package, written_before
from .notetypes import interview_model, point_model

# Fixed zip entry dates: the same notes must give the same bytes.
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class AnkiExport:
    path: Path
    notes: int
    cards: int
    media: int
    decks: int
    warnings: list[Diagnostic] = field(default_factory=list)
    written: bool = True  # False: the output already was this very package


def deck_id(name: str) -> int:
    """A stable ID from the deck's full name, within the range Anki accepts."""
    digest = hashlib.sha256(f"notes-exporter deck:{name}".encode()).digest()
    return int.from_bytes(digest[:7], "big") + (1 << 32)


def build_timestamp(documents: Sequence[Document]) -> float:
    """Notes carry this as their modification time. Anki updates an existing note on
    import only when the incoming one is newer, so it follows the sources' mtime (edit a
    file, its notes get newer); SOURCE_DATE_EPOCH pins it for reproducible builds."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH")
    if pinned and pinned.isdigit():
        return float(pinned)
    return float(max(int(doc.source.stat().st_mtime) for doc in documents))


def build_package(
    documents: Sequence[Document],
    output: Path,
    *,
    deck_name: str | None = None,
    nested: bool | None = None,
) -> AnkiExport:
    """`nested`: each document gets a subdeck of its own (default: when there are several)."""
    from ..media import MediaCollector

    root = deck_name or documents[0].title
    nested = len(documents) > 1 if nested is None else nested
    timestamp = build_timestamp(documents)
    identities, warnings = document_identities(documents)
    key = package_key(documents, identities, root, nested, timestamp)
    done = written_before(output, key) if key else None
    if done is not None:
        return AnkiExport(output, warnings=warnings, written=False, **done)
    media = MediaCollector()
    decks: dict[str, genanki.Deck] = {}
    models = {"interview": interview_model(), "point": point_model()}
    notes = cards = 0
    for document, identity in zip(documents, identities, strict=True):
        for note in document_notes(document, root, media, nested, identity):
            deck = decks.get(note.deck)
            if deck is None:
                deck = decks[note.deck] = genanki.Deck(deck_id(note.deck), note.deck)
            deck.add_note(
                genanki.Note(
                    model=models[note.kind],
                    fields=list(note.fields),
                    guid=note.guid,
                    tags=list(note.tags),
                )
            )
            notes += 1
            cards += 1  # both note types have exactly one card template
    previous = previous_notes(output)
    with atomic_write(output) as temporary:
        _write_apkg(list(decks.values()), temporary, timestamp, media.files, previous)
    counts = {"notes": notes, "cards": cards, "media": len(media.files), "decks": len(decks)}
    if key:
        remember_package(output, key, counts)
    return AnkiExport(output, warnings=warnings, **counts)


def previous_notes(output: Path) -> dict[str, tuple[int, str]]:
    """guid → (modification time, fields) of the notes in the export being replaced.

    Anki updates a note on import only when the incoming copy is newer, and then counts it
    as changed. Keeping the old time for notes whose fields did not change means a re-export
    after one edit updates exactly that one note.
    """
    if not output.is_file():
        return {}
    try:
        with zipfile.ZipFile(output) as archive, scratch_folder("notes-exporter-") as scratch:
            database = Path(archive.extract("collection.anki2", scratch))
            connection = sqlite3.connect(database)
            try:
                rows = connection.execute("select guid, mod, flds from notes").fetchall()
            finally:
                connection.close()
    except (OSError, KeyError, zipfile.BadZipFile, sqlite3.DatabaseError):
        return {}  # not one of ours, or damaged: every note simply counts as new
    return {guid: (int(mod), fields) for guid, mod, fields in rows}


def _write_apkg(
    decks: Sequence[genanki.Deck],
    target: Path,
    timestamp: float,
    media: dict[Path, str],
    previous: dict[str, tuple[int, str]],
) -> None:
    """genanki's own `write_to_file` leaves its temporary database behind and stamps zip
    entries with the current time; this writes the same content without either."""
    with scratch_folder("notes-exporter-") as scratch:
        database = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(database)
        # A scratch file read back at once: waiting for the disk at each commit buys nothing.
        connection.execute("PRAGMA synchronous = OFF")
        try:
            write_collection(
                connection.cursor(), decks, timestamp, itertools.count(int(timestamp * 1000))
            )
            _keep_unchanged_times(connection, int(timestamp), previous)
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            _add(archive, "collection.anki2", database.read_bytes())
            ordered = sorted(media.items(), key=lambda item: item[1])
            manifest = {str(i): name for i, (_, name) in enumerate(ordered)}
            _add(archive, "media", json.dumps(manifest, ensure_ascii=False).encode())
            for index, (path, _) in enumerate(ordered):
                _add(archive, str(index), path.read_bytes())


def write_collection(
    cursor: sqlite3.Cursor, decks: Sequence[genanki.Deck], timestamp: float, ids: Iterator[int]
) -> None:
    """What genanki's `Package.write_to_db` writes, in one pass over the decks.

    genanki's `Deck.write_to_db` loads and dumps the collection's decks and models JSON once
    per deck, which is quadratic in the number of decks (a vault has hundreds). Here both
    are built in memory and written once; notes and cards are still written by genanki.
    The JSON is the same text genanki leaves behind, so the package keeps its bytes: that
    includes genanki's quirk of listing a model of the last deck twice (once under the str
    key a JSON round trip gave it, once under its int id); Anki reads the last one.
    """
    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    decks_text, models_text = cursor.execute("SELECT decks, models FROM col").fetchone()
    decks_json: dict[str, object] = json.loads(decks_text)
    models_json: dict[str | int, object] = json.loads(models_text)
    for deck in decks:
        decks_json[str(deck.deck_id)] = deck.to_json()
        models_json = _json_round_trip_keys(models_json)
        used = {note.model.model_id: note.model for note in deck.notes}
        models_json.update(
            {model_id: model.to_json(timestamp, deck.deck_id) for model_id, model in used.items()}
        )
    cursor.execute(
        "UPDATE col SET decks = ?, models = ?", (json.dumps(decks_json), json.dumps(models_json))
    )
    for deck in decks:
        for note in deck.notes:
            note.write_to_db(cursor, timestamp, deck.deck_id, ids)


def _json_round_trip_keys(mapping: dict[str | int, object]) -> dict[str | int, object]:
    """The keys `json.loads(json.dumps(mapping))` gives: str keys, a repeated key keeps its
    first place and its last value (the values themselves dump the same either way)."""
    result: dict[str | int, object] = {}
    for key, value in mapping.items():
        result[str(key)] = value
    return result


def _keep_unchanged_times(
    connection: sqlite3.Connection, timestamp: int, previous: dict[str, tuple[int, str]]
) -> None:
    updates = []
    for note_id, guid, fields in connection.execute("select id, guid, flds from notes"):
        if guid not in previous:
            continue
        old_mod, old_fields = previous[guid]
        # An edited note must be newer than the copy the user imported last time.
        mod = old_mod if old_fields == fields else max(timestamp, old_mod + 1)
        updates.append((mod, note_id))
    connection.executemany("update notes set mod = ? where id = ?", updates)


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)
