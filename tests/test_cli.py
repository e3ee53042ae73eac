"""The command line: summaries, and bad input that ends in one clear line, never a
traceback, never a partial or clobbered output file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run


def test_anki_summary_line(fixture_copy, tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    code, output = run("anki", str(fixture_copy("list_style.md")), "-o", str(out))
    assert code == 0 and out.is_file()
    assert f"wrote {out}: 8 notes, 8 cards, 1 media file, 3 decks" in output


def test_default_output_is_build_stem(fixture_copy, tmp_path: Path, monkeypatch) -> None:
    notes = fixture_copy("list_style.md")
    monkeypatch.chdir(tmp_path)
    code, _ = run("anki", str(notes), "--quiet")
    assert code == 0 and (tmp_path / "build" / "list_style.apkg").is_file()


def test_quiet_prints_nothing(fixture_copy, tmp_path: Path) -> None:
    code, output = run(
        "anki", str(fixture_copy("list_style.md")), "-q", "-o", str(tmp_path / "a.apkg")
    )
    assert code == 0 and output == ""


def test_several_files_make_one_deck(fixture_copy, tmp_path: Path) -> None:
    out = tmp_path / "all.apkg"
    files = [str(fixture_copy(n)) for n in ("list_style.md", "qa_style.md", "heading_style.md")]
    code, output = run("anki", *files, "-o", str(out), "--deck-name", "面经")
    assert code == 0 and "wrote" in output and out.is_file()


def test_several_files_deck_has_one_subdeck_per_file(
    fixture_copy, tmp_path: Path, collection
) -> None:
    """Opened with Anki: each file's cards sit under its own title, below the root deck."""
    from collections import Counter

    from anki_client import import_package

    out = tmp_path / "all.apkg"
    files = [str(fixture_copy(n)) for n in ("list_style.md", "qa_style.md", "heading_style.md")]
    code, output = run("anki", *files, "-o", str(out), "--deck-name", "面经")
    assert code == 0, output
    assert f"wrote {out}: 14 notes, 14 cards, 1 media file, 6 decks" in output
    log = import_package(collection, out)
    assert len(log.new) == 14 and not log.duplicate and not log.conflicting
    cards = Counter(
        collection.decks.name(collection.get_card(card).did) for card in collection.find_cards("")
    )
    assert cards == {
        # list_style.md (title from its front matter): 3 questions in 2 categories; key
        # points 概率比, 为什么需要相近的策略, 子要点甲, 子要点乙 and the section 优势函数
        "面经::策略梯度小抄::面试题::基础概念": 2,
        "面经::策略梯度小抄::面试题::进阶": 1,
        "面经::策略梯度小抄::笔记::策略梯度基础": 5,
        # qa_style.md: three Q:/A: (问:/答:) pairs under its one heading
        "面经::PPO 速记::面试题::PPO 速记": 3,
        # heading_style.md: two heading questions, and the plain section 训练细节
        "面经::奖励模型面试笔记::面试题::奖励模型": 2,
        "面经::奖励模型面试笔记::笔记": 1,
    }
    assert collection.note_count() == collection.card_count() == 14
    media = Path(collection.media.dir())
    assert (media / "a_b.png").is_file()


def test_warnings_name_file_and_line(tmp_path: Path) -> None:
    code, output = run(
        "anki", str(FIXTURES / "unresolved_reference.md"), "-o", str(tmp_path / "a.apkg")
    )
    assert code == 0
    assert "warning: " in output and "unresolved_reference.md:10:23: reference" in output


BAD_INPUTS = [
    ("empty.md", ":1: the file is empty"),
    ("latin1.md", ":3: is not valid UTF-8"),
    ("does_not_exist.md", "does_not_exist.md: no such file"),
]


@pytest.mark.parametrize(("name", "message"), BAD_INPUTS)
def test_bad_input_is_one_clear_line_and_keeps_old_output(
    name: str, message: str, tmp_path: Path
) -> None:
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"previous export")
    code, output = run("anki", str(FIXTURES / name), "-o", str(out))
    assert code == 1
    [line] = output.strip().splitlines()
    assert line.startswith("error: ") and message in line and line.endswith(")")
    assert out.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


def test_unwritable_output(fixture_copy, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, output = run("anki", str(fixture_copy("list_style.md")), "-o", str(blocker / "x.apkg"))
    assert code == 1 and output.startswith("error: ") and "cannot write" in output


def test_output_is_a_folder(fixture_copy, tmp_path: Path) -> None:
    code, output = run("anki", str(fixture_copy("list_style.md")), "-o", str(tmp_path))
    assert code == 2 and "is a directory" in output  # click's usage error


def test_huge_input_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: no real 65 MB written
    code, output = run("anki", str(huge), "-o", str(tmp_path / "a.apkg"))
    assert code == 1 and "more than the 64 MB" in output and "split it" in output


def test_folder_as_input(tmp_path: Path) -> None:
    code, output = run("anki", str(tmp_path), "-o", str(tmp_path / "a.apkg"))
    assert code != 0 and "Traceback" not in output


@pytest.mark.parametrize("program", [["notes-export"], [sys.executable, "-m", "exporter"]])
def test_entry_points_run_as_processes(program: list[str], tmp_path: Path) -> None:
    """The installed console script and `python -m exporter`, as a user runs them."""
    if program[0] == "notes-export":
        program = [str(Path(sys.executable).parent / "notes-export")]
    result = subprocess.run(
        [*program, "anki", str(FIXTURES / "latin1.md"), "-o", str(tmp_path / "a.apkg")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert not (tmp_path / "a.apkg").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unbalanced_dollar.md", ":5:15: unbalanced `$`"),
        ("no_structure.md", ""),
    ],
)
def test_what_a_reader_can_read_is_exported_with_warnings(
    name: str, message: str, tmp_path: Path
) -> None:
    """Refuse nothing a reader can read: the deck is written, the problem is a warning."""
    out = tmp_path / "deck.apkg"
    code, output = run("anki", str(FIXTURES / name), "-o", str(out))
    assert code == 0 and out.is_file() and "error" not in output
    if message:
        assert f"warning: {FIXTURES / name}{message}" in output


def test_many_warnings_are_capped(tmp_path: Path) -> None:
    questions = "".join(f"{n}. **问题 {n}?**\n" for n in range(1, 31))
    notes = tmp_path / "many.md"
    notes.write_text(f"## 面试题\n\n{questions}", encoding="utf-8")
    code, output = run("anki", str(notes), "-o", str(tmp_path / "a.apkg"))
    assert code == 0
    # 30 questions with no answer; no follow-up is asked for, as none of them has one
    assert output.count("question has no") == 20
    assert "... and 10 more like these" in output


def test_the_quick_exit_keeps_every_output_and_status(tmp_path: Path) -> None:
    # The program leaves with os._exit: what it printed must still arrive, whole, and the
    # exit status must be the command's.
    scratch = tmp_path / "tmp"
    scratch.mkdir()

    def program(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "exporter", *args],
            capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
            env={**os.environ, "TMPDIR": str(scratch)},
        )  # fmt: skip

    report = program("check", "--output-format", "json", str(FIXTURES / "list_style.md"))
    import json

    assert report.returncode == 1 and json.loads(report.stdout)[0]["rule"]
    deck = tmp_path / "d.apkg"
    made = program("anki", str(FIXTURES / "list_style.md"), "-o", str(deck))
    assert made.returncode == 0 and f"wrote {deck}" in made.stderr and deck.stat().st_size > 0
    assert program("anki", str(tmp_path / "none.md")).returncode == 1
    assert program("check", "--no-such-option").returncode == 2
    assert program("--version").stdout.startswith("python -m exporter, version")
    assert list(scratch.iterdir()) == []  # every temporary file and folder went
