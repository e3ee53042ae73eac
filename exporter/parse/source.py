"""Reading a notes file into text, with errors a user can act on."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Diagnostic

MAX_BYTES = 64 * 1024 * 1024
"""Far above any real notes file; a larger input is almost certainly the wrong file."""


def read_notes(path: Path) -> str:
    try:
        if path.is_dir():
            raise InputError(Diagnostic(path, 0, "is a folder", "give the path of a .md file"))
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                Diagnostic(
                    path,
                    0,
                    f"is {size / 1024 / 1024:.0f} MB, more than the {MAX_BYTES // 1024 // 1024} MB "
                    "a notes file may have",
                    "split it into several files and pass them all",
                )
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Diagnostic(path, 0, "no such file", "check the path")) from None
    except PermissionError:
        raise InputError(
            Diagnostic(path, 0, "cannot be read: permission denied", "check its permissions")
        ) from None
    except OSError as exc:
        raise InputError(Diagnostic(path, 0, f"cannot be read: {exc.strerror}", "")) from None
    return decode_notes(path, data)


def decode_notes(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            Diagnostic(
                path,
                line,
                f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column})",
                "save the file as UTF-8, e.g. `iconv -f GB18030 -t UTF-8`",
            )
        ) from None
    if not text.strip():
        raise InputError(
            Diagnostic(path, 1, "the file is empty", "write notes from a `##` heading on")
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(
            Diagnostic(path, line, "contains a NUL byte: this is not a text file", "check the path")
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")
