"""What every command shares: reading notes files, warnings, progress, default outputs."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..media import configured_roots, image_diagnostics
from ..model import Document
from ..output import check_output
from ..parse import parse_file

Callback = Callable[..., Any]

DEFAULT_OUTPUT_DIR = Path("build")
MAX_WARNINGS = 20  # past this, more lines bury the summary without telling anything new

notes_argument = click.argument(
    "notes", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False)
)
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


def default_output(notes: Sequence[Path], suffix: str) -> Path:
    return DEFAULT_OUTPUT_DIR / f"{notes[0].stem}{suffix}"


def output_path(notes: Sequence[Path], output: Path | None, suffix: str, what: str) -> Path:
    """`-o` or the default, refused when writing it would destroy an input or a device."""
    target = output or default_output(notes, suffix)
    check_output(target, notes, what)
    return target


def show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


def load_documents(
    notes: Sequence[Path],
    *,
    interview_heading: str | None,
    quiet: bool,
    media_roots: Sequence[Path] = (),
) -> list[Document]:
    """Parse every file (progress on a terminal), then print their warnings."""
    documents: list[Document] = []
    if len(notes) > 1 and show_progress(quiet):
        with click.progressbar(notes, label="parsing", file=sys.stderr) as bar:
            documents = [parse_file(p, interview_heading=interview_heading) for p in bar]
    else:
        documents = [parse_file(p, interview_heading=interview_heading) for p in notes]
    roots = (*media_roots, *configured_roots(Path.cwd()))
    documents = [dataclasses.replace(d, media_roots=roots) for d in documents]
    if not quiet:
        warnings = [str(w) for document in documents for w in document.warnings]
        warn_all([*warnings, *map(str, image_diagnostics(documents))])
    return documents


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
