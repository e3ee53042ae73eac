"""`export check`: a linter for the user's editing rules and the question ↔ notes links.

engine (parse once, place inlines, run rules) → typography / structure / interview rules
→ findings; fix applies their edits in rounds and proves the meaning is kept; report
prints them. Rule ids and names live in `rules`.
"""
