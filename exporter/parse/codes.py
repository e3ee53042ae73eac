"""Stable ids of what the parser warns about, shared by the writers' warnings and the
rules of `export check` (which registers a `Rule` for each)."""

from __future__ import annotations

NO_ANSWER = "Q001"
NO_FOLLOW_UP = "Q002"
DUPLICATE_QUESTION = "Q003"
UNRESOLVED_REFERENCE = "Q004"
UNINDENTED_BULLETS = "Q005"
UNBALANCED_DOLLAR = "S004"
MATHJAX_COMMAND = "S006"  # a formula with \href, \style, ...: shown as TeX unless allowed
NOTHING_TO_CARD = "N001"
DUPLICATE_IDENTITY = "N002"
LONG_ANSWER = "N003"
NO_INTERVIEW_HEADING = ""  # not a lint rule: a command-line option that matched nothing
# Images left out of the deck and the PDF (the card shows a marker instead).
IMAGE_MISSING = "M001"
IMAGE_OUTSIDE = "M002"
IMAGE_NOT_AN_IMAGE = "M003"
IMAGE_UNREADABLE = "M004"
