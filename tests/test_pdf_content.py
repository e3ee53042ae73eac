"""What the sheet prints, against expectations read from the Markdown source by
`markdown_outline` (or written out literally), never from the parser under test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, SAMPLE_NOTES, USER_DRAFT, run
from markdown_outline import assert_in_order, printed, read_outline, squash
from pypdf import PdfReader

_PAGE_NUMBER = re.compile(r"(\d+)\s*/\s*(\d+)")


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def test_sample_sheet_prints_every_heading_and_question_in_order(sample_pdf) -> None:
    outline = read_outline(SAMPLE_NOTES)
    assert len(outline.questions) == 70 and len(outline.headings) == 58  # counted by hand
    assert_in_order(squash("".join(page_texts(sample_pdf[0]))), outline.in_order)


def test_draft_sheet_prints_every_heading_and_question_in_order(draft_pdf) -> None:
    outline = read_outline(USER_DRAFT)
    assert len(outline.questions) == 13
    assert_in_order(squash("".join(page_texts(draft_pdf[0]))), outline.in_order)


def test_every_page_has_the_running_header_and_footer(sample_pdf) -> None:
    title = printed(read_outline(SAMPLE_NOTES).headings[0][1])  # the notes' first heading
    pages = page_texts(sample_pdf[0])
    assert len(pages) >= 3, "the sample should fill several pages"
    assert f"wrote {sample_pdf[0]}: {len(pages)} pages" in sample_pdf[1]
    for number, text in enumerate(pages, start=1):
        assert title in squash(text), f"page {number} has no running header"
        assert _PAGE_NUMBER.findall(text)[-1:] == [(str(number), str(len(pages)))], (
            f"page {number} has no footer '{number} / {len(pages)}'"
        )
    assert squash(pages[0]).count(title) >= 2  # the title block and the running header


@pytest.fixture(scope="module")
def unanswered_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("unanswered") / "unanswered.pdf"
    code, output = run("pdf", str(FIXTURES / "pdf_unanswered.md"), "-o", str(out))
    assert code == 0, output
    return out, output


def test_questions_without_an_answer_are_printed(unanswered_pdf) -> None:
    path, output = unanswered_pdf
    text = squash("".join(page_texts(path)))
    assert_in_order(
        text,
        [
            "未答问题小抄",
            "笔记",
            "要点:只有一条笔记;",
            "面试问题清单",
            "没有答案",
            "1.只有追问的问题会印出来吗?",
            "它的追问也印出来吗?",
            "2.既无答案也无追问的问题呢?",
            "有答案",
            "3.有答案的问题呢?",
            "这是第三题的答案;",
            "第三题还有追问吗?",
        ],
    )
    # they are warned about, but printed all the same
    assert re.search(r"pdf_unanswered\.md:11(:\d+)?: question has no answer", output)
    assert re.search(r"pdf_unanswered\.md:14(:\d+)?: question has no answer", output)


def test_questions_only_prints_unanswered_questions_too(tmp_path: Path) -> None:
    out = tmp_path / "self-test.pdf"
    notes = str(FIXTURES / "pdf_unanswered.md")
    code, output = run("pdf", notes, "--questions-only", "-q", "-o", str(out))
    assert code == 0, output
    text = squash("".join(page_texts(out)))
    assert_in_order(
        text,
        [
            "1.只有追问的问题会印出来吗?",
            "它的追问也印出来吗?",
            "2.既无答案也无追问的问题呢?",
            "3.有答案的问题呢?",
            "第三题还有追问吗?",
        ],
    )
    assert "这是第三题的答案" not in text and "只有一条笔记" not in text
