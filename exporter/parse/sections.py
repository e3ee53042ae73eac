"""The sections pass: the notes part as a tree of `Section`s, each with its key points.

Heading-style questions and the interview part are not notes; a single `#` title's
children are the top sections.
"""

from __future__ import annotations

from markdown_it.token import Token

from ..model import KeyPoint, Section
from .keypoints import KeyPointDraft, find_key_points
from .outline import Heading
from .state import ParseState
from .text import stable_key, strip_trailing_rules


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
    key_points = tuple(_key_point(state, draft, path) for draft in drafts)
    children = tuple(
        _section(state, child, path)
        for child in heading.children
        if not child.ends_with_question_mark
    )
    body_start = heading.line + 2  # 1-based line after the heading
    return Section(
        title=state.inline_fragment(heading.raw, heading.line + 1, state.tokens[heading.index + 1]),
        plain_title=heading.plain,
        level=heading.level,
        path=path,
        body=state.fragment(
            _source(state, heading.line + 1, heading.body_end_line),
            body_start,
            _without_trailing_rules(state.tokens[heading.body_start : heading.body_end]),
        ),
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
    )


def _key_point(state: ParseState, draft: KeyPointDraft, path: tuple[str, ...]) -> KeyPoint:
    anchor = state.next_anchor("k")
    point_path = (*path, *draft.parents)
    return KeyPoint(
        label=state.inline_fragment(draft.label, draft.line),
        plain_label=draft.plain_label,
        body=state.fragment(draft.body, draft.line),
        path=point_path,
        line=draft.line,
        anchor=anchor,
        is_leaf=draft.is_leaf,
        has_text=draft.has_text,
        key="k:" + stable_key("/".join((*point_path, draft.plain_label))),
    )


def _source(state: ParseState, start: int, end: int) -> str:
    return strip_trailing_rules("".join(state.lines[start:end])).strip("\n")


def _without_trailing_rules(tokens: list[Token]) -> tuple[Token, ...]:
    end = len(tokens)
    while end and tokens[end - 1].type == "hr":
        end -= 1
    return tuple(tokens[:end])
