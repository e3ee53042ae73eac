"""Rule configuration: `[tool.exporter.check]` in the nearest `pyproject.toml` that has
one, then a `check:` block in the notes' own front matter, then the command line.

```toml
[tool.exporter.check]
select = ["ALL"]           # ids, prefixes (`T`), names (`bold-spacing`) or "ALL"
ignore = ["T006"]
bold-max-share = 0.5       # S002: the share of a paragraph that may be bold
bold-min-length = 40       # S002: shorter paragraphs (visible characters) are not judged
abbreviations = ["Eq"]     # T006: more words that end with `.` without ending a sentence
```

```yaml
---
check:
  ignore: [T006, S002]     # adds to the project's ignore list
  bold-max-share: 0.6
---
```
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ExportError
from . import rules

SECTION = "[tool.exporter.check]"


class ConfigError(ExportError):
    """The configuration cannot be used; the message names the file (and line)."""


@dataclass(frozen=True)
class CheckConfig:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    bold_max_share: float = 0.5
    bold_min_length: int = 40
    abbreviations: tuple[str, ...] = ()

    def enabled(self) -> frozenset[str]:
        return rules.selected(self.select, self.ignore)

    def merged(self, values: dict[str, Any], where: str) -> CheckConfig:
        """These settings over this configuration; an `ignore` list adds to ours."""
        changes: dict[str, Any] = {}
        for key, value in values.items():
            name = key.replace("-", "_")
            if name not in _TYPES:
                known = ", ".join(sorted(k.replace("_", "-") for k in _TYPES))
                raise ConfigError(f"{where}: unknown setting `{key}` (known: {known})")
            changes[name] = _coerce(key, value, _TYPES[name], where)
        if "ignore" in changes:
            changes["ignore"] = (*self.ignore, *changes["ignore"])
        for name in ("select", "ignore"):
            if name in changes:
                try:
                    rules.validate(changes[name])
                except rules.UnknownSelector as exc:
                    raise ConfigError(
                        f"{where}: `{exc}` in `{name}` names no rule (see `export check --rules`)"
                    ) from None
        return replace(self, **changes)


_TYPES: dict[str, type] = {
    "select": tuple,
    "ignore": tuple,
    "bold_max_share": float,
    "bold_min_length": int,
    "abbreviations": tuple,
}


def _coerce(key: str, value: Any, kind: type, where: str) -> Any:
    if kind is tuple:
        if isinstance(value, str):
            value = [part for part in re.split(r"[,\s]+", value) if part]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise ConfigError(f'{where}: `{key}` must be a list of strings, e.g. ["T006"]')
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: `{key}` must be a number, not {value!r}") from None
    if key == "bold-max-share" and not 0 < number <= 1:
        raise ConfigError(f"{where}: `{key}` must be a share between 0 and 1, not {value!r}")
    if number < 0:
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


_KEY = re.compile(r"^(?P<indent>[ \t]*)(?P<key>[A-Za-z][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_ITEM = re.compile(r"^[ \t]+-[ \t]+(?P<value>.+?)[ \t]*$")


def front_matter_settings(front_matter: str, path: Path) -> tuple[dict[str, Any], int]:
    """The `check:` block of a front matter (a small YAML subset: scalars, `[a, b]` lists
    and `- a` lists), and its line in the file (the front matter starts at line 2)."""
    settings: dict[str, Any] = {}
    lines = front_matter.split("\n")
    start = next((n for n, line in enumerate(lines) if re.match(r"^check[ \t]*:[ \t]*$", line)), -1)
    if start < 0:
        return settings, 0
    current: str | None = None
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            break
        item = _ITEM.match(line)
        key = _KEY.match(line)
        if item and current is not None:
            settings.setdefault(current, []).append(_scalar(item.group("value")))
        elif key:
            current = key.group("key")
            value = key.group("value")
            if value:
                settings[current] = _scalar(value)
        else:
            raise ConfigError(
                f"{path}:{number + 2}: cannot read this line of the `check:` front matter "
                "(write `key: value` or `key: [a, b]`)"
            )
    return settings, start + 2


def _scalar(text: str) -> Any:
    text = text.split(" #", 1)[0].strip()
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(part) for part in text[1:-1].split(",") if part.strip()]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text
