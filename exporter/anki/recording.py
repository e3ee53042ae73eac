"""A MediaCollector that remembers its look-ups, for the note cache and the forked renderer
to make them again, in order, in the collector that writes the package."""

from __future__ import annotations

from ..media import MediaCollector
from ..model import Document

MediaCall = tuple[str, int, "str | None"]  # src, line → the name it got (None: left out)


class RecordingMedia:
    """A MediaCollector that remembers each look-up, to replay it on a cache hit."""

    def __init__(self, media: MediaCollector) -> None:
        self.media = media
        self.calls: list[MediaCall] = []

    def resolve(self, document: Document, src: str, line: int) -> str | None:
        name = self.media.resolve(document, src, line)
        self.calls.append((src, line, name))
        return name

    def __getattr__(self, name: str) -> object:
        return getattr(self.media, name)
