"""`export anki`: notes → `.apkg`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .. import coverage
from ..anki import build_package
from ..model import Document
from ..selection import document_identities, select_cards
from .anki_into import into_options, run_into
from .common import (
    interview_option,
    load_documents,
    media_root_option,
    notes_argument,
    output_option,
    output_path,
    plural,
    quiet_option,
    summary,
    warn,
)


@click.command()
@notes_argument
@output_option("deck", ".apkg")
@click.option(
    "--deck-name",
    metavar="NAME",
    help="Name of the top deck (default: the notes' title). Keep it stable across exports.",
)
@media_root_option
@interview_option
@click.option(
    "--explain",
    is_flag=True,
    help="List the lines of the notes that are on no card, and why (a table of contents, "
    "a reference list, ...).",
)
@into_options
@quiet_option
def anki(
    notes: tuple[Path, ...],
    output: Path | None,
    deck_name: str | None,
    interview_heading: str | None,
    explain: bool,
    media_roots: tuple[Path, ...],
    quiet: bool,
    **into: Any,
) -> None:
    """Export NOTES (one or more Markdown files) as one Anki deck (.apkg).

    Interview questions become Q&A cards (answer, follow-ups and the note section the
    answer points to); bold-labelled bullets of the notes become key-point cards. Formulas
    use Anki's own MathJax. Re-importing after an edit updates the cards in place and keeps
    their review history.
    """
    documents = load_documents(
        notes, interview_heading=interview_heading, quiet=quiet, media_roots=media_roots
    )
    if run_into(documents, deck_name=deck_name, output=output, quiet=quiet, **into):
        return
    target = output_path(notes, output, ".apkg", "the deck")
    result = build_package(documents, target, deck_name=deck_name)
    if not quiet:
        for warning in result.warnings:
            warn(str(warning))
    covered = card_coverage(documents)
    if explain:
        for line in coverage.explain(covered):
            click.echo(line)
    summary(
        quiet,
        f"wrote {result.path}: {plural(result.notes, 'note')}, {plural(result.cards, 'card')}, "
        f"{plural(result.media, 'media file')}, {plural(result.decks, 'deck')}; "
        f"{covered.summary()}",
    )


def card_coverage(documents: list[Document]) -> coverage.Coverage:
    identities, _ = document_identities(documents)
    selections = [select_cards(d, i) for d, i in zip(documents, identities, strict=True)]
    return coverage.measure(documents, selections)
