"""Which parts of a `Document` become cards, under which identity, and what each
reference points at: decided once here, for every writer (the deck, the sheet, any other).

- every interview question is a card;
- every key point worth one (`KeyPoint.is_card`) is a card;
- a leaf section with text of its own, no key points and no questions inside it is one
  card too, labelled by its title.

A card's `key` is what its identity is made from: the question's text (or explicit id),
the label's path, the section's path; never its content, so an edited answer updates the
card it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .model import Diagnostic, Document, Fragment, KeyPoint, Question, Section
from .parse.codes import DUPLICATE_IDENTITY
from .parse.text import normalise


@dataclass(frozen=True)
class Target:
    """What a reference points at: a section or a key point."""

    anchor: str
    section_anchor: str  # the section holding it (the sheet links there)
    title: Fragment  # the section's title or the key point's label
    plain_title: str
    body: Fragment  # the whole section, or the key point's content


@dataclass(frozen=True)
class QuestionCard:
    question: Question
    key: str
    targets: tuple[Target, ...]  # one per resolved reference, in the answer's order

    def distinct_targets(self) -> list[Target]:
        return list({target.anchor: target for target in self.targets}.values())


@dataclass(frozen=True)
class PointCard:
    key: str
    path: tuple[str, ...]  # the headings (and group labels) above it
    label: Fragment
    body: Fragment
    line: int


@dataclass(frozen=True)
class CardSelection:
    identity: str  # the document's part of every card identity
    questions: tuple[QuestionCard, ...]
    points: tuple[PointCard, ...]
    targets: dict[str, Target]


def document_identity(document: Document) -> str:
    """The document's part of every card identity: an `id` from the front matter, else its
    title; in a vault, the folders it sits in too (two `README.md` share a title)."""
    own = document.front_matter.get("id") or normalise(document.title)
    return "/".join((*document.group, own)) if document.group else own


def document_identities(documents: Sequence[Document]) -> tuple[list[str], list[Diagnostic]]:
    """An identity per document, unique in one package: a document whose identity another
    one has already is told apart by its file name (and warned about)."""
    identities: list[str] = []
    owners: dict[str, Document] = {}
    warnings: list[Diagnostic] = []
    for document in documents:
        identity = document_identity(document)
        if identity in owners:
            warnings.append(
                Diagnostic(
                    document.source,
                    1,
                    f"the same title as {owners[identity].source}: its cards are told apart "
                    "by this file's name",
                    "give one of them a title of its own, or an `id:` in its front matter",
                    code=DUPLICATE_IDENTITY,
                )
            )
            identity = f"{identity}@{'/'.join((*document.group, document.source.name))}"
        owners.setdefault(identity, document)
        identities.append(identity)
    return identities, warnings


def select_cards(document: Document, identity: str | None = None) -> CardSelection:
    targets = dict(_targets(document))
    questions = tuple(
        QuestionCard(
            question,
            question.key,
            tuple(targets[r.anchor] for r in question.references if r.anchor in targets),
        )
        for question in document.questions
    )
    identity = identity or document_identity(document)
    return CardSelection(identity, questions, tuple(_points(document)), targets)


def _targets(document: Document) -> Iterator[tuple[str, Target]]:
    for section in document.walk_sections():
        yield (
            section.anchor,
            Target(
                section.anchor, section.anchor, section.title, section.plain_title, section.markdown
            ),
        )
        for point in section.key_points:
            yield (
                point.anchor,
                Target(point.anchor, section.anchor, point.label, point.plain_label, point.body),
            )


def _points(document: Document) -> Iterator[PointCard]:
    if document.intro.strip():
        title = Fragment(document.title, inline=True)
        yield PointCard(document.intro_key, (), title, document.intro, document.intro.line)
    for section in document.walk_sections():
        if section.skipped:
            continue
        for point in section.key_points:
            if point.is_card:
                yield _point_card(point)
        if section.rest.strip():
            yield _section_card(section)


def _point_card(point: KeyPoint) -> PointCard:
    return PointCard(point.key, point.path, point.label, point.body, point.line)


def _section_card(section: Section) -> PointCard:
    return PointCard(section.key, section.path[:-1], section.title, section.rest, section.line + 1)
