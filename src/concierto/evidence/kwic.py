"""Key-word-in-context lines: the first matching word of a sentence with context around it."""

from __future__ import annotations

from dataclasses import dataclass

from concierto.evidence.fulltext import WORD, lemma
from concierto.nlp.fold import fold


@dataclass(frozen=True)
class KwicLine:
    """A match at ``start``..``end`` (code points of the document) with its left and right
    context, whitespace collapsed."""

    start: int
    end: int
    left: str
    match: str
    right: str


def _squash(text: str) -> str:
    return " ".join(text.split())


def kwic_line(
    text: str,
    unit_start: int,
    unit_end: int,
    terms: list[tuple[str, str]],
    width: int = 40,
    language: str = "es",
) -> KwicLine:
    """The KWIC line of the first word of ``text[unit_start:unit_end]`` matching any query term
    (as a folded word or through its lemma); the whole unit when no word matches."""
    wanted_words = {word for word, _ in terms}
    wanted_lemmas = {root for _, root in terms}
    start, end = unit_start, unit_end
    for found in WORD.finditer(text, unit_start, unit_end):
        word = found.group()
        if fold(word) in wanted_words or lemma(word, language) in wanted_lemmas:
            start, end = found.start(), found.end()
            break
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return KwicLine(
        start=start, end=end, left=_squash(left), match=text[start:end], right=_squash(right)
    )
