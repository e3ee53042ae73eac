"""The two note types. Their IDs are fixed forever: a new ID on every export would litter
users' collections with copies of the same note type."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ..render import pygments_css
from ..resources import templates_dir

INTERVIEW_MODEL_ID = 1_607_392_319_001
POINT_MODEL_ID = 1_607_392_319_002

if TYPE_CHECKING:
    import genanki

INTERVIEW_FIELDS = ("Question", "Answer", "FollowUps", "Category", "Reference", "Source")
POINT_FIELDS = ("Point", "Content", "Breadcrumb", "Source")


def _template(name: str) -> str:
    return (templates_dir() / "anki" / name).read_text(encoding="utf-8")


@cache
def card_css() -> str:
    day = pygments_css(".highlight", "default")
    night = pygments_css([".nightMode .highlight", ".night_mode .highlight"], "monokai")
    return f"{_template('cards.css')}\n/* pygments */\n{day}\n{night}\n"


def _model(
    model_id: int, name: str, fields: tuple[str, ...], card: str, templates: str
) -> genanki.Model:
    """A note type with one card: `templates` names `<templates>_front.html` / `_back.html`."""
    import genanki  # only when a package is written (see `ids.py`)

    return genanki.Model(
        model_id,
        name,
        fields=[{"name": field} for field in fields],
        templates=[
            {
                "name": card,
                "qfmt": _template(f"{templates}_front.html"),
                "afmt": _template(f"{templates}_back.html"),
            }
        ],
        css=card_css(),
        sort_field_index=0,
    )


@cache
def interview_model() -> genanki.Model:
    return _model(
        INTERVIEW_MODEL_ID,
        "Notes Exporter: Interview Q&A",
        INTERVIEW_FIELDS,
        "Question → Answer",
        "interview",
    )


@cache
def point_model() -> genanki.Model:
    return _model(
        POINT_MODEL_ID, "Notes Exporter: Key Point", POINT_FIELDS, "Key point → Content", "point"
    )
