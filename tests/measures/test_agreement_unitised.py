"""Unitising alpha (_u alpha, |_u alpha): hand cases and a literal position-by-position check."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.measures.agreement import AgreementInputError, CodedSpan, unitised_alpha
from concierto.measures.agreement.unitised import (
    EMPTY_CONTINUUM,
    FEWER_THAN_TWO_CODERS,
    NO_EXPECTED_DISAGREEMENT,
    NO_GAPS_OR_NO_UNITS,
)


def test_two_coders_one_label_by_hand() -> None:
    """L = 10; A marks [2, 6), B marks [3, 6), both labelled x.

    Sections: A gap 2, x 4, gap 4; B gap 3, x 3, gap 4. Overlaps over the two ordered coder
    pairs (m - 1 = 1): l_gap,gap = 2 * (2 + 4) = 12, l_x,gap = l_gap,x = 1, l_xx = 2 * 3 = 6;
    l.. = 20, margins 13 and 7. S_gap = 2 + 4 + 3 + 4 = 13, S_x = 16 + 9 = 25, S = 38.
    e_gap,gap = 20 (169 - 13) / 362, e_xx = 20 (49 - 25) / 362, so 20 - trace(e) = 3640 / 362;
    observed disagreement 20 - 18 = 2 and alpha = 1 - 2 * 362 / 3640 = 729 / 910. With one
    label the binary coefficient is the same.
    """
    spans = [CodedSpan("A", 2, 6, "x", "s1"), CodedSpan("B", 3, 6, "x", "s2")]
    result = unitised_alpha(spans, 10)
    assert result.alpha == pytest.approx(729 / 910, abs=1e-12)
    assert result.binary_alpha == pytest.approx(729 / 910, abs=1e-12)
    assert (result.coders, result.length, result.segments, result.values) == (2, 10, 2, 1)
    assert result.segment_ids == ("s1", "s2")


def test_same_spans_different_labels_by_hand() -> None:
    """L = 8; A labels [0, 4) x, B labels [0, 4) y.

    l_xy = l_yx = 4, l_gap,gap = 8, l.. = 16; S_x = S_y = 16, S_gap = 8, S = 40, so
    e_gap,gap = 16 (64 - 8) / 216 and e_xx = e_yy = 0; alpha = 1 - 8 / (16 - 896 / 216)
    = 1 - 1728 / 2560 = 0.325. Both coders agree on where coded matter is: binary alpha 1.
    """
    result = unitised_alpha([CodedSpan("A", 0, 4, "x"), CodedSpan("B", 0, 4, "y")], 8)
    assert result.alpha == pytest.approx(0.325, abs=1e-12)
    assert result.binary_alpha == pytest.approx(1.0, abs=1e-12)


def test_perfect_agreement_and_an_idle_coder() -> None:
    spans = [CodedSpan(coder, 3, 7, "x") for coder in ("A", "B", "C")]
    assert unitised_alpha(spans, 20).alpha == pytest.approx(1.0)
    with_idle = unitised_alpha(spans, 20, coders=["A", "B", "C", "D"])
    assert with_idle.coders == 4
    assert with_idle.alpha is not None and with_idle.alpha < 1.0


def test_undefined_cases() -> None:
    single = unitised_alpha([CodedSpan("A", 0, 2)], 5)
    assert single.alpha is None and single.undefined_reason == FEWER_THAN_TWO_CODERS
    nothing = unitised_alpha([], 5, coders=["A", "B"])
    assert nothing.alpha is None and nothing.undefined_reason == NO_EXPECTED_DISAGREEMENT
    assert nothing.binary_undefined_reason == NO_GAPS_OR_NO_UNITS
    everything = unitised_alpha([CodedSpan("A", 0, 5), CodedSpan("B", 0, 5)], 5)
    assert everything.alpha is None
    assert unitised_alpha([], 0, coders=["A", "B"]).undefined_reason == EMPTY_CONTINUUM


def test_bad_spans_are_named() -> None:
    with pytest.raises(AgreementInputError, match="coder 'A' has overlapping spans"):
        unitised_alpha([CodedSpan("A", 0, 4), CodedSpan("A", 3, 6), CodedSpan("B", 0, 4)], 10)
    with pytest.raises(AgreementInputError, match=r"\[8, 12\) of coder 'B' does not lie inside"):
        unitised_alpha([CodedSpan("A", 0, 4), CodedSpan("B", 8, 12)], 10)
    with pytest.raises(AgreementInputError, match="not in the list"):
        unitised_alpha([CodedSpan("Z", 0, 4)], 10, coders=["A", "B"])


def _literal_alpha(
    spans: list[CodedSpan], length: int, coders: list[str]
) -> tuple[Fraction | None, Fraction | None]:
    """Both coefficients read position by position with exact fractions (slow, independent)."""
    value_at = {coder: ["gap"] * length for coder in coders}
    own: dict[str, int] = {}
    for coder in coders:
        mine = sorted((s for s in spans if s.coder == coder), key=lambda s: s.start)
        position = 0
        for span in mine:
            if span.start > position:
                own["gap"] = own.get("gap", 0) + span.start - position
            own[span.label] = own.get(span.label, 0) + (span.end - span.start) ** 2
            for index in range(span.start, span.end):
                value_at[coder][index] = span.label
            position = span.end
        own["gap"] = own.get("gap", 0) + length - position
    m = len(coders)
    observed: dict[tuple[str, str], Fraction] = {}
    for first in coders:
        for second in coders:
            if first != second:
                for index in range(length):
                    key = (value_at[first][index], value_at[second][index])
                    observed[key] = observed.get(key, Fraction(0)) + Fraction(1, m - 1)
    values = sorted({value for key in observed for value in key})
    total = Fraction(m * length)
    margin = {
        c: sum((observed.get((c, k), Fraction(0)) for k in values), Fraction(0)) for c in values
    }
    denominator = total * total - sum(own.values())
    expected_diagonal = sum(
        (total * (margin[c] * margin[c] - own.get(c, 0)) / denominator for c in values), Fraction(0)
    )
    chance = total - expected_diagonal
    observed_diagonal = sum((observed.get((c, c), Fraction(0)) for c in values), Fraction(0))
    alpha = None if chance == 0 else 1 - (total - observed_diagonal) / chance
    labels = [value for value in values if value != "gap"]
    binary_observed = sum((observed.get(("gap", k), Fraction(0)) for k in labels), Fraction(0))
    binary_chance = sum(
        (total * margin.get("gap", 0) * margin[k] / denominator for k in labels), Fraction(0)
    )
    binary = None if binary_chance == 0 else 1 - binary_observed / binary_chance
    return alpha, binary


@st.composite
def unitisations(draw: st.DrawFn) -> tuple[list[CodedSpan], int, list[str]]:
    length = draw(st.integers(1, 30))
    coders = [f"c{index}" for index in range(draw(st.integers(2, 4)))]
    spans: list[CodedSpan] = []
    for coder in coders:
        cuts = sorted(draw(st.sets(st.integers(0, length), max_size=6)))
        for start, end in zip(cuts[::2], cuts[1::2], strict=False):
            spans.append(CodedSpan(coder, start, end, draw(st.sampled_from("ab"))))
    return spans, length, coders


@settings(max_examples=150, deadline=None)
@given(case=unitisations())
def test_equals_the_literal_definition(case: tuple[list[CodedSpan], int, list[str]]) -> None:
    spans, length, coders = case
    literal, literal_binary = _literal_alpha(spans, length, coders)
    result = unitised_alpha(spans, length, coders=coders)
    for ours, exact in ((result.alpha, literal), (result.binary_alpha, literal_binary)):
        if exact is None:
            assert ours is None
        else:
            assert ours == pytest.approx(float(exact), abs=1e-9)
