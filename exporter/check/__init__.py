"""`export check`: a linter for the user's editing rules and the question ↔ notes links.

registry (one `Rule` per rule) ← typography / structure / interview / answers register
their rules; engine (parse once, place inlines, infer the style, run the selected rules,
turn the parser's diagnostics into findings) → findings; fix applies their edits in
rounds and proves the meaning is kept; report prints them.
"""

from . import rules as rules  # every rule registered whenever the checker is used
