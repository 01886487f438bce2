"""Accent- and case-folding of text with an exact offset map back to the original.

Matching names and keywords "accent- and case-insensitively" means comparing folded forms, but
every mention or suggestion must be stored on the ORIGINAL text's code-point offsets (MEASURES
M6). Folding one character can change the length (``'ß'.casefold() == 'ss'``, a stray combining
mark folds to nothing), so :class:`FoldedText` keeps, when needed, the index of the original
character behind every folded character.

Folding of one character: canonical decomposition, combining marks removed, case-folded, and
marks removed again. ``ñ``/``Ñ`` fold to ``ñ``: in Spanish the tilde makes a different letter,
not an accent (``año`` is not ``ano``). Folding is idempotent: ``fold(fold(s)) == fold(s)``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported where the offset map is built: most texts never need it
    import numpy as np
    import numpy.typing as npt

_ENYE = "ñ"


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """The folded form of one character (possibly empty or longer than one character)."""
    if char in ("ñ", "Ñ"):
        return _ENYE
    stripped = _strip_marks(char)
    folded = _strip_marks(stripped.casefold())
    return unicodedata.normalize("NFC", folded)


def _strip_marks(text: str) -> str:
    """Decompose and drop combining marks (keeping an n + tilde pair as ``ñ``)."""
    out: list[str] = []
    for piece in unicodedata.normalize("NFD", text):
        if unicodedata.combining(piece):
            if piece == "\u0303" and out and out[-1] in ("n", "N"):
                out[-1] = _ENYE
            continue
        out.append(piece)
    return "".join(out)


def strip_accents(text: str) -> str:
    """Remove accents but keep case (and ``ñ``): for comparisons that must respect capitals."""
    return unicodedata.normalize("NFC", _strip_marks(text))


def fold(text: str) -> str:
    """Fold a short string (a term, an alias): same rules as :func:`fold_text`, no offset map."""
    return "".join(fold_char(char) for char in text)


@dataclass(frozen=True)
class FoldedText:
    """A folded text and the way back to the original's code-point offsets.

    ``origin`` is None when folding kept every character's length (the usual case: offsets are
    identical); otherwise ``origin[i]`` is the original index of folded character ``i`` and
    ``origin[len(text)] == len(original)``.
    """

    original: str
    text: str
    origin: npt.NDArray[np.int64] | None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span ``[start, end)`` to the smallest original span that produced it."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside folded text of {len(self.text)}")
        if self.origin is None:
            return start, end
        original_start = int(self.origin[start])
        if end == start:
            return original_start, original_start
        return original_start, int(self.origin[end - 1]) + 1

    def to_original_many(
        self, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Vectorised :meth:`to_original` for non-empty spans (``ends > starts``)."""
        if self.origin is None:
            return starts, ends
        return self.origin[starts], self.origin[ends - 1] + 1


def fold_text(text: str) -> FoldedText:
    """Fold a whole document quickly (C-level string passes) and keep the offset map.

    Fast path when every distinct character folds to exactly one character: lower-case the
    text once and replace only the few distinct characters whose fold differs. Otherwise
    translate character by character and build the offset map with numpy.
    """
    distinct = set(text)
    if all(len(char.lower()) == 1 and len(fold_char(char)) == 1 for char in distinct):
        lowered = text.lower()
        lowered_chars = {char.lower() for char in distinct}
        if "Σ" in distinct:  # str.lower() maps a word-final capital sigma to 'ς'
            lowered_chars.add("ς")
        for char in sorted(lowered_chars):
            target = fold_char(char)
            if target != char:
                lowered = lowered.replace(char, target)
        return FoldedText(original=text, text=lowered, origin=None)
    import numpy as np

    table = {ord(char): fold_char(char) for char in distinct}
    folded = text.translate(table)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.ones(len(text), dtype=np.int64)
    for char in distinct:
        size = len(table[ord(char)])
        if size != 1:
            lengths[codes == ord(char)] = size
    origin = np.repeat(np.arange(len(text), dtype=np.int64), lengths)
    origin = np.append(origin, np.int64(len(text)))
    return FoldedText(original=text, text=folded, origin=origin)
