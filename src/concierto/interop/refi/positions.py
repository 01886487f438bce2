"""Convert a producer's text positions into code points of concierto's canonical text.

A REFI position counts code points of the plain-text file. The canonical text (NFC, ``\\n``
line ends, no invisible controls; :func:`concierto.ingest.canonical.canonical_text`) can be
shorter, so each position is mapped through the normalisation, chunk by chunk. Some producers
count a CRLF line break as one character: :func:`counts_crlf_once` tells from the selections.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from concierto.ingest.canonical import canonical_text


def _starts_chunk(raw: str, index: int) -> bool:
    char = raw[index]
    if unicodedata.combining(char):
        return False
    return not (char == "\n" and raw[index - 1] == "\r")


@dataclass(frozen=True)
class PositionMap:
    """Maps positions of a raw text onto its canonical text."""

    canonical: str
    raw_bounds: tuple[int, ...] = ()
    canonical_bounds: tuple[int, ...] = ()

    @property
    def identity(self) -> bool:
        """True when the raw text already was canonical."""
        return not self.raw_bounds

    def convert(self, position: int, *, is_end: bool) -> int:
        """The canonical position of raw ``position``; a position inside a chunk (between a
        letter and its accent, inside CRLF) moves out of it: a start back, an end forward."""
        if self.identity:
            return position
        index = bisect.bisect_right(self.raw_bounds, position) - 1
        if index < 0:
            return 0
        if self.raw_bounds[index] == position or not is_end:
            return self.canonical_bounds[index]
        return self.canonical_bounds[min(index + 1, len(self.canonical_bounds) - 1)]


def position_map(raw: str) -> PositionMap:
    """The canonical text of ``raw`` and how its positions move."""
    canonical = canonical_text(raw)
    if canonical == raw:
        return PositionMap(canonical)
    raw_bounds = [0]
    canonical_bounds = [0]
    start = 0
    total = 0
    for index in range(1, len(raw) + 1):
        if index == len(raw) or _starts_chunk(raw, index):
            total += len(canonical_text(raw[start:index]))
            raw_bounds.append(index)
            canonical_bounds.append(total)
            start = index
    if total != len(canonical):  # a composition across chunks: measure each prefix instead
        canonical_bounds = [len(canonical_text(raw[:bound])) for bound in raw_bounds]
    return PositionMap(canonical, tuple(raw_bounds), tuple(canonical_bounds))


def _badness(text: str, spans: Sequence[tuple[int, int]]) -> int:
    score = 0
    for start, end in spans:
        if start < 0 or end > len(text) or end <= start:
            score += 10
            continue
        for position in (start, end):
            if 0 < position < len(text) and text[position - 1] == "\r" and text[position] == "\n":
                score += 5
        if text[start] in "\r\n" or text[end - 1] == "\r":
            score += 1
    return score


def counts_crlf_once(raw: str, spans: Sequence[tuple[int, int]]) -> bool:
    """True when the spans fit ``raw`` better with each CRLF counted as one character
    (out-of-range ends, boundaries inside CRLF, spans starting on a line break)."""
    if "\r\n" not in raw or not spans:
        return False
    collapsed = raw.replace("\r\n", "\n")
    return _badness(collapsed, spans) < _badness(raw, spans)
