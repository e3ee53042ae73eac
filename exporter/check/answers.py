"""Q006: an interview answer relies only on what the notes part explains (issue 12.7).

An answer's key terms are its bold terms, its English terms and abbreviations (`GAE`,
`ReMax`, `Trust Region`) and its formulas. Each is looked up in the notes part (every
section's title and body: not the interview part), after normalising width, case, spaces
and markup; formulas after removing spaces and `\\left`/`\\right`. A term found nowhere is
named in the finding: the answer leans on something the notes never explain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Document, Question
from ..parse.labels import is_answer_label, is_follow_up_label
from ..parse.text import normalise
from .findings import Hit
from .registry import rule

if TYPE_CHECKING:
    from .context import Context

_BOLD = re.compile(r"\*\*(?P<a>[^*\n]+?)\*\*|__(?P<b>[^_\n]+?)__")
_MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|\$(?P<inline>[^$\n]+?)\$", re.S)
_CODE = re.compile(r"`+[^`]*`+")
# English terms: a capitalised or mixed-case word (`ReMax`, `LoRA`, `GAE`, `KL`), with
# the capitalised words that follow it (`Trust Region`); digits and `-` may join (`GPT-4`).
_TERM = re.compile(
    r"\b[A-Za-z][a-z]*[A-Z][A-Za-z0-9-]*\b|\b[A-Z][A-Za-z0-9-]*(?:[ ][A-Z][a-z][\w-]*)*"
)
# A formula's symbols: its commands (`\\nabla`, `\\pi`) and letters; layout commands and
# digits say nothing about what the formula is about.
_SYMBOL = re.compile(r"\\[A-Za-z]+|[A-Za-z]")
_LAYOUT = frozenset(
    "\\" + name
    for name in re.findall(
        r"\w+",
        "left right frac dfrac tfrac mathbb mathrm mathcal mathbf boldsymbol hat bar tilde "
        "text operatorname big Big bigg Bigg quad qquad displaystyle cdot cdots ldots dots "
        "sum prod int sqrt log exp min max mathit limits top",
    )
)
# Bold that is a term, not emphasis of a clause: short, without sentence punctuation; a
# parenthesised gloss (`经验回放 (Experience Replay)`) is left to the English terms.
_GLOSS = re.compile(r"\s*[(（][^)）]*[)）]")
_CLAUSE = re.compile(r"[,，;；。!！?？]")
MAX_TERM = 12  # normalised characters
MIN_CJK_TERM = 3  # `合适` in bold is emphasis; `模式崩溃` is a term
_STOP = frozenset({"a", "i", "q", "a:", "q:", "vs", "eg", "ie", "etc"})


@rule(
    "Q006",
    "answer-not-in-notes",
    summary="an answer relies on terms or formulas the notes part never mentions",
    why="every answer should be found in the notes, or follow from them",
    example="an answer naming `GAE` → explain GAE in the notes, or drop it from the answer",
)
def answer_not_in_notes(context: Context) -> Iterator[Hit]:
    document = context.document
    if document is None or not document.questions or not document.sections:
        return  # no notes part (a file of questions only): nothing to back answers with
    words, formulas = notes_index(document)
    known: dict[str, bool] = {}  # answers share terms: each is looked up in the notes once
    for question in document.questions:
        asked = normalise(question.text)  # a term the question names is no surprise
        missing = []
        for term in key_terms(question.answer):
            if term not in known:
                known[term] = _known(term, words, formulas)
            if not known[term] and _key(term) not in asked:
                missing.append(term)
        if missing:
            names = ", ".join(f"`{term}`" for term in missing)
            yield Hit(
                context.index.text_start(_answer_line(question)),
                f"answer relies on {names}, which the notes never mention (explain "
                f"{'it' if len(missing) == 1 else 'them'} in the notes, or let the answer "
                "point to what the notes cover)",
            )


def notes_index(document: Document) -> tuple[str, set[str]]:
    """The notes part as one normalised text, and the symbols of its formulas."""
    texts = [f"{s.title}\n{s.body}" for s in document.walk_sections()]
    joined = "\n".join(texts)
    symbols = {
        symbol
        for m in _MATH.finditer(joined)
        for symbol in _symbols(m.group("display") or m.group("inline"))
    }
    return normalise(_MATH.sub(" ", joined)), symbols


def key_terms(answer: str) -> list[str]:
    """Formulas, bold terms and English terms of an answer, each once, in reading order."""
    found: list[tuple[int, str]] = []
    for match in _MATH.finditer(answer):
        tex = (match.group("display") or match.group("inline")).strip()
        found.append((match.start(), f"${tex}$"))
    prose = _blank(_blank(answer, _MATH), _CODE)
    for match in _BOLD.finditer(prose):
        bold = _GLOSS.sub("", match.group("a") or match.group("b")).strip().rstrip(":：")
        if _is_term(bold):
            found.append((match.start(), bold))
    for match in _TERM.finditer(_blank(prose, _BOLD)):
        term = match.group().strip("-")
        if len(term) > 1 and term.casefold() not in _STOP:
            found.append((match.start(), term))
    unique: dict[str, str] = {}
    for _, term in sorted(found):
        unique.setdefault(_key(term), term)
    return [term for key, term in unique.items() if key]


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """`text` with `pattern`'s matches blanked out, so offsets stay those of `text`."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _is_term(bold: str) -> bool:
    key = normalise(bold)
    if not key or _CLAUSE.search(bold) or len(key) > MAX_TERM:
        return False
    if not key.isascii() and len(key) < MIN_CJK_TERM:
        return False
    return not is_answer_label(bold) and not is_follow_up_label(bold)


def _known(term: str, words: str, symbols: set[str]) -> bool:
    """A formula is backed when the notes' formulas use each of its symbols (it may
    restate or combine them); a word when the notes' text holds it."""
    if term.startswith("$"):
        return _symbols(term.strip("$")) <= symbols
    return _key(term) in words


def _key(term: str) -> str:
    return "".join(term.split()) if term.startswith("$") else normalise(term)


def _symbols(tex: str) -> set[str]:
    return {s for s in _SYMBOL.findall(tex) if s not in _LAYOUT}


def _answer_line(question: Question) -> int:
    line = getattr(question.answer, "line", 0)  # a `Fragment` knows where it starts
    return line if line > 0 else question.line
