"""The sections pass: the notes part as a tree of `Section`s, each with its key points.

Heading-style questions and the interview part are not notes; a single `#` title's
children are the top sections.
"""

from __future__ import annotations

from markdown_it.token import Token

from ..model import EMPTY, Fragment, KeyPoint, Section
from .keypoints import KeyPointDraft, find_key_points
from .noise import links_only, skip_reason_for_title
from .outline import Heading
from .state import ParseState
from .text import dedent_block, normalise, stable_key, strip_trailing_rules


def build_sections(state: ParseState) -> None:
    skip = {id(h) for h in state.question_headings}
    if state.interview is not None:
        skip.add(id(state.interview))
    top = [h for h in state.headings if h.parent is None]
    title = state.title_heading
    if title is not None:
        top = sorted([*title.children, *(h for h in top if h is not title)], key=lambda h: h.index)
    state.sections = tuple(
        _section(state, h, ())
        for h in top
        if id(h) not in skip and not any(id(a) in skip for a in h.ancestors)
    )


def _section(state: ParseState, heading: Heading, parent_path: tuple[str, ...]) -> Section:
    path = (*parent_path, heading.plain)
    anchor = state.next_anchor("s")
    drafts = find_key_points(
        state.tokens, state.lines, state.closes, heading.body_start, heading.body_end
    )
    skipped = skip_reason_for_title(heading.plain)
    key_points = tuple(_key_point(state, draft, path, claim=not skipped) for draft in drafts)
    claimed = {id(h) for h in state.question_headings}
    children = tuple(
        _section(state, child, path) for child in heading.children if id(child) not in claimed
    )
    body_start = heading.line + 2  # 1-based line after the heading
    body_tokens = _without_trailing_rules(state.tokens[heading.body_start : heading.body_end])
    body = state.fragment(
        _source(state, heading.line + 1, heading.body_end_line), body_start, body_tokens
    )
    taken = [p.span for p in drafts] + [d.span for d in state.drafts]
    rest, rest_lines = _rest(state, body, (body_start, heading.body_end_line + 1), taken)
    if not skipped and rest.strip() and links_only(rest.tokens):
        skipped = "links only"
    if skipped:
        state.skipped.append((body_start, heading.body_end_line + 1, skipped))
    key = ""
    if rest.strip() and not skipped:
        folded = "s:" + normalise("/".join(path))
        key = state.claim_key(folded, "s:" + stable_key("/".join(path)), heading.line + 1)
    return Section(
        title=state.inline_fragment(heading.raw, heading.line + 1, state.tokens[heading.index + 1]),
        plain_title=heading.plain,
        level=heading.level,
        path=path,
        body=body,
        markdown=state.fragment(
            _source(state, heading.line + 1, heading.end_line),
            body_start,
            _without_trailing_rules(state.tokens[heading.body_start : heading.end]),
        ),
        line=heading.line + 1,
        end_line=heading.body_end_line,
        anchor=anchor,
        key_points=key_points,
        children=children,
        rest=rest,
        skipped=skipped,
        key=key,
        rest_lines=rest_lines,
    )


def _rest(
    state: ParseState, body: Fragment, lines: tuple[int, int], taken: list[tuple[int, int]]
) -> tuple[Fragment, frozenset[int]]:
    """The body without the lines that key points and questions hold (1-based lines), and
    the lines it is made of."""
    start, end = lines
    inside = [(max(a, start), min(b, end)) for a, b in taken if a < end and b > start]
    own = [n for n in range(start, end) if not any(a <= n < b for a, b in inside)]
    if not inside:
        return body, frozenset(own)
    kept: list[str] = []
    for previous, number in zip([start - 1, *own], own, strict=False):
        if number != previous + 1 and kept:
            kept.append("\n")  # a key point or question was cut out here
        kept.append(state.lines[number - 1] if number <= len(state.lines) else "")
    text = strip_trailing_rules("".join(kept)).strip("\n")
    if not text.strip():
        return EMPTY, frozenset()
    return state.fragment(dedent_block(text), own[0]), frozenset(own)


def _key_point(
    state: ParseState, draft: KeyPointDraft, path: tuple[str, ...], *, claim: bool
) -> KeyPoint:
    anchor = state.next_anchor("k")
    point_path = (*path, *draft.parents)
    key = "k:" + stable_key("/".join((*point_path, draft.plain_label)))
    if claim and draft.body.strip() and (draft.is_leaf or draft.has_text):
        key = state.claim_key(key, "k" + key, draft.line)
    return KeyPoint(
        label=state.inline_fragment(draft.label, draft.line, cut=draft.label_cut),
        plain_label=draft.plain_label,
        body=state.fragment(draft.body, draft.line, cut=draft.cut),
        path=point_path,
        line=draft.line,
        anchor=anchor,
        is_leaf=draft.is_leaf,
        has_text=draft.has_text,
        span=draft.span,
        key=key,
    )


def _source(state: ParseState, start: int, end: int) -> str:
    return strip_trailing_rules("".join(state.lines[start:end])).strip("\n")


def _without_trailing_rules(tokens: list[Token]) -> tuple[Token, ...]:
    end = len(tokens)
    while end and tokens[end - 1].type == "hr":
        end -= 1
    return tuple(tokens[:end])
