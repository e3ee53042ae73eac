"""Reading a notes file into text, with errors a user can act on.

Reading is bounded whatever the path names: a regular file, a pipe (`<(cat notes.md)`),
`/dev/stdin` or `/dev/zero` are read in chunks and never past `MAX_BYTES` (a file's
`st_size` is only used to refuse a big regular file early, never trusted as the bound).
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Diagnostic

MAX_BYTES = 64 * 1024 * 1024
"""Far above any real notes file; a larger input is almost certainly the wrong file."""

_CHUNK = 1024 * 1024
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def read_notes(path: Path) -> str:
    try:
        _refuse_unreadable_kinds(path)
        with open(path, "rb") as stream:
            data = _read_capped(stream, path)
    except FileNotFoundError:
        raise InputError(Diagnostic(path, 0, "no such file", "check the path")) from None
    except PermissionError:
        raise InputError(
            Diagnostic(path, 0, "cannot be read: permission denied", "check its permissions")
        ) from None
    except IsADirectoryError:
        folder = Diagnostic(path, 0, "is a folder", "give the path of a .md file")
        raise InputError(folder) from None
    except OSError as exc:
        raise InputError(Diagnostic(path, 0, f"cannot be read: {exc.strerror}", "")) from None
    return decode_notes(path, data)


def _refuse_unreadable_kinds(path: Path) -> None:
    """Folders, sockets and disks are no notes; pipes and terminals are read as streams."""
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError
    if stat.S_ISREG(info.st_mode):
        if info.st_size > MAX_BYTES:  # only to refuse early; reading is bounded anyway
            raise InputError(_too_big(path, f"is {info.st_size / 1024 / 1024:.0f} MB, more"))
        return
    if not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
        kind = "a disk" if stat.S_ISBLK(info.st_mode) else "a socket or another special file"
        raise InputError(
            Diagnostic(path, 0, f"is {kind}, not a notes file", "give the path of a .md file")
        )


def _read_capped(stream: BinaryIO, path: Path) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total <= MAX_BYTES:
        chunk = stream.read(min(_CHUNK, MAX_BYTES + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise InputError(_too_big(path, "goes on for more"))


def _too_big(path: Path, how: str) -> Diagnostic:
    return Diagnostic(
        path,
        0,
        f"{how} than the {MAX_BYTES // 1024 // 1024} MB a notes file may have",
        "split it into several files and pass them all",
    )


def notes_encoding(data: bytes) -> tuple[str, bytes]:
    """(codec, byte-order mark) the notes are written in: UTF-8 unless a mark says otherwise;
    `--fix` writes a file back the same way."""
    for bom, codec, _name in _BOMS:
        if data.startswith(bom):
            return codec, bom
    return "utf-8", b""


def decode_notes(path: Path, data: bytes) -> str:
    codec, bom = notes_encoding(data)
    try:
        text = data[len(bom) :].decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(_undecodable(path, data, codec, exc.start + len(bom))) from None
    if not text.strip():
        raise InputError(
            Diagnostic(path, 1, "the file is empty", "write notes from a `##` heading on")
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(Diagnostic(path, line, *_nul_message(data)))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _undecodable(path: Path, data: bytes, codec: str, start: int) -> Diagnostic:
    if codec != "utf-8":
        name = next(name for _bom, c, name in _BOMS if c == codec)
        return Diagnostic(
            path,
            0,
            f"starts with a {name} byte-order mark but is not valid {name}",
            "save the file as UTF-8",
        )
    line = data.count(b"\n", 0, start) + 1
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    return Diagnostic(
        path,
        line,
        f"is not valid UTF-8 (byte 0x{data[start]:02x} at column {column})",
        "save the file as UTF-8, e.g. `iconv -f GB18030 -t UTF-8`",
    )


def _nul_message(data: bytes) -> tuple[str, str]:
    sample = data[:4096]
    # Latin text in UTF-16 without a byte-order mark: every other byte is NUL.
    if max(sample[::2].count(0), sample[1::2].count(0)) > len(sample) // 4:
        return (
            "contains NUL bytes: it looks like UTF-16 without a byte-order mark",
            "save it as UTF-8, e.g. `iconv -f UTF-16LE -t UTF-8`",
        )
    return "contains a NUL byte: this is not a text file", "check the path"


class MixedLineEndings(ValueError):
    """The file has more than one kind of line ending: writing it back would change lines."""


def encode_like(original: bytes, text: str) -> bytes:
    """`text` (read from `original` by `read_notes`, `\\n` line endings) as bytes in the
    original's encoding, byte-order mark and line ending (LF, CRLF or a lone CR), so that
    writing it back changes nothing else."""
    codec, bom = notes_encoding(original)
    raw = original[len(bom) :].decode(codec, errors="replace")
    crlf = raw.count("\r\n")
    kinds = {"\r\n": crlf, "\r": raw.count("\r") - crlf, "\n": raw.count("\n") - crlf}
    used = [ending for ending, count in kinds.items() if count]
    if len(used) > 1:
        raise MixedLineEndings(" and ".join(repr(ending) for ending in used))
    newline = used[0] if used else "\n"
    return bom + text.replace("\n", newline).encode(codec)
