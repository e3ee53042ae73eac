"""The command line: a thin click group; each command lives in `exporter/commands/`."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from .errors import ExportError

_COMMANDS = {
    "anki": ("exporter.commands.anki", "anki"),
    "pdf": ("exporter.commands.pdf", "pdf"),
    "check": ("exporter.commands.check", "check"),
}


class _Group(click.Group):
    """Loads a command's module only when it runs (the anki path never imports WeasyPrint)
    and turns `ExportError`s into one `error:` line and exit code 1, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in _COMMANDS if self._load(name) is not None]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._load(name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        if name not in _COMMANDS:
            return None
        module_name, attribute = _COMMANDS[name]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None  # a command not built yet
            raise
        return getattr(module, attribute)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ExportError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted: no output was written", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="notes-exporter")
def main() -> None:
    """Turn Markdown study notes into an Anki deck and a printable A4 cheat sheet.

    \b
    Examples:
      notes-export anki seeds/ppo-rlhf.md        → build/ppo-rlhf.apkg
      notes-export pdf seeds/ppo-rlhf.md         → build/ppo-rlhf.pdf
      notes-export check --fix seeds/ppo-rlhf.md → lint, fix spacing and punctuation

    `export` is the same program; in a shell, `export` alone is the shell's builtin, so
    call it as `uv run export ...` or use `notes-export` / `python -m exporter`.
    """
