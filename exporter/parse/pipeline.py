"""Notes text → `Document`: the passes, in order, over one `ParseState`.

Like markdown-it's block rules, each pass is a plain function of the shared state, kept in
a `Ruler`; a new pass is one function and one `PASSES.before/after/push(...)` call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markdown_it.ruler import Ruler
from markdown_it.token import Token

from ..model import EMPTY, Document
from .content import (
    check_dollars,
    collect_images,
    collect_intro,
    collect_prose_lines,
    require_content,
)
from .dialect import shared_parser
from .finish import finish_questions
from .landmarks import find_landmarks, read_front_matter, read_outline
from .questions import find_questions
from .sections import build_sections
from .source import read_notes
from .state import ParseOptions, ParseState

Pass = Callable[[ParseState], None]

PASSES: Ruler[Pass] = Ruler()
PASSES.push("front_matter", read_front_matter)
PASSES.push("outline", read_outline)
PASSES.push("landmarks", find_landmarks)
PASSES.push("dollars", check_dollars)
PASSES.push("questions", find_questions)
PASSES.push("sections", build_sections)
PASSES.push("intro", collect_intro)
PASSES.push("require_content", require_content)
PASSES.push("finish_questions", finish_questions)
PASSES.push("images", collect_images)
PASSES.push("prose", collect_prose_lines)


def parse_file(path: Path, *, interview_heading: str | None = None) -> Document:
    return parse_text(read_notes(path), path, interview_heading=interview_heading)


def parse_text(
    text: str,
    path: Path,
    *,
    interview_heading: str | None = None,
    tokens: list[Token] | None = None,
) -> Document:
    """Parse notes text. Pass `tokens` (from `exporter.parse.dialect.shared_parser()`)
    when the caller has them already, so the text is tokenised only once."""
    state = ParseState(
        path=path,
        text=text,
        lines=text.splitlines(keepends=True),
        tokens=shared_parser().parse(text) if tokens is None else tokens,
        options=ParseOptions(interview_heading=interview_heading),
    )
    for run in PASSES.getRules(""):
        run(state)
    return _document(state)


def _document(state: ParseState) -> Document:
    title_heading = state.title_heading
    title = (
        state.front_matter.get("title")
        or (title_heading.plain if title_heading else None)
        or (state.headings[0].plain if state.headings else state.path.stem)
    )
    return Document(
        title=title,
        source=state.path,
        sections=state.sections,
        questions=state.questions,
        interview_title=state.interview.plain if state.interview else None,
        front_matter=state.front_matter,
        warnings=tuple(state.warnings),
        images=tuple(state.images),
        intro=state.intro or EMPTY,
        intro_key=state.intro_key,
        intro_lines=state.intro_lines,
        prose_lines=state.prose_lines,
        skipped=tuple(state.skipped),
    )
