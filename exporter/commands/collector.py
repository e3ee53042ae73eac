"""Python's cycle collector, paused while a command builds its model.

A parse keeps every token, fragment and note of the run alive until the writer is done
(about 50 objects per note), and the collector walks all of them again at each of its
full passes: a quarter of `export anki`'s time on 4,000 notes, for nothing, since none of
them form cycles (a token holds its children; nothing points back). WeasyPrint's trees do
form cycles, so `export pdf` keeps the collector (paused, its peak memory grew a third).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside. It resumes after, so a `--watch` loop still
    frees what a rebuild left behind (a full pass at exit would cost more than it frees).

    Everything allocated inside is moved to the oldest generation on the way out: left in
    the youngest, the first allocation after `gc.enable()` walked all of it (0.14 s of a
    2.2 s export of 4,000 notes), where the oldest is walked only by a rare full pass.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # every generation into the permanent one: O(1), and counts reset
        gc.unfreeze()  # ... then all of it into the oldest, still collectable
        gc.enable()
