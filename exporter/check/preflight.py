"""The pre-flight rules: what `export anki` and `export pdf` would warn about, with the same
ids and positions, so a clean check means a silent export (issue 12.4).

Most of it is the parser's: every parser diagnostic with a registered code is a finding
(see `registry`), so a parser warning needs only its `register(Rule(...))` line here.
Images are judged after parsing (`media.check_image`, the writers' own rule), so their
rules ask that same function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..parse.codes import (
    DUPLICATE_IDENTITY,
    IMAGE_MISSING,
    IMAGE_NOT_AN_IMAGE,
    IMAGE_OUTSIDE,
    IMAGE_UNREADABLE,
    LONG_ANSWER,
    MATHJAX_COMMAND,
    NOTHING_TO_CARD,
)
from .findings import Hit
from .registry import Rule, register

if TYPE_CHECKING:
    from .context import Context


def _image_check(code: str) -> Callable[[Context], Iterator[Hit]]:
    def check(context: Context) -> Iterator[Hit]:
        for problem in context.image_problems:
            if problem.code != code:
                continue
            text = _line(context, problem.line)
            at = text.find("![")
            offset = (
                context.index.offset(problem.line, at + 1)
                if at >= 0
                else context.index.text_start(problem.line)
            )
            yield Hit(
                offset, f"{problem.message} ({problem.hint})" if problem.hint else problem.message
            )

    return check


def _line(context: Context, line: int) -> str:
    return context.index.lines[line - 1] if 0 < line <= len(context.index.lines) else ""


_IMAGES = (
    (IMAGE_MISSING, "missing-image", "a local image that does not exist"),
    (IMAGE_OUTSIDE, "image-outside", "an image outside the notes' folder (`/etc`, `../..`)"),
    (IMAGE_NOT_AN_IMAGE, "not-an-image", "a file used as an image that is no image by its content"),
    (IMAGE_UNREADABLE, "unreadable-image", "an image that cannot be read"),
)  # fmt: skip
for _code, _name, _summary in _IMAGES:
    register(
        Rule(
            _code,
            _name,
            summary=_summary,
            why="the deck and the sheet leave it out and show `[missing image: NAME]` instead",
            example="`![曲线](img/curve.png)` with the file at img/curve.png beside the notes",
            check=_image_check(_code),
        )
    )

register(
    Rule(
        NOTHING_TO_CARD,
        "nothing-to-card",
        summary="a file with nothing to put on a card (only links, only headings)",
        why="the export skips it: an index page or a stub",
        example="write notes under its headings, or leave it out of the export",
    )
)
register(
    Rule(
        DUPLICATE_IDENTITY,
        "duplicate-identity",
        summary="two cards with the same title and path: one is told apart by its place only",
        why="Anki merges notes of one identity; moving the card then makes a new one",
        example="give one of the two sections or labels a title of its own",
    )
)
register(
    Rule(
        MATHJAX_COMMAND,
        "mathjax-command",
        summary="a formula uses a MathJax command that acts on the page (`\\href`, `\\style`, ...)",
        why="in Anki's reviewer such a formula can run a link or restyle the card; the export "
        "shows it as TeX unless `--allow-mathjax-commands`",
        example="`$\\href{https://x}{a}$` → `$a$` and the link as Markdown beside it",
    )
)
register(
    Rule(
        LONG_ANSWER,
        "long-answer",
        summary="an answer longer than about four phone screens (1,500 characters)",
        why="a card is read on a phone in one go; a derivation that long is a chapter",
        example="split `### 6. …？` into `#### 6.1 …？`, `#### 6.2 …？` with shorter answers",
    )
)
