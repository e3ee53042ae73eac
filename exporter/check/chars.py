"""Character classes shared by the rules, and the sentinels that stand in for protected text.

Rules read a *masked* copy of each inline's source: prose is copied as written, everything
a rule must neither read nor touch (math, code, URLs, HTML, link targets, escapes) is
replaced by a sentinel of the same length, and markup delimiters by sentinels that say
which side of a span they are on. Offsets in the masked text equal offsets in the source,
so a rule's match is already the position to report and to edit.
"""

from __future__ import annotations

# Private-use characters: they never occur in real notes (and if one did, it only costs a
# missed finding next to it, never an edit inside a protected zone).
MATH = "\ue001"
CODE = "\ue002"
OPAQUE = "\ue003"  # URL, link target, HTML, image, escape, entity
STRONG_OPEN = "\ue004"
STRONG_CLOSE = "\ue005"
EM_OPEN = "\ue006"
EM_CLOSE = "\ue007"
LINK_OPEN = "\ue008"
LINK_CLOSE = "\ue009"  # `](target)` as a whole: the target is protected
URL = "\ue00a"  # a bare URL or an autolink: protected, but a word next to Chinese

MARKERS = STRONG_OPEN + STRONG_CLOSE + EM_OPEN + EM_CLOSE + LINK_OPEN + LINK_CLOSE
OPENING_MARKERS = STRONG_OPEN + EM_OPEN + LINK_OPEN
CLOSING_MARKERS = STRONG_CLOSE + EM_CLOSE + LINK_CLOSE
# Emphasis and link brackets do not separate words a reader sees: `中*a*` reads `中a`.
# Bold is left out on purpose: its spacing is rule T004's, and one gap gets one finding.
TRANSPARENT = EM_OPEN + EM_CLOSE + LINK_OPEN + LINK_CLOSE

# Han (with extensions and compatibility ideographs), kana, Bopomofo and Hangul; CJK
# punctuation is deliberately not here: it is punctuation, not a word.
CJK = (
    "\u2e80-\u2fdf\u3040-\u31ff\u3200-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
    "\U00020000-\U0002fa1f"
)
# Latin letters (with accents), Greek letters and ASCII digits.
LATIN = "A-Za-z0-9\u00c0-\u024f\u0370-\u03ff"
# Formulas, inline code and URLs read as Latin text next to Chinese: `在 $s_t$ 下`.
LATIN_LIKE = LATIN + MATH + CODE + URL

# Sentence punctuation: no space before it, one after it.
HALF_PUNCT = ",.;:!?"
FULL_PUNCT = "，。；：！？、"
CLOSERS = ")]}\"'”’》」』）】"
OPENERS = "([{\"'“‘《「『（【"


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x2FDF
        or 0x3040 <= code <= 0x31FF
        or 0x3200 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xAC00 <= code <= 0xD7AF
        or 0x20000 <= code <= 0x2FA1F
    )


def is_latin(char: str) -> bool:
    if char.isascii():
        return char.isalnum()
    return "\u00c0" <= char <= "\u024f" or "\u0370" <= char <= "\u03ff"


def is_latin_like(char: str) -> bool:
    return is_latin(char) or char in (MATH, CODE, URL)


# Full-width punctuation and letters → their half-width twins: the one table T001's fix
# and the fix's meaning check (which ignores width) both use.
HALF_WIDTH: dict[str, str] = {
    "，": ",", "；": ";", "：": ":", "！": "!", "？": "?", "。": ".", "、": ",",
    "（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'",
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)},  # ０-９
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)},  # Ａ-Ｚ
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)},  # ａ-ｚ
}  # fmt: skip
