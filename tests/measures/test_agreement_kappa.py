"""Percent agreement, Cohen's and Fleiss' kappa: hand cases, scikit-learn and statsmodels."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from concierto.measures.agreement import (
    AgreementInputError,
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    percent_agreement,
)
from concierto.measures.agreement.kappa import NO_CHANCE_DISAGREEMENT, NO_UNITS, KappaWeights

N = None


def test_cohen_by_hand() -> None:
    # Units 1-4 coded by both: agreement 3/4; shares A (1: .5, 2: .25, 3: .25), B (1: .5, 2: .5)
    # -> p_e = .25 + .125 = .375, kappa = (.75 - .375) / .625 = .6. Unit 5 is excluded.
    result = cohen_kappa([[1, 2, 3, 1, N], [1, 2, 2, 1, 3]])
    assert result.value == pytest.approx(0.6)
    assert (result.observed, result.expected) == (pytest.approx(0.75), pytest.approx(0.375))
    assert (result.units, result.units_excluded, result.categories) == (4, 1, 3)


def test_cohen_needs_two_coders() -> None:
    with pytest.raises(AgreementInputError, match="exactly two coders"):
        cohen_kappa([[1, 2], [1, 2], [1, 2]])


def test_cohen_undefined_cases() -> None:
    one_category = cohen_kappa([["x", "x", "x"], ["x", "x", "x"]])
    assert one_category.value is None
    assert one_category.undefined_reason == NO_CHANCE_DISAGREEMENT
    assert one_category.observed == 1.0
    nothing_shared = cohen_kappa([[1, N], [N, 2]])
    assert nothing_shared.value is None
    assert nothing_shared.undefined_reason == NO_UNITS


@settings(max_examples=150, deadline=None)
@given(
    pairs=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=40),
    weights=st.sampled_from([None, "linear", "quadratic"]),
)
def test_cohen_equals_scikit_learn(pairs: list[tuple[int, int]], weights: KappaWeights) -> None:
    first, second = ([pair[index] for pair in pairs] for index in (0, 1))
    result = cohen_kappa([first, second], weights)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore")
        expected = cohen_kappa_score(first, second, weights=weights)
    if result.value is None:
        assert np.isnan(expected)
    else:
        assert result.value == pytest.approx(expected, abs=1e-12)


def test_cohen_with_string_labels_equals_scikit_learn() -> None:
    first = ["yes", "no", "yes", "maybe", "no", "yes"]
    second = ["yes", "no", "no", "maybe", "no", "maybe"]
    assert cohen_kappa([first, second]).value == pytest.approx(cohen_kappa_score(first, second))


def test_fleiss_by_hand() -> None:
    # Units (3 raters): {1,1,1} P=1, {2,2,1} P=1/3, {3,2,2} P=1/3, {1,1,1} P=1 -> P-bar = 2/3;
    # category shares 7/12, 4/12, 1/12 -> P_e = 66/144; kappa = (2/3 - 66/144) / (78/144) = 5/13.
    result = fleiss_kappa([[1, 2, 3, 1], [1, 2, 2, 1], [1, 1, 2, 1]])
    assert result.value == pytest.approx(5 / 13)
    assert result.observed == pytest.approx(2 / 3)
    assert result.expected == pytest.approx(66 / 144)


def test_fleiss_leaves_out_incomplete_units_and_says_so() -> None:
    result = fleiss_kappa([[1, 2, 3, 1, N], [1, 2, 2, 1, 2], [1, 1, 2, 1, 2]])
    assert result.value == pytest.approx(5 / 13)
    assert (result.units, result.units_excluded) == (4, 1)


def test_fleiss_undefined_cases() -> None:
    assert fleiss_kappa([[1, 1], [1, 1]]).undefined_reason == NO_CHANCE_DISAGREEMENT
    assert fleiss_kappa([[1, N], [N, 1]]).undefined_reason == NO_UNITS
    assert fleiss_kappa([[1, 2]]).value is None


@settings(max_examples=150, deadline=None)
@given(
    raters=st.integers(2, 6),
    ratings=st.lists(st.lists(st.integers(0, 3), min_size=6, max_size=6), min_size=1, max_size=30),
)
def test_fleiss_equals_statsmodels(raters: int, ratings: list[list[int]]) -> None:
    subjects = np.array([row[:raters] for row in ratings])
    table, _ = aggregate_raters(subjects)
    result = fleiss_kappa(subjects.T)
    from_counts = fleiss_kappa_from_counts(table)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = statsmodels_fleiss(table, method="fleiss")
    if result.value is None:
        assert np.isnan(expected)
        assert from_counts.value is None
    else:
        assert result.value == pytest.approx(expected, abs=1e-12)
        assert from_counts.value == pytest.approx(expected, abs=1e-12)


def test_fleiss_counts_must_have_equal_row_totals() -> None:
    with pytest.raises(AgreementInputError, match="row totals differ"):
        fleiss_kappa_from_counts([[2, 1], [1, 1]])


def test_percent_agreement() -> None:
    two = percent_agreement([[1, 2, 3, 1, N], [1, 2, 2, 1, 3]])
    assert two.value == pytest.approx(0.75)
    assert (two.units, two.units_excluded) == (4, 1)
    # Three coders: unit shares 1, 1/3, 1/3, 1 -> 2/3 (equals Fleiss' P-bar on complete data).
    three = percent_agreement([[1, 2, 3, 1], [1, 2, 2, 1], [1, 1, 2, 1]])
    assert three.value == pytest.approx(2 / 3)
    assert percent_agreement([[1, N], [N, 1]]).undefined_reason == NO_UNITS
