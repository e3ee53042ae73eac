"""What makes no card: tables of contents, reference and link lists, navigation pages,
empty stubs. Such parts are left out on purpose, with the reason, never silently."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from markdown_it.token import Token

# Titles of parts that only point elsewhere.
_CONTENTS = re.compile(r"^(目录|目錄|索引|toc|table of contents|contents|index)$", re.I)
_REFERENCES = re.compile(
    r"^(参考|参考资料|参考文献|参考链接|相关链接|相关资料|延伸阅读|扩展阅读|引用|链接|"
    r"references?|bibliography|further reading|links|see also|resources)$",
    re.I,
)
# Files that are a site's navigation, not notes (docsify, GitBook, VuePress).
NAVIGATION_FILES = frozenset({"_sidebar.md", "_navbar.md", "summary.md", "_coverpage.md"})
_TRIM = re.compile(r"^[\s\d.、)）:：#*_\-]+|[\s:：]+$")


def skip_reason_for_title(title: str) -> str:
    key = _TRIM.sub("", unicodedata.normalize("NFKC", title)).strip()
    if _CONTENTS.match(key):
        return "table of contents"
    if _REFERENCES.match(key):
        return "reference list"
    return ""


def is_navigation_file(path: Path) -> bool:
    return path.name.lower() in NAVIGATION_FILES


def links_only(tokens: tuple[Token, ...] | list[Token]) -> bool:
    """True when the text has links and nothing a reader would read outside them."""
    links = 0
    for token in tokens:
        if token.type in ("fence", "code_block", "math_block", "table_open"):
            return False
        if token.type != "inline":
            continue
        depth = 0
        for child in token.children or []:
            if child.type == "link_open":
                depth += 1
                links += 1
            elif child.type == "link_close":
                depth -= 1
            elif depth == 0 and child.type in ("text", "code_inline", "math_inline"):
                if _has_words(child.content):
                    return False
            elif child.type == "image":
                return False
    return links > 0


def _has_words(text: str) -> bool:
    return any(unicodedata.category(ch)[0] == "L" for ch in text)
