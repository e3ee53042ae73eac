"""Assemble the notes into decks and write a hermetic `.apkg` atomically."""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Diagnostic, Document
from ..output import atomic_write, scratch_folder
from ..selection import document_identities
from .cards import CardNote
from .ids import deck_id
from .notecache import document_notes, package_key, remember_package, written_before

if TYPE_CHECKING:
    import genanki

# Fixed zip entry dates: the same notes must give the same bytes.
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)
# zlib's level 3, not its default 6: on the database of 4,000 notes (19 MB) it deflates in
# 0.04 s instead of 0.11 s, a tenth of a cold export, for a package a fifth bigger (1.06
# instead of 0.87 MB); images are compressed already and gain nothing from a higher level.
ZIP_LEVEL = 3


@dataclass(frozen=True)
class AnkiExport:
    path: Path
    notes: int
    cards: int
    media: int
    decks: int
    warnings: list[Diagnostic] = field(default_factory=list)
    written: bool = True  # False: the output already was this very package


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
    decks: dict[str, list[CardNote]] = {}  # deck name → its notes, decks in order of first use
    previous: dict[str, tuple[int, str]] | None = None

    def prepare() -> None:
        """What writing needs besides the notes: done while a forked child still renders
        (`split.py`), or else once the notes are in."""
        nonlocal previous
        if previous is None:
            previous = previous_notes(output)
            from .notetypes import interview_model, point_model

            for model in (interview_model(), point_model()):  # genanki, templates, CSS
                model._req  # noqa: B018  # which fields a card needs: worked out once

    for document, identity in zip(documents, identities, strict=True):
        for note in document_notes(document, root, media, nested, identity, meanwhile=prepare):
            decks.setdefault(note.deck, []).append(note)
    prepare()
    assert previous is not None
    with atomic_write(output) as temporary:
        cards = _write_apkg(list(decks.items()), temporary, timestamp, media.files, previous)
    notes = sum(map(len, decks.values()))
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
    decks: Sequence[tuple[str, list[CardNote]]],
    target: Path,
    timestamp: float,
    media: dict[Path, str],
    previous: dict[str, tuple[int, str]],
) -> int:
    """genanki's own `write_to_file` leaves its temporary database behind and stamps zip
    entries with the current time; this writes the same content without either. Returns
    the number of cards written."""
    with scratch_folder("notes-exporter-") as scratch:
        database = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(database)
        # A scratch file read back at once: waiting for the disk at each commit buys nothing.
        connection.execute("PRAGMA synchronous = OFF")
        try:
            ids = itertools.count(int(timestamp * 1000))
            cards = write_collection(connection.cursor(), decks, timestamp, ids, previous)
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
    return cards


def write_collection(
    cursor: sqlite3.Cursor,
    decks: Sequence[tuple[str, list[CardNote]]],
    timestamp: float,
    ids: Iterator[int],
    previous: dict[str, tuple[int, str]] | None = None,
) -> int:
    """What genanki's `Package.write_to_db` writes for these decks, in one pass; returns
    the number of cards.

    genanki's `Deck.write_to_db` loads and dumps the collection's decks and models JSON once
    per deck, which is quadratic in the number of decks (a vault has hundreds), and its
    `Note.write_to_db` makes two statements per note. Here the JSON is built in memory and
    written once, and the notes and cards go in as two batches, with the rows genanki
    writes (tested against it). The JSON is the text genanki leaves behind, so the package
    keeps its bytes: that includes genanki's quirk of listing a model of the last deck
    twice (once under the str key a JSON round trip gave it, once under its int id);
    Anki reads the last one.

    `previous` (guid → modification time and fields of the export being replaced) keeps
    the old time of a note whose fields did not change: Anki updates a note on import
    only when the incoming copy is newer, and counts it as changed, so a re-export after
    one edit updates exactly that one note.
    """
    import genanki
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    from .notetypes import interview_model, point_model

    models = {"interview": interview_model(), "point": point_model()}
    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    decks_text, models_text = cursor.execute("SELECT decks, models FROM col").fetchone()
    decks_json: dict[str, object] = json.loads(decks_text)
    models_json: dict[str | int, object] = json.loads(models_text)
    for name, notes in decks:
        number = deck_id(name)
        decks_json[str(number)] = genanki.Deck(number, name).to_json()
        models_json = _json_round_trip_keys(models_json)
        used = {models[note.kind].model_id: models[note.kind] for note in notes}
        models_json.update(
            {model_id: model.to_json(timestamp, number) for model_id, model in used.items()}
        )
    cursor.execute(
        "UPDATE col SET decks = ?, models = ?", (json.dumps(decks_json), json.dumps(models_json))
    )
    now = int(timestamp)
    previous = previous or {}
    card_rows: list[tuple[object, ...]] = []

    def note_rows() -> Iterator[tuple[object, ...]]:
        # A generator: a note's fields, joined, live only until sqlite has them.
        for name, notes in decks:
            number = deck_id(name)
            for note in notes:
                model = models[note.kind]
                fields = "\x1f".join(note.fields)
                mod = now
                if note.guid in previous:
                    old_mod, old_fields = previous[note.guid]
                    # An edited note must be newer than the copy the user imported last time.
                    mod = old_mod if old_fields == fields else max(now, old_mod + 1)
                note_id = next(ids)
                tags = " " + " ".join(note.tags) + " "
                # csum 0 (Anki recomputes it), flags 0, data "": as genanki writes them
                yield (note_id, note.guid, model.model_id, mod, -1, tags, fields, note.fields[0])
                for ordinal in _card_ordinals(model, note.fields):
                    card_rows.append((next(ids), note_id, number, ordinal, now, -1, *_NEW_CARD))

    cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,0,0,'')", note_rows())
    cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)
    return len(card_rows)


# type, queue, due, interval, factor, reps, lapses, left, odue, odid, flags, data: a new card
_NEW_CARD = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "")


def _card_ordinals(model: genanki.Model, fields: Sequence[str]) -> list[int]:
    """The templates a note gets a card of: those whose required fields it fills, as
    genanki decides (`Note._front_back_cards`)."""
    ordinals = []
    for ordinal, any_or_all, required in model._req:
        test = any if any_or_all == "any" else all
        if test(fields[index] for index in required):
            ordinals.append(ordinal)
    return ordinals


def _json_round_trip_keys(mapping: dict[str | int, object]) -> dict[str | int, object]:
    """The keys `json.loads(json.dumps(mapping))` gives: str keys, a repeated key keeps its
    first place and its last value (the values themselves dump the same either way)."""
    result: dict[str | int, object] = {}
    for key, value in mapping.items():
        result[str(key)] = value
    return result


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data, compresslevel=ZIP_LEVEL)
