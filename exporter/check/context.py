"""What every rule's check reads: one parsed notes text, placed and configured."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from ..media import configured_roots, image_diagnostics
from ..model import Diagnostic, Document
from .config import CheckConfig
from .findings import Hit, LineIndex
from .inline import InlineView
from .structure import unclosed_dollar_hits


@dataclass
class Context:
    path: Path
    text: str
    index: LineIndex
    tokens: list[Token]
    views: list[InlineView]  # the inlines placed exactly in the file
    unplaced: list[Token]  # inline tokens that could not be placed (no rule reads them)
    config: CheckConfig
    style: str  # the house style the rules judge by (given or inferred)
    document: Document | None = None  # None when only the rules that edit run (--fix rounds)

    def setting(self, name: str) -> Any:
        return self.config.value(name)

    @cached_property
    def stray_dollars(self) -> bool:
        """A `$` is left in the prose somewhere (a price, an unclosed formula)."""
        return any("$" in view.masked for view in self.views)

    @cached_property
    def image_problems(self) -> list[Diagnostic]:
        """What the writers would say about the document's images, for the four image
        rules: judged once, not once per rule. `check` has no --media-root: the folders
        pyproject.toml names are the ones it knows."""
        if self.document is None:
            return []
        document = replace(self.document, media_roots=configured_roots(Path.cwd()))
        return image_diagnostics([document])

    @cached_property
    def unclosed_dollars(self) -> list[Hit]:
        """Every `$` that opens a formula never closed, selected or not: a fix must not
        add any. Computed once, here, for the S004 rule and the fix's safety."""
        return list(unclosed_dollar_hits(self))
