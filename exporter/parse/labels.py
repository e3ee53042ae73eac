"""The words users label answers, follow-ups and interview parts with."""

from __future__ import annotations

import re

from .text import normalise

ANSWER_LABELS = frozenset(
    normalise(word)
    for word in (
        "答案线索", "答案", "参考答案", "答", "回答", "答题思路", "思路", "要点",
        "Answer", "Answers", "A", "Hint", "Hints", "Answer hints",
    )
)  # fmt: skip
FOLLOW_UP_LABELS = frozenset(
    normalise(word)
    for word in ("追问", "可能的追问", "延伸问题", "Follow-up", "Follow-ups", "Follow up")
)

INTERVIEW_TITLE = re.compile(r"面试|问题清单|面试题|问答|interview|questions|q\s*&\s*a", re.I)

# `Q: ...`, `**Q:** ...`, `**问**: ...` at the start of a paragraph.
QUESTION_PARAGRAPH = re.compile(
    r"^(?:\*\*|__)?\s*(?:Q|问|问题)\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*(?=\S)", re.I
)
ANSWER_PARAGRAPH = re.compile(
    r"^(?:\*\*|__)?\s*(?:A|答|答案)\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*", re.I
)
FOLLOW_UP_PARAGRAPH = re.compile(
    r"^(?:\*\*|__)?\s*(?:追问|Follow-?ups?)\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*", re.I
)
EXPLICIT_ID = re.compile(r"\s*\{#(?P<id>[A-Za-z0-9][\w.-]*)\}\s*$")


def is_answer_label(label: str) -> bool:
    return normalise(label) in ANSWER_LABELS


def is_follow_up_label(label: str) -> bool:
    return normalise(label) in FOLLOW_UP_LABELS
