"""Passes over the content itself: `$` that open nothing, images, and whether there is
anything to export at all."""

from __future__ import annotations

from ..model import Section
from .codes import NOTHING_TO_CARD, UNBALANCED_DOLLAR
from .dialect import stray_dollars
from .noise import is_navigation_file, links_only, skip_reason_for_title
from .state import ParseState
from .text import normalise


def check_dollars(state: ParseState) -> None:
    """A `$` that the dialect left in text opens a formula that never closes: a warning
    (the `$` shows as it is), never a refusal."""
    for line, column in stray_dollars(state.tokens, state.lines):
        state.warn(
            UNBALANCED_DOLLAR,
            line,
            column,
            "unbalanced `$`: it opens a formula that never closes, and is shown as a `$`",
            "close the formula with `$`, or write `\\$` for a dollar sign",
        )


def require_content(state: ParseState) -> None:
    """A file with nothing to card (only links, only headings) is skipped with one line."""
    if is_navigation_file(state.path):
        state.skipped.append((1, len(state.lines) + 1, "navigation page"))
        state.sections, state.drafts, state.intro = (), [], None
    carded = state.drafts or (state.intro is not None and state.intro.strip())
    carded = carded or any(_has_cards(section) for section in state.sections)
    if not carded:
        why = state.skipped[0][2] if state.skipped else "no text outside headings"
        state.warn(NOTHING_TO_CARD, 1, 0, f"nothing to put on a card ({why})", "")


def _has_cards(section: Section) -> bool:
    if not section.skipped and (section.rest.strip() or any(p.is_card for p in section.key_points)):
        return True
    return any(_has_cards(child) for child in section.children)


def collect_images(state: ParseState) -> None:
    """(src as written, line) of every image, for the writers' media and `export check`."""
    for token in state.tokens:
        if token.type == "inline" and token.map:
            line = token.map[0] + 1
            for child in token.children or []:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "image":
                    state.images.append((str(child.attrGet("src") or ""), line))


def collect_intro(state: ParseState) -> None:
    """Text before the first section: above the first heading, and under a `#` title
    before its first `##`. Questions written there keep their lines."""
    first = state.headings[0].line if state.headings else len(state.lines)
    ranges = [(_after_front_matter(state), first + 1)]
    title = state.title_heading
    if title is not None:
        ranges.append((title.line + 2, title.body_end_line + 1))
    taken = [d.span for d in state.drafts]
    own = [
        number
        for begin, end in ranges
        for number in range(begin, min(end, len(state.lines) + 1))
        if not any(a <= number < b for a, b in taken)
    ]
    text = "".join(state.lines[number - 1] for number in own).strip("\n")
    start = own[0] if own else 0
    if not text.strip():
        return
    intro = state.fragment(text, start)
    # The whole file's title (`# 索引`) says what the file is, not what this text is: only
    # its links-only text is an index.
    why = "links only" if links_only(intro.tokens) else ""
    if why and title is not None:
        why = skip_reason_for_title(title.plain) or why
    if why:
        state.skipped.append((own[0], own[-1] + 1, why))
    else:
        state.intro = intro
        key = "i:" + normalise(title.plain if title is not None else state.path.stem)
        state.intro_key = state.claim_key(key, "i:" + key, start)
        state.intro_lines = frozenset(own)


def _after_front_matter(state: ParseState) -> int:
    """The first 1-based line after a front matter block (1 if there is none)."""
    token = state.tokens[0] if state.tokens else None
    if token is not None and token.type == "front_matter" and token.map:
        return token.map[1] + 1
    return 1


_PROSE_BLOCKS = frozenset(
    {"paragraph_open", "fence", "code_block", "html_block", "math_block", "math_block_label",
     "table_open"}
)  # fmt: skip


def collect_prose_lines(state: ParseState) -> None:
    """The lines a reader reads as the notes' text (headings, rules and front matter are
    structure; an HTML comment is for the writer): what card coverage is measured on."""
    lines: set[int] = set()
    for token in state.tokens:
        if token.type not in _PROSE_BLOCKS or not token.map:
            continue
        if token.type == "html_block" and token.content.lstrip().startswith("<!--"):
            continue
        for number in range(token.map[0] + 1, token.map[1] + 1):
            if number <= len(state.lines) and state.lines[number - 1].strip():
                lines.add(number)
    state.prose_lines = frozenset(lines)
