"""`export anki --into`: import the notes into an Anki collection with Anki's own backend,
then retire the notes this tool wrote earlier that the notes no longer have.

The import is Anki's File → Import (`import_anki_package`, same options as its dialog):
a GUID match updates the note in place, so its cards and review history stay. Only notes
of this tool's note types under the export's top deck are ever retired or pruned.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..errors import ExportError
from .notetypes import INTERVIEW_MODEL_ID, POINT_MODEL_ID
from .profiles import backups_folder
from .stamps import PackageNote, read_and_stamp, same_fields

if TYPE_CHECKING:
    from anki.collection import Collection

REMOVED_TAG = "notes-export::removed"
OWN_NOTETYPE_IDS = (INTERVIEW_MODEL_ID, POINT_MODEL_ID)
INSTALL_HINT = "pip install 'notes-exporter[anki]', or uv sync --extra anki"


@dataclass(frozen=True)
class OwnNote:
    """A note of this tool's note types already in the collection."""

    id: int
    guid: str
    fields: str  # joined with \x1f, as Anki and the package store them
    mod: int
    title: str
    reviews: int
    retired: bool  # tagged REMOVED_TAG already
    in_top_deck: bool


@dataclass
class Plan:
    added: list[str] = field(default_factory=list)  # titles (the first field as text)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retire: list[OwnNote] = field(default_factory=list)  # not in the export, not tagged yet
    retired_before: list[OwnNote] = field(default_factory=list)  # tagged on an earlier run
    restore: list[OwnNote] = field(default_factory=list)  # tagged, but back in the export

    def changes(self, prune: bool) -> bool:
        gone = self.retire or (prune and self.retired_before)
        return bool(self.added or self.updated or gone or self.restore)

    def to_prune(self) -> list[OwnNote]:
        return [*self.retire, *self.retired_before]


@dataclass(frozen=True)
class Outcome:
    added: int
    updated: int
    unchanged: int
    retired: int
    pruned: int
    restored: int
    skipped: int  # notes Anki would not import (a GUID taken by a note of another type)


def require_anki() -> None:
    try:
        import anki.collection  # noqa: F401
    except ImportError:
        raise ExportError(
            f"--into needs Anki's own backend, the `anki` package ({INSTALL_HINT})"
        ) from None


class CollectionSession:
    """The collection, open for the whole run: Anki's backend holds it exclusively, so Anki
    desktop cannot open it meanwhile, and one that has it open makes opening fail at once."""

    def __init__(self, path: Path) -> None:
        require_anki()
        from anki.collection import Collection
        from anki.errors import BackendError

        self.path = path
        try:
            self.col: Collection = Collection(str(path))
        except BackendError as exc:
            if not _held_by_anki(exc):
                raise ExportError(
                    f"{path}: Anki cannot open this collection ({exc}; is it a collection.anki2 "
                    "from an Anki no newer than the `anki` package? pip install -U anki)"
                ) from None
            raise ExportError(
                f"{path}: Anki has this collection open (close Anki, or export a file with "
                "`export anki NOTES -o deck.apkg` and import it with File → Import)"
            ) from None

    def __enter__(self) -> CollectionSession:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.col.close()

    def own_notes(self, top_deck: str) -> dict[str, OwnNote]:
        """guid → this tool's notes anywhere in the collection."""
        from anki.collection import SearchNode

        col = self.col
        search = " OR ".join(f"mid:{model_id}" for model_id in OWN_NOTETYPE_IDS)
        in_deck = set(col.find_notes(col.build_search_string(SearchNode(deck=top_deck))))
        notes: dict[str, OwnNote] = {}
        for note_id in col.find_notes(search):
            note = col.get_note(note_id)
            notes[note.guid] = OwnNote(
                id=note.id,
                guid=note.guid,
                fields="\x1f".join(note.fields),
                mod=note.mod,
                title=plain_text(note.fields[0]),
                reviews=sum(col.get_card(card_id).reps for card_id in note.card_ids()),
                retired=note.has_tag(REMOVED_TAG),
                in_top_deck=note_id in in_deck,
            )
        return notes

    def backup(self) -> Path:
        """A backup through Anki's own mechanism, in the profile's `backups/` folder, where
        Anki desktop keeps (and rotates) its own; File → Switch Profile → Open Backup
        restores it."""
        folder = backups_folder(self.path)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.time_ns()
        try:
            self.col.create_backup(backup_folder=str(folder), force=True, wait_for_completion=True)
        except Exception as exc:  # the backend reports I/O failures as its own error types
            raise ExportError(
                f"{folder}: Anki could not write a backup, so nothing was changed: {exc}"
            ) from None
        # Anki names backups by the second, so a file may have been rewritten, not added.
        fresh = [p for p in folder.glob("*.colpkg") if p.stat().st_mtime_ns >= started]
        if not fresh:
            raise ExportError(f"{folder}: Anki made no backup, so nothing was changed")
        return max(fresh, key=lambda p: p.stat().st_mtime_ns)

    def apply(self, package: Path, plan: Plan, *, prune: bool) -> Outcome:
        from anki.collection import NoteId

        log = import_package(self.col, package)
        tags = self.col.tags
        if plan.restore:
            tags.bulk_remove([NoteId(n.id) for n in plan.restore], REMOVED_TAG)
        pruned = retired = 0
        if prune:
            doomed = [NoteId(n.id) for n in plan.to_prune()]
            pruned = self.col.remove_notes(doomed).count if doomed else 0
        elif plan.retire:
            retired = tags.bulk_add([NoteId(n.id) for n in plan.retire], REMOVED_TAG).count
        skipped = len(log.conflicting) + len(log.missing_notetype) + len(log.missing_deck)
        return Outcome(
            added=len(log.new),
            updated=len(log.updated),
            unchanged=len(log.duplicate),
            retired=retired,
            pruned=pruned,
            restored=len(plan.restore),
            skipped=skipped,
        )


def _held_by_anki(error: Exception) -> bool:
    """Anki's backend opens a collection with an exclusive lock, and opening one that is
    locked fails at once with a database error that says "Anki already open"."""
    from anki.errors import DBError

    message = str(error).lower()
    return isinstance(error, DBError) and ("already open" in message or "locked" in message)


def make_plan(package_notes: Sequence[PackageNote], own: dict[str, OwnNote]) -> Plan:
    """What importing the package will do, given the collection's notes of this tool.

    The package's times were stamped against the same notes (`stamps.read_and_stamp`), so a
    note Anki finds newer is exactly a note whose fields differ.
    """
    plan = Plan()
    exported = set()
    for incoming in package_notes:
        exported.add(incoming.guid)
        existing = own.get(incoming.guid)
        title = plain_text(incoming.fields.split("\x1f", 1)[0])
        if existing is None:
            plan.added.append(title)
            continue
        same = same_fields(existing.fields, incoming.fields)
        (plan.unchanged if same else plan.updated).append(title)
        if existing.retired:
            plan.restore.append(existing)
    for note in own.values():
        if note.guid in exported or not note.in_top_deck:
            continue
        (plan.retired_before if note.retired else plan.retire).append(note)
    return plan


def prepare(package: Path, own: dict[str, OwnNote]) -> list[PackageNote]:
    """Stamp the package against the collection and read its notes."""
    known = {guid: (note.mod, note.fields) for guid, note in own.items()}
    return read_and_stamp(package, known)


def import_package(col: Collection, package: Path) -> Any:
    """File → Import's defaults: update notes and note types when the incoming is newer,
    leave scheduling and deck options alone."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

    if_newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    request = ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(
            with_scheduling=False,
            with_deck_configs=False,
            merge_notetypes=False,
            update_notes=if_newer,
            update_notetypes=if_newer,
        ),
    )
    return col.import_anki_package(request).log


def plain_text(field_html: str, limit: int = 60) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", field_html))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
