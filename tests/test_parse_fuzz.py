"""Fuzzing the parser and the Anki writer.

`test_parser_never_crashes` throws Markdown-ish noise at the parser: a Document or a clear
InputError, never a crash. Most of that noise is refused early, so
`test_generated_notes_round_trip` draws notes as a user writes them (notes_strategies):
they parse, every question, answer and follow-up comes out as written, and the cards
built from them carry every formula as `\\(..\\)` and no stray `$` or unsafe HTML.
"""

from __future__ import annotations

import html
import re
import sqlite3
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from notes_strategies import GeneratedNotes, notes

from exporter.anki import build_package
from exporter.errors import InputError
from exporter.model import Document
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
OUTCOMES: Counter[str] = Counter()  # of the generated valid notes: "parsed" or "InputError"


@pytest.fixture(scope="module", autouse=True)
def pinned_build_time() -> Iterator[None]:
    # The notes exist only in memory: the deck's timestamp cannot come from a file's mtime.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        yield


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def deck_fields(
    document: Document, folder: Path, *, one_card_each: bool = True
) -> list[tuple[str, str, list[str]]]:
    """(note type, guid, fields) of every note of the deck the writer makes."""
    package = folder / "fuzz.apkg"
    package.unlink(missing_ok=True)  # no previous export to take note times from
    build_package([document], package)
    with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory() as unpacked:
        connection = sqlite3.connect(archive.extract("collection.anki2", unpacked))
        try:
            rows = connection.execute(
                "select notes.mid, notes.guid, notes.flds, count(cards.id) from notes "
                "left join cards on cards.nid = notes.id group by notes.id"
            ).fetchall()
        finally:
            connection.close()
    if one_card_each:  # noise can make a note whose front is empty: Anki gives it no card
        assert all(cards == 1 for *_, cards in rows), rows
    return [(str(mid), guid, fields.split("\x1f")) for mid, guid, fields, _ in rows]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown)
def test_parser_never_crashes(scratch: Path, text: str) -> None:
    try:
        document = parse_text(text, scratch / "fuzz.md")
    except InputError as error:
        assert error.diagnostic.message
        return
    for question in document.questions:
        assert question.key
    if document.images:
        return  # images are resolved against the disk, and these do not exist
    # building every card must not crash either
    for _kind, guid, fields in deck_fields(document, scratch, one_card_each=False):
        assert guid and fields


_CODE = re.compile(r"<code>.*?</code>|<pre>.*?</pre>", re.S)
_MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)


def assert_card_html_is_safe(field: str) -> None:
    prose = _MATH.sub("", _CODE.sub("", field))
    # `\$5` of the notes prints as a dollar before a digit; any other `$` is a lost delimiter
    assert not re.search(r"\$(?!\d)", prose), f"a $ delimiter reached a card: {field!r}"
    lowered = field.lower()
    for unsafe in ("<script", "onclick", "onerror", "javascript:"):
        assert unsafe not in lowered, f"{unsafe} reached a card: {field!r}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_generated_notes_round_trip(scratch: Path, generated: GeneratedNotes) -> None:
    try:
        document = parse_text(generated.markdown, scratch / "notes.md")
    except InputError:
        OUTCOMES["InputError"] += 1
        raise
    OUTCOMES["parsed"] += 1
    assert [s.title for s in document.walk_sections()] == ["学习笔记", *generated.headings]
    assert [q.text for q in document.questions] == generated.questions
    assert [list(q.follow_ups) for q in document.questions] == generated.follow_ups
    assert [q.number for q in document.questions] == list(range(1, len(generated.questions) + 1))
    for question, answer in zip(document.questions, generated.answers, strict=True):
        assert answer in question.answer
        assert question.references and all(r.resolved for r in question.references)
        assert question.category[-1].startswith("类别 ")

    notes_in_deck = deck_fields(document, scratch)
    assert len({guid for _, guid, _ in notes_in_deck}) == len(notes_in_deck)
    fields = [field for *_, note_fields in notes_in_deck for field in note_fields]
    for field in fields:
        assert_card_html_is_safe(field)
    shown = html.unescape("\n".join(fields))
    for tex in generated.record.formulas:  # of questions, answers and follow-ups: always carded
        assert f"\\({tex}\\)" in shown, f"formula lost on the way to the cards: {tex!r}"
    interview = sum(1 for _, _, f in notes_in_deck if len(f) == 6)  # the Q&A note type
    assert interview == len(generated.questions)


def test_generated_notes_are_valid(scratch: Path) -> None:
    """The strategy's point: almost all of its notes get past the parser's checks."""

    @settings(max_examples=100, deadline=None, database=None)
    @given(notes())
    def tally(generated: GeneratedNotes) -> None:
        try:
            parse_text(generated.markdown, scratch / "notes.md")
        except InputError:
            OUTCOMES["refused"] += 1
        else:
            OUTCOMES["accepted"] += 1

    tally()
    refused = OUTCOMES["refused"] / (OUTCOMES["refused"] + OUTCOMES["accepted"])
    print(f"generated notes refused with an InputError: {refused:.1%}")
    assert refused < 0.10


@pytest.mark.parametrize("seed_notes", ["\\$5 and $x$", "v2 $a$ 和 $b$"])
def test_money_and_formulas_side_by_side(scratch: Path, seed_notes: str) -> None:
    document = parse_text(f"## 笔记\n\n- **价格**: {seed_notes};\n", scratch / "n.md")
    [(_, _, fields)] = deck_fields(document, scratch)
    for field in fields:
        assert_card_html_is_safe(field)
