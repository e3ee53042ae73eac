"""The one-pass collection writer: the same collection genanki writes, for any deck count."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import genanki
from anki_client import import_package
from conftest import SAMPLE_NOTES

from exporter.anki import build_package
from exporter.anki.cards import CardNote
from exporter.anki.ids import deck_id
from exporter.anki.notetypes import INTERVIEW_FIELDS, POINT_FIELDS, interview_model, point_model
from exporter.anki.package import write_collection
from exporter.parse import parse_file

TIMESTAMP = 1_700_000_000.0


def many_decks(count: int) -> list[tuple[str, list[CardNote]]]:
    """`count` decks, alternating the two note types (and mixing them in some decks)."""
    kinds = ["interview", "point"]
    widths = {"interview": len(INTERVIEW_FIELDS), "point": len(POINT_FIELDS)}
    decks = []
    for index in range(count):
        name = f"Top::part {index % 7}::deck {index}"
        used = [kinds[index % 2]] + ([kinds[(index + 1) % 2]] if index % 3 == 0 else [])
        notes = []
        for number, kind in enumerate(used):
            fields = (f"q {index}.{number}", "answer") + ("",) * (widths[kind] - 2)
            tags = (f"t{index}", "shared::tag")
            notes.append(CardNote(kind, fields, f"g{index}.{number}", name, tags))
        if index == 5:  # a note whose question is empty gets no card, as in genanki
            notes.append(CardNote("point", ("", "body", "", ""), "g-empty", name, ()))
        decks.append((name, notes))
    return decks


def as_genanki(decks: list[tuple[str, list[CardNote]]]) -> list[genanki.Deck]:
    models = {"interview": interview_model(), "point": point_model()}
    result = []
    for name, notes in decks:
        deck = genanki.Deck(deck_id(name), name)
        for note in notes:
            model = models[note.kind]
            deck.add_note(
                genanki.Note(model=model, fields=list(note.fields), guid=note.guid, tags=note.tags)
            )
        result.append(deck)
    return result


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
    counted: list[int] = []

    def ours(cursor: sqlite3.Cursor) -> None:
        ids = itertools.count(int(TIMESTAMP * 1000))
        counted.append(write_collection(cursor, decks, TIMESTAMP, ids))

    def genankis(cursor: sqlite3.Cursor) -> None:
        package = genanki.Package(as_genanki(decks))
        package.write_to_db(cursor, TIMESTAMP, itertools.count(int(TIMESTAMP * 1000)))

    assert collection_dump(tmp_path / "ours.db", ours) == collection_dump(
        tmp_path / "genanki.db", genankis
    )
    assert counted == [sum(len(notes) for _, notes in decks) - 1]  # the empty one has none


def test_unchanged_notes_keep_their_time_and_edited_ones_get_newer(tmp_path: Path) -> None:
    (name, notes), *_ = many_decks(1)
    same, edited = notes[0], CardNote("point", ("p", "b", "", ""), "g-edited", name, ())
    previous = {
        same.guid: (1_600_000_000, "\x1f".join(same.fields)),
        edited.guid: (1_800_000_000, "p\x1fold body\x1f\x1f"),
    }
    with sqlite3.connect(tmp_path / "c.db") as connection:
        ids = itertools.count(1)
        write_collection(connection.cursor(), [(name, [same, edited])], TIMESTAMP, ids, previous)
        mods = dict(connection.execute("select guid, mod from notes"))
    assert mods == {same.guid: 1_600_000_000, edited.guid: 1_800_000_001}


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
