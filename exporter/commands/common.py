"""What every command shares: reading notes files, warnings, progress, default outputs."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..cache import ENV_DISABLE as CACHE_OFF_VARIABLE
from ..cache import disable as disable_cache
from ..documents import forget as forget_loaded
from ..documents import load_document
from ..documents import replace as replace_document
from ..errors import ExportError, InputError
from ..inputs import NotesFile, find_notes
from ..media import configured_roots, image_diagnostics
from ..model import Document
from ..output import check_output
from ..parse.codes import MATHJAX_COMMAND, NOTHING_TO_CARD
from ..texguard import current_run
from ..watch import Outcome, watch_and_export

Callback = Callable[..., Any]

DEFAULT_OUTPUT_DIR = Path("build")
MAX_WARNINGS = 20  # past this, more lines bury the summary without telling anything new

notes_argument = click.argument("notes", nargs=-1, required=True, type=click.Path(path_type=Path))
quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="Print errors only: no warnings, progress or summary."
)


def output_option(what: str, suffix: str) -> Callable[[Callback], Callback]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        help=f"Where to write the {what} (default: build/<first notes file's name>{suffix}).",
    )


media_root_option = click.option(
    "--media-root",
    "media_roots",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    metavar="DIR",
    help="A folder besides the notes' own that images may come from (repeatable; also "
    "`media-roots` under [tool.exporter] in ./pyproject.toml).",
)
interview_option = click.option(
    "--interview-heading",
    metavar="TEXT",
    help="Text of the heading that starts the interview part "
    "(default: a ## heading naming 面试, 问题清单, interview, questions or Q&A).",
)


def no_cache_option(function: Callback) -> Callback:
    def turn_off(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            disable_cache()

    return click.option(
        "--no-cache",
        is_flag=True,
        expose_value=False,
        callback=turn_off,
        help="Parse and render everything again, without reading or writing the cache "
        f"(also: {CACHE_OFF_VARIABLE}=1).",
    )(function)


strict_option = click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 1 when there are warnings (the output is still written).",
)


@dataclass
class Loaded:
    """The documents of a run, and what went wrong on the way to them."""

    documents: list[Document]
    errors: int = 0  # files reported with `error:` and left out
    warnings: int = 0
    top_deck: str | None = None  # the folder's name when the notes are one folder
    from_folder: bool = False

    def exit_status(self, strict: bool, more_warnings: int = 0) -> int:
        failed = self.errors or (strict and self.warnings + more_warnings)
        return 1 if failed else 0


def default_output(notes: Sequence[Path], suffix: str) -> Path:
    first = notes[0]
    stem = first.resolve().name if first.is_dir() else first.stem
    return DEFAULT_OUTPUT_DIR / f"{stem or 'notes'}{suffix}"


def output_path(notes: Sequence[Path], output: Path | None, suffix: str, what: str) -> Path:
    """`-o` or the default, refused when writing it would destroy an input (any notes file
    of a folder too) or a device."""
    target = output or default_output(notes, suffix)
    check_output(target, [found.path for found in find_notes(notes)], what)
    return target


def show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


def load_documents(
    notes: Sequence[Path],
    *,
    interview_heading: str | None,
    quiet: bool,
    media_roots: Sequence[Path] = (),
) -> Loaded:
    """Find the notes files (folders searched), parse each (through the cache, progress on a
    terminal), report each broken file and go on; print the warnings."""
    forget_loaded()
    files = find_notes(notes)
    roots = (*media_roots, *configured_roots(Path.cwd()))
    run = current_run()
    allowed = {MATHJAX_COMMAND} if run is not None and run.allow_commands else set()
    folders = [path for path in notes if path.is_dir()]
    loaded = Loaded([], top_deck=_top_deck(folders) if len(folders) == 1 else None)
    loaded.from_folder = bool(folders)
    warnings: list[str] = []
    failures: list[InputError] = []
    with _progress(files, quiet) as bar:
        for found in bar:
            try:
                document = _load_one(found, interview_heading, alone=len(files) == 1, roots=roots)
            except InputError as exc:
                failures.append(exc)
                continue
            if document is None:
                warnings.append(f"{found.path}:1: nothing to put on a card (skipped)")
                continue
            loaded.documents.append(document)
            warnings.extend(str(w) for w in document.warnings if w.code not in allowed)
    _report_failures(files, failures, loaded.documents)
    warnings.extend(str(w) for w in image_diagnostics(loaded.documents))
    loaded.errors = len(failures)
    loaded.warnings = len(warnings)
    if not quiet:
        warn_all(warnings)
    return loaded


def _load_one(
    found: NotesFile, interview_heading: str | None, *, alone: bool, roots: tuple[Path, ...]
) -> Document | None:
    """The file's document; None when it has nothing to card and other files are being
    exported (alone, it is exported with its N001 warning); InputError when unreadable."""
    document = load_document(found.path, interview_heading=interview_heading, group=found.group)
    if not alone and any(w.code == NOTHING_TO_CARD for w in document.warnings):
        return None
    return replace_document(document, media_roots=roots)


def _report_failures(
    files: Sequence[NotesFile], failures: list[InputError], documents: list[Document]
) -> None:
    """A single file that fails is the run's error; among several, each is reported and
    the others are still written."""
    if failures and len(files) == 1:
        raise failures[0]
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if not documents:
        raise ExportError(
            "nothing to export: "
            + ("no notes file (.md, .markdown) found" if not files else "no file could be used")
            + " (check the paths)"
        )


def _top_deck(folders: Sequence[Path]) -> str | None:
    return folders[0].resolve().name or None


@contextlib.contextmanager
def _progress(files: Sequence[NotesFile], quiet: bool) -> Iterator[Iterable[NotesFile]]:
    if len(files) > 1 and show_progress(quiet):
        with click.progressbar(files, label="reading notes", file=sys.stderr) as bar:
            yield bar
    else:
        yield files


def run_export(
    notes: Sequence[Path], export: Callable[[], Outcome], *, watch: bool, quiet: bool
) -> None:
    """Export once (summary line, exit status), or again on every save with `--watch`."""
    if watch:
        watch_and_export(notes, export, quiet)
        return
    outcome = export()
    if outcome.line:
        summary(quiet, outcome.line)
    if outcome.status:
        sys.exit(outcome.status)


def warn_all(messages: Sequence[str]) -> None:
    """At most MAX_WARNINGS lines, then how many more there are."""
    for message in messages[:MAX_WARNINGS]:
        warn(message)
    if len(messages) > MAX_WARNINGS:
        warn(f"... and {len(messages) - MAX_WARNINGS} more like these")


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def summary(quiet: bool, text: str) -> None:
    if not quiet:
        click.echo(text, err=True)


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"
