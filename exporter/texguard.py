"""Which TeX commands a formula may hand to MathJax.

Anki's MathJax (3.2, the `tex-chtml-full` build, every extension loaded) turns some TeX
into page markup: links (`\\href`), CSS (`\\style`, `\\bbox[..]`, a colour argument),
classes and ids, tooltips and toggles wired with event handlers, and `\\require` loads code.
A formula using one of them is refused unless the user opts in, and shown as its TeX.

Control words are found textually, so a macro (`\\newcommand`, `\\def`) cannot hide one:
its body is text of the same formula, and MathJax itself keeps `\\hr#1` + `ef` from
merging into `\\href` (it puts a space between a control word and a letter argument).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .model import Diagnostic

ALLOW_OPTION = "--allow-mathjax-commands"
_MESSAGE_TEX = 60  # characters of TeX quoted in a warning

# The `html`, `action`, `require`, `setoptions` extensions and base's `\mmlToken` (its
# attributes include href, class, id and style).
_PAGE_COMMANDS = frozenset(
    {
        "href", "style", "class", "cssId", "data", "html",
        "toggle", "mathtip", "texttip", "tooltip",
        "require", "setOptions", "mmlToken",
    }
)  # fmt: skip
# Commands whose leading arguments MathJax copies into a style attribute, and how many
# braced ones there are after an optional `[..]` (a colour model, or \bbox's options).
_STYLED_ARGUMENTS = {
    "color": 1, "textcolor": 1, "colorbox": 1, "fcolorbox": 2, "definecolor": 3, "bbox": 0,
}  # fmt: skip
# A colour is a name, a model (`RGB`, `HTML`) and numbers; a size is a number and a unit.
_PLAIN_ARGUMENT = re.compile(r"[\w\s.,#!+-]*")
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)|\\.", re.S)
_OPTIONAL = re.compile(r"\s*\[([^\[\]{}]*)\]")
_BRACED = re.compile(r"\s*\{([^{}]*)\}")


@lru_cache(maxsize=16384)
def refused_commands(tex: str) -> tuple[str, ...]:
    """The commands of `tex` that could act on the page, as written (`\\href`), in order.
    Cached: the parser asks for every formula, and the writer again as it renders it."""
    found: dict[str, None] = {}
    for match in _CONTROL_WORD.finditer(tex):
        name = match.group(1)
        if name is None:
            continue
        styled = _STYLED_ARGUMENTS.get(name)
        if name in _PAGE_COMMANDS or (
            styled is not None and not _plain_arguments(tex, match.end(), styled)
        ):
            found["\\" + name] = None
    return tuple(found)


def _plain_arguments(tex: str, position: int, braced: int) -> bool:
    """Whether the style-bearing arguments right after `position` are colours and sizes.
    One holding a nested group, a `:`, `;` or `(` is CSS, or may hide some: refused."""
    rest = tex[position:].lstrip()
    if rest.startswith("["):
        optional = _OPTIONAL.match(tex, position)
        if optional is None or not _PLAIN_ARGUMENT.fullmatch(optional.group(1)):
            return False
        position = optional.end()
    for _ in range(braced):
        argument = _BRACED.match(tex, position)
        if argument is None:
            # A bare letter (`\\color red`) is a name; a group or a macro is refused.
            return not tex[position:].lstrip().startswith(("{", "\\"))
        if not _PLAIN_ARGUMENT.fullmatch(argument.group(1)):
            return False
        position = argument.end()
    return True


@dataclass
class MathRun:
    """One export's setting and findings; `math_run` makes it the current one."""

    allow_commands: bool = False
    refused: dict[tuple[Path, int, str], Diagnostic] = field(default_factory=dict)
    lines: dict[Path, tuple[str, ...]] = field(default_factory=dict)  # of the sources

    @property
    def warnings(self) -> list[Diagnostic]:
        return list(self.refused.values())


_CURRENT: ContextVar[MathRun | None] = ContextVar("math_run", default=None)


@contextmanager
def math_run(*, allow_commands: bool = False) -> Iterator[MathRun]:
    """Around an export: every `MathGuard` made inside follows `allow_commands` and
    records its refused formulas here (once per file, line and formula)."""
    run = MathRun(allow_commands)
    token = _CURRENT.set(run)
    try:
        yield run
    finally:
        _CURRENT.reset(token)


def current_run() -> MathRun | None:
    return _CURRENT.get()


class MathGuard:
    """Decides, formula by formula, whether its TeX may reach MathJax, for one source file.
    Outside `math_run` it refuses and records nothing (safe for any caller)."""

    def __init__(self, source: Path | None = None, *, allow_commands: bool | None = None):
        self.source = source
        self.run = _CURRENT.get()
        default = self.run.allow_commands if self.run is not None else False
        self.allow_commands = default if allow_commands is None else allow_commands

    def admits(self, tex: str, line: Callable[[], int]) -> bool:
        """`line()` gives the formula's line, asked only for a refused one: locating each
        formula of a card costs more than checking it."""
        if self.allow_commands:
            return True
        commands = refused_commands(tex)
        if not commands:
            return True
        if self.run is not None and self.source is not None:
            if self.source not in self.run.lines:
                self.run.lines[self.source] = _source_lines(self.source)
            found = _line_of(self.run.lines[self.source], tex, line())
            key = (self.source, found, tex)
            self.run.refused.setdefault(key, refusal(self.source, found, tex, commands))
        return False


def _source_lines(source: Path) -> tuple[str, ...]:
    try:
        return tuple(source.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return ()


def _line_of(lines: tuple[str, ...], tex: str, near: int) -> int:
    """The line holding the formula, searched from a little before `near`: the writers
    locate a fragment by its block, which may start a line or two off."""
    first = tex.strip().splitlines()[0] if tex.strip() else ""
    for number in range(max(near - 2, 1), len(lines) + 1):
        if first and first in lines[number - 1]:
            return number
    return near


def refusal(source: Path, line: int, tex: str, commands: tuple[str, ...]) -> Diagnostic:
    shown = tex if len(tex) <= _MESSAGE_TEX else tex[: _MESSAGE_TEX - 1] + "…"
    return Diagnostic(
        source,
        line,
        f"formula `{shown}` uses {', '.join(commands)}, which can change the card's page: "
        "shown as TeX",
        hint=f"{ALLOW_OPTION} allows them in notes you trust",
    )
