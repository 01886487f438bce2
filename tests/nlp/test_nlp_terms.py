"""The one-pass term matcher equals one regex search per term, on hand cases and random text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.nlp.fold import fold
from concierto.nlp.terms import TermError, TermHit, TermMatcher, naive_find_all


def test_prefix_terms_and_boundaries() -> None:
    terms = ["MEF", "MEF-DGPP", "PCM", "gestión pública", "pública"]
    text = fold("La PCMX no; la PCM y el MEF-DGPP con Gestión  Pública.")
    hits = TermMatcher(terms).find_all(text)
    found = [(terms[h.term_id], text[h.start : h.end]) for h in hits]
    assert found == [
        ("PCM", "pcm"),
        ("MEF", "mef"),
        ("MEF-DGPP", "mef-dgpp"),
        ("gestión pública", "gestion  publica"),
        ("pública", "publica"),
    ]


def test_term_starting_with_punctuation_needs_no_left_boundary() -> None:
    hits = TermMatcher(["(sgp)"]).find_all("pcm(sgp) y (sgp)")
    assert [(h.start, h.end) for h in hits] == [(3, 8), (11, 16)]


def test_empty_term_is_rejected() -> None:
    with pytest.raises(TermError, match="term 1"):
        TermMatcher(["a", "  "])


def test_hit_at_text_start_and_end() -> None:
    assert TermMatcher(["ab"]).find_all("ab") == [TermHit(0, 0, 2)]


ALPHABET = "ab -.\n_á"
terms_strategy = st.lists(
    st.text(alphabet=ALPHABET, min_size=1, max_size=4).filter(lambda t: t.strip() != ""),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(terms_strategy, st.text(alphabet=ALPHABET, max_size=60))
def test_one_pass_equals_naive(terms: list[str], text: str) -> None:
    folded = fold(text)
    assert TermMatcher(terms).find_all(folded) == naive_find_all(terms, folded)


def test_deeply_nested_terms_fall_back_to_walking_and_stay_correct() -> None:
    terms = [" ".join(["ab"] * depth) for depth in range(1, 400)] + ["(x"]
    matcher = TermMatcher(terms)
    assert matcher._fallback  # the nested trie regex is too deep for the regex compiler
    text = "(x " + " ".join(["ab"] * 25) + " ab(x"
    assert matcher.find_all(text) == naive_find_all(terms, text)
