"""Stable IDs: a deck's from its name, a note's GUID from its identity.

`guid_for` is genanki's `genanki.guid_for`, digit for digit (tested against it), so that
the cards can be rendered before genanki is imported: importing it (with PyYAML, chevron
and asyncio behind it) is a tenth of a second that an export of a large file spends
while its second core is still rendering, instead of before it starts.
"""

from __future__ import annotations

import hashlib

# The digits of Anki's base-91 GUIDs, as genanki writes them.
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def guid_for(*values: object) -> str:
    """The first 8 bytes of the SHA-256 of the values joined by `__`, in base 91."""
    digest = hashlib.sha256("__".join(str(value) for value in values).encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    digits = []
    while number > 0:
        number, digit = divmod(number, len(_BASE91))
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


def deck_id(name: str) -> int:
    """A stable ID from the deck's full name, within the range Anki accepts."""
    digest = hashlib.sha256(f"notes-exporter deck:{name}".encode()).digest()
    return int.from_bytes(digest[:7], "big") + (1 << 32)
