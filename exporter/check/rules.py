"""The rule set: importing the rule modules registers every rule (see `registry`).

`RULES` and `BY_ID` are the live registry (a test may register a rule of its own); the
selection helpers are re-exported for the command line.
"""

from __future__ import annotations

from . import answers, interview, preflight, standard, structure, typography  # noqa: F401
from .registry import (
    REGISTRY,
    Rule,
    UnknownSelector,
    listing,
    matches,
    register,
    rule,
    selected,
    validate,
)

RULES = REGISTRY
BY_ID = REGISTRY

__all__ = [
    "BY_ID",
    "RULES",
    "Rule",
    "UnknownSelector",
    "listing",
    "matches",
    "register",
    "rule",
    "selected",
    "validate",
]
