"""The CJK font cut down by HarfBuzz's subsetter (exporter/pdf/hbsubset.py), through the C
library or the uharfbuzz wheel: the same characters, glyph widths and shaping tables as
fontTools' cut, and fontTools wherever neither is there or the font says no."""

from __future__ import annotations

import io
from pathlib import Path

import pylopdf_fonts_zh_cn
import pytest
from fontTools.ttLib import TTFont

from exporter.pdf import fonts, hbsubset
from exporter.pdf.fonts import FontFace

TEXT = "策略梯度 PPO 的裁剪 (clip): “优势” — ratio ≤ 1+ε; ff fi 第 3 题"
FONT = Path(pylopdf_fonts_zh_cn.sans_path())


@pytest.fixture(params=["library", "bindings"])
def harfbuzz(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each way to HarfBuzz's subsetter in turn, the other one hidden."""
    if request.param == "library":
        if hbsubset._library() is None:
            pytest.skip("libharfbuzz-subset is not installed")
        monkeypatch.setattr(hbsubset, "_bindings", lambda: None)
    else:
        if hbsubset._bindings() is None:
            pytest.skip("uharfbuzz is not installed")
        monkeypatch.setattr(hbsubset, "_library", lambda: None)
    assert hbsubset.version() is not None
    return request.param


def widths(data: bytes) -> dict[str, int]:
    """Each character's advance width, as the cut font maps it."""
    font = TTFont(io.BytesIO(data))
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    return {chr(code): hmtx[name][0] for code, name in cmap.items()}


def test_both_subsetters_keep_the_same_characters_and_widths(harfbuzz: str) -> None:
    ours = hbsubset.subset(FONT, 0, TEXT)
    assert ours is not None
    theirs = fonts._fonttools_subset(FontFace(FONT), TEXT)

    # Both may also map a few characters reached through the shaping tables (`≥` from
    # `≤`: fontTools, and HarfBuzz from version 15); the sheet's text never asks for them.
    def asked(data: bytes) -> dict[str, int]:
        return {char: width for char, width in widths(data).items() if char in TEXT}

    assert asked(ours) == asked(theirs)
    assert set(TEXT) - {" "} <= set(widths(ours))
    cut = TTFont(io.BytesIO(ours))
    assert {"GSUB", "GPOS"} <= set(cut.keys())  # shaping (ligatures, CJK punctuation) kept
    assert cut["maxp"].numGlyphs < TTFont(FONT, lazy=True)["maxp"].numGlyphs / 10


def test_a_file_that_is_not_a_font_is_refused(harfbuzz: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.otf"
    junk.write_bytes(b"not a font at all" * 100)
    assert hbsubset.subset(junk, 0, TEXT) is None
    assert hbsubset.subset(tmp_path / "missing.otf", 0, TEXT) is None


def test_without_harfbuzz_fonttools_cuts_the_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(hbsubset, "_library", lambda: None)
    monkeypatch.setattr(hbsubset, "_bindings", lambda: None)
    assert hbsubset.subset(FONT, 0, TEXT) is None and hbsubset.version() is None
    path = fonts._subset(FontFace(FONT), TEXT, tmp_path)
    assert set(TEXT) - {" "} <= set(widths(path.read_bytes()))
