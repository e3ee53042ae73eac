"""`export check`: lint notes against the editing rules, and fix what is safe to fix."""

from __future__ import annotations

from pathlib import Path

import click

from ..check import rules
from ..check.config import ConfigError
from ..check.files import FileReport, check_file
from ..check.fix import FixRefused
from ..check.report import json_report, summary, text_lines
from ..errors import InputError, OutputError
from .common import interview_option, notes_argument, warn_all

USAGE_OR_INPUT_ERROR = 2
FOUND = 1


def _selectors(values: tuple[str, ...]) -> list[str]:
    found = [part.strip() for value in values for part in value.split(",") if part.strip()]
    try:
        rules.validate(found)
    except rules.UnknownSelector as exc:
        raise click.BadParameter(f"`{exc}` names no rule (see `export check --rules`)") from None
    return found


def _select(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    return _selectors(values)


def _show_rules(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(rules.listing())
        ctx.exit(0)


@click.command(
    epilog="\b\nRules ([*]: fixed by --fix):\n" + rules.listing() + "\n\n"
    "Configure them in pyproject.toml under [tool.exporter.check] (select, ignore, "
    "bold-max-share, bold-min-length, abbreviations) or in the notes' front matter under "
    "`check:`."
)
@notes_argument
@click.option("--fix", is_flag=True, help="Apply the safe fixes (marked [*]) in place.")
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    callback=_select,
    help="Only these rules: ids, prefixes (T, S, Q) or names, comma-separated "
    "(default: ALL, or the configuration's).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULES",
    callback=_select,
    help="Skip these rules (added to the configuration's).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one array of findings on stdout, with their fixes.",
)
@click.option(
    "--rules",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_show_rules,
    help="List the rules and exit.",
)
@interview_option
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print the findings and errors only: no warnings or summary.",
)
def check(
    notes: tuple[Path, ...],
    fix: bool,
    select: list[str],
    ignore: list[str],
    output_format: str,
    interview_heading: str | None,
    quiet: bool,
) -> None:
    """Check NOTES against the editing rules: half-width punctuation, spaces between
    Chinese and English, around parentheses and bold, `;` between sentences, `##`
    headings, sparing bold, `$` math, and interview questions that have an answer, a
    follow-up and references that name a section. Code, math, URLs, link targets, HTML
    and front matter are never read or changed.

    Prints `FILE:LINE:COL: RULE message` per finding ([*]: --fix can fix it) and a
    summary. Exit status: 0 clean, 1 findings left, 2 usage or input error.
    """
    overrides: dict[str, list[str]] = {}
    if select:
        overrides["select"] = select
    if ignore:
        overrides["ignore"] = ignore
    reports: list[FileReport] = []
    failed = False
    for path in notes:
        try:
            reports.append(
                check_file(path, fix=fix, overrides=overrides, interview_heading=interview_heading)
            )
        except (InputError, ConfigError, FixRefused, OutputError) as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
    if output_format == "json":
        click.echo(json_report(reports))
    else:
        for line in text_lines(reports):
            click.echo(line)
    if not quiet:
        warn_all([warning for report in reports for warning in report.warnings])
        if output_format == "text" and reports:
            click.echo(summary(reports))
    ctx = click.get_current_context()
    if failed:
        ctx.exit(USAGE_OR_INPUT_ERROR)
    if any(report.findings for report in reports):
        ctx.exit(FOUND)
