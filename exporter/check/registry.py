"""The one home of a lint rule: a `Rule` says what it is, why, its settings and how to check.

A rule is registered once, next to its check function:

```python
@rule("T002", "cjk-latin-spacing", summary="...", why="...", example="...", fixable=True)
def cjk_latin(context: Context) -> Iterator[Hit]:
    ...
```

A rule without a check function is reported by the parser: every `Diagnostic` whose
`code` is the rule's id becomes a finding at the diagnostic's line and column. So a new
parser warning needs one `register(Rule(...))` line to be linted, selected, configured,
listed and documented. `--rules`, `--help`, the configuration's validation and the docs
all read this registry.

Ids never change meaning once published (users write them in `--ignore` and in config);
a retired rule keeps its id unused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .context import Context
    from .findings import Hit

Check = Callable[["Context"], Iterable["Hit"]]

# The house styles a rule can belong to (see `styles.py`).
HALF_WIDTH = "half-width"
STANDARD = "standard"
STYLES = (HALF_WIDTH, STANDARD)


@dataclass(frozen=True)
class Setting:
    """A configuration key a rule reads (`bold-max-share = 0.5`)."""

    name: str
    default: Any
    help: str
    minimum: float = 0
    maximum: float | None = None

    @property
    def kind(self) -> type:
        return type(self.default)


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    summary: str
    why: str = ""
    example: str = ""  # `wrong` → `right`
    check: Check | None = None  # None: the parser reports it (`Diagnostic.code == id`)
    fixable: bool = False
    settings: tuple[Setting, ...] = ()
    styles: frozenset[str] = frozenset(STYLES)  # the house styles it belongs to
    applies: Callable[[Context], bool] | None = None  # None: to every file

    @property
    def from_parser(self) -> bool:
        return self.check is None


class Registry:
    """Rules by id, in id order when iterated."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def add(self, rule: Rule) -> Rule:
        taken = self._rules.get(rule.id) or next(
            (r for r in self._rules.values() if r.name == rule.name), None
        )
        if taken is not None and taken != rule:
            raise ValueError(f"rule {rule.id} {rule.name}: id or name taken by {taken.id}")
        self._rules[rule.id] = rule
        return rule

    def remove(self, rule_id: str) -> None:
        self._rules.pop(rule_id, None)

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda r: r.id))

    def __len__(self) -> int:
        return len(self._rules)

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def get(self, rule_id: str) -> Rule | None:
        return self._rules.get(rule_id)

    def settings(self) -> dict[str, Setting]:
        return {s.name: s for rule in self for s in rule.settings}


REGISTRY = Registry()


def register(rule: Rule) -> Rule:
    return REGISTRY.add(rule)


def rule(rule_id: str, name: str, **fields: Any) -> Callable[[Check], Check]:
    """Register the decorated function as the check of a new rule."""

    def decorate(check: Check) -> Check:
        register(Rule(rule_id, name, check=check, **fields))
        return check

    return decorate


# -- selection, in the manner of ruff: an id (`T004`), a prefix (`T`, `T00`), a rule's name
# (`bold-spacing`) or `ALL` --------------------------------------------------------------
class UnknownSelector(ValueError):
    """A selector that names no rule: a typo in `--select` would otherwise silence rules."""


def matches(selector: str, rule: Rule) -> bool:
    key = selector.strip()
    if key.upper() == "ALL":
        return True
    return rule.id.startswith(key.upper()) or rule.name == key.lower()


def validate(selectors: Iterable[str]) -> None:
    for selector in selectors:
        if not any(matches(selector, rule) for rule in REGISTRY):
            raise UnknownSelector(selector)


def selected(select: Iterable[str], ignore: Iterable[str]) -> frozenset[str]:
    select, ignore = list(select), list(ignore)
    validate(select)
    validate(ignore)
    return frozenset(
        rule.id
        for rule in REGISTRY
        if any(matches(s, rule) for s in select) and not any(matches(s, rule) for s in ignore)
    )


def style_of(rule: Rule) -> str:
    return "both" if set(STYLES) <= rule.styles else ", ".join(sorted(rule.styles))


def listing() -> str:
    """One line a rule, for `--help` and `--rules`: id, name, fixable, style, summary."""
    width = max(len(rule.name) for rule in REGISTRY)
    return "\n".join(
        f"{rule.id}  {rule.name:<{width}}  {'[*]' if rule.fixable else '   '}  "
        f"{style_of(rule):<10}  {rule.summary}"
        for rule in REGISTRY
    )
