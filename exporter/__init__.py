"""Markdown study notes → Anki deck and A4 cheat sheet."""
