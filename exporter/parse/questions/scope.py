"""Where questions are looked for: which headings a question belongs under, the stretches
of the token stream outside heading-style questions, and a question's category."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..outline import Heading
from ..state import ParseState


@dataclass(frozen=True)
class Stretch:
    """Tokens `start`..`end` (exclusive): the body of `heading`, or the text before the first
    heading (`heading` None)."""

    start: int
    end: int
    heading: Heading | None

    def in_interview(self, state: ParseState) -> bool:
        return (
            state.interview is not None
            and self.heading is not None
            and self.heading.is_within(state.interview)
        )


def free_stretches(state: ParseState) -> Iterator[Stretch]:
    """Every section body that no heading-style question has claimed."""
    claimed = {id(h) for h in state.question_headings}
    first = state.headings[0].index if state.headings else len(state.tokens)
    yield Stretch(0, first, None)
    for heading in state.headings:
        if id(heading) in claimed or any(id(a) in claimed for a in heading.ancestors):
            continue
        yield Stretch(heading.body_start, heading.body_end, heading)


def category_of(state: ParseState, heading: Heading | None) -> tuple[str, ...]:
    """The headings a question sits under, below the interview part (or the title)."""
    if heading is None:
        return ()
    chain = [*heading.ancestors, heading]
    if state.interview is not None and heading.is_within(state.interview):
        chain = chain[chain.index(state.interview) + 1 :]
    elif state.title_heading is not None and state.title_heading in chain:
        chain = chain[chain.index(state.title_heading) + 1 :]
    return tuple(h.plain for h in chain)
