"""`--allow-mathjax-commands`, shared by `export anki` and `export pdf`.

`@math_commands_option` adds the option and runs the command inside a `texguard.math_run`,
so every formula rendered during the export follows it; `report_refused(quiet)` prints the
formulas refused so far (call it before the summary line).
"""

from __future__ import annotations

import functools
from typing import Any

import click

from ..texguard import ALLOW_OPTION, current_run, math_run
from .common import MAX_WARNINGS, Callback, warn

ENVIRONMENT = "NOTES_EXPORTER_ALLOW_MATHJAX_COMMANDS"


def math_commands_option(command: Callback) -> Callback:
    @click.option(
        ALLOW_OPTION,
        "allow_mathjax_commands",
        is_flag=True,
        envvar=ENVIRONMENT,
        help="Let formulas use MathJax commands that act on the page (\\href, \\style, "
        "\\class, \\cssId, \\require, ...). Only for notes you trust: refused by default, "
        f"the formula is then shown as TeX. Also: {ENVIRONMENT}=1.",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, allow_mathjax_commands: bool, **kwargs: Any) -> Any:
        with math_run(allow_commands=allow_mathjax_commands):
            return command(*args, **kwargs)

    return wrapper


def report_refused(quiet: bool) -> None:
    run = current_run()
    if quiet or run is None:
        return
    warnings = run.warnings
    for diagnostic in warnings[:MAX_WARNINGS]:
        warn(str(diagnostic))
    if len(warnings) > MAX_WARNINGS:
        warn(f"... and {len(warnings) - MAX_WARNINGS} more formulas shown as TeX")
