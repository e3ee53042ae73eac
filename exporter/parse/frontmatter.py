"""The notes' front matter, read once: top-level `key: value` scalars and nested blocks.

A small YAML subset, the one notes use: `key: value`, `key: [a, b]`, a `key:` block of
`  sub: value` lines and `  - item` lists, `#` comments. Real YAML would refuse
`title: PPO: 学习` and pull in a dependency for two keys. It depends on nothing of the
checker, so the parser can read its front matter with it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_KEY = re.compile(r"^(?P<indent>[ \t]*)(?P<key>[A-Za-z][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_ITEM = re.compile(r"^[ \t]+-[ \t]+(?P<value>.+?)[ \t]*$")


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line  # 1-based line in the file (the front matter starts at line 2)


@dataclass(frozen=True)
class Block:
    line: int  # 1-based line of `key:` in the file
    values: dict[str, Any]


@dataclass(frozen=True)
class FrontMatter:
    scalars: dict[str, str] = field(default_factory=dict)  # `title: x` → {"title": "x"}
    blocks: dict[str, Block] = field(default_factory=dict)  # `check:` and what it holds


def read_front_matter(content: str, strict: frozenset[str] = frozenset()) -> FrontMatter:
    """`content`: the text between the `---` lines (markdown-it's `front_matter` token).
    A line that cannot be read is skipped, or raises `FrontMatterError` in a block
    named in `strict` (a setting the user wrote must not be silently dropped)."""
    scalars: dict[str, str] = {}
    blocks: dict[str, Block] = {}
    lines = content.split("\n")
    number = 0
    while number < len(lines):
        match = _KEY.match(lines[number])
        number += 1
        if match is None or match.group("indent"):
            continue
        key, value = match.group("key"), match.group("value")
        if value:
            scalars[key] = value.strip().strip("\"'")
        else:
            values, number = _block(lines, number, key in strict)
            blocks[key] = Block(number_of(lines, key), values)
    return FrontMatter(scalars, blocks)


def number_of(lines: list[str], key: str) -> int:
    pattern = re.compile(rf"^{re.escape(key)}[ \t]*:[ \t]*$")
    return next(n for n, line in enumerate(lines) if pattern.match(line)) + 2


def _block(lines: list[str], number: int, strict: bool) -> tuple[dict[str, Any], int]:
    values: dict[str, Any] = {}
    current: str | None = None
    while number < len(lines):
        line = lines[number]
        if line.strip() and not line.lstrip().startswith("#"):
            if not line[0].isspace():
                break
            item, key = _ITEM.match(line), _KEY.match(line)
            if item and current is not None:
                values.setdefault(current, []).append(_scalar(item.group("value")))
            elif key:
                current = key.group("key")
                if key.group("value"):
                    values[current] = _scalar(key.group("value"))
            elif strict:
                raise FrontMatterError(
                    number + 2, "cannot read this line (write `key: value` or `key: [a, b]`)"
                )
        number += 1
    return values, number


def _scalar(text: str) -> Any:
    text = text.split(" #", 1)[0].strip()
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(part) for part in text[1:-1].split(",") if part.strip()]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text
