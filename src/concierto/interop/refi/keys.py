"""Readable, unique concierto keys made from REFI names (codes, documents, cases, coders)."""

from __future__ import annotations

import re
import unicodedata

KEY_LIMIT = 120
SEGMENT_LIMIT = 40


def slug(name: str | None, fallback: str) -> str:
    """``name`` folded to ASCII, lower case, words joined by ``_`` (``fallback`` if empty)."""
    folded = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")
    return words[:SEGMENT_LIMIT].strip("_") or fallback


def unique(candidate: str, taken: set[str], separator: str = "_") -> str:
    """``candidate``, or ``candidate_2``, ``_3`` … if taken; the result is added to ``taken``."""
    candidate = candidate[: KEY_LIMIT - 6]
    chosen, number = candidate, 2
    while chosen in taken:
        chosen = f"{candidate}{separator}{number}"
        number += 1
    taken.add(chosen)
    return chosen
