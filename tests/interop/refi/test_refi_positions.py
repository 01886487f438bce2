"""Positions move from a producer's text to the canonical text without changing what they
cover (property tests over CRLF, NFD accents, BOMs and emoji)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from concierto.ingest.canonical import canonical_text
from concierto.interop.refi.positions import counts_crlf_once, position_map

PIECES = st.sampled_from(["a", "ñ", "e\u0301", "n\u0303", " ", "\r\n", "\n", "🙂", "\ufeff",
                          "Año", "\u2028", "x"])


@given(st.lists(PIECES, min_size=1, max_size=30), st.data())
def test_piece_boundaries_map_to_the_same_canonical_text(
    pieces: list[str], data: st.DataObject
) -> None:
    raw = "".join(pieces)
    bounds = [0]
    for piece in pieces:
        bounds.append(bounds[-1] + len(piece))
    i = data.draw(st.integers(0, len(pieces) - 1))
    j = data.draw(st.integers(i + 1, len(pieces)))
    mapping = position_map(raw)
    start = mapping.convert(bounds[i], is_end=False)
    end = mapping.convert(bounds[j], is_end=True)
    assert mapping.canonical == canonical_text(raw)
    assert mapping.canonical[start:end] == canonical_text("".join(pieces[i:j]))


def test_hand_computed_nfd_and_crlf() -> None:
    raw = unicodedata.normalize("NFD", "Año\r\nseñal")
    mapping = position_map(raw)
    assert mapping.canonical == "Año\nseñal"
    assert mapping.convert(raw.index("s"), is_end=False) == 4
    assert mapping.convert(len(raw), is_end=True) == 9
    # A start between "n" and its combining tilde moves back, an end moves forward.
    inside = raw.index("\u0303")
    assert mapping.convert(inside, is_end=False) == 1
    assert mapping.convert(inside, is_end=True) == 2


def test_crlf_counting_is_detected_from_the_spans() -> None:
    raw = "Uno\r\nDos\r\nTres"
    assert counts_crlf_once(raw, [(8, 12)])  # "Tres" in the collapsed text
    assert not counts_crlf_once(raw, [(10, 14)])  # "Tres" in the raw text
    assert not counts_crlf_once("sin saltos", [(0, 3)])
