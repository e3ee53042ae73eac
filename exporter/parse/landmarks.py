"""The passes that read what frames the notes: front matter, the outline, the title and
the interview part."""

from __future__ import annotations

from .codes import NO_INTERVIEW_HEADING
from .frontmatter import read_front_matter as front_matter
from .labels import INTERVIEW_TITLE
from .outline import Heading, build_outline, matching_close
from .state import ParseState


def read_front_matter(state: ParseState) -> None:
    """The top-level `key: value` pairs of a front matter block (`title`, `id`); the
    checker reads its nested `check:` block from the same reader."""
    for token in state.tokens[:1]:
        if token.type == "front_matter":
            state.front_matter = front_matter(token.content).scalars


def read_outline(state: ParseState) -> None:
    state.closes = matching_close(state.tokens)
    state.headings = build_outline(state.tokens, len(state.lines))


def find_landmarks(state: ParseState) -> None:
    state.title_heading = _title_heading(state)
    state.interview = _interview_heading(state)


def _title_heading(state: ParseState) -> Heading | None:
    level_one = [h for h in state.headings if h.level == 1]
    if len(level_one) == 1 and state.headings[0] is level_one[0]:
        return level_one[0]
    return None


def _interview_heading(state: ParseState) -> Heading | None:
    wanted = state.options.interview_heading
    for heading in state.headings:
        if heading is state.title_heading:
            continue
        if wanted is not None:
            if wanted.casefold() in heading.plain.casefold():
                return heading
        elif heading.level <= 2 and INTERVIEW_TITLE.search(heading.plain):
            return heading
    if wanted is not None:
        state.warn(
            NO_INTERVIEW_HEADING,
            0,
            0,
            f'no heading contains "{wanted}"',
            "check --interview-heading",
        )
    return None
