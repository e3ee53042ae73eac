"""A question as a style rule finds it, before references are resolved and warnings made
(the writers see `model.Question`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it.token import Token

from ..labels import EXPLICIT_ID
from ..text import stable_key


class FollowUp(str):
    """A follow-up's text, with how to cut its inline token out of the parser's (see
    `fragments.InlineText`); `cut` None, or giving None: its text is parsed."""

    cut: Callable[[], Token | None] | None = None


@dataclass
class QuestionDraft:
    text: str
    line: int  # 1-based
    category: tuple[str, ...]
    style: str
    answer: str = ""
    answer_line: int = 0
    follow_ups: list[str] = field(default_factory=list)
    number: int | None = None
    numbering: str | None = None  # the number as written where it says more: `6.1`
    explicit_id: str | None = None
    span: tuple[int, int] = (0, 0)  # 1-based source lines [start, end) the question fills
    sub_questions: list[str] = field(default_factory=list)  # questions of their own below it
    answer_tokens: tuple[Token, ...] | None = None  # the parser's own tokens of `answer`
    # or a call that cuts them out of the parser's tokens when first rendered
    answer_cut: Callable[[], tuple[Token, ...]] | None = None
    text_token: Token | None = None  # the parser's inline token of `text`, where it is one

    @property
    def key(self) -> str:
        return f"id:{self.explicit_id}" if self.explicit_id else f"q:{stable_key(self.text)}"


def take_explicit_id(text: str) -> tuple[str, str | None]:
    """`什么是 PPO? {#ppo-basics}` → (`什么是 PPO?`, `ppo-basics`)."""
    match = EXPLICIT_ID.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), match.group("id")


def split_follow_ups(text: str) -> list[str]:
    """`A? B? (例如, C)` → `["A?", "B? (例如, C)"]`: cut after each question mark outside
    math and code, then glue a fragment that asks nothing onto the question before it."""
    pieces: list[str] = []
    start = 0
    in_math = in_code = False
    for index, char in enumerate(text):
        if char == "`" and not in_math:
            in_code = not in_code
        elif char == "$" and not in_code and (index == 0 or text[index - 1] != "\\"):
            in_math = not in_math
        elif char in "?？" and not in_math and not in_code:
            pieces.append(text[start : index + 1])
            start = index + 1
    pieces.append(text[start:])
    follow_ups: list[str] = []
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if follow_ups and not piece.endswith(("?", "？")):
            follow_ups[-1] = f"{follow_ups[-1]} {piece}"
        else:
            follow_ups.append(piece)
    return follow_ups
