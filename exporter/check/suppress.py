"""Inline disables, in the manner of markdownlint's comments and ruff's `# noqa`:

```markdown
<!-- export-check: disable=T006 -->             the whole file (anywhere in it)
<!-- export-check: disable-next-line=T001,T002 --> the line below the comment
text <!-- export-check: disable-line=S002 -->    the comment's own line
```

Without `=RULES` every rule is silenced there. RULES are selectors as in `--ignore`:
ids, prefixes or names. Comments inside code are code, not directives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token

from .config import ConfigError
from .findings import Finding, LineIndex
from .registry import REGISTRY, matches

_DIRECTIVE = re.compile(
    r"<!--\s*export-check:\s*(?P<kind>[a-z-]+)\s*(?:=\s*(?P<rules>[^>]*?))?\s*-->"
)
_KINDS = ("disable", "disable-line", "disable-next-line")


@dataclass
class Disables:
    whole_file: list[str] = field(default_factory=list)  # selectors
    lines: dict[int, list[str]] = field(default_factory=dict)  # 1-based line → selectors

    def __bool__(self) -> bool:
        return bool(self.whole_file or self.lines)

    def keeps(self, finding: Finding, index: LineIndex) -> bool:
        rule = REGISTRY.get(finding.rule)
        if rule is None:
            return True
        line = index.position(finding.offset)[0]
        selectors = [*self.whole_file, *self.lines.get(line, ())]
        return not any(matches(selector, rule) for selector in selectors)


def find_disables(tokens: list[Token], path: Path) -> Disables:
    disables = Disables()
    for text, line in _comments(tokens):
        for match in _DIRECTIVE.finditer(text):
            number = line + text.count("\n", 0, match.start())
            kind, selectors = match.group("kind"), _selectors(match.group("rules"), path, number)
            if kind == "disable":
                disables.whole_file += selectors
            elif kind in _KINDS:
                target = number + (1 if kind == "disable-next-line" else 0)
                disables.lines.setdefault(target, []).extend(selectors)
            else:
                raise ConfigError(
                    f"{path}:{number}: unknown `export-check: {kind}` (write "
                    "`disable`, `disable-line` or `disable-next-line`)"
                )
    return disables


def _selectors(text: str | None, path: Path, line: int) -> list[str]:
    if not text:
        return ["ALL"]
    selectors = [part for part in re.split(r"[,\s]+", text) if part]
    for selector in selectors:
        if not any(matches(selector, rule) for rule in REGISTRY):
            raise ConfigError(
                f"{path}:{line}: `{selector}` in an `export-check` comment names no rule "
                "(see `export check --rules`)"
            )
    return selectors


def _comments(tokens: list[Token]) -> list[tuple[str, int]]:
    """(HTML text, 1-based line where it starts) of every HTML block and inline tag."""
    found: list[tuple[str, int]] = []
    for token in tokens:
        if not token.map:
            continue
        if token.type == "html_block" and "export-check" in token.content:
            found.append((token.content, token.map[0] + 1))
        elif token.type == "inline" and "export-check" in token.content:
            line = token.map[0] + 1
            for child in token.children or []:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    found.append((child.content, line))
    return found
