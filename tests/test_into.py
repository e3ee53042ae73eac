"""`export anki --into`, against real collections opened with Anki's own backend."""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from conftest import FIXTURES, run

from exporter.anki.into import REMOVED_TAG
from exporter.anki.notetypes import INTERVIEW_MODEL_ID
from exporter.anki.profiles import anki_base, resolve_collection
from exporter.errors import ExportError

TOP_DECK = "价值函数小抄"
EDITED = "**什么是优势函数?**"
DELETED = "3. **折扣因子 γ 为什么小于 1?**"
ADDED = """
4. **为什么要用基线?**
    - **答案线索**: 减小方差而不引入偏差。
    - **追问**: 基线可以依赖动作吗?
"""


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An Anki base folder with one profile, `User 1`, holding two notes of the user's own:
    one in the export's top deck, one elsewhere."""
    base = tmp_path / "Anki2"
    (base / "User 1").mkdir(parents=True)
    monkeypatch.setenv("ANKI_BASE", str(base))
    with opened(base / "User 1" / "collection.anki2") as col:
        basic = col.models.by_name("Basic")
        for deck, front in ((TOP_DECK, "my own card in the deck"), ("Default", "elsewhere")):
            note = col.new_note(basic)
            note["Front"], note["Back"] = front, "mine"
            col.add_note(note, col.decks.id(deck))
    return base / "User 1" / "collection.anki2"


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes" / "values.md"
    path.parent.mkdir()
    path.write_text((FIXTURES / "into_notes.md").read_text(encoding="utf-8"), encoding="utf-8")
    return path


@contextlib.contextmanager
def opened(path: Path) -> Iterator[Collection]:
    col = Collection(str(path))
    try:
        yield col
    finally:
        col.close()


def snapshot(path: Path) -> tuple[int, str]:
    return path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


def by_question(col: Collection) -> dict[str, tuple[int, str, list[str], int, int]]:
    """Interview notes: question text → (note id, answer, tags, first card id, reviews)."""
    result = {}
    for note_id in col.find_notes(f"mid:{INTERVIEW_MODEL_ID}"):
        note = col.get_note(note_id)
        card = note.cards()[0]
        revlog = len(col.card_stats_data(card.id).revlog)
        result[note["Question"]] = (note_id, note["Answer"], note.tags, card.id, revlog)
    return result


def schedules(col: Collection) -> dict[int, tuple[int, int, int, int]]:
    """card id → (type, queue, due, interval): what the reviews decided."""
    cards = (col.get_card(card_id) for card_id in col.find_cards(""))
    return {card.id: (card.type, card.queue, card.due, card.ivl) for card in cards}


def user_notes(col: Collection) -> list[tuple[int, int, list[str], list[str]]]:
    basic = col.models.by_name("Basic")["id"]
    notes = [col.get_note(nid) for nid in col.find_notes(f"mid:{basic}")]
    return sorted((n.id, n.mod, n.fields, n.tags) for n in notes)


def review_everything(col: Collection) -> None:
    for card_id in col.find_cards(f'"deck:{TOP_DECK}"'):
        card = col.get_card(card_id)
        card.start_timer()
        col.sched.answerCard(card, 3)


def edit_notes(notes: Path) -> None:
    text = notes.read_text(encoding="utf-8")
    text = text.replace("$A = Q - V$, 参考", "$A = Q - V$, 也就是优势, 参考")
    # the last question: deleting one above would shift the lines of the rest, and each
    # card's Source field (file:line) would change with them
    text = text[: text.index(DELETED)].rstrip() + "\n" + ADDED
    notes.write_text(text, encoding="utf-8")


def test_first_export_adds_everything_and_backs_up(profile: Path, notes: Path) -> None:
    code, output = run("anki", str(notes), "--into", "User 1")
    assert code == 0, output
    assert output.splitlines()[-1].endswith("5 added, 0 updated, 0 unchanged, 0 retired")
    backups = list((profile.parent / "backups").glob("backup-*.colpkg"))
    assert len(backups) == 1 and f"backup: {backups[0]}" in output
    with zipfile.ZipFile(backups[0]) as archive:  # a full collection package Anki restores
        assert "collection.anki21b" in archive.namelist()
    with opened(profile) as col:
        assert col.note_count() == 5 + 2


def test_edit_delete_add_keeps_history_and_retires(profile: Path, notes: Path) -> None:
    run("anki", str(notes), "--into", str(profile))
    with opened(profile) as col:
        review_everything(col)
        before, mine, scheduled = by_question(col), user_notes(col), schedules(col)
    edit_notes(notes)
    code, output = run("anki", str(notes), "--into", str(profile))
    assert code == 0, output
    assert output.splitlines()[-1].endswith("1 added, 1 updated, 3 unchanged, 1 retired")
    assert "retiring 1 note no longer in the notes" in output
    assert "折扣因子 γ 为什么小于 1? (1 review)" in output
    with opened(profile) as col:
        after = by_question(col)
        assert col.note_count() == 5 + 1 + 2  # one added, none duplicated, none deleted
        assert len({col.get_note(n).guid for n in col.find_notes("")}) == col.note_count()
        edited = next(q for q in after if "优势函数" in q)
        note_id, answer, _, card_id, revlog = after[edited]
        assert "也就是优势" in answer and "也就是优势" not in before[edited][1]
        assert (note_id, card_id, revlog) == (before[edited][0], before[edited][3], 1)
        gone = next(q for q in after if "折扣因子" in q)
        assert REMOVED_TAG in after[gone][2] and after[gone][4] == 1
        assert all(REMOVED_TAG not in tags for q, (_, _, tags, _, _) in after.items() if q != gone)
        assert user_notes(col) == mine
        now = schedules(col)
        assert all(now[card] == scheduled[card] for card in scheduled)  # no card rescheduled


def test_a_note_moved_out_of_the_top_deck_is_left_alone(profile: Path, notes: Path) -> None:
    run("anki", str(notes), "--into", str(profile))
    with opened(profile) as col:
        question = next(q for q in by_question(col) if "折扣因子" in q)
        card_id = by_question(col)[question][3]
        col.set_deck([card_id], col.decks.id("Elsewhere"))
    edit_notes(notes)
    code, output = run("anki", str(notes), "--into", str(profile), "--prune")
    assert code == 0, output
    assert output.splitlines()[-1].endswith("1 added, 1 updated, 3 unchanged, 0 pruned")
    with opened(profile) as col:
        assert question in by_question(col)


def test_second_run_without_edits_changes_nothing(profile: Path, notes: Path) -> None:
    run("anki", str(notes), "--into", str(profile))
    edit_notes(notes)
    run("anki", str(notes), "--into", str(profile))
    before = snapshot(profile)
    backups = set((profile.parent / "backups").iterdir())
    code, output = run("anki", str(notes), "--into", str(profile))
    assert code == 0, output
    assert "0 added, 0 updated, 5 unchanged, 0 retired" in output
    assert "not touched" in output
    assert snapshot(profile) == before
    assert set((profile.parent / "backups").iterdir()) == backups  # nothing to back up


def test_a_touched_file_without_edits_changes_nothing(profile: Path, notes: Path) -> None:
    """The notes' times follow the file's, but a newer time alone must not rewrite notes."""
    run("anki", str(notes), "--into", str(profile))
    before = snapshot(profile)
    later = notes.stat().st_mtime + 3600
    os.utime(notes, (later, later))
    code, output = run("anki", str(notes), "--into", str(profile))
    assert code == 0, output
    assert "0 added, 0 updated, 5 unchanged, 0 retired" in output
    assert snapshot(profile) == before


def test_prune_deletes_only_the_tools_retired_notes(profile: Path, notes: Path) -> None:
    run("anki", str(notes), "--into", str(profile))
    with opened(profile) as col:
        review_everything(col)
        mine = user_notes(col)
    edit_notes(notes)
    run("anki", str(notes), "--into", str(profile))  # retires (tags) the deleted question
    before = snapshot(profile)
    code, output = run("anki", str(notes), "--into", str(profile), "--prune", "--dry-run")
    assert code == 0, output
    assert "would delete 1 note no longer in the notes (1 review in all)" in output
    assert "dry run, nothing changed" in output and snapshot(profile) == before
    code, output = run("anki", str(notes), "--into", str(profile), "--prune")
    assert code == 0, output
    assert "deleting 1 note" in output and "折扣因子 γ 为什么小于 1? (1 review)" in output
    assert output.splitlines()[-1].endswith("0 added, 0 updated, 5 unchanged, 1 pruned")
    with opened(profile) as col:
        assert not any("折扣因子" in q for q in by_question(col))
        assert col.note_count() == 2 + 3 + 2  # key points, 3 questions, the user's 2
        assert user_notes(col) == mine


def test_dry_run_changes_nothing(profile: Path, notes: Path) -> None:
    run("anki", str(notes), "--into", str(profile))
    edit_notes(notes)
    before = snapshot(profile)
    code, output = run("anki", str(notes), "--into", str(profile), "--dry-run")
    assert code == 0, output
    assert "would be 1 added, 1 updated, 3 unchanged, 1 retired" in output
    assert "would add 1 note:\n  为什么要用基线?\n" in output
    assert "would update 1 note:\n  什么是优势函数?\n" in output
    assert "would retire 1 note no longer in the notes (0 reviews in all)" in output
    assert snapshot(profile) == before
    assert len(list((profile.parent / "backups").iterdir())) == 1  # the first run's only


def test_a_question_back_in_the_notes_is_restored(profile: Path, notes: Path) -> None:
    original = notes.read_text(encoding="utf-8")
    run("anki", str(notes), "--into", str(profile))
    edit_notes(notes)
    run("anki", str(notes), "--into", str(profile))
    notes.write_text(original, encoding="utf-8")
    code, output = run("anki", str(notes), "--into", str(profile))
    assert code == 0, output
    assert "1 restored" in output
    with opened(profile) as col:
        tagged = [col.get_note(n)["Question"] for n in col.find_notes(f"tag:{REMOVED_TAG}")]
        assert tagged == ["为什么要用基线?"]  # back in: 折扣因子; gone again: the added one


@pytest.fixture
def anki_holding(profile: Path) -> Iterator[None]:
    """Another process holding the collection open, as Anki desktop does."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from anki.collection import Collection; "
            f"c = Collection({str(profile)!r}); c.note_count(); print('open', flush=True); "
            "sys.stdin.read(); c.close()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    try:
        yield
    finally:
        holder.communicate("", timeout=30)


def test_a_collection_anki_has_open_is_refused_untouched(
    profile: Path, notes: Path, anki_holding: None
) -> None:
    before = snapshot(profile)
    code, output = run("anki", str(notes), "--into", str(profile))
    assert code == 1
    assert output.count("\n") == 1 and "Anki has this collection open (close Anki" in output
    assert snapshot(profile) == before
    assert not (profile.parent / "backups").exists()


def test_a_file_that_is_no_collection_is_refused_untouched(notes: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes.anki2"
    other.write_text("not a collection", encoding="utf-8")
    code, output = run("anki", str(notes), "--into", str(other))
    assert code == 1 and "Anki cannot open this collection" in output
    assert other.read_text(encoding="utf-8") == "not a collection"


def test_targets_and_profile_folders(profile: Path, tmp_path: Path) -> None:
    assert resolve_collection("User 1") == profile
    assert resolve_collection(str(profile.parent)) == profile
    assert resolve_collection(str(profile)) == profile
    with pytest.raises(ExportError, match=r"profiles in .*: User 1"):
        resolve_collection("Nobody")
    home = {"HOME": "/home/u"}
    assert anki_base(home, "linux") == Path("/home/u/.local/share/Anki2")
    assert anki_base({**home, "XDG_DATA_HOME": "/x"}, "linux") == Path("/x/Anki2")
    assert anki_base(home, "darwin") == Path("/home/u/Library/Application Support/Anki2")
    assert anki_base({**home, "APPDATA": r"C:\U\AppData\Roaming"}, "win32") == Path(
        r"C:\U\AppData\Roaming", "Anki2"
    )
    assert anki_base({**home, "ANKI_BASE": str(tmp_path)}, "darwin") == tmp_path


def test_ankiconnect_is_refused_with_the_reason(notes: Path, profile: Path) -> None:
    code, output = run("anki", str(notes), "--into", "ankiconnect:8765")
    assert code == 1 and "AnkiConnect is not supported" in output
    assert not (profile.parent / "backups").exists()


def test_options_that_need_into(notes: Path, profile: Path) -> None:
    code, output = run("anki", str(notes), "--prune")
    assert code == 2 and "--into" in output
    code, output = run("anki", str(notes), "--into", "User 1", "-o", "x.apkg")
    assert code == 2 and "choose one" in output


def test_without_the_anki_package_says_how_to_install(
    notes: Path, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "anki.collection", None)  # as if not installed
    code, output = run("anki", str(notes), "--into", "User 1")
    assert code == 1 and "notes-exporter[anki]" in output


def test_unknown_profile_names_the_ones_there(notes: Path, profile: Path) -> None:
    code, output = run("anki", str(notes), "--into", "Nobody")
    assert code == 1 and "User 1" in output
    assert not (profile.parent / "backups").exists()
