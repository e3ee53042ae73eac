"""HTML that WeasyPrint cannot lay out in bounded time and memory, made so it can.

- Nesting: WeasyPrint lays out a box by recursing into its children, about five Python
  frames per level, so some 200 nested `<div>`s (raw HTML in the notes; Markdown itself
  nests at most 20 deep) end in a RecursionError. Elements below `max_depth` are unwrapped:
  their tags go, their text and inner elements stay, so nothing the notes say is lost.
- Table rows: WeasyPrint keeps a box tree of the whole document and lays a table out again
  for every column it flows into; measured at about 10 ms and 85 KB per row, so a 50,000-row
  table took minutes and gigabytes. Rows past `max_rows` of one table are left out, and a
  last row says how many.
"""

from __future__ import annotations

from html.parser import HTMLParser

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class _Passthrough(HTMLParser):
    """Writes back what it reads; subclasses change what they must."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

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


class _Flattener(_Passthrough):
    def __init__(self, max_depth: int) -> None:
        super().__init__()
        self.max_depth = max_depth
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

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                closed = self.open[index:]
                del self.open[index:]
                self.out.extend(f"</{name}>" for name, kept in reversed(closed) if kept)
                return
        # an end tag that closes nothing: dropped, as a browser would


def flatten_deep_html(html: str, max_depth: int) -> tuple[str, int]:
    """(`html` with no element nested deeper than `max_depth`, how many were unwrapped)."""
    flattener = _Flattener(max_depth)
    flattener.feed(html)
    flattener.close()
    return "".join(flattener.out), flattener.dropped


class _RowLimiter(_Passthrough):
    def __init__(self, max_rows: int) -> None:
        super().__init__()
        self.max_rows = max_rows
        self.tables: list[list[int]] = []  # per open table: [rows kept, rows left out]
        self.skipping = 0  # depth inside a row being left out
        self.left_out = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            self.skipping += tag not in _VOID
            return
        if tag == "table":
            self.tables.append([0, 0])
        elif tag == "tr" and self.tables:
            counts = self.tables[-1]
            if counts[0] >= self.max_rows:
                counts[1] += 1
                self.skipping = 1
                return
            counts[0] += 1
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= tag not in _VOID
            return
        if tag in ("tbody", "table") and self.tables and self.tables[-1][1]:
            rows = self.tables[-1][1]
            self.left_out += rows
            self.tables[-1][1] = 0
            self.out.append(
                f'<tr><td class="rows-left-out" colspan="99">… {rows:,} more rows left out '
                f"(a table shows at most {self.max_rows:,} rows in the PDF)</td></tr>"
            )
        if tag == "table" and self.tables:
            self.tables.pop()
        self.out.append(f"</{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping:
            super().handle_startendtag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        if not self.skipping:
            super().handle_entityref(name)

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            super().handle_charref(name)


def limit_table_rows(html: str, max_rows: int) -> tuple[str, int]:
    """(`html` with at most `max_rows` rows per table, how many rows were left out)."""
    limiter = _RowLimiter(max_rows)
    limiter.feed(html)
    limiter.close()
    return "".join(limiter.out), limiter.left_out
