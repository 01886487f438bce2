"""Offsets at the browser boundary: the DOM counts UTF-16 code units, the store counts code
points (PRODUCT.md). Every offset that comes from or goes to a page passes through here.

Characters outside the Basic Multilingual Plane (most emoji) are one code point but two UTF-16
units; an offset that falls between the two halves of such a pair names no position in the
text and is refused rather than rounded."""

from __future__ import annotations

from concierto.evidence.errors import OffsetError
from concierto.i18n import _


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes (what JavaScript's ``length`` says)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_utf16(text: str, offset: int) -> int:
    """The UTF-16 offset of code-point offset ``offset`` of ``text``."""
    if not 0 <= offset <= len(text):
        raise OffsetError(
            _("offset {offset} is outside the text (length {length})").format(
                offset=offset, length=len(text)
            )
        )
    return utf16_length(text[:offset])


def from_utf16(text: str, offset: int) -> int:
    """The code-point offset of UTF-16 offset ``offset`` of ``text``; an offset outside the
    text or inside a surrogate pair is an :class:`OffsetError`."""
    units = text.encode("utf-16-le", "surrogatepass")
    if not 0 <= offset <= len(units) // 2:
        raise OffsetError(
            _("offset {offset} is outside the text (length {length})").format(
                offset=offset, length=len(units) // 2
            )
        )
    try:
        return len(units[: 2 * offset].decode("utf-16-le"))
    except UnicodeDecodeError as exc:
        raise OffsetError(
            _("offset {offset} falls inside a character").format(offset=offset)
        ) from exc


def span_from_utf16(text: str, start: int, end: int) -> tuple[int, int]:
    """A browser selection ``[start, end)`` in UTF-16 units as code points; must be non-empty."""
    first, last = from_utf16(text, start), from_utf16(text, end)
    if last <= first:
        raise OffsetError(_("the selection is empty"))
    return first, last
