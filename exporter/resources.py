"""Where the shipped templates live, in a checkout and in an installed wheel alike."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def templates_dir() -> Path:
    package = Path(__file__).resolve().parent
    installed = package / "templates"  # the wheel force-includes templates/ here
    if installed.is_dir():
        return installed
    return package.parent / "templates"
