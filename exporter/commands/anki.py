"""`export anki`: notes → `.apkg`."""

from __future__ import annotations

from pathlib import Path

import click

from ..anki import build_package
from ..watch import Outcome, watch_option
from .common import (
    default_output,
    interview_option,
    load_documents,
    no_cache_option,
    notes_argument,
    output_option,
    plural,
    quiet_option,
    run_export,
    strict_option,
)


@click.command()
@notes_argument
@output_option("deck", ".apkg")
@click.option(
    "--deck-name",
    metavar="NAME",
    help="Name of the top deck (default: the notes' title). Keep it stable across exports.",
)
@interview_option
@strict_option
@no_cache_option
@watch_option("deck")
@quiet_option
def anki(
    notes: tuple[Path, ...],
    output: Path | None,
    deck_name: str | None,
    interview_heading: str | None,
    strict: bool,
    watch: bool,
    quiet: bool,
) -> None:
    """Export NOTES (Markdown files, or folders of them) as one Anki deck (.apkg).

    Interview questions become Q&A cards (answer, follow-ups and the note section the
    answer points to); bold-labelled bullets of the notes become key-point cards. Formulas
    use Anki's own MathJax. Re-importing after an edit updates the cards in place and keeps
    their review history. A folder's files are found recursively and its folder tree
    becomes the deck tree, under a top deck named after the folder.
    """

    def export() -> Outcome:
        loaded = load_documents(notes, interview_heading=interview_heading, quiet=quiet)
        target = output or default_output(notes, ".apkg")
        result = build_package(
            loaded.documents,
            target,
            deck_name=deck_name or loaded.top_deck,
            nested=loaded.from_folder or None,
        )
        done = f"wrote {result.path}" if result.written else f"{result.path} is up to date"
        line = (
            f"{done}: {plural(result.notes, 'note')}, {plural(result.cards, 'card')}, "
            f"{plural(result.media, 'media file')}, {plural(result.decks, 'deck')}"
        )
        return Outcome(line, loaded.exit_status(strict), loaded.documents)

    run_export(notes, export, watch=watch, quiet=quiet)
