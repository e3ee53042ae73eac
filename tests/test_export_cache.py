"""Caching exports: the same bytes with and without the cache, only what changed parsed again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from anki_client import import_package
from conftest import FIXTURES, SAMPLE_NOTES, run
from pypdf import PdfReader

import exporter.documents
from exporter.cache import cache_root


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder for this test alone, and reproducible package times."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path / "cache"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the parser really parses, in order (the real parser runs)."""
    parsed: list[Path] = []
    real = exporter.documents.parse_text

    def counting(text: str, path: Path, **options: object):
        parsed.append(path)
        return real(text, path, **options)

    monkeypatch.setattr(exporter.documents, "parse_text", counting)
    return parsed


def export(*args: str) -> str:
    code, output = run("anki", *args)
    assert code == 0, output
    return output


def test_same_bytes_with_and_without_cache(own_cache: Path, tmp_path: Path, user_draft) -> None:
    sources = (SAMPLE_NOTES, user_draft)
    for notes in sources:
        export(str(notes), "-o", str(tmp_path / f"{notes.stem}-plain.apkg"), "--no-cache")
    assert not own_cache.exists()  # --no-cache neither reads nor writes
    os.environ.pop("NOTES_EXPORTER_NO_CACHE")
    for notes in sources:
        plain, filling, warm = (tmp_path / f"{notes.stem}-{n}.apkg" for n in ("plain", "b", "c"))
        export(str(notes), "-o", str(filling))
        export(str(notes), "-o", str(warm))  # a new path: built from the cached notes
        assert plain.read_bytes() == filling.read_bytes() == warm.read_bytes()


def test_no_cache_pickles_nothing_for_it(
    own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cache off, neither the document nor its notes are pickled for an entry
    that would not be written (0.03 s on 4,000 notes)."""
    import pickle

    pickled: list[type] = []
    real = pickle.dumps

    def recording(value: object, *args: object, **kwargs: object) -> bytes:
        pickled.append(type(value))
        return real(value, *args, **kwargs)

    monkeypatch.setattr(pickle, "dumps", recording)
    export(str(SAMPLE_NOTES), "-o", str(tmp_path / "a.apkg"), "--no-cache")
    assert pickled == [] and not own_cache.exists()


def test_no_cache_makes_no_keys(own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Nor does it hash the package's source and the notes for keys it would not use."""

    def no_keys(*args: object) -> str:
        raise AssertionError("a cache key was made with the cache off")

    monkeypatch.setattr(exporter.documents, "key_of", no_keys)
    monkeypatch.setattr(exporter.documents, "source_hash", no_keys)
    export(str(SAMPLE_NOTES), "-o", str(tmp_path / "a.apkg"), "--no-cache")
    assert (tmp_path / "a.apkg").is_file()


def test_unchanged_notes_are_not_written_again(own_cache: Path, tmp_path: Path) -> None:
    output = tmp_path / "deck.apkg"
    first = export(str(SAMPLE_NOTES), "-o", str(output)).strip().splitlines()[-1]
    assert first.startswith(f"wrote {output}: ")
    counts = first.removeprefix(f"wrote {output}: ")
    before = output.read_bytes()
    second = export(str(SAMPLE_NOTES), "-o", str(output))
    assert f"{output} is up to date: {counts}" in second
    assert output.read_bytes() == before
    output.write_bytes(b"changed by hand")  # no longer the package: written again
    assert "wrote" in export(str(SAMPLE_NOTES), "-o", str(output))
    assert output.read_bytes() == before


def test_corrupt_entries_are_ignored(own_cache: Path, tmp_path: Path) -> None:
    export(str(SAMPLE_NOTES), "-o", str(tmp_path / "a.apkg"))
    entries = [p for p in own_cache.rglob("*") if p.is_file()]
    assert len(entries) >= 3  # the document, its notes, the package
    for number, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if number % 2 else data[:-1] + b"?")
    export(str(SAMPLE_NOTES), "-o", str(tmp_path / "b.apkg"))
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()


def test_cache_follows_xdg_cache_home(own_cache: Path, tmp_path: Path) -> None:
    export(str(SAMPLE_NOTES), "-o", str(tmp_path / "a.apkg"))
    assert cache_root() == own_cache / "notes-exporter"
    assert any((own_cache / "notes-exporter" / "documents").rglob("*"))


def vault(root: Path, files: int) -> list[Path]:
    pages = []
    for index in range(files):
        page = root / f"topic {index // 10}" / f"page {index}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f"# 第 {index} 页\n\n## 小节\n\n- **要点 {index}**: 内容 $x_{{{index}}}$\n\n"
            f"## 面试题\n\n1. **问题 {index} 是什么?**\n    - **答案**: 答案 {index}\n"
            "    - **追问**: 为什么?\n",
            encoding="utf-8",
        )
        pages.append(page)
    return pages


def test_one_edited_file_of_a_hundred_is_parsed_again(
    own_cache: Path, tmp_path: Path, parses: list[Path], collection
) -> None:
    pages = vault(tmp_path / "vault", 100)
    output = tmp_path / "vault.apkg"
    export(str(tmp_path / "vault"), "-o", str(output))
    assert len(parses) == 100
    edited = pages[42]
    edited.write_text(edited.read_text(encoding="utf-8").replace("答案 42", "新答案"), "utf-8")
    parses.clear()
    export(str(tmp_path / "vault"), "-o", str(output))
    assert parses == [edited]
    import_package(collection, output)
    answers = [collection.get_note(n)["Answer"] for n in collection.find_notes("新答案")]
    assert collection.note_count() == 200 and len(answers) == 1


def test_options_and_code_are_part_of_the_key(
    own_cache: Path, tmp_path: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.md"
    shutil.copy(SAMPLE_NOTES, notes)
    export(str(notes), "-o", str(tmp_path / "a.apkg"))
    export(str(notes), "-o", str(tmp_path / "b.apkg"), "--interview-heading", "面试问题")
    assert len(parses) == 2
    monkeypatch.setattr(exporter.documents, "source_hash", lambda: "another version")
    export(str(notes), "-o", str(tmp_path / "c.apkg"))
    assert len(parses) == 3
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "c.apkg").read_bytes()


def test_pdf_same_text_with_and_without_cache(own_cache: Path, tmp_path: Path) -> None:
    texts = []
    for name, extra in (("plain", ["--no-cache"]), ("filling", []), ("warm", [])):
        if not extra:
            os.environ.pop("NOTES_EXPORTER_NO_CACHE", None)
        output = tmp_path / f"{name}.pdf"
        code, messages = run("pdf", str(FIXTURES / "pdf_notes.md"), "-o", str(output), "-q", *extra)
        assert code == 0, messages
        texts.append([page.extract_text() for page in PdfReader(output).pages])
    assert texts[0] == texts[1] == texts[2] and "策略梯度" in texts[0][0]
