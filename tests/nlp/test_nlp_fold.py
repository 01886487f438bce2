"""Folding: accents and case removed, ñ kept, offsets mapped back exactly."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from concierto.nlp.fold import fold, fold_char, fold_text


def test_fold_spanish_accents_and_case() -> None:
    assert fold("Secretaría de Gestión Pública") == "secretaria de gestion publica"
    assert fold("PINGÜINO") == "pinguino"
    assert fold("AÑO y año") == "año y año"


def test_identity_offsets_when_lengths_are_kept() -> None:
    folded = fold_text("Gestión Pública")
    assert folded.text == "gestion publica"
    assert folded.origin is None
    assert folded.to_original(8, 15) == (8, 15)


def test_sharp_s_expands_and_offsets_map_back() -> None:
    original = "Die Straße und MEF"
    folded = fold_text(original)
    assert folded.text == "die strasse und mef"
    start = folded.text.index("mef")
    assert folded.to_original(start, start + 3) == (15, 18)
    assert original[15:18] == "MEF"
    # The expanded 'ss' maps back to the single 'ß'.
    ss = folded.text.index("ss")
    assert folded.to_original(ss, ss + 2) == (8, 9)
    assert folded.to_original(ss, ss + 1) == (8, 9)


def test_stray_combining_mark_folds_to_nothing() -> None:
    original = "a\u0301\u0301b"  # NFC keeps one extra combining acute
    nfc = unicodedata.normalize("NFC", original)
    folded = fold_text(nfc)
    assert folded.text == "ab"
    assert folded.to_original(1, 2) == (len(nfc) - 1, len(nfc))


def test_final_sigma_folds_like_sigma() -> None:
    assert fold_text("ΟΔΟΣ").text == fold("ΟΔΟΣ") == "οδοσ"


@given(st.text(max_size=60))
def test_fold_text_equals_fold_and_is_idempotent(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    folded = fold_text(nfc)
    assert folded.text == fold(nfc)
    assert fold(folded.text) == folded.text


@given(st.text(max_size=40))
def test_every_folded_char_maps_to_the_original_char_that_made_it(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    folded = fold_text(nfc)
    rebuilt = []
    position = 0
    while position < len(folded.text):
        start, end = folded.to_original(position, position + 1)
        piece = fold_char(nfc[start])
        assert end == start + 1
        assert folded.text[position : position + len(piece)] == piece
        rebuilt.append(piece)
        position += len(piece)
    assert "".join(rebuilt) == folded.text
