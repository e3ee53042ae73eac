"""`--allow-mathjax-commands`, shared by `export anki` and `export pdf`.

`@math_commands_option` adds the option and runs the command inside a `texguard.math_run`,
so every formula rendered during the export follows it. The parser warns about such
formulas (S006); `load_documents` leaves that warning out when the option allows them.
"""

from __future__ import annotations

import functools
from typing import Any

import click

from ..texguard import ALLOW_OPTION, math_run
from .common import Callback

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
