"""Pass 4: answers that point into the notes (`参考笔记中 "PPO-Clip" 部分`), resolved to
the section or key point they name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .text import normalise

_OPENING_QUOTES = '"“「『'
_QUOTED = r"[\"“「『](?P<title>[^\"”」』\n]{1,120})[\"”」』]"
# A trigger word, then one or more quoted titles joined by 和 / 、 / and / ",".
_TRIGGER = re.compile(
    r"(?:参考笔记中|参考笔记|参考|参见|详见|见笔记|见|see(?: also)?|cf\.?|refer to)"
    r"\s*(?=[\"“「『])",
    re.I,
)
_CHAIN = re.compile(
    _QUOTED + r"\s*(?:部分|一节|小节|章节|section)?\s*(?:[,，、和与及]|and|&)?\s*", re.I
)


@dataclass(frozen=True)
class Mention:
    title: str
    offset: int  # character offset in the answer


def find_mentions(answer: str) -> list[Mention]:
    mentions: list[Mention] = []
    for trigger in _TRIGGER.finditer(answer):
        position = trigger.end()
        while (link := _CHAIN.match(answer, position)) is not None:
            mentions.append(Mention(link.group("title").strip(), link.start()))
            if link.end() == position:
                break
            position = link.end()
    return mentions


def quote_column(line: str, title: str) -> int:
    """The 1-based column of the quote that opens `title` in a source line (0 if it is not
    on that line, e.g. a title wrapped onto the next one)."""
    position = line.find(title)
    while position != -1:
        if position > 0 and line[position - 1] in _OPENING_QUOTES:
            return position
        position = line.find(title, position + 1)
    return 0


class AnchorIndex:
    """Titles of sections and key points → anchors: exact text first, then normalised
    (width, case, spacing, markup and math ignored), then a unique normalised prefix."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self.exact: dict[str, str] = {}
        self.normalised: dict[str, str] = {}
        for title, anchor in entries:  # sections come first, so they win ties
            self.exact.setdefault(title, anchor)
            key = normalise(title)
            if key:
                self.normalised.setdefault(key, anchor)

    def resolve(self, title: str) -> str | None:
        if title in self.exact:
            return self.exact[title]
        key = normalise(title)
        if not key:
            return None
        if key in self.normalised:
            return self.normalised[key]
        candidates = {
            anchor
            for name, anchor in self.normalised.items()
            if name.startswith(key) or key.startswith(name)
        }
        return candidates.pop() if len(candidates) == 1 else None
