"""Cut one face of a font down to given characters with HarfBuzz's subsetter, in C.

fontTools took 0.4-0.8 s per face for the sheet's CJK font (a Python walk over every kept
CFF charstring), on the path before layout where both cores are already busy typesetting
formulas; libharfbuzz-subset, which WeasyPrint itself uses when present, takes a few
milliseconds. The options mirror fonts.py's fontTools ones (every layout feature, every
name, the .notdef outline, hints kept: WeasyPrint drops them in its own pass), so the
glyphs and their shaping are the same; the rendered pages compare equal.

This is our own small cffi binding to the C library, not a patch of WeasyPrint. Where the
library or a symbol is missing, or too old, the same subsetter comes from the uharfbuzz
wheel (HarfBuzz compiled in), and where that is missing too, `subset` returns None and
fonts.py uses fontTools as before.
"""

from __future__ import annotations

import ctypes.util
import sys
from functools import cache
from pathlib import Path
from typing import Any

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef int hb_bool_t;
typedef uint32_t hb_codepoint_t;
hb_bool_t hb_version_atleast (unsigned int major, unsigned int minor, unsigned int micro);
const char * hb_version_string (void);
hb_blob_t * hb_blob_create_from_file_or_fail (const char *file_name);
const char * hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
void hb_blob_destroy (hb_blob_t *blob);
hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
unsigned int hb_face_get_glyph_count (const hb_face_t *face);
hb_blob_t * hb_face_reference_blob (hb_face_t *face);
void hb_face_destroy (hb_face_t *face);
void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
void hb_set_clear (hb_set_t *set);
void hb_set_invert (hb_set_t *set);
hb_subset_input_t * hb_subset_input_create_or_fail (void);
hb_set_t * hb_subset_input_unicode_set (hb_subset_input_t *input);
hb_set_t * hb_subset_input_set (hb_subset_input_t *input, unsigned int set_type);
void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned int value);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_face_t * hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""

# From hb-subset.h (stable since HarfBuzz 2.9 / 3.0).
_SETS_NAME_ID = 4
_SETS_LAYOUT_FEATURE_TAG = 6
_FLAGS_NOTDEF_OUTLINE = 0x40
_MINIMUM = (4, 1, 0)  # the version WeasyPrint itself asks for before subsetting natively

_NAMES = {
    "linux": ("libharfbuzz-subset.so.0", "libharfbuzz-subset.so"),
    "darwin": ("libharfbuzz-subset.0.dylib", "libharfbuzz-subset.dylib"),
    "win32": ("harfbuzz-subset-0.dll", "libharfbuzz-subset-0.dll", "harfbuzz-subset.dll"),
}


@cache
def _library() -> tuple[Any, Any] | None:
    """(ffi, lib) for libharfbuzz-subset, or None if it cannot be used here."""
    try:
        from cffi import FFI
    except ImportError:
        return None
    ffi = FFI()
    ffi.cdef(_CDEF)
    found = ctypes.util.find_library("harfbuzz-subset")
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    for name in (*_NAMES.get(platform, ()), *([found] if found else [])):
        try:
            lib = ffi.dlopen(name)
            if lib.hb_version_atleast(*_MINIMUM):
                return ffi, lib
        except (OSError, AttributeError):  # missing library, or a symbol it lacks
            continue
    return None


@cache
def _bindings() -> Any | None:
    """uharfbuzz (a wheel with HarfBuzz inside), for machines without the C library."""
    try:
        import uharfbuzz
    except ImportError:
        return None
    return uharfbuzz if hasattr(uharfbuzz, "subset") else None


def version() -> str | None:
    """HarfBuzz's version if its subsetter can be used, else None (for cache keys)."""
    found = _library()
    if found is not None:
        ffi, lib = found
        return ffi.string(lib.hb_version_string()).decode("ascii", "replace")
    hb = _bindings()
    return f"uharfbuzz {hb.__version__} (HarfBuzz {hb.version_string()})" if hb else None


def subset(path: Path, index: int, characters: str) -> bytes | None:
    """Face `index` of the font file at `path`, cut down to `characters`; None if the
    subsetter is unavailable or refuses the font (the caller then uses fontTools)."""
    found = _library()
    if found is None:
        return _subset_with_bindings(path, index, characters)
    ffi, lib = found
    blob = lib.hb_blob_create_from_file_or_fail(str(path).encode(sys.getfilesystemencoding()))
    if blob == ffi.NULL:
        return None
    face = lib.hb_face_create(blob, index)
    request = lib.hb_subset_input_create_or_fail()
    result = ffi.NULL
    try:
        if request == ffi.NULL or lib.hb_face_get_glyph_count(face) == 0:
            return None
        unicodes = lib.hb_subset_input_unicode_set(request)
        for char in characters:
            lib.hb_set_add(unicodes, ord(char))
        for everything in (_SETS_LAYOUT_FEATURE_TAG, _SETS_NAME_ID):
            chosen = lib.hb_subset_input_set(request, everything)
            lib.hb_set_clear(chosen)
            lib.hb_set_invert(chosen)  # the empty set inverted: all of them
        lib.hb_subset_input_set_flags(request, _FLAGS_NOTDEF_OUTLINE)
        result = lib.hb_subset_or_fail(face, request)
        if result == ffi.NULL:
            return None
        return _bytes(ffi, lib, result)
    finally:
        if result != ffi.NULL:
            lib.hb_face_destroy(result)
        if request != ffi.NULL:
            lib.hb_subset_input_destroy(request)
        lib.hb_face_destroy(face)
        lib.hb_blob_destroy(blob)


def _bytes(ffi: Any, lib: Any, face: Any) -> bytes | None:
    blob = lib.hb_face_reference_blob(face)
    try:
        length = ffi.new("unsigned int *")
        data = lib.hb_blob_get_data(blob, length)
        return bytes(ffi.buffer(data, length[0])) if length[0] else None
    finally:
        lib.hb_blob_destroy(blob)


def _subset_with_bindings(path: Path, index: int, characters: str) -> bytes | None:
    """The same cut through uharfbuzz: the same subsetter and options, compiled into the
    wheel, where the system has no libharfbuzz-subset (a fresh Debian, Windows)."""
    hb = _bindings()
    if hb is None:
        return None
    try:
        face = hb.Face(hb.Blob.from_file_path(str(path)), index)
        if face.glyph_count == 0:
            return None
        request = hb.SubsetInput()
        request.unicode_set.update(ord(char) for char in characters)
        for everything in (request.layout_feature_tag_set, request.name_id_set):
            everything.clear()
            everything.invert()  # the empty set inverted: all of them
        request.flags = hb.SubsetFlags.NOTDEF_OUTLINE
        data = hb.subset(face, request).blob.data
    except Exception:  # a font it refuses, or a binding that changed: fontTools cuts it
        return None
    return bytes(data) or None
