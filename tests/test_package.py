"""The one-pass collection writer: the same collection genanki writes, for any deck count."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import genanki
from anki_client import import_package
from conftest import SAMPLE_NOTES

from exporter.anki import build_package
from exporter.anki.notetypes import interview_model, point_model
from exporter.anki.package import deck_id, write_collection
from exporter.parse import parse_file

TIMESTAMP = 1_700_000_000.0


def many_decks(count: int) -> list[genanki.Deck]:
    """`count` decks, alternating the two note types (and mixing them in some decks)."""
    models = [interview_model(), point_model()]
    decks = []
    for index in range(count):
        name = f"Top::part {index % 7}::deck {index}"
        deck = genanki.Deck(deck_id(name), name)
        kinds = [models[index % 2]] + ([models[(index + 1) % 2]] if index % 3 == 0 else [])
        for number, model in enumerate(kinds):
            fields = [f"q {index}.{number}", "answer"] + [""] * (len(model.fields) - 2)
            deck.add_note(genanki.Note(model=model, fields=fields, guid=f"g{index}.{number}"))
        decks.append(deck)
    return decks


def collection_dump(path: Path, write) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        write(connection.cursor())
        connection.commit()
        return list(connection.iterdump())
    finally:
        connection.close()


def test_same_collection_as_genanki(tmp_path: Path) -> None:
    decks = many_decks(40)

    def ours(cursor: sqlite3.Cursor) -> None:
        write_collection(cursor, decks, TIMESTAMP, itertools.count(int(TIMESTAMP * 1000)))

    def genankis(cursor: sqlite3.Cursor) -> None:
        package = genanki.Package(decks)
        package.write_to_db(cursor, TIMESTAMP, itertools.count(int(TIMESTAMP * 1000)))

    assert collection_dump(tmp_path / "ours.db", ours) == collection_dump(
        tmp_path / "genanki.db", genankis
    )


def test_sample_notes_package_is_reproducible(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    document = parse_file(SAMPLE_NOTES)
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    build_package([document], first)
    build_package([document], second)
    assert first.read_bytes() == second.read_bytes()


def test_hundreds_of_decks_import(tmp_path: Path, collection) -> None:
    """A vault-sized deck tree: every deck arrives, every note lands in its own deck."""
    notes = tmp_path / "many.md"
    sections = [
        f"## 章节 {i}\n\n### 小节 {i}\n\n- **要点 {i}**: 内容 $x_{i}$\n" for i in range(300)
    ]
    notes.write_text("# 多个牌组\n\n" + "\n".join(sections), encoding="utf-8")
    result = build_package([parse_file(notes)], tmp_path / "many.apkg")
    assert result.decks == 300
    log = import_package(collection, result.path)
    assert len(log.new) == 300 and not log.missing_deck
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert {f"多个牌组::笔记::章节 {i}" for i in range(300)} <= names
    for i in (0, 150, 299):
        (card_id,) = collection.find_cards(f'"deck:多个牌组::笔记::章节 {i}"')
        assert f"要点 {i}" in collection.get_card(card_id).question()
