"""How much of the notes' text the cards carry: every prose line a reader reads should land
on some card. Lines left out on purpose (a table of contents, a reference list) are named
with the reason; a line on no card and not left out on purpose is reported as lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .model import Document, Section
from .selection import CardSelection


@dataclass(frozen=True)
class LineRun:
    path: Path
    start: int  # 1-based, inclusive
    end: int  # 1-based, inclusive
    why: str

    def __str__(self) -> str:
        where = f"{self.start}" if self.start == self.end else f"{self.start}-{self.end}"
        return f"{self.path}:{where}: {self.why}"


@dataclass
class Coverage:
    prose: int = 0  # prose lines, not counting those left out on purpose
    covered: int = 0
    left_out: list[LineRun] = field(default_factory=list)
    lost: list[LineRun] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.covered / self.prose if self.prose else 1.0

    def summary(self) -> str:
        """`cards cover 99.6% of the notes' text`, and what `--explain` would list."""
        percent = 100 * self.share
        text = (
            f"cards cover {percent:.0f}%" if percent in (0, 100) else f"cards cover {percent:.1f}%"
        )
        text += " of the notes' text"
        notes = []
        if self.left_out:
            notes.append(f"{_lines(self.left_out)} left out on purpose")
        if self.lost:
            notes.append(f"{_lines(self.lost)} on no card")
        return f"{text} ({', '.join(notes)}: --explain lists them)" if notes else text


def _lines(runs: list[LineRun]) -> str:
    count = sum(run.end - run.start + 1 for run in runs)
    return f"{count} line" if count == 1 else f"{count} lines"


def measure(documents: Sequence[Document], selections: Sequence[CardSelection]) -> Coverage:
    result = Coverage()
    for document, selection in zip(documents, selections, strict=True):
        covered = card_lines(document, selection)
        skipped = {n: why for start, end, why in document.skipped for n in range(start, end)}
        prose = document.prose_lines
        counted = {n for n in prose if n not in skipped}
        result.prose += len(counted)
        result.covered += len(counted & covered)
        result.left_out += _runs(document.source, {n: skipped[n] for n in prose if n in skipped})
        lost = {n: "on no card" for n in counted - covered}
        result.lost += _runs(document.source, lost)
    return result


def card_lines(document: Document, selection: CardSelection) -> set[int]:
    """The source lines some card of `selection` shows."""
    lines: set[int] = set()
    for card in selection.questions:
        lines.update(range(*card.question.span))
        lines.add(card.question.line)
    keys = {point.key for point in selection.points}
    if document.intro_key in keys:
        lines.update(document.intro_lines)
    for section in document.walk_sections():
        lines.update(_section_lines(section, keys))
    return lines


def _section_lines(section: Section, keys: set[str]) -> Iterator[int]:
    if section.key and section.key in keys:
        yield from section.rest_lines
    for point in section.key_points:
        if point.key in keys or not point.is_leaf:  # a group's label is every child's path
            yield from range(*point.span)


def _runs(path: Path, lines: dict[int, str]) -> list[LineRun]:
    """Consecutive lines with the same reason, as one run each."""
    runs: list[LineRun] = []
    for number in sorted(lines):
        why = lines[number]
        last = runs[-1] if runs else None
        if last is not None and last.why == why and last.end == number - 1:
            runs[-1] = LineRun(path, last.start, number, why)
        else:
            runs.append(LineRun(path, number, number, why))
    return runs


def explain(coverage: Coverage) -> Iterable[str]:
    for run in sorted([*coverage.left_out, *coverage.lost], key=lambda r: (str(r.path), r.start)):
        yield str(run)
