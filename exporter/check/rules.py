"""The rule registry: stable ids, names, what each rule asks for, whether it can fix.

Ids never change meaning once published (users write them in `--ignore` and in config);
a retired rule keeps its id unused. Selectors work like ruff's: an id (`T004`), a prefix
(`T`, `T00`), a rule's name (`bold-spacing`) or `ALL`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..parse import (
    DUPLICATE_QUESTION,
    NO_ANSWER,
    NO_FOLLOW_UP,
    UNBALANCED_DOLLAR,
    UNINDENTED_BULLETS,
    UNRESOLVED_REFERENCE,
)


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    summary: str
    fixable: bool = False


RULES: tuple[Rule, ...] = (
    Rule("T001", "full-width-punctuation",
         "full-width punctuation where half-width is wanted: `，` → `, ` (with the space "
         "that follows), `（x）` → ` (x) `", fixable=True),
    Rule("T002", "cjk-latin-spacing",
         "no space between Chinese and Latin letters, digits, a formula or inline code",
         fixable=True),
    Rule("T003", "parenthesis-spacing",
         "no space outside parentheses next to Chinese text: `策略(Policy)`", fixable=True),
    Rule("T004", "bold-spacing",
         "no space around bold text: `是**信任区域**内` (CommonMark may even leave the "
         "`**` unrendered)", fixable=True),
    Rule("T005", "space-before-punctuation",
         "a space before `,` `;` `:` `.` `!` `?`", fixable=True),
    Rule("T006", "sentence-period",
         "`.` ends a sentence inside a paragraph or bullet where `;` is wanted (not fixed: "
         "abbreviations and decimals make a blind fix unsafe)"),
    Rule("S001", "title-heading", "a `#` heading: the notes start at `##`"),
    Rule("S002", "bold-overuse",
         "more than `bold-max-share` (50%) of a paragraph of `bold-min-length` (40) or more "
         "characters is bold; a leading `**label**:` does not count"),
    Rule("S003", "latex-delimiters",
         "`\\(..\\)` / `\\[..\\]` where `$..$` / `$$..$$` is wanted", fixable=True),
    Rule(UNBALANCED_DOLLAR, "unbalanced-dollar", "a `$` opens a formula that never closes"),
    Rule(NO_ANSWER, "no-answer", "an interview question has no answer"),
    Rule(NO_FOLLOW_UP, "no-follow-up", "an interview question has no follow-up"),
    Rule(DUPLICATE_QUESTION, "duplicate-question", "the same question is asked twice"),
    Rule(UNRESOLVED_REFERENCE, "unresolved-reference",
         '`参考笔记中 "..." 部分` names no section or key point of the notes'),
    Rule(UNINDENTED_BULLETS, "unindented-bullets",
         "the bullets under a question are indented less than its number is wide, so "
         "CommonMark reads them as part of the question"),
)  # fmt: skip

BY_ID = {rule.id: rule for rule in RULES}
BY_NAME = {rule.name: rule for rule in RULES}


class UnknownSelector(ValueError):
    """A selector that names no rule: a typo in `--select` would otherwise silence rules."""


def matches(selector: str, rule: Rule) -> bool:
    key = selector.strip()
    if key.upper() == "ALL":
        return True
    return rule.id.startswith(key.upper()) or rule.name == key.lower()


def validate(selectors: Iterable[str]) -> None:
    for selector in selectors:
        if not any(matches(selector, rule) for rule in RULES):
            raise UnknownSelector(selector)


def selected(select: Iterable[str], ignore: Iterable[str]) -> frozenset[str]:
    select, ignore = list(select), list(ignore)
    validate(select)
    validate(ignore)
    return frozenset(
        rule.id
        for rule in RULES
        if any(matches(s, rule) for s in select) and not any(matches(s, rule) for s in ignore)
    )


def listing() -> str:
    """One line a rule, for `--help` and `--rules`."""
    width = max(len(rule.name) for rule in RULES)
    return "\n".join(
        f"{rule.id}  {rule.name:<{width}}  {'[*]' if rule.fixable else '   '}  {rule.summary}"
        for rule in RULES
    )
