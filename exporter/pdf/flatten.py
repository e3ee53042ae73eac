"""HTML nested too deeply for WeasyPrint, flattened.

WeasyPrint lays out a box by recursing into its children, about five Python frames per
level, so some 200 nested `<div>`s (raw HTML in the notes; Markdown itself nests at most 20
deep) end in a RecursionError. Elements below `max_depth` are unwrapped: their tags go,
their text and inner elements stay, so nothing the notes say is lost.
"""

from __future__ import annotations

from html.parser import HTMLParser

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class _Flattener(HTMLParser):
    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=False)
        self.max_depth = max_depth
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, kept)
        self.dropped = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text() or ""
        if tag in _VOID:
            self.out.append(text)
            return
        kept = sum(1 for _tag, k in self.open if k) < self.max_depth
        self.open.append((tag, kept))
        if kept:
            self.out.append(text)
        else:
            self.dropped += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                closed = self.open[index:]
                del self.open[index:]
                self.out.extend(f"</{name}>" for name, kept in reversed(closed) if kept)
                return
        # an end tag that closes nothing: dropped, as a browser would

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")


def flatten_deep_html(html: str, max_depth: int) -> tuple[str, int]:
    """(`html` with no element nested deeper than `max_depth`, how many were unwrapped)."""
    flattener = _Flattener(max_depth)
    flattener.feed(html)
    flattener.close()
    return "".join(flattener.out), flattener.dropped
