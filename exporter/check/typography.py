"""Typography rules T001-T006, over the masked text of one inline at a time.

Every edit only inserts or removes spaces outside protected zones, or swaps a full-width
punctuation mark for its half-width twin, so the words, formulas and code stay as they
were. The spacing the user asks for: spaces between Chinese and Latin text, outside
parentheses and around bold; none before punctuation; half-width punctuation followed by
a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .chars import (
    CJK,
    CLOSERS,
    CLOSING_MARKERS,
    CODE,
    FULL_PUNCT,
    HALF_PUNCT,
    LATIN_LIKE,
    MARKERS,
    MATH,
    OPENERS,
    OPENING_MARKERS,
    TRANSPARENT,
    URL,
    is_cjk,
    is_latin,
    is_latin_like,
)
from .findings import Edit, Finding
from .inline import InlineView


@dataclass(frozen=True)
class Settings:
    abbreviations: frozenset[str]


# -- T001 full-width punctuation -----------------------------------------------------------
_FULL_WIDTH = re.compile("[，；：！？。、（）“”‘’\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HALF = {
    "，": ",", "；": ";", "：": ":", "！": "!", "？": "?", "。": ".", "、": ",",
    "（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'",
}  # fmt: skip
_SPACE_AFTER = frozenset("，；：！？。、）")
# Half-width `.` or `)` after nothing but digits at the start of a line is a list marker.
_LIST_MARKERS = frozenset("。）")
_LINE_DIGITS = re.compile(r"[ \t]*\d{1,9}\Z")


def _needs_space_after(following: str) -> bool:
    return not (
        not following
        or following.isspace()
        or following in HALF_PUNCT
        or following in FULL_PUNCT
        or following in CLOSERS
        or following in CLOSING_MARKERS
        or following in "*_~"  # a literal delimiter: a space could change what it closes
    )


def _needs_space_before(previous: str) -> bool:
    return not (
        not previous
        or previous.isspace()
        or previous in OPENERS
        or previous in OPENING_MARKERS
        or previous in "*_~"
    )


def full_width(view: InlineView) -> Iterator[Finding]:
    masked = view.masked
    for match in _FULL_WIDTH.finditer(masked):
        at = match.start()
        char = masked[at]
        half = _HALF.get(char) or chr(ord(char) - 0xFEE0)
        previous = masked[at - 1] if at else ""
        following = masked[at + 1 : at + 2]
        before = " " if char == "（" and _needs_space_before(previous) else ""
        after = " " if char in _SPACE_AFTER and _needs_space_after(following) else ""
        if half.isdigit():  # `１$x$` → `1$x$` would stop being math (allow_digits=False)
            before = " " if previous == MATH else before
            after = " " if following == MATH else after
        line_start = view.line_start(at)
        if char in _LIST_MARKERS and _LINE_DIGITS.match(view.content, line_start, at):
            edits: tuple[Edit, ...] = ()  # `1。` → `1.` would start a list
        else:
            offset = view.file_offset(at)
            edits = (Edit(offset, offset + 1, before + half + after),)
        shown = f"{before}{half}{after}".replace(" ", "␣") if before or after else half
        yield Finding("T001", view.file_offset(at), f"full-width `{char}`: use `{shown}`", edits)


# -- T002 spaces between Chinese and Latin text ----------------------------------------------
# One pass: the group tells which side the Chinese is on.
_BOUNDARY = re.compile(
    f"(?P<cjk>[{CJK}])(?=[{TRANSPARENT}]*[{LATIN_LIKE}])|[{LATIN_LIKE}](?=[{TRANSPARENT}]*[{CJK}])"
)
_WHAT = {MATH: "a formula", CODE: "inline code", URL: "a URL"}


def cjk_latin(view: InlineView) -> Iterator[Finding]:
    masked = view.masked
    for match in _BOUNDARY.finditer(masked):
        first, cjk_first = match.start(), match.group("cjk") is not None
        other = first + 1
        while masked[other] in TRANSPARENT:
            other += 1
        # Put the space outside emphasis and links: after what closes, before what opens.
        insert = first + 1
        while insert < other and masked[insert] in CLOSING_MARKERS:
            insert += 1
        latin = masked[other] if cjk_first else masked[first]
        what = _WHAT.get(latin, "Latin text" if not latin.isdigit() else "a digit")
        offset = view.file_offset(insert)
        yield Finding(
            "T002",
            offset,
            f"missing space between Chinese and {what}",
            (Edit(offset, offset, " "),),
        )


# -- T003 spaces outside parentheses --------------------------------------------------------
_CJK_CHAR = re.compile(f"[{CJK}]")
_PARENS = re.compile(r"[()]")


def parentheses(view: InlineView) -> Iterator[Finding]:
    masked = view.masked
    if "(" not in masked and ")" not in masked:
        return
    partner: dict[int, int | None] = {}
    stack: list[int] = []
    for match in _PARENS.finditer(masked):
        at = match.start()
        if masked[at] == "(":
            stack.append(at)
            partner[at] = None
        elif stack:
            opening = stack.pop()
            partner[opening], partner[at] = at, opening
        else:
            partner[at] = None
    for at, other in sorted(partner.items()):
        if masked[at] == "(":
            neighbour = masked[at - 1] if at else ""
            inner = masked[at + 1 : other] if other is not None else ""
            insert, where = at, "before `(`"
        else:
            neighbour = masked[at + 1 : at + 2]
            inner = masked[other + 1 : at] if other is not None else ""
            insert, where = at + 1, "after `)`"
        if not neighbour or neighbour.isspace():
            continue
        # `f(x)` and `Trust Region(TR)` are left alone: only Chinese on either side of
        # the parenthesis, or inside it, makes the missing space certain.
        if is_cjk(neighbour) or (is_latin_like(neighbour) and _CJK_CHAR.search(inner)):
            offset = view.file_offset(insert)
            yield Finding("T003", offset, f"missing space {where}", (Edit(offset, offset, " "),))


# -- T004 spaces around bold ----------------------------------------------------------------
_LITERAL_BOLD = re.compile(r"(?<!\*)\*\*(?!\*)")
_NO_SPACE_BEFORE_BOLD = frozenset(OPENERS + OPENING_MARKERS + FULL_PUNCT + "*_")
_NO_SPACE_AFTER_BOLD = frozenset(HALF_PUNCT + FULL_PUNCT + CLOSERS + CLOSING_MARKERS + "*_")


def _literal_pairs(masked: str) -> list[tuple[int, int]]:
    """`**` pairs CommonMark left as text (`是**信任区域 (Trust Region)**内`): the user
    meant bold, and the missing space is why it is not."""
    pairs: list[tuple[int, int]] = []
    opening: int | None = None
    for match in _LITERAL_BOLD.finditer(masked):
        at = match.start()
        before = masked[at - 1 : at]
        after = masked[at + 2 : at + 3]
        if opening is None:
            if after and not after.isspace():
                opening = at
        elif before and not before.isspace():
            pairs.append((opening, at))
            opening = None
    return pairs


def bold_spacing(view: InlineView) -> Iterator[Finding]:
    masked = view.masked
    spans = [(s.open, s.close, s.width, False) for s in view.strong]
    if "**" in masked:
        spans += [(o, c, 2, True) for o, c in _literal_pairs(masked)]
    for opening, closing, width, literal in sorted(spans):
        note = " (without it CommonMark leaves the `**` unrendered)" if literal else ""
        # A stray `*` or `_` inside, or a delimiter right outside (`*em***bold**` is one
        # run of three), could pair differently once a space changes the flanking
        # (`策略**em* 策略**` stops being bold): report those, fix none.
        inner = masked[opening + width : closing]
        around = masked[opening - 1 : opening] + masked[closing + width : closing + width + 1]
        safe = not any(c in inner or c in around for c in "*_") and not any(
            c in MARKERS for c in around
        )
        previous = masked[opening - 1] if opening else ""
        if previous and not previous.isspace() and previous not in _NO_SPACE_BEFORE_BOLD:
            offset = view.file_offset(opening)
            yield Finding(
                "T004",
                offset,
                f"missing space before bold text{note}",
                (Edit(offset, offset, " "),) if safe else (),
            )
        end = closing + width
        following = masked[end : end + 1]
        if following and not following.isspace() and following not in _NO_SPACE_AFTER_BOLD:
            offset = view.file_offset(end)
            yield Finding(
                "T004",
                view.file_offset(closing),
                f"missing space after bold text{note}",
                (Edit(offset, offset, " "),) if safe else (),
            )


# -- T005 no space before punctuation -------------------------------------------------------
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t\u3000]+(?=[,.;:!?，。；：！？、])")


def space_before_punctuation(view: InlineView) -> Iterator[Finding]:
    masked = view.masked
    for match in _SPACE_BEFORE_PUNCT.finditer(masked):
        previous = masked[match.start() - 1] if match.start() else "\n"
        if previous.isspace() or previous in "*_$":
            # Indentation is no space "before"; next to `*` it may be a delimiter; and a
            # `$` followed by a space is a dollar sign, by a `?` an unclosed formula.
            continue
        mark = masked[match.end()]
        following = masked[match.end() + 1 : match.end() + 2]
        if (
            mark == "."
            and following
            and (following == "." or following.isalnum() or following in "/\\_-")
        ):
            continue  # ` ...`, ` .5`, ` .gitignore`, ` ./run.sh`
        if mark == ":" and following and following in "/:=\\":
            continue  # ` ://`, ` ::`, ` :=`
        if mark in "!?" and following == "=":
            continue
        start, end = view.file_offset(match.start()), view.file_offset(match.end())
        safe = not _after_punctuated_closer(masked, match.start())
        yield Finding(
            "T005", start, f"space before `{mark}`", (Edit(start, end, ""),) if safe else ()
        )


def _after_punctuated_closer(masked: str, at: int) -> bool:
    """`**(x)** ,`: a closing `**` after punctuation closes only because a space follows
    it; with punctuation after it, it could open too, and CommonMark may pair it anew."""
    if not at or masked[at - 1] not in CLOSING_MARKERS:
        return False
    before = at - 1
    while before >= 0 and masked[before] in CLOSING_MARKERS:
        before -= 1
    return before < 0 or not (is_cjk(masked[before]) or is_latin_like(masked[before]))


# -- T006 `.` between sentences -------------------------------------------------------------
ABBREVIATIONS = frozenset(
    ["al", "approx", "avg", "ca", "cf", "ch", "co", "corp", "dept", "dr", "ed", "eds", "eq",
     "eqs", "est", "etc", "fig", "figs", "ibid", "inc", "jr", "ltd", "max", "min", "misc",
     "mr", "mrs", "ms", "no", "nos", "op", "pp", "prof", "ref", "refs", "resp", "sec", "sr",
     "st", "univ", "viz", "vol", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
     "sept", "oct", "nov", "dec"]
)  # fmt: skip
_SENTENCE_FOLLOWER = frozenset(OPENERS + OPENING_MARKERS + MATH + CODE)
_SENTENCE_ENDER = frozenset(CLOSERS + CLOSING_MARKERS + MATH + CODE)


def sentence_period(view: InlineView, settings: Settings) -> Iterator[Finding]:
    masked = view.masked
    size = len(masked)
    position = masked.find(".")
    while position != -1:
        at, position = position, masked.find(".", position + 1)
        previous = masked[at - 1] if at else ""
        following = masked[at + 1] if at + 1 < size else ""
        if not previous or previous.isspace() or "." in (previous, following):
            continue
        if following and not following.isspace():
            if not is_cjk(following):
                continue  # `0.2`, `e.g`, `a.b`, `).`
        else:
            rest = at + 1
            while rest < size and masked[rest].isspace():
                rest += 1
            if rest == size:
                continue  # the paragraph's last sentence may end with `.`
            following = masked[rest]
            if not (is_cjk(following) or following.isupper() or following in _SENTENCE_FOLLOWER):
                continue  # lower case or a digit next: an abbreviation or a number
        ends = is_cjk(previous) or previous in _SENTENCE_ENDER
        if not (ends or _ends_word(masked, at, settings)):
            continue
        yield Finding(
            "T006",
            view.file_offset(at),
            "`.` ends a sentence inside the paragraph: use `;` between sentences "
            "(not fixed automatically: check for an abbreviation)",
        )


def _ends_word(masked: str, at: int, settings: Settings) -> bool:
    """A Latin word before `.` that is no abbreviation, initial or number."""
    start = at
    while start > 0 and at - start < 24:
        char = masked[start - 1]
        if not (is_latin(char) or char == "."):
            break
        start -= 1
    word = masked[start:at]
    if not word or any(c.isdigit() for c in word) or "." in word or len(word) == 1:
        return False
    return word.lower() not in ABBREVIATIONS and word.lower() not in settings.abbreviations
