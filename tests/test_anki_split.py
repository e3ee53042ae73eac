"""A large document's notes rendered on two cores make the very same package as one core:
with the child's notes used, with its media names clashing (so they are made here), and
with no child at all. Imported with Anki's backend as a user would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from anki_client import import_package
from conftest import FIXTURES, export_pinned

from exporter.anki import split
from exporter.parallel import ForkedJob

IMAGE = FIXTURES / "img" / "a b.png"


def _notes(folder: Path, points: int = 30) -> Path:
    # Two images of one file name in two folders: the first, in a question, keeps the name;
    # the later one, in a key point the child renders, gets a name that says its folder.
    for sub in ("one", "two"):
        (folder / sub).mkdir(parents=True)
        shutil.copy(IMAGE, folder / sub / "curve.png")
    lines = ["# 分核笔记", "", "## 要点"]
    lines += [f"- **要点 {n}**: 第 {n} 条, 公式 $x_{{{n}}}^2$" for n in range(points)]
    lines += ["- **图**: ![曲线](two/curve.png)", "", "## 面试题", ""]
    for n in range(10):
        lines += [f"{n + 1}. **第 {n} 题: 为什么 $r_{n}$ 要裁剪?**", "   - **答案线索**: 见要点"]
        if n == 0:
            lines += ["     ![曲线](one/curve.png)"]
        lines += ["   - **追问**: 为什么不用 KL?"]
    notes = folder / "notes.md"
    notes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return notes


def _package(notes: Path, out: Path) -> bytes:
    export_pinned("anki", notes, out, "--no-cache")
    return out.read_bytes()


@pytest.fixture
def one_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, bytes]:
    notes = _notes(tmp_path / "notes")
    monkeypatch.setattr(split, "SPLIT_FROM", 10**9)
    serial = _package(notes, tmp_path / "serial.apkg")
    monkeypatch.setattr(split, "SPLIT_FROM", 0)
    return notes, serial


def test_two_cores_write_the_same_package(one_core, tmp_path: Path, collection) -> None:
    notes, serial = one_core
    assert _package(notes, tmp_path / "split.apkg") == serial
    import_package(collection, tmp_path / "split.apkg")
    fronts = [collection.get_note(n).fields[0] for n in collection.find_notes("")]
    assert sum("题" in front for front in fronts) == 10 and "图" in fronts
    media = sorted(p.name for p in Path(collection.media.dir()).iterdir())
    assert len(media) == 2 and "curve.png" in media  # both images, under two names


def test_clashing_media_names_are_made_here(
    one_core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes, serial = one_core
    replays: list[bool] = []
    replayed = split._replayed

    def recording(builder, result):
        replays.append(replayed(builder, result))
        return replays[-1]

    monkeypatch.setattr(split, "_replayed", recording)
    monkeypatch.setattr(split, "_halfway", lambda builder: len(builder.selection.questions))
    assert _package(notes, tmp_path / "split.apkg") == serial
    assert replays == [False]  # the child named two/curve.png `curve.png`: done again here


def test_without_a_child_the_notes_are_made_here(
    one_core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes, serial = one_core
    monkeypatch.setattr(ForkedJob, "result", lambda self: self.cancel())
    assert _package(notes, tmp_path / "split.apkg") == serial


def test_a_child_that_fails_is_no_failure(tmp_path: Path) -> None:
    def broken() -> int:
        raise RuntimeError("a bug in the child")

    assert ForkedJob(broken).result() is None
    assert ForkedJob(lambda: [1, "two"]).result() in ([1, "two"], None)  # None: one core


def test_the_previous_package_is_read_while_the_child_renders(
    one_core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exporter.anki import package

    notes, serial = one_core
    events: list[str] = []
    previous_notes, result = package.previous_notes, ForkedJob.result

    def reading(output: Path):
        events.append("previous package read")
        return previous_notes(output)

    def taking(self):
        events.append("child's notes taken")
        return result(self)

    monkeypatch.setattr(package, "previous_notes", reading)
    monkeypatch.setattr(ForkedJob, "result", taking)
    over = tmp_path / "over.apkg"
    over.write_bytes(serial)
    assert _package(notes, over) == serial  # the same notes over it: the same bytes
    assert events == ["previous package read", "child's notes taken"]
