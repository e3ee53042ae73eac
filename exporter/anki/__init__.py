"""The Anki writer: `Document`s → one `.apkg` with MathJax-ready cards."""

from .package import AnkiExport, build_package

__all__ = ["AnkiExport", "build_package"]
