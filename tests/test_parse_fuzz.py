"""No Markdown input crashes the parser: it gives a Document or a clear InputError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.anki.cards import NoteBuilder
from exporter.errors import InputError
from exporter.media import MediaCollector
from exporter.parse import parse_text

PIECES = [
    "## ", "### ", "#### ", "# ", "1. ", "- ", "    - ", "  ", "**", "__", "*", "`", "```",
    "$", "$$", "\\$", "\\", ":", "：", "?", "？", "答案线索", "追问", "Q: ", "A: ", "问:",
    "面试题", "参考笔记中 ", '"', "“", "部分", "|", "---", "> ", "<b>", "</b>", "<script>",
    "![x](img.png)", "[a](b)", "{#id}", "策略", "PPO", "r_t", "\\frac{a}{b}", "\n", "\n\n",
]  # fmt: skip

markdown = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=60).map(
    "".join
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown)
def test_parser_never_crashes(text: str) -> None:
    try:
        document = parse_text(text, Path("fuzz.md"))
    except InputError as error:
        assert error.diagnostic.message
        return
    for question in document.questions:
        assert question.key
    # rendering every card must not crash either (images are not checked here)
    builder = NoteBuilder(document, "deck", _NoImages(), nested=False)
    for note in builder.notes():
        assert note.guid and note.deck


class _NoImages(MediaCollector):
    def resolve(self, notes: Path, src: str, line: int) -> str:
        return src
