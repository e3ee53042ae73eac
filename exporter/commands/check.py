"""`export check`: lint notes against the editing rules, and fix what is safe to fix."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import click

from ..check import rules
from ..check.config import ConfigError
from ..check.files import FileReport, check_file
from ..check.fix import FixRefused
from ..check.registry import STYLES
from ..check.report import github_lines, json_report, summary, text_lines
from ..check.styles import AUTO
from ..errors import InputError, OutputError
from ..inputs import find_notes
from ..parallel import ordered_map
from .collector import collector_paused
from .common import interview_option, warn_all

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


def _explain(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    found = [r for r in rules.RULES if rules.matches(value, r) and value.upper() != "ALL"]
    if not found:
        raise click.BadParameter(f"`{value}` names no rule (see `export check --rules`)")
    for rule in found:
        click.echo(f"{rule.id} {rule.name}{' [*]' if rule.fixable else ''}\n  {rule.summary}")
        click.echo(f"  why: {rule.why}\n  example: {rule.example}")
        click.echo(f"  styles: {', '.join(sorted(rule.styles))}")
        for setting in rule.settings:
            click.echo(f"  setting `{setting.name}` (default {setting.default!r}): {setting.help}")
    ctx.exit(0)


def _epilog() -> str:
    keys = ", ".join(["select", "ignore", "style", *rules.RULES.settings()])
    return (
        "\b\nRules ([*]: fixed by --fix):\n" + rules.listing() + "\n\n"
        f"Configure them in pyproject.toml under [tool.exporter.check] ({keys}) or in the "
        "notes' front matter under `check:`. Silence one place with "
        "`<!-- export-check: disable-next-line=T001 -->` (or `disable-line`, or `disable` "
        "for the whole file)."
    )


class _RegistryHelp(click.Command):
    """`--help` lists the rules registered when it is asked for, not at import."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.epilog = _epilog()
        super().format_epilog(ctx, formatter)


@click.command(cls=_RegistryHelp)
@click.argument("notes", nargs=-1, required=True, type=click.Path(path_type=Path))
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
    "--style",
    type=click.Choice([*STYLES, AUTO]),
    default=None,
    help="The house style: half-width (the user's: `, ` and `;`), standard (full-width "
    "`，。` in Chinese) or auto (default: each file's dominant one, or the configuration's).",
)
@click.option(
    "--output-format",
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="json: one array of findings with their fixes; github: annotations for GitHub Actions.",
)
@click.option(
    "--rules",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_show_rules,
    help="List the rules and exit.",
)
@click.option(
    "--explain",
    metavar="RULE",
    is_eager=True,
    expose_value=False,
    callback=_explain,
    help="Say what a rule asks for, why, with an example and its settings, and exit.",
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
    style: str | None,
    output_format: str,
    interview_heading: str | None,
    quiet: bool,
) -> None:
    """Check NOTES (files, or folders of .md files) against the editing rules: the
    punctuation and spacing of a house style, `##` headings, sparing bold, `$` math, and
    interview questions that have an answer, a follow-up and references that name a
    section, and answers the notes back. Code, math, URLs, link targets, HTML and front
    matter are never read or changed.

    Prints `FILE:LINE:COL: RULE message` per finding ([*]: --fix can fix it) and a
    summary. Exit status: 0 clean, 1 findings left, 2 usage or input error.
    """
    overrides: dict[str, Any] = {}
    if select:
        overrides["select"] = select
    if ignore:
        overrides["ignore"] = ignore
    if style:
        overrides["style"] = style
    with collector_paused():
        reports, failed = _check_all(notes, fix, overrides, interview_heading)
    _print(reports, output_format, quiet)
    ctx = click.get_current_context()
    if failed:
        ctx.exit(USAGE_OR_INPUT_ERROR)
    if any(report.findings for report in reports):
        ctx.exit(FOUND)


def _check_all(
    arguments: tuple[Path, ...], fix: bool, overrides: dict[str, Any], heading: str | None
) -> tuple[list[FileReport], bool]:
    reports: list[FileReport] = []
    failed = False
    found = find_notes(arguments)
    for folder in (a for a in arguments if a.is_dir()):
        if not any(n.root == folder for n in found):
            click.echo(f"error: {folder}: no .md files in this folder", err=True)
            failed = True
    job = partial(_check_one, fix=fix, overrides=overrides, heading=heading)
    size = sum(_size(n.path) for n in found)
    for report in ordered_map(job, [n.path for n in found], size=size):
        if isinstance(report, str):
            click.echo(f"error: {report}", err=True)
            failed = True
        else:
            reports.append(report)
    return reports, failed


def _check_one(
    path: Path, *, fix: bool, overrides: dict[str, Any], heading: str | None
) -> FileReport | str:
    """One file's report, or the error that stopped it (a worker process may run this)."""
    try:
        return check_file(path, fix=fix, overrides=overrides, interview_heading=heading)
    except (InputError, ConfigError, FixRefused, OutputError) as exc:
        return str(exc)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _print(reports: list[FileReport], output_format: str, quiet: bool) -> None:
    if output_format == "json":
        click.echo(json_report(reports))
    else:
        lines = github_lines if output_format == "github" else text_lines
        for line in lines(reports):
            click.echo(line)
    if quiet:
        return
    warn_all([warning for report in reports for warning in report.warnings])
    for report in reports:
        if report.style.inferred and any(
            len(rules.RULES[f.rule].styles) < len(STYLES) for f in report.findings
        ):
            click.echo(f"note: {report.path}: {report.style.describe()}", err=True)
    if output_format == "text" and reports:
        click.echo(summary(reports))
