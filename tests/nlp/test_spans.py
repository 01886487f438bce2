"""Coded spans: phrases found as search finds them, word cuts noticed, snapping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concierto.nlp.spans import (
    Snap,
    cuts_word,
    phrase_spans,
    snap,
    snap_to_units,
    snap_to_words,
)
from concierto.nlp.terms import TermError

TEXT = "Se coordinan con la Dirección. NO HAY REGLAS; no hay   reglas claras. Año y ano."


def test_phrases_fold_accents_case_and_blanks_on_whole_words() -> None:
    spans = phrase_spans(TEXT, "no hay reglas")
    assert [TEXT[s:e] for s, e in spans] == ["NO HAY REGLAS", "no hay   reglas"]
    assert [TEXT[s:e] for s, e in phrase_spans(TEXT, "direccion")] == ["Dirección"]
    assert phrase_spans(TEXT, "coordina") == []  # not half of "coordinan"
    assert [TEXT[s:e] for s, e in phrase_spans(TEXT, "año")] == ["Año"]  # ñ is not n
    with pytest.raises(TermError):
        phrase_spans(TEXT, "  ")


def test_a_half_word_span_is_noticed_and_snapped_to_words() -> None:
    start = TEXT.index("coordinan") + 3  # "rdinan con la Di"
    end = TEXT.index("Dirección") + 2
    assert cuts_word(TEXT, start, end)
    assert TEXT[slice(*snap_to_words(TEXT, start, end))] == "coordinan con la Dirección"
    whole = TEXT.index("con la")
    assert not cuts_word(TEXT, whole, whole + len("con la"))
    assert snap_to_words(TEXT, whole - 1, whole + len("con la ")) == (whole, whole + 6)
    colon = "E01: La Secretaría"
    assert colon[slice(*snap_to_words(colon, 3, 12))] == "La Secretaría"


def test_snapping_to_sentences() -> None:
    first, second = (0, 30), (31, 69)
    inside = TEXT.index("REGLAS")
    assert snap_to_units(TEXT, inside, inside + 3, [first, second]) == second
    assert snap_to_units(TEXT, 25, 35, [first, second]) == (0, 69)
    assert snap(TEXT, 71, 73, Snap.sentence, [first, second]) == (70, 73)  # no sentence: words
    assert snap(TEXT, 1, 2, Snap.none) == (1, 2)


@given(st.text(alphabet="ab ñ.", min_size=1, max_size=30), st.data())
def test_snapped_words_never_cut_a_word_and_contain_the_span(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    snapped = snap_to_words(text, start, end)
    assert not cuts_word(text, *snapped)
    if text[start:end].strip():
        assert snapped[0] <= start + len(text[start:end]) - len(text[start:end].lstrip())
        assert text[start:end].strip() in text[slice(*snapped)]
