"""The PDF writer: Document → HTML (templates/pdf) → WeasyPrint → A4 cheat sheet.

Importing this package is cheap; WeasyPrint and ziamath load only when a PDF is written.
"""

from __future__ import annotations

from .writer import PdfOptions, PdfResult, write_pdf

__all__ = ["PdfOptions", "PdfResult", "write_pdf"]
