"""`--watch`: a save rebuilds (one line), Ctrl-C stops cleanly; in a real subprocess."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

pytest.importorskip("watchfiles")

WAIT = 60.0  # seconds; generous for a loaded machine, and every wait is bounded by it


class Lines:
    """The stderr lines of a process, read with a deadline (never a hang)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.buffer = b""
        self.seen: list[str] = []

    def until(self, needle: str, wait: float = WAIT) -> str | None:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            for line in self._complete():
                if needle in line:
                    return line
            ready, _, _ = select.select([self.process.stderr], [], [], 0.5)
            if ready:
                chunk = os.read(self.process.stderr.fileno(), 4096)
                if not chunk:
                    break
                self.buffer += chunk
        return None

    def expect(self, needle: str) -> str:
        line = self.until(needle)
        assert line is not None, f"no line with {needle!r} within {WAIT} s; saw {self.seen}"
        return line

    def _complete(self) -> list[str]:
        *lines, self.buffer = self.buffer.split(b"\n")
        decoded = [line.decode(errors="replace") for line in lines]
        self.seen += decoded
        return decoded


@pytest.mark.parametrize(("command", "summary"), [("anki", "8 notes"), ("pdf", "page")])
def test_save_rebuilds_and_ctrl_c_stops(tmp_path: Path, command: str, summary: str) -> None:
    notes = tmp_path / "notes.md"
    shutil.copy(FIXTURES / "list_style.md", notes)
    shutil.copytree(FIXTURES / "img", tmp_path / "img")
    output = tmp_path / ("deck.apkg" if command == "anki" else "deck.pdf")
    process = subprocess.Popen(
        [sys.executable, "-m", "exporter", command, str(notes), "-o", str(output), "--watch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        lines = Lines(process)
        assert "wrote" in lines.expect(summary)
        lines.expect("watching")
        first = output.read_bytes()
        text = notes.read_text(encoding="utf-8").replace("什么是概率比", "什么是新概率比")
        rebuilt = None
        deadline = time.monotonic() + WAIT
        while rebuilt is None and time.monotonic() < deadline:
            # The watcher starts just after "watching" is printed: save until it sees one.
            notes.write_text(text, encoding="utf-8")
            rebuilt = lines.until("after notes.md changed", wait=3.0)
        assert rebuilt is not None, f"no rebuild within {WAIT} s; saw {lines.seen}"
        assert "wrote" in rebuilt and summary in rebuilt
        assert output.read_bytes() != first
        process.send_signal(signal.SIGINT)
        lines.expect("stopped watching")
        assert process.wait(timeout=WAIT) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=WAIT)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([output.name, "img", "notes.md"])
