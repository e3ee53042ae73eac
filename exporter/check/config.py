"""Rule configuration: `[tool.exporter.check]` in the nearest `pyproject.toml` that has
one, then a `check:` block in the notes' own front matter, then the command line.

```toml
[tool.exporter.check]
select = ["ALL"]           # ids, prefixes (`T`), names (`bold-spacing`) or "ALL"
ignore = ["T006"]
style = "half-width"       # or "standard"; unset: inferred per file
bold-max-share = 0.5       # S002: the share of a paragraph that may be bold
```

```yaml
---
check:
  ignore: [T006, S002]     # adds to the project's ignore list
  bold-max-share: 0.6
---
```

The keys a rule reads are declared by the rule (`Rule.settings`); this module knows only
the ones every file has: `select`, `ignore` and `style`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ExportError
from ..parse.frontmatter import FrontMatterError, read_front_matter
from . import registry
from .registry import REGISTRY, STYLES, Setting

SECTION = "[tool.exporter.check]"
AUTO = "auto"
_GLOBAL = ("select", "ignore", "style")


class ConfigError(ExportError):
    """The configuration cannot be used; the message names the file (and line)."""


@dataclass(frozen=True)
class CheckConfig:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    style: str = AUTO
    values: dict[str, Any] = field(default_factory=dict)  # the rules' settings given

    def enabled(self) -> frozenset[str]:
        return registry.selected(self.select, self.ignore)

    def value(self, name: str) -> Any:
        if name in self.values:
            return self.values[name]
        return REGISTRY.settings()[name].default

    def merged(self, values: dict[str, Any], where: str) -> CheckConfig:
        """These settings over this configuration; an `ignore` list adds to ours."""
        known = REGISTRY.settings()
        changes: dict[str, Any] = {}
        settings = dict(self.values)
        for key, value in values.items():
            name = key.replace("_", "-")
            if name in ("select", "ignore"):
                changes[name] = _selectors(key, value, where)
            elif name == "style":
                changes[name] = _style(value, where)
            elif name in known:
                settings[name] = _coerce(key, value, known[name], where)
            else:
                names = ", ".join(sorted([*_GLOBAL, *known]))
                raise ConfigError(f"{where}: unknown setting `{key}` (known: {names})")
        if "ignore" in changes:
            changes["ignore"] = (*self.ignore, *changes["ignore"])
        return replace(self, values=settings, **changes)


def _selectors(key: str, value: Any, where: str) -> tuple[str, ...]:
    selectors = _strings(key, value, where)
    try:
        registry.validate(selectors)
    except registry.UnknownSelector as exc:
        raise ConfigError(
            f"{where}: `{exc}` in `{key}` names no rule (see `export check --rules`)"
        ) from None
    return selectors


def _style(value: Any, where: str) -> str:
    if value not in (*STYLES, AUTO):
        wanted = ", ".join(f"`{s}`" for s in (*STYLES, AUTO))
        raise ConfigError(f"{where}: `style` must be one of {wanted}, not {value!r}")
    return str(value)


def _strings(key: str, value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part for part in re.split(r"[,\s]+", value) if part]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f'{where}: `{key}` must be a list of strings, e.g. ["T006"]')


def _coerce(key: str, value: Any, setting: Setting, where: str) -> Any:
    if isinstance(setting.default, tuple):
        return _strings(key, value, where)
    try:
        number = setting.kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: `{key}` must be a number, not {value!r}") from None
    if setting.maximum is not None and not setting.minimum < number <= setting.maximum:
        raise ConfigError(
            f"{where}: `{key}` must be a share between {setting.minimum} and "
            f"{setting.maximum}, not {value!r}"
        )
    if number < setting.minimum:
        raise ConfigError(f"{where}: `{key}` must not be negative")
    return number


def project_config(notes: Path) -> CheckConfig:
    """The settings of the nearest `pyproject.toml` above the notes that has our section."""
    return _project_config(notes.resolve().parent)


@cache
def _project_config(folder: Path) -> CheckConfig:
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot be read as TOML: {exc}") from None
        section = data.get("tool", {}).get("exporter", {}).get("check")
        if section is None:
            continue
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: {SECTION} must be a table")
        return CheckConfig().merged(section, f"{path}: {SECTION}")
    return CheckConfig()


def front_matter_settings(front_matter: str, path: Path) -> tuple[dict[str, Any], int]:
    """The `check:` block of a front matter, and its line in the file."""
    try:
        block = read_front_matter(front_matter, frozenset({"check"})).blocks.get("check")
    except FrontMatterError as exc:
        raise ConfigError(
            f"{path}:{exc.line}: cannot read this line of the `check:` front matter "
            "(write `key: value` or `key: [a, b]`)"
        ) from None
    return (block.values, block.line) if block else ({}, 0)
