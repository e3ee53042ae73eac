"""The two note types. Their IDs are fixed forever: a new ID on every export would litter
users' collections with copies of the same note type."""

from __future__ import annotations

from functools import cache

import genanki

from ..render import pygments_css
from ..resources import templates_dir

INTERVIEW_MODEL_ID = 1_607_392_319_001
POINT_MODEL_ID = 1_607_392_319_002

INTERVIEW_FIELDS = ("Question", "Answer", "FollowUps", "Category", "Reference", "Source")
POINT_FIELDS = ("Point", "Content", "Breadcrumb", "Source")


def _template(name: str) -> str:
    return (templates_dir() / "anki" / name).read_text(encoding="utf-8")


@cache
def card_css() -> str:
    day = pygments_css(".highlight", "default")
    night = pygments_css([".nightMode .highlight", ".night_mode .highlight"], "monokai")
    return f"{_template('cards.css')}\n/* pygments */\n{day}\n{night}\n"


@cache
def interview_model() -> genanki.Model:
    return genanki.Model(
        INTERVIEW_MODEL_ID,
        "Notes Exporter: Interview Q&A",
        fields=[{"name": name} for name in INTERVIEW_FIELDS],
        templates=[
            {
                "name": "Question → Answer",
                "qfmt": _template("interview_front.html"),
                "afmt": _template("interview_back.html"),
            }
        ],
        css=card_css(),
        sort_field_index=0,
    )


@cache
def point_model() -> genanki.Model:
    return genanki.Model(
        POINT_MODEL_ID,
        "Notes Exporter: Key Point",
        fields=[{"name": name} for name in POINT_FIELDS],
        templates=[
            {
                "name": "Key point → Content",
                "qfmt": _template("point_front.html"),
                "afmt": _template("point_back.html"),
            }
        ],
        css=card_css(),
        sort_field_index=0,
    )
