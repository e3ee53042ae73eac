"""Give the notes of a freshly built package the modification times that make Anki's
importer update exactly the notes whose fields changed.

Anki updates a note on import only when the incoming copy is newer, and then rewrites it
(and replaces its tags) even if nothing differs. A package built in a scratch folder has
no earlier export to compare with, so its notes are compared with the collection's own:
an unchanged note keeps the collection's time (Anki leaves it alone), a changed one is
made newer. This edits our own temporary package, never the user's collection.
"""

from __future__ import annotations

import shutil
import sqlite3
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..output import scratch_folder

DATABASE = "collection.anki2"


@dataclass(frozen=True)
class PackageNote:
    guid: str
    fields: str  # joined with \x1f


def read_and_stamp(package: Path, known: dict[str, tuple[int, str]]) -> list[PackageNote]:
    """known: guid → (modification time, fields) of the collection's notes."""
    with scratch_folder("notes-exporter-stamp-") as scratch:
        with zipfile.ZipFile(package) as archive:
            database = Path(archive.extract(DATABASE, scratch))
        connection = sqlite3.connect(database)
        try:
            rows = connection.execute("select id, guid, mod, flds from notes").fetchall()
            updates = []
            for note_id, guid, mod, fields in rows:
                if guid in known:
                    old_mod, old_fields = known[guid]
                    same = same_fields(old_fields, fields)
                    new_mod = old_mod if same else max(mod, old_mod + 1)
                    updates.append((new_mod, note_id))
            connection.executemany("update notes set mod = ? where id = ?", updates)
            connection.commit()
        finally:
            connection.close()
        _replace_entry(package, DATABASE, database)
    return [PackageNote(guid, fields) for _, guid, _, fields in rows]


def same_fields(stored: str, incoming: str) -> bool:
    """Anki stores note text in Unicode NFC, so compare the way it will see them."""
    return unicodedata.normalize("NFC", stored) == unicodedata.normalize("NFC", incoming)


def _replace_entry(package: Path, name: str, source: Path) -> None:
    """Rewrite the zip with one entry's content taken from `source`."""
    rebuilt = package.with_suffix(".rebuilt")
    with zipfile.ZipFile(package) as old, zipfile.ZipFile(rebuilt, "w") as new:
        for info in old.infolist():
            if info.filename == name:
                new.write(source, name, compress_type=zipfile.ZIP_DEFLATED)
            else:
                with old.open(info) as entry, new.open(info, "w") as copy:
                    shutil.copyfileobj(entry, copy)
    rebuilt.replace(package)
