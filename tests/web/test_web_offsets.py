"""UTF-16 offsets of the browser and the store's code points: round trips and hand cases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concierto.evidence.errors import OffsetError
from concierto.ingest.canonical import canonical_text
from concierto.web.offsets import from_utf16, span_from_utf16, to_utf16, utf16_length

PIECES = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(["é", "ñ", "e\u0301", "😀", "👩\u200d👩\u200d👧", "🇵🇪", "\n", "á"]),
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


def test_hand_cases() -> None:
    text = "Sí 😀 e\u0301"  # S, í, space, emoji (2 units), space, e, combining acute
    assert utf16_length(text) == 8
    assert [to_utf16(text, i) for i in range(len(text) + 1)] == [0, 1, 2, 3, 5, 6, 7, 8]
    assert from_utf16(text, 5) == 4
    assert from_utf16(text, 8) == 7
    assert span_from_utf16(text, 3, 5) == (3, 4)  # the emoji alone


def test_inside_a_surrogate_pair_is_refused() -> None:
    with pytest.raises(OffsetError, match="inside a character"):
        from_utf16("a😀b", 2)


@pytest.mark.parametrize("offset", [-1, 4])
def test_outside_the_text_is_refused(offset: int) -> None:
    with pytest.raises(OffsetError, match="outside the text"):
        from_utf16("abc", offset)


def test_empty_selection_is_refused() -> None:
    with pytest.raises(OffsetError, match="empty"):
        span_from_utf16("abc", 2, 2)


@given(TEXTS, st.data())
def test_round_trip(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    units = to_utf16(text, offset)
    assert from_utf16(text, units) == offset
    # What JavaScript slices with UTF-16 offsets is what Python slices with code points.
    encoded = text.encode("utf-16-le", "surrogatepass")
    assert encoded[: 2 * units].decode("utf-16-le") == text[:offset]


@given(TEXTS, st.data())
def test_spans_select_the_same_text(text: str, data: st.DataObject) -> None:
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    u_start, u_end = to_utf16(text, start), to_utf16(text, end)
    assert span_from_utf16(text, u_start, u_end) == (start, end)


@given(st.lists(st.text(alphabet="ab é😀\u0301", max_size=8), min_size=1, max_size=6))
def test_documents_from_crlf_files(lines: list[str]) -> None:
    """A CRLF source becomes ``\\n`` text: offsets are counted on that canonical text."""
    canonical = canonical_text("\r\n".join(lines))
    assert "\r" not in canonical
    for offset in range(len(canonical) + 1):
        assert from_utf16(canonical, to_utf16(canonical, offset)) == offset
