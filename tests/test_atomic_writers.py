"""Both writers write through a temporary file: a failure late in writing (here: the disk
fills up while the file is being written) leaves the previous output byte for byte and no
temporary file beside it. The failure is injected into the libraries' file writing, not
into the exporter, so the tests hold whatever the writers look like inside."""

from __future__ import annotations

import errno
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, run


def disk_full() -> OSError:
    return OSError(errno.ENOSPC, "No space left on device")


def half_written_then_disk_full(self: object, target: Any = None, **kwargs: Any) -> None:
    """WeasyPrint's `Document.write_pdf`, failing the way a full disk makes it fail."""
    if hasattr(target, "write"):
        target.write(b"%PDF-1.7 half")
    else:
        Path(target).write_bytes(b"%PDF-1.7 half")
    raise disk_full()


def assert_failed_cleanly(code: int, output: str, out: Path, previous: bytes) -> None:
    assert code == 1, output
    [line] = output.strip().splitlines()
    assert line.startswith("error: ") and "No space left on device" in line
    assert out.read_bytes() == previous
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


def test_apkg_failing_late_keeps_the_previous_deck(
    fixture_copy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = fixture_copy("list_style.md")
    out = tmp_path / "out" / "deck.apkg"
    code, output = run("anki", str(notes), "-o", str(out))
    assert code == 0, output
    previous = out.read_bytes()
    notes.write_text(notes.read_text(encoding="utf-8") + "\n- **新要点**: 新内容;\n", "utf-8")

    entries: list[str] = []
    real_writestr = zipfile.ZipFile.writestr

    def fill_disk_after_first_entry(self: zipfile.ZipFile, info: Any, data: Any, *a, **k):
        name = info.filename if isinstance(info, zipfile.ZipInfo) else info
        entries.append(name)
        if len(entries) > 1:  # the collection is already in the file: a partial deck
            raise disk_full()
        return real_writestr(self, info, data, *a, **k)

    def fill_disk(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        raise disk_full()

    monkeypatch.setattr(zipfile.ZipFile, "writestr", fill_disk_after_first_entry)
    monkeypatch.setattr(zipfile.ZipFile, "write", fill_disk)
    code, output = run("anki", str(notes), "-o", str(out))
    assert entries, "the deck was not written with zipfile: inject the failure elsewhere"
    assert_failed_cleanly(code, output, out, previous)


def test_pdf_failing_late_keeps_the_previous_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.document import Document

    out = tmp_path / "sheet.pdf"  # alone in its folder
    previous = b"%PDF-1.7 the previous export\n%%EOF\n"
    out.write_bytes(previous)
    calls: list[object] = []

    def spy(self: object, target: Any = None, **kwargs: Any) -> None:
        calls.append(target)
        half_written_then_disk_full(self, target)

    monkeypatch.setattr(Document, "write_pdf", spy)
    code, output = run("pdf", str(FIXTURES / "pdf_bad_formula.md"), "-o", str(out))
    assert calls, "WeasyPrint's write_pdf was not called: inject the failure elsewhere"
    assert_failed_cleanly(code, output, out, previous)


def test_pdf_first_export_failing_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.document import Document

    monkeypatch.setattr(Document, "write_pdf", half_written_then_disk_full)
    out = tmp_path / "new" / "sheet.pdf"
    code, output = run("pdf", str(FIXTURES / "pdf_bad_formula.md"), "-o", str(out))
    assert code == 1 and output.startswith("error: ")
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []  # no temporary
