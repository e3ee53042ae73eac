"""`export anki`: notes → `.apkg`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .. import coverage
from ..anki import build_package
from ..model import Document
from ..selection import document_identities, select_cards
from ..watch import Outcome, watch_option
from .anki_into import into_options, run_into
from .collector import collector_paused
from .common import (
    interview_option,
    load_documents,
    media_root_option,
    no_cache_option,
    notes_argument,
    output_option,
    output_path,
    plural,
    quiet_option,
    run_export,
    strict_option,
    warn,
)
from .mathoption import math_commands_option


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
@strict_option
@no_cache_option
@watch_option("deck")
@quiet_option
@math_commands_option
def anki(
    notes: tuple[Path, ...],
    output: Path | None,
    deck_name: str | None,
    interview_heading: str | None,
    explain: bool,
    media_roots: tuple[Path, ...],
    strict: bool,
    watch: bool,
    quiet: bool,
    **into: Any,
) -> None:
    """Export NOTES (Markdown files, or folders of them) as one Anki deck (.apkg).

    Interview questions become Q&A cards (answer, follow-ups and the note section the
    answer points to); bold-labelled bullets of the notes become key-point cards. Formulas
    use Anki's own MathJax. Re-importing after an edit updates the cards in place and keeps
    their review history. A folder's files are found recursively and its folder tree
    becomes the deck tree, under a top deck named after the folder.
    """

    def export() -> Outcome:
        with collector_paused():
            return _export()

    def _export() -> Outcome:
        loaded = load_documents(
            notes, interview_heading=interview_heading, quiet=quiet, media_roots=media_roots
        )
        documents = loaded.documents
        top_deck = deck_name or loaded.top_deck
        if run_into(documents, deck_name=top_deck, output=output, quiet=quiet, **into):
            return Outcome("", loaded.exit_status(strict), documents)
        target = output_path(notes, output, ".apkg", "the deck")
        nested = loaded.from_folder or None
        result = build_package(documents, target, deck_name=top_deck, nested=nested)
        if not quiet:
            for warning in result.warnings:
                warn(str(warning))
        covered = card_coverage(documents)
        if explain:
            for line in coverage.explain(covered):
                click.echo(line)
        done = f"wrote {result.path}" if result.written else f"{result.path} is up to date"
        line = (
            f"{done}: {plural(result.notes, 'note')}, {plural(result.cards, 'card')}, "
            f"{plural(result.media, 'media file')}, {plural(result.decks, 'deck')}; "
            f"{covered.summary()}"
        )
        return Outcome(line, loaded.exit_status(strict, len(result.warnings)), documents)

    run_export(notes, export, watch=watch, quiet=quiet)


def card_coverage(documents: list[Document]) -> coverage.Coverage:
    identities, _ = document_identities(documents)
    selections = [select_cards(d, i) for d, i in zip(documents, identities, strict=True)]
    return coverage.measure(documents, selections)
