"""Importing an .apkg the way Anki desktop does (same Rust backend as AnkiDroid)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

IF_NEWER = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER


def import_package(col: Collection, package: Path) -> Any:
    """Import with Anki's defaults: update notes and note types when the incoming is newer."""
    request = ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(
            with_scheduling=False,
            with_deck_configs=False,
            merge_notetypes=False,
            update_notes=IF_NEWER,
            update_notetypes=IF_NEWER,
        ),
    )
    return col.import_anki_package(request).log


def rendered_cards(col: Collection) -> list[tuple[str, str, str]]:
    """(deck name, question HTML, answer HTML) of every card, as Anki renders them."""
    cards = []
    for card_id in sorted(col.find_cards("")):
        card = col.get_card(card_id)
        cards.append((col.decks.name(card.did), card.question(), card.answer()))
    return cards
