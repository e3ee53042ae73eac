"""A large document's notes rendered on two cores: a forked child renders the later
cards while this process renders the first ones.

Rendering is pure Python (markdown-it's renderer, nh3, the formula swap), a third of a
cold export of 4,000 notes. The child sees the document as it is here, so nothing is sent
to it; its notes come back pickled with the media look-ups it made. Those are made again
here, after this process's own, which is the order a single process makes them in: the
notes are kept only if every media name comes out the same (else, and wherever the child
cannot run, the cards are rendered here). The output is byte for byte a single process's.
"""

from __future__ import annotations

from collections.abc import Callable

from ..parallel import ForkedJob
from ..texguard import current_run
from .cards import CardNote, NoteBuilder
from .recording import MediaCall, RecordingMedia

# Below this many cards a fork costs more than the half it saves.
SPLIT_FROM = 400
# A question's note renders its answer, follow-ups and a reference: about twice a point's.
_QUESTION_WEIGHT = 2

ChildResult = tuple[list[CardNote], list[MediaCall], list[tuple[object, object]]]


def rendered(builder: NoteBuilder, meanwhile: Callable[[], None] | None = None) -> list[CardNote]:
    """Every note of `builder`'s document, in deck order. `meanwhile`, if given, is called
    once this process's share is rendered and before the child's is taken, so that work
    the caller needs next (reading the previous package, imports) fills what would be a
    wait; it is called only where a child renders."""
    cards = builder.cards()
    if len(cards) < SPLIT_FROM:
        return [builder.note(card) for card in cards]
    split = _halfway(builder)
    later = cards[split:]

    def render_later() -> ChildResult:
        recorder = RecordingMedia(builder.media)
        builder.media = recorder  # type: ignore[assignment]  # the child's own copy
        notes = [builder.note(card) for card in later]
        run = current_run()
        return notes, recorder.calls, list(run.refused.items()) if run is not None else []

    job = ForkedJob(render_later)
    try:
        first = [builder.note(card) for card in cards[:split]]
        if meanwhile is not None:
            meanwhile()
    except BaseException:
        job.cancel()
        raise
    result = job.result()
    if result is not None and _replayed(builder, result):
        return first + result[0]
    return first + [builder.note(card) for card in later]


def _halfway(builder: NoteBuilder) -> int:
    """Where half of the rendering work lies, questions weighing more than points."""
    questions = len(builder.selection.questions)
    points = len(builder.selection.points)
    half = (questions * _QUESTION_WEIGHT + points) / 2
    if half <= questions * _QUESTION_WEIGHT:
        return round(half / _QUESTION_WEIGHT)
    return questions + round(half - questions * _QUESTION_WEIGHT)


def _replayed(builder: NoteBuilder, result: ChildResult) -> bool:
    """The child's media look-ups made here; True if every name is the one it wrote."""
    _, calls, refused = result
    same = all(
        builder.media.resolve(builder.document, src, line) == name for src, line, name in calls
    )
    run = current_run()
    if same and run is not None:
        for key, diagnostic in refused:
            run.refused.setdefault(key, diagnostic)  # type: ignore[arg-type]
    return same
