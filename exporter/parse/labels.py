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


# A heading or bold line that asks without a question mark: `请简述一下时序差分方法。`,
# `介绍一下 GAE`, `Explain the clip objective`.
IMPERATIVE = re.compile(
    r"^(?:请\s*(?:简述|简要|简单|解释|介绍|说明|说一说|说说|谈谈|描述|比较|对比|列举|分析|阐述|讲讲|讲一下)"
    r"|(?:简单|简要)?(?:介绍|说明|讲)一下|说说|说一说|谈谈|谈一谈|简述|简要(?:说明|介绍|描述)"
    r"|什么是|为什么|为何|如何|怎么|怎样|是否|有哪些|有什么|哪些|比较一下|对比一下"
    r"|(?:explain|describe|compare|discuss|define|what|why|how|which|when)\b)",
    re.I,
)


def asks(text: str) -> bool:
    """Whether a heading or bold line reads as a question: `?`/`？` at its end, or an
    imperative or question word at its start."""
    stripped = text.strip().rstrip("*_ ").strip()
    return stripped.endswith(("?", "？")) or bool(IMPERATIVE.match(stripped))
