"""`export pdf`: notes → a printable A4 cheat sheet."""

from __future__ import annotations

from pathlib import Path

import click

from .common import (
    interview_option,
    load_documents,
    media_root_option,
    notes_argument,
    output_option,
    output_path,
    plural,
    quiet_option,
    show_progress,
    summary,
    warn_all,
)


@click.command()
@notes_argument
@output_option("PDF", ".pdf")
@click.option(
    "--columns",
    type=click.Choice(["2", "3"]),
    default="3",
    show_default=True,
    help="Columns per page.",
)
@click.option(
    "--font",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Font file (.ttf/.otf/.ttc) to set the text in "
    "(default: an installed CJK font, else the bundled Noto Sans SC).",
)
@click.option(
    "--questions-only",
    is_flag=True,
    help="Print only the interview questions and follow-ups, without answers (self-test).",
)
@click.option(
    "--template",
    "template_dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Folder with your own sheet.html and/or sheet.css "
    "(copies of templates/pdf/); missing files come from the shipped template.",
)
@media_root_option
@interview_option
@quiet_option
def pdf(
    notes: tuple[Path, ...],
    output: Path | None,
    columns: str,
    font: Path | None,
    questions_only: bool,
    template_dir: Path | None,
    interview_heading: str | None,
    media_roots: tuple[Path, ...],
    quiet: bool,
) -> None:
    """Export NOTES (one or more Markdown files) as one A4 cheat sheet (.pdf).

    Sections keep their hierarchy; each interview question is printed with its answer and
    follow-ups as one block that never splits, and names the note section it refers to.
    Formulas are vector graphics; Chinese is set in a real CJK font even on a machine
    without one installed.
    """
    # Imported here: the writer pulls in WeasyPrint, which `export --help` should not pay.
    from ..pdf import PdfOptions, write_pdf

    documents = load_documents(
        notes, interview_heading=interview_heading, quiet=quiet, media_roots=media_roots
    )
    target = output_path(notes, output, ".pdf", "the PDF")
    options = PdfOptions(
        columns=int(columns),
        font=font,
        questions_only=questions_only,
        template_dir=template_dir,
    )
    progress = _progress if show_progress(quiet) else None
    result = write_pdf(documents, target, options, progress=progress)
    if not quiet:
        warn_all([str(diagnostic) for diagnostic in result.warnings])
    failed = f" ({result.failed_formulas} shown as TeX)" if result.failed_formulas else ""
    summary(
        quiet,
        f"wrote {result.path}: {plural(result.pages, 'page')}, "
        f"{plural(result.formulas, 'formula')}{failed}, font {result.font.name}",
    )


def _progress(message: str) -> None:
    click.echo(f"… {message}", err=True)
