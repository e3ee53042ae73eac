"""Folders as inputs: a vault's tree becomes the deck tree, a broken file does not stop the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from anki_client import import_package
from conftest import FIXTURES, run

TOP = "我的笔记库"  # the vault's folder name becomes the top deck


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """The fixture vault, plus a `.git` folder (git will not keep one inside a repository)."""
    root = tmp_path / TOP
    shutil.copytree(FIXTURES / "vault", root)
    (root / ".git").mkdir()
    (root / ".git" / "COMMIT_EDITMSG.md").write_text("# 提交\n\n## 不导出\n\n正文\n", "utf-8")
    return root


def clean(vault: Path) -> Path:
    """The vault without its broken files (bad UTF-8, empty)."""
    (vault / "GBK编码.md").unlink()
    (vault / "空白.md").unlink()
    return vault


def deck_names(collection) -> set[str]:
    return {d.name for d in collection.decks.all_names_and_ids()}


def test_deck_tree_follows_folder_tree(vault: Path, tmp_path: Path, collection) -> None:
    output = tmp_path / "vault.apkg"
    code, messages = run("anki", str(clean(vault)), "-o", str(output))
    assert code == 0, messages
    import_package(collection, output)
    names = deck_names(collection)
    assert {
        f"{TOP}::强化学习 基础::策略梯度::面试题",
        f"{TOP}::强化学习 基础::策略梯度::笔记::基本形式",
        f"{TOP}::强化学习 基础::PPO 细节::PPO 裁剪::笔记::裁剪目标",
        f"{TOP}::大模型::RLHF::笔记::三个阶段",
    } <= names
    assert not any("隐藏" in name or "提交" in name for name in names)  # .obsidian, .git
    assert collection.note_count() == 4  # 2 + 1 + 1 notes; the links-only page makes none
    assert "随手记.md:1: nothing to put on a card" in messages and messages.count("warning:") == 1


def test_default_output_and_top_deck_from_folder(vault: Path, monkeypatch, collection) -> None:
    monkeypatch.chdir(vault.parent)
    code, messages = run("anki", f"{TOP}/", "-q")  # errors only: the two broken files
    assert code == 1 and messages.count("error: ") == 2
    output = vault.parent / "build" / f"{TOP}.apkg"
    import_package(collection, output)
    assert {name.split("::")[0] for name in deck_names(collection)} == {TOP, "Default"}


def test_broken_files_are_reported_and_the_rest_written(
    vault: Path, tmp_path: Path, collection
) -> None:
    output = tmp_path / "vault.apkg"
    code, messages = run("anki", str(vault), "-o", str(output))
    assert code == 1  # the exit status says some files were left out
    errors = [line for line in messages.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    assert any("GBK编码.md:1: is not valid UTF-8" in line for line in errors)
    assert any("空白.md:1: the file is empty" in line for line in errors)
    assert "wrote" in messages
    import_package(collection, output)
    assert collection.note_count() == 4


def test_same_file_twice_counts_once(vault: Path, tmp_path: Path) -> None:
    page = vault / "大模型" / "RLHF.markdown"
    output = tmp_path / "twice.apkg"
    code, messages = run("anki", str(page), str(page), str(vault / "大模型"), "-o", str(output))
    assert code == 0, messages
    assert "1 note," in messages


def test_strict_turns_warnings_into_failure(vault: Path, tmp_path: Path) -> None:
    clean(vault)
    output = tmp_path / "strict.apkg"
    code, messages = run("anki", str(vault), "-o", str(output), "--strict")
    assert code == 1 and "warning:" in messages and output.is_file()
    (vault / "随手记.md").unlink()
    code, messages = run("anki", str(vault), "-o", str(output), "--strict")
    assert code == 0 and "warning:" not in messages


def test_no_progress_when_piped(vault: Path, tmp_path: Path) -> None:
    code, messages = run("anki", str(clean(vault)), "-o", str(tmp_path / "a.apkg"))
    assert code == 0 and "reading notes" not in messages


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "nothing here").mkdir()
    code, messages = run("anki", str(tmp_path / "nothing here"), "-o", str(tmp_path / "a.apkg"))
    assert code == 1 and "error: nothing to export: no notes file" in messages
    assert not (tmp_path / "a.apkg").exists()


def test_pdf_takes_folders(vault: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    output = tmp_path / "vault.pdf"
    code, messages = run("pdf", str(clean(vault)), "-o", str(output), "-q")
    assert code == 0, messages
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "策略梯度为什么方差大" in text and "奖励模型" in text and "隐藏要点" not in text


def test_progress_on_a_terminal(vault: Path, tmp_path: Path) -> None:
    """With stderr on a terminal, a long run shows its progress (a pty stands in for one)."""
    pty = pytest.importorskip("pty")
    import os
    import select
    import subprocess
    import sys

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "exporter",
            "anki",
            str(clean(vault)),
            "-o",
            str(tmp_path / "a.apkg"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    seen = b""
    try:
        while select.select([controller], [], [], 60)[0]:  # bounded: a hung run fails
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(controller)
        assert process.wait(timeout=60) == 0
    assert b"reading notes" in seen and b"wrote" in seen
