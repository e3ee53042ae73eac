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
from typing import TYPE_CHECKING

from .chars import (
    CJK,
    CLOSERS,
    CLOSING_MARKERS,
    CODE,
    FULL_PUNCT,
    HALF_PUNCT,
    HALF_WIDTH,
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
from .findings import Edit, Hit
from .inline import InlineView
from .registry import HALF_WIDTH as HALF_WIDTH_STYLE
from .registry import Setting, rule

if TYPE_CHECKING:
    from .context import Context

_HALF_STYLE = frozenset({HALF_WIDTH_STYLE})


# -- T001 full-width punctuation -----------------------------------------------------------
_FULL_WIDTH = re.compile("[，；：！？。、（）“”‘’\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
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


@rule(
    "T001",
    "full-width-punctuation",
    summary="full-width punctuation where half-width is wanted: `，` → `, ` (with the space "
    "that follows), `（x）` → ` (x) `",
    why="the half-width style keeps one set of punctuation for Chinese and English text",
    example="`简单，但方差大` → `简单, 但方差大`",
    fixable=True,
    styles=_HALF_STYLE,
)
def full_width(context: Context) -> Iterator[Hit]:
    for view in context.views:
        yield from _full_width(view)


def _full_width(view: InlineView) -> Iterator[Hit]:
    masked = view.masked
    for match in _FULL_WIDTH.finditer(masked):
        at = match.start()
        char = masked[at]
        half = HALF_WIDTH[char]
        if char == "。" and masked[at + 1 :].strip(" \t\n" + CLOSING_MARKERS):
            half = ";"  # the user's rule: `;` between sentences, `.` after the last (T006)
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
        yield Hit(view.file_offset(at), f"full-width `{char}`: use `{shown}`", edits)


# -- T002 spaces between Chinese and Latin text ----------------------------------------------
# One pass: the group tells which side the Chinese is on.
_BOUNDARY = re.compile(
    f"(?P<cjk>[{CJK}])(?=[{TRANSPARENT}]*[{LATIN_LIKE}])|[{LATIN_LIKE}](?=[{TRANSPARENT}]*[{CJK}])"
)
_WHAT = {MATH: "a formula", CODE: "inline code", URL: "a URL"}


@rule(
    "T002",
    "cjk-latin-spacing",
    summary="no space between Chinese and Latin letters, digits, a formula or inline code",
    why="a space sets the words of the two scripts apart; every Chinese style guide asks it",
    example="`使用PPO训练` → `使用 PPO 训练`",
    fixable=True,
)
def cjk_latin(context: Context) -> Iterator[Hit]:
    for view in context.views:
        yield from _cjk_latin(view)


def _cjk_latin(view: InlineView) -> Iterator[Hit]:
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
        yield Hit(
            offset,
            f"missing space between Chinese and {what}",
            (Edit(offset, offset, " "),),
        )


# -- T003 spaces outside parentheses --------------------------------------------------------
_CJK_CHAR = re.compile(f"[{CJK}]")
_PARENS = re.compile(r"[()]")


@rule(
    "T003",
    "parenthesis-spacing",
    summary="no space outside parentheses next to Chinese text: `策略(Policy)`",
    why="half-width parentheses are Latin punctuation: they take a space outside",
    example="`策略(Policy)函数` → `策略 (Policy) 函数`",
    fixable=True,
    styles=_HALF_STYLE,
)
def parentheses(context: Context) -> Iterator[Hit]:
    for view in context.views:
        yield from _parentheses(view)


def _parentheses(view: InlineView) -> Iterator[Hit]:
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
            yield Hit(offset, f"missing space {where}", (Edit(offset, offset, " "),))


# -- T004 spaces around bold ----------------------------------------------------------------
_LITERAL_BOLD = re.compile(r"(?<!\*)\*\*(?!\*)")
_NO_SPACE_BEFORE_BOLD = frozenset(OPENERS + OPENING_MARKERS + FULL_PUNCT + "*_")
_NO_SPACE_AFTER_BOLD = frozenset(HALF_PUNCT + FULL_PUNCT + CLOSERS + CLOSING_MARKERS + "*_")


def literal_pairs(masked: str) -> list[tuple[int, int]]:
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


@rule(
    "T004",
    "bold-spacing",
    summary="no space around bold text: `是**信任区域**内` (CommonMark may even leave the "
    "`**` unrendered)",
    why="CommonMark does not close `**` after punctuation when a letter follows, so "
    "`是**信任区域 (TR)**内` shows its asterisks",
    example="`是**信任区域**内` → `是 **信任区域** 内`",
    fixable=True,
)
def bold_spacing(context: Context) -> Iterator[Hit]:
    literal_only = context.style != HALF_WIDTH_STYLE
    for view in context.views:
        for hit, literal in _bold_spacing(view):
            if literal or not literal_only:
                yield hit


def _bold_spacing(view: InlineView) -> Iterator[tuple[Hit, bool]]:
    masked = view.masked
    spans = [(s.open, s.close, s.width, False) for s in view.strong]
    if "**" in masked:
        spans += [(o, c, 2, True) for o, c in literal_pairs(masked)]
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
            edits = (Edit(offset, offset, " "),) if safe else ()
            yield Hit(offset, f"missing space before bold text{note}", edits), literal
        end = closing + width
        following = masked[end : end + 1]
        if following and not following.isspace() and following not in _NO_SPACE_AFTER_BOLD:
            offset = view.file_offset(end)
            edits = (Edit(offset, offset, " "),) if safe else ()
            at = view.file_offset(closing)
            yield Hit(at, f"missing space after bold text{note}", edits), literal


# -- T005 no space before punctuation -------------------------------------------------------
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t\u3000]+(?=[,.;:!?，。；：！？、])")


@rule(
    "T005",
    "space-before-punctuation",
    summary="a space before `,` `;` `:` `.` `!` `?`",
    why="punctuation closes the word before it, in either script",
    example="`有效 , 但` → `有效, 但`",
    fixable=True,
)
def space_before_punctuation(context: Context) -> Iterator[Hit]:
    for view in context.views:
        yield from _space_before_punctuation(view)


def _space_before_punctuation(view: InlineView) -> Iterator[Hit]:
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
        yield Hit(start, f"space before `{mark}`", (Edit(start, end, ""),) if safe else ())


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


@rule(
    "T006",
    "sentence-period",
    summary="`.` ends a sentence inside a paragraph or bullet where `;` is wanted (not fixed: "
    "abbreviations and decimals make a blind fix unsafe)",
    why="the user's notes end a sentence inside a bullet with `;`, the last one with `.`",
    example="`方差大. 然后评估` → `方差大; 然后评估`",
    settings=(
        Setting(
            "abbreviations",
            (),
            "T006: more words that end with `.` without ending a sentence",
        ),
    ),
    styles=_HALF_STYLE,
)
def sentence_period(context: Context) -> Iterator[Hit]:
    words = frozenset(w.lower().rstrip(".") for w in context.setting("abbreviations"))
    for view in context.views:
        yield from _sentence_period(view, words)


def _sentence_period(view: InlineView, abbreviations: frozenset[str]) -> Iterator[Hit]:
    masked = view.masked
    size = len(masked)
    position = masked.find(".")
    while position != -1:
        at, position = position, masked.find(".", position + 1)
        back = at - 1
        while back >= 0 and masked[back].isspace():
            back -= 1  # `策略 .` is `策略.` once T005 has fixed the space: judge it the same
        # judged as T001 would leave it: `“` and `”` both become `"`
        previous = HALF_WIDTH.get(masked[back], masked[back]) if back >= 0 else ""
        ahead = at + 1
        while ahead < size and masked[ahead] in MARKERS:
            ahead += 1  # `.**Bold**` reads as `. **Bold**` (T004 adds that space)
        following = masked[ahead] if ahead < size else ""
        if not previous or "." in (previous, following):
            continue
        if following and not following.isspace() and ahead == at + 1:
            if not is_cjk(following):
                continue  # `0.2`, `e.g`, `a.b`, `).`
        else:
            rest = ahead
            while rest < size and masked[rest].isspace():
                rest += 1
            if rest == size:
                continue  # the paragraph's last sentence may end with `.`
            following = masked[rest]
            if not (is_cjk(following) or following.isupper() or following in _SENTENCE_FOLLOWER):
                continue  # lower case or a digit next: an abbreviation or a number
        ends = is_cjk(previous) or previous in _SENTENCE_ENDER
        if not (ends or _ends_word(masked, at, abbreviations)):
            continue
        yield Hit(
            view.file_offset(at),
            "`.` ends a sentence inside the paragraph: use `;` between sentences "
            "(not fixed automatically: check for an abbreviation)",
        )


def _ends_word(masked: str, at: int, abbreviations: frozenset[str]) -> bool:
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
    return word.lower() not in ABBREVIATIONS and word.lower() not in abbreviations
