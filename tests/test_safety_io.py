"""Bounded, clean runs: signals leave nothing behind, input reading stops at the cap for any
kind of file, deep nesting and huge tables end in a clear message or a proportional run,
and every message says what really happened."""

from __future__ import annotations

import codecs
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, run

from exporter.errors import InputError
from exporter.parse.source import MAX_BYTES, decode_notes, read_notes

# -- signals -----------------------------------------------------------------------------


def big_notes(folder: Path, sections: int) -> Path:
    lines = ["## 笔记", ""]
    for i in range(sections):
        lines += [f"### 第 {i} 节 Section {i}", "", f"- **要点 {i}**: 内容 $x_{{{i}}}^2 + y$.", ""]
    notes = folder / "big.md"
    notes.write_text("\n".join(lines), encoding="utf-8")
    return notes


def start_export(tmp_path: Path, sections: int) -> tuple[subprocess.Popen[bytes], Path, Path]:
    scratch, out = tmp_path / "tmp", tmp_path / "out"
    scratch.mkdir()
    out.mkdir()
    notes = big_notes(tmp_path, sections)
    process = subprocess.Popen(
        [sys.executable, "-m", "exporter", "pdf", str(notes), "-o", str(out / "sheet.pdf")],
        env={**os.environ, "TMPDIR": str(scratch)},
        cwd=ROOT,
        stderr=subprocess.PIPE,
    )
    return process, scratch, out


def wait_for(process: subprocess.Popen[bytes], ready, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            pytest.fail("the export ended before the moment to signal it")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the export never reached the moment to signal it")
        time.sleep(0.005)


def assert_clean_stop(process, scratch: Path, out: Path, signum: int) -> None:
    _, stderr = process.communicate(timeout=120)
    message = stderr.decode()
    assert process.returncode == 128 + signum, message
    assert f"stopped by {signal.Signals(signum).name}: no output was written" in message
    assert "Traceback" not in message
    assert list(out.iterdir()) == []  # no `.sheet.pdf.XXXX.tmp`, no half a PDF
    assert list(scratch.iterdir()) == []  # no `notes-pdf-*`, no `notes-exporter-*`


def test_sigterm_while_the_pdf_is_written_leaves_nothing(tmp_path: Path) -> None:
    process, scratch, out = start_export(tmp_path, sections=250)
    wait_for(process, lambda: any(p.name.endswith(".tmp") for p in out.iterdir()))
    process.send_signal(signal.SIGTERM)
    assert_clean_stop(process, scratch, out, signal.SIGTERM)


def test_sighup_while_formulas_are_typeset_leaves_nothing(tmp_path: Path) -> None:
    process, scratch, out = start_export(tmp_path, sections=120)
    wait_for(process, lambda: any(scratch.iterdir()))
    process.send_signal(signal.SIGHUP)
    assert_clean_stop(process, scratch, out, signal.SIGHUP)


# -- bounded reading -----------------------------------------------------------------------

NOTES = "## 笔记\n\n### 一节\n\n- **要点**: 内容 $x^2$\n"


def test_dev_zero_is_refused_at_the_cap_with_bounded_memory(tmp_path: Path) -> None:
    # VmHWM, not ru_maxrss: that one keeps the peak of the forked pytest across exec.
    script = (
        "import re, sys\n"
        "from exporter.cli import main\n"
        "try:\n"
        "    main(['anki', '/dev/zero', '-o', sys.argv[1]])\n"
        "except SystemExit as exit:\n"
        "    status = open('/proc/self/status').read()\n"
        "    peak = int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024\n"
        "    print(exit.code, peak)\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "a.apkg")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    code, peak_mb = map(int, done.stdout.split())
    assert code == 1 and "goes on for more than the 64 MB" in done.stderr, done.stderr
    assert peak_mb < 64 + 150, f"peak {peak_mb} MB"  # the cap plus the program itself
    assert time.monotonic() - started < 60
    assert not (tmp_path / "a.apkg").exists()


def feed_pipe(path: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        with open(path, "wb") as pipe:
            try:
                for start in range(0, len(data), 1 << 20):
                    pipe.write(data[start : start + (1 << 20)])
            except BrokenPipeError:
                pass  # the reader stopped at the cap, as it should

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_a_pipe_is_read_as_notes(tmp_path: Path) -> None:
    pipe = tmp_path / "notes.md"
    os.mkfifo(pipe)
    feed_pipe(pipe, NOTES.encode())
    assert read_notes(pipe).startswith("## 笔记")


def test_an_endless_pipe_stops_at_the_cap(tmp_path: Path) -> None:
    pipe = tmp_path / "notes.md"
    os.mkfifo(pipe)
    writer = feed_pipe(pipe, b"a" * (MAX_BYTES + 3 * (1 << 20)))
    with pytest.raises(InputError, match="goes on for more than the 64 MB"):
        read_notes(pipe)
    writer.join(timeout=30)


@pytest.mark.parametrize(
    ("path", "message"),
    [("/dev/null", "the file is empty"), ("/", "is a directory"), ("/no/such.md", "no such file")],
)
def test_special_paths_are_one_clear_line(tmp_path: Path, path: str, message: str) -> None:
    code, output = run("anki", path, "-o", str(tmp_path / "a.apkg"))
    assert code != 0 and message in output and not (tmp_path / "a.apkg").exists()


def test_a_socket_is_not_a_notes_file(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.md"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(InputError, match="is a socket"):
            read_notes(path)
    finally:
        server.close()


# -- the right words -----------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_notes_with_a_byte_order_mark_are_read(tmp_path: Path, codec: str) -> None:
    data = NOTES.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    notes = tmp_path / "notes.md"
    notes.write_bytes(data)
    assert read_notes(notes) == NOTES
    code, output = run("anki", str(notes), "-o", str(tmp_path / "a.apkg"))
    assert code == 0, output


def test_utf16_without_a_mark_is_named_as_utf16(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes("## Notes\n\n### One\n\n- **Key**: text\n".encode("utf-16-le"))
    code, output = run("anki", str(notes), "-o", str(tmp_path / "a.apkg"))
    assert code == 1 and "UTF-16" in output and "GB18030" not in output


def test_a_broken_utf16_file_is_named_as_utf16() -> None:
    with pytest.raises(InputError, match="UTF-16 byte-order mark but is not valid UTF-16"):
        broken = codecs.BOM_UTF16_LE + "## 笔记".encode("utf-16-le") + b"\x00\xd8"
        decode_notes(Path("n.md"), broken)


def test_cr_only_line_endings_are_read_and_fixed_in_kind(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes("## 笔记\r\r### 一节\r\r这是内容,然后是English的说明。\r".encode())
    _code, output = run("check", "--fix", str(notes))
    assert "mixes line endings" not in output and "Fixed 3 problems" in output, output
    data = notes.read_bytes()
    assert b"\n" not in data and data.count(b"\r") == 5 and "是 English 的说明." in data.decode()


def test_fix_keeps_the_utf16_encoding(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes("## 笔记\r\n\r\n这是内容,然后是English的说明。\r\n".encode("utf-16"))
    _code, output = run("check", "--fix", str(notes))
    data = notes.read_bytes()
    assert "Fixed 3 problems" in output and data.startswith(codecs.BOM_UTF16_LE)
    assert data.decode("utf-16") == "## 笔记\r\n\r\n这是内容,然后是 English 的说明.\r\n"


# -- nesting and big tables in the PDF -----------------------------------------------------


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_deeply_nested_html_is_flattened_with_a_warning(tmp_path: Path) -> None:
    notes = tmp_path / "deep.md"
    deep = "<div><span>" * 150 + "DEEPEST" + "</span></div>" * 150
    notes.write_text(f"## 笔记\n\n### 深\n\n{deep}\n\n### 后\n\n- **尾**: AFTER\n", "utf-8")
    out = tmp_path / "deep.pdf"
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0 and "nested more than 100 levels deep" in output, output
    text = pdf_text(out)
    assert "DEEPEST" in text and "AFTER" in text
    code, output = run("anki", str(notes), "-o", str(tmp_path / "deep.apkg"))
    assert code == 0, output


def test_rows_past_the_table_limit_are_left_out_with_a_marker(tmp_path, monkeypatch) -> None:
    from exporter.pdf import weasy

    monkeypatch.setattr(weasy, "MAX_TABLE_ROWS", 40)
    rows = "\n".join(f"| ROW{i} | v{i} |" for i in range(300))
    notes = tmp_path / "table.md"
    notes.write_text(f"## 笔记\n\n### 表\n\n| k | v |\n|---|---|\n{rows}\n", "utf-8")
    out = tmp_path / "table.pdf"
    code, output = run("pdf", str(notes), "-o", str(out))
    assert code == 0 and "261 table rows left out" in output, output
    text = pdf_text(out)
    assert "ROW38" in text and "ROW39" not in text and "261 more rows left out" in text


def test_the_row_limit_counts_each_table_and_skips_whole_rows() -> None:
    from exporter.pdf.flatten import flatten_deep_html, limit_table_rows

    inner = "<table><tr><td>i1</td></tr><tr><td>i2</td></tr><tr><td>i3</td></tr></table>"
    html = (
        f"<table><tbody><tr><td>a{inner}</td></tr><tr><td>b</td></tr>"
        f"<tr><td>c &amp; <img src=x.png> {inner}</td></tr></tbody></table><p>after</p>"
    )
    limited, left_out = limit_table_rows(html, 2)
    assert left_out == 1 + 1 + 0  # row c of the outer table, i3 of the first inner table
    assert "c &amp;" not in limited and "i3" not in limited and "<p>after</p>" in limited
    assert limited.count("more rows left out") == 2
    flat, unwrapped = flatten_deep_html("<div>" * 10 + "x &lt; y" + "</div>" * 10, 4)
    assert unwrapped == 6 and flat == "<div>" * 4 + "x &lt; y" + "</div>" * 4


def test_formula_warnings_cut_long_tex_and_are_capped(tmp_path: Path) -> None:
    bad = "\n\n".join(f"- **式 {i}**: $\\nosuchcommand{i} x$" for i in range(30))
    long = "\\nosuchthing " + "x+" * 10_000
    notes = tmp_path / "math.md"
    notes.write_text(f"## 笔记\n\n### 公式\n\n- **长**: ${long}$\n\n{bad}\n", "utf-8")
    code, output = run("pdf", str(notes), "-o", str(tmp_path / "math.pdf"))
    assert code == 0, output
    lines = output.splitlines()
    assert max(map(len, lines)) < 300 and "nosuchthing x+x+" in output and "…" in output
    assert "... and 11 more like these" in output
    assert sum(line.startswith("warning: ") for line in lines) == 21
