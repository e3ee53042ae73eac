"""The pre-flight rules: what `export anki` and `export pdf` would stop or warn at, with
the same ids and positions, so a clean check means a silent export (issue 12.4).

Most of it is the parser's: every parser diagnostic with a registered code is a finding
(see `registry`), so a new parser warning needs only its `register(Rule(...))` line here.
A missing image is found by the exporters after parsing (`media.local_image`); until the
parser reports it as a diagnostic, this rule asks that same function.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import InputError
from ..media import is_remote, local_image
from .findings import Hit
from .registry import rule

if TYPE_CHECKING:
    from .context import Context


@rule(
    "S005",
    "missing-image",
    summary="a local image that does not exist (`export anki` and `export pdf` stop there)",
    why="the deck and the sheet pack every local image; a missing one stops the export",
    example="`![曲线](img/missing.png)` → put the file there, or fix the path",
)
def missing_image(context: Context) -> Iterator[Hit]:
    if context.document is None:
        return
    for src, line in context.document.images:
        if not src or is_remote(src):
            continue
        try:
            local_image(context.path, src, line)
        except InputError as error:
            text = context.index.lines[line - 1] if 0 < line <= len(context.index.lines) else ""
            column = text.find(src)
            at = text.rfind("![", 0, column) if column >= 0 else -1
            offset = (
                context.index.offset(line, at + 1) if at >= 0 else context.index.text_start(line)
            )
            message = error.diagnostic.message
            yield Hit(offset, f"{message} ({error.diagnostic.hint})")
