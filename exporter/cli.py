"""The command line: a thin click group; each command lives in `exporter/commands/`."""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

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
            with _terminations_unwind():
                return super().invoke(ctx)
        except ExportError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted: no output was written", err=True)
            sys.exit(130)
        except Terminated as exc:
            click.echo(f"stopped by {exc.name}: no output was written", err=True)
            sys.exit(128 + exc.signum)


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the program is, so that every `finally` and context
    manager runs: temporary files and folders go, exactly as after Ctrl-C. A BaseException,
    so that no `except Exception` on the way takes it for an ordinary failure."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


@contextlib.contextmanager
def _terminations_unwind() -> Iterator[None]:
    if not hasattr(signal, "SIGHUP"):  # Windows: only SIGTERM exists there
        yield
        return
    owner = os.getpid()
    signals = (signal.SIGTERM, signal.SIGHUP)

    def unwind(signum: int, _frame: object) -> None:
        if os.getpid() != owner:  # a forked worker: die as the signal means
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        for other in signals:  # a second signal must not cut the clean-up short
            signal.signal(other, signal.SIG_IGN)
        raise Terminated(signum)

    try:
        previous = {signum: signal.signal(signum, unwind) for signum in signals}
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


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


def run(prog_name: str | None = None) -> NoReturn:
    """The program's entry point: `main`, then a quick exit.

    A run ends holding every token, fragment and note it made (a million objects on 4,000
    notes); a normal interpreter exit frees them one by one and collects cycles first,
    which took a quarter of a large export. Every output is written and closed by then,
    so, as mypy does, the process leaves without that teardown, once the exit handlers
    have run and stdout and stderr are flushed. A run that loaded WeasyPrint exits the
    normal way: it removes its temporary font folders only as their objects are freed.
    """
    try:
        main(prog_name=prog_name)
        status: int = 0
    except SystemExit as exit_:
        status = _exit_status(exit_.code)
    if "weasyprint" in sys.modules:
        sys.exit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    click.echo(str(code), err=True)  # what `sys.exit("message")` prints before leaving
    return 1
