"""`--fix`: apply safe edits round after round until nothing fixable is left, prove the
notes still mean the same, then write the file atomically, or not at all.

Rounds are how fixes that touch each other compose (`（` becomes ` (` in one round; the
space before it that T005 removes is the next round's), the way ruff iterates. A second
`--fix` then finds nothing to do, which is what makes it idempotent.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ExportError
from ..output import atomic_write
from ..parse.source import MixedLineEndings, encode_like
from .config import CheckConfig
from .engine import Analysis, analyse
from .findings import Edit, Finding

MAX_ROUNDS = 8  # real notes settle in two or three; the bound only guards against a loop


class FixRefused(ExportError):
    """The fixed text would not mean the same, or cannot be written back faithfully."""


@dataclass(frozen=True)
class Fixed:
    text: str
    applied: int  # findings fixed, over all rounds
    last: Analysis  # of `text`, without the document: its tokens can be reused


def fix_text(
    text: str,
    path: Path,
    *,
    project: CheckConfig | None = None,
    overrides: dict[str, Any] | None = None,
    first: Analysis | None = None,
) -> Fixed:
    """Fix `text` (of which `first` may be an analysis already made) until no fixable
    finding is left or the rounds run out."""
    analysis = first or analyse(
        text, path, project=project, overrides=overrides, with_document=False
    )
    # Every round judges by the style of the first (an inferred one could only firm up,
    # but the fix must not depend on that).
    overrides = {**(overrides or {}), "style": analysis.style.name}
    applied = 0
    for _ in range(MAX_ROUNDS):
        edits, count = choose(analysis.findings)
        if not edits:
            break
        text = apply_edits(text, edits)
        applied += count
        analysis = analyse(text, path, project=project, overrides=overrides, with_document=False)
    return Fixed(text, applied, analysis)


def choose(findings: list[Finding]) -> tuple[list[Edit], int]:
    """The edits of as many findings as possible such that no two edits touch: edits
    that meet at a point would depend on the order they are applied in."""
    accepted: list[Edit] = []
    starts: list[int] = []
    count = 0
    for finding in findings:
        if not finding.edits or any(_touches(e, accepted, starts) for e in finding.edits):
            continue
        for edit in finding.edits:
            position = bisect_left(starts, edit.start)
            starts.insert(position, edit.start)
            accepted.insert(position, edit)
        count += 1
    return accepted, count


def _touches(edit: Edit, accepted: list[Edit], starts: list[int]) -> bool:
    position = bisect_left(starts, edit.start)
    for neighbour in accepted[max(position - 1, 0) : position + 1]:
        if neighbour.start <= edit.end and edit.start <= neighbour.end:
            return True
    return False


def apply_edits(text: str, edits: list[Edit]) -> str:
    parts: list[str] = []
    last = 0
    for edit in sorted(edits):
        parts += [text[last : edit.start], edit.text]
        last = edit.end
    parts.append(text[last:])
    return "".join(parts)


@dataclass(frozen=True)
class Snapshot:
    """The notes file as it was read: what `--fix` may replace, and nothing newer."""

    path: Path
    data: bytes
    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def take(cls, path: Path) -> Snapshot:
        try:
            data = path.read_bytes()
            status = path.stat()
        except OSError as exc:
            raise FixRefused(f"{path}: cannot be read again: {exc.strerror or exc}") from None
        return cls(path, data, status.st_size, status.st_mtime_ns, _digest(data))

    def change(self) -> str | None:
        """What differs on disk now, or None."""
        try:
            status = self.path.stat()
            data = self.path.read_bytes()
        except OSError as exc:
            return f"it cannot be read any more ({exc.strerror or exc})"
        if (status.st_size, status.st_mtime_ns) != (self.size, self.mtime_ns):
            return "its size or modification time changed"
        if _digest(data) != self.digest:
            return "its content changed"
        return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_back(path: Path, text: str, snapshot: Snapshot) -> None:
    """Write `text` over the notes with the file's own encoding, byte-order mark, line
    endings (a lone CR too), permissions and owner, so the only difference a `diff` shows
    is the fixes. A symlink stays a link: its target is fixed in place. Refused, leaving
    the file as it is, when the file is read-only or changed on disk since `snapshot`."""
    try:
        encoded = encode_like(snapshot.data, text)
    except MixedLineEndings:
        raise FixRefused(
            f"{path}: mixes line endings; --fix would rewrite every line "
            "(convert the file to one kind of line ending first)"
        ) from None
    target = path.resolve()
    status = target.stat()
    if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise FixRefused(f"{path}: is read-only; --fix leaves it as it is (make it writable)")
    with atomic_write(target) as temporary:
        temporary.write_bytes(encoded)
        shutil.copymode(target, temporary)
        _keep_owner(temporary, status, path)
        changed = snapshot.change()  # the last moment before the rename
        if changed:
            raise FixRefused(
                f"{path}: {changed} since `export check` read it; nothing was written "
                "(run `export check --fix` again)"
            )


def _keep_owner(temporary: Path, status: os.stat_result, path: Path) -> None:
    mine = temporary.stat()
    if (mine.st_uid, mine.st_gid) == (status.st_uid, status.st_gid):
        return
    try:
        os.chown(temporary, status.st_uid, status.st_gid)
    except PermissionError:
        if mine.st_uid != status.st_uid:
            raise FixRefused(
                f"{path}: belongs to another user, and a fixed copy would belong to you; "
                "nothing was written (fix it as its owner)"
            ) from None
        # Same owner, another group we are not in: the group is all that cannot be kept.
