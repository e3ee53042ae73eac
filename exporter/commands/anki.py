"""`export anki`: notes → `.apkg`."""

from __future__ import annotations

from pathlib import Path

import click

from ..anki import build_package
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
@quiet_option
def anki(
    notes: tuple[Path, ...],
    output: Path | None,
    deck_name: str | None,
    interview_heading: str | None,
    media_roots: tuple[Path, ...],
    quiet: bool,
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
    target = output_path(notes, output, ".apkg", "the deck")
    result = build_package(documents, target, deck_name=deck_name)
    summary(
        quiet,
        f"wrote {result.path}: {plural(result.notes, 'note')}, {plural(result.cards, 'card')}, "
        f"{plural(result.media, 'media file')}, {plural(result.decks, 'deck')}",
    )
