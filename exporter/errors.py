"""Errors a user can act on. The CLI prints them as one line each, never as a traceback."""

from __future__ import annotations

from .model import Diagnostic


class ExportError(Exception):
    """Base class: anything the CLI reports as `error: ...` and exits non-zero."""


class InputError(ExportError):
    """The notes file cannot be used as it is; `diagnostic` says where and what to do."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


class OutputError(ExportError):
    """The output file cannot be written; the previous file, if any, is left untouched."""
