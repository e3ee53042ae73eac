"""Small text helpers over tokens and source lines: plain text, normalisation, slicing."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markdown_it.token import Token

_LIST_MARKER = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)")
# A bold label at the start of a paragraph: `**答案线索**:`, `**答案线索:**`, `__Answer__：`.
_LABEL = re.compile(r"^(\*\*|__)(?P<label>.+?)(?P<inner>[:：]?)\1[ \t]*(?P<outer>[:：]?)[ \t]*")
_SPACE = re.compile(r"\s+")
_MATH = re.compile(r"\$\$?[^$]*\$\$?")
_MARKUP = re.compile(r"[*_`~]")
_PUNCTUATION_CATEGORIES = ("P", "S")
# Where a line's own text starts: after quote markers, a list marker or heading hashes.
_LEAD = re.compile(r"[ \t]*(?:>[ \t]?)*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+|#{1,6}[ \t]+)?")


def inline_plain(token: Token) -> str:
    """The visible text of an inline token: what a reader sees, math as its TeX."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("math_inline", "math_inline_double"):
            parts.append(f"${child.content}$")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def text_column(line: str) -> int:
    """The 1-based column where a line's text starts (a question's, a heading's)."""
    lead = _LEAD.match(line)
    return (lead.end() if lead else 0) + 1


def normalise(text: str) -> str:
    """A key for matching titles and questions: width, case, spaces, markup, punctuation
    and math do not count, so `PPO-Clip 算法详解` matches `ppo clip算法详解`."""
    text = unicodedata.normalize("NFKC", text)
    text = _MATH.sub("", text)
    text = _MARKUP.sub("", text).casefold()
    return text.translate(_UNCOUNTED)


class _Uncounted(dict[int, int | None]):
    """A `str.translate` table that drops spaces, punctuation and symbols, filled in as
    characters are first met (so a long vault looks each one up once)."""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        kept = None if char.isspace() or unicodedata.category(char)[0] in "PS" else code
        self[code] = kept
        return kept


_UNCOUNTED = _Uncounted()


def stable_key(text: str) -> str:
    """Like `normalise`, but math stays: two questions differing only in a formula differ."""
    text = unicodedata.normalize("NFKC", text)
    text = _MARKUP.sub("", text).casefold()
    return _SPACE.sub("", text).rstrip("?？;；.。:：")


@dataclass(frozen=True)
class Label:
    """A bold label split off the start of a paragraph."""

    text: str
    rest: str
    has_colon: bool


def split_label(paragraph: str) -> Label | None:
    match = _LABEL.match(paragraph)
    if match is None:
        return None
    return Label(
        text=match.group("label").strip(),
        rest=paragraph[match.end() :],
        has_colon=bool(match.group("inner") or match.group("outer")),
    )


def item_markdown(lines: list[str], item: Token) -> tuple[str, str]:
    """A list item's source without its marker: (first line's text, the rest dedented)."""
    assert item.map is not None
    start, end = item.map
    first = lines[start].rstrip("\n")
    marker = _LIST_MARKER.match(first)
    indent = marker.end() if marker else 0
    head = first[indent:]
    rest = [_dedent(line, indent) for line in lines[start + 1 : end]]
    return head, "".join(rest).strip("\n")


def _dedent(line: str, columns: int) -> str:
    stripped = len(line) - len(line.lstrip(" "))
    return line[min(stripped, columns) :]


def dedent_block(text: str) -> str:
    lines = text.split("\n")
    widths = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return "\n".join(line[cut:] for line in lines)


def strip_trailing_rules(markdown: str) -> str:
    """Drop a `---` that only separates this section from the next part."""
    lines = markdown.rstrip().split("\n")
    while lines and (not lines[-1].strip() or re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", lines[-1])):
        lines.pop()
    return "\n".join(lines)
