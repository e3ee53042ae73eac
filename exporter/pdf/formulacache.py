"""Typeset formulas kept on disk (exporter/cache.py), so a re-export typesets only what changed.

An entry is one formula's result: its HTML snippet (the SVG, or the TeX-source fallback
and why) and its prepared PDF operators. It is addressed by everything that decides that
result: the TeX, display or inline, the CJK font (path, face, size and mtime: `\\text{中文}`
is drawn from it), the versions of ziamath, ziafont and latex2mathml, and a digest of
this package's code that produces the SVG (so an edited checkout never reads stale
formulas). An entry that does not parse as ours is a miss.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from ..cache import DiskCache, key_of
from .fonts import font_identity
from .patches import installed_version
from .pdfpaths import ViewBox

Operators = tuple[ViewBox, bytes] | None
Entry = tuple[str, str | None, Operators]  # snippet, failure reason, operators

_LIBRARIES = ("ziamath", "ziafont", "latex2mathml")
_PRODUCERS = (  # the modules whose code decides a formula's result
    "mathsvg.py",
    "mathjobs.py",
    "pdfpaths.py",
    "patches.py",
    "ziasetup.py",
)


@cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    for name in _PRODUCERS:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


class FormulaCache:
    def __init__(self, cjk_font: Path | None, cjk_index: int, store: DiskCache | None = None):
        self._store = store or DiskCache("formulas")
        versions = [f"{name} {installed_version(name)}" for name in _LIBRARIES]
        self._parts = ["formula 1", _code_digest(), font_identity(cjk_font, cjk_index), *versions]

    def _key(self, tex: str, display: bool) -> str:
        return key_of([*self._parts, "display" if display else "inline", tex])

    def get(self, tex: str, display: bool) -> Entry | None:
        payload = self._store.get(self._key(tex, display))
        if payload is None:
            return None
        try:
            entry = json.loads(payload)
            operators = None
            if entry["operators"] is not None:
                viewbox = tuple(float(v) for v in entry["viewbox"])
                if len(viewbox) != 4:
                    return None
                operators = (viewbox, entry["operators"].encode("ascii"))
            snippet, reason = entry["snippet"], entry["reason"]
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeError):
            return None
        if not isinstance(snippet, str) or not isinstance(reason, str | None):
            return None
        return snippet, reason, operators  # type: ignore[return-value]

    def put(self, tex: str, display: bool, entry: Entry) -> None:
        snippet, reason, operators = entry
        viewbox, data = operators if operators is not None else (None, None)
        record = {
            "snippet": snippet,
            "reason": reason,
            "viewbox": viewbox,
            "operators": data.decode("ascii") if data is not None else None,
        }
        self._store.put(self._key(tex, display), json.dumps(record).encode())
