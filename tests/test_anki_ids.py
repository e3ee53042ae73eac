"""Stable IDs: `guid_for` gives genanki's GUIDs without importing genanki."""

from __future__ import annotations

import genanki
from hypothesis import given
from hypothesis import strategies as st

from exporter.anki.ids import deck_id, guid_for


@given(st.lists(st.one_of(st.text(), st.integers()), min_size=1, max_size=3))
def test_guid_for_is_genankis(values: list[object]) -> None:
    assert guid_for(*values) == genanki.guid_for(*values)


def test_a_known_guid_and_deck_id_never_change() -> None:
    # Users' collections hold these: a change would duplicate every card and deck.
    assert guid_for("ppo-rlhf", "q:什么是 ppo") == "G:Uuib$y3n"
    assert deck_id("PPO::笔记") == 63306177354700116


def test_rendering_the_cards_does_not_import_genanki() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; import exporter.commands.anki, exporter.anki.cards, exporter.anki.into; "
        "print('genanki' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
