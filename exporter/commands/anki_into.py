"""`export anki --into TARGET`: the options and the run (the import itself is in
`exporter/anki/into.py`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..anki import build_package
from ..anki.into import REMOVED_TAG, CollectionSession, Plan, make_plan, prepare
from ..anki.profiles import resolve_collection
from ..model import Document
from ..output import scratch_folder
from .common import plural, summary

MAX_LISTED = 20  # notes named one per line before "and N more"


def into_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--into",
            metavar="TARGET",
            help="Import straight into an Anki collection: a profile name (e.g. 'User 1'), "
            "a profile folder or a collection.anki2 file. Anki must be closed.",
        ),
        click.option(
            "--prune",
            is_flag=True,
            help=f"With --into: delete this tool's notes that the notes no longer have "
            f"(default: tag them {REMOVED_TAG}).",
        ),
        click.option(
            "--dry-run", is_flag=True, help="With --into: say what would change, change nothing."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def run_into(
    documents: Sequence[Document],
    *,
    into: str | None,
    prune: bool,
    dry_run: bool,
    deck_name: str | None,
    output: Path | None,
    quiet: bool,
) -> bool:
    """Run the `--into` form when asked for; False when the command writes a file instead."""
    if not into:
        if prune or dry_run:
            raise click.UsageError("--prune and --dry-run go with --into TARGET")
        return False
    if output is not None:
        raise click.UsageError("-o writes a file and --into imports it: choose one")
    collection = resolve_collection(into)
    top_deck = deck_name or documents[0].title
    with (
        CollectionSession(collection) as session,
        scratch_folder("notes-exporter-into-") as scratch,
    ):
        package = build_package(documents, Path(scratch) / "export.apkg", deck_name=deck_name)
        own = session.own_notes(top_deck)
        plan = make_plan(prepare(package.path, own), own)
        if dry_run and not quiet:
            _list(f"would add {plural(len(plan.added), 'note')}", plan.added)
            _list(f"would update {plural(len(plan.updated), 'note')}", plan.updated)
        _list_gone(plan, prune, dry_run, quiet)
        if dry_run or not plan.changes(prune):
            summary(quiet, _planned(collection, plan, prune, dry_run))
            return True
        backup = session.backup()
        summary(quiet, f"backup: {backup}")
        outcome = session.apply(package.path, plan, prune=prune)
    gone = f"{outcome.pruned} pruned" if prune else f"{outcome.retired} retired"
    extra = f", {outcome.restored} restored" if outcome.restored else ""
    if outcome.skipped:
        extra += f", {outcome.skipped} skipped (GUID used by a note of another type)"
    summary(
        quiet,
        f"into {collection}: {outcome.added} added, {outcome.updated} updated, "
        f"{outcome.unchanged} unchanged, {gone}{extra}",
    )
    return True


def _list_gone(plan: Plan, prune: bool, dry_run: bool, quiet: bool) -> None:
    """Name the notes about to be tagged or deleted, with what deleting them loses."""
    notes = plan.to_prune() if prune else plan.retire
    if quiet or not notes:
        return
    verb = {
        (True, True): "would delete",
        (True, False): "deleting",
        (False, True): "would retire",
        (False, False): "retiring",
    }[prune, dry_run]
    reviews = plural(sum(n.reviews for n in notes), "review")
    _list(
        f"{verb} {plural(len(notes), 'note')} no longer in the notes ({reviews} in all)",
        [f"{n.title} ({plural(n.reviews, 'review')})" for n in notes],
    )


def _list(head: str, lines: list[str]) -> None:
    if not lines:
        return
    click.echo(f"{head}:", err=True)
    for line in lines[:MAX_LISTED]:
        click.echo(f"  {line}", err=True)
    if len(lines) > MAX_LISTED:
        click.echo(f"  ... and {len(lines) - MAX_LISTED} more", err=True)


def _planned(collection: Path, plan: Plan, prune: bool, dry_run: bool) -> str:
    gone = len(plan.to_prune()) if prune else len(plan.retire)
    word = "pruned" if prune else "retired"
    counts = (
        f"{len(plan.added)} added, {len(plan.updated)} updated, "
        f"{len(plan.unchanged)} unchanged, {gone} {word}"
    )
    if plan.restore:
        counts += f", {len(plan.restore)} restored"
    if dry_run:
        return f"dry run, nothing changed in {collection}: would be {counts}"
    return f"into {collection}: {counts} (nothing to change, the collection was not touched)"
