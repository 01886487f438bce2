"""Spans a person codes: finding a phrase as search finds it, noticing a span that cuts a
word, and snapping a span to whole words or to the document's sentences. Offsets are code
points of the original text, end exclusive; nothing here reads the store."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from concierto.nlp.fold import fold_text
from concierto.nlp.terms import TermMatcher, is_word_char


class Snap(StrEnum):
    """Where a coded span is extended to: nowhere, whole words, or whole sentences."""

    none = "none"
    word = "word"
    sentence = "sentence"


def phrase_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every occurrence of ``phrase`` in ``text``, accents and case folded (``ñ`` kept) and
    on word boundaries, as mentions and keyword rules match terms (:mod:`concierto.nlp.terms`);
    an empty phrase raises :class:`~concierto.nlp.terms.TermError`."""
    folded = fold_text(text)
    return [
        folded.to_original(hit.start, hit.end)
        for hit in TermMatcher([phrase]).find_all(folded.text)
    ]


def _inside_word(text: str, position: int) -> bool:
    """True when ``position`` falls between two word characters of ``text``."""
    return (
        0 < position < len(text)
        and is_word_char(text[position - 1])
        and is_word_char(text[position])
    )


def cuts_word(text: str, start: int, end: int) -> bool:
    """True when the span ``[start, end)`` begins or ends inside a word."""
    return _inside_word(text, start) or _inside_word(text, end)


def _loose(char: str) -> bool:
    """Blanks and the separators a span should not begin or end with (``, ; :``)."""
    return char.isspace() or char in ",;:"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the whole words it cuts, then without blanks or ``, ; :`` at either
    end (a span of those only is kept as it is)."""
    while _inside_word(text, start):
        start -= 1
    while _inside_word(text, end):
        end += 1
    trimmed_start, trimmed_end = start, end
    while trimmed_start < trimmed_end and _loose(text[trimmed_start]):
        trimmed_start += 1
    while trimmed_end > trimmed_start and _loose(text[trimmed_end - 1]):
        trimmed_end -= 1
    return (trimmed_start, trimmed_end) if trimmed_start < trimmed_end else (start, end)


def snap_to_units(
    text: str, start: int, end: int, units: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """The span widened to the units (sentences) it touches: from the start of the first to
    the end of the last; a span touching none is snapped to words instead."""
    touched = [(s, e) for s, e in units if s < end and start < e]
    if not touched:
        return snap_to_words(text, start, end)
    return min(s for s, _ in touched), max(e for _, e in touched)


def snap(
    text: str, start: int, end: int, how: Snap, sentences: Sequence[tuple[int, int]] = ()
) -> tuple[int, int]:
    """``[start, end)`` snapped as ``how`` says (``sentences`` are the document's)."""
    if how is Snap.word:
        return snap_to_words(text, start, end)
    if how is Snap.sentence:
        return snap_to_units(text, start, end, sentences)
    return start, end
