"""Krippendorff's alpha: published worked examples, undefined cases and the reference package."""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concierto.measures.agreement import (
    AgreementInputError,
    Level,
    coincidence_matrix,
    krippendorff_alpha,
    reliability_matrix,
)
from concierto.measures.agreement.alpha import NO_PAIRABLE_VALUES, SINGLE_VALUE

N = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
# twelve units, values 1-5, with missing values.
FOUR_CODERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
# The same paper, section A: binary data, two observers, no missing data (alpha = 0.095).
BINARY = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
# Section B: nominal data, two observers, no missing data (alpha = 0.692).
NOMINAL_LETTERS = [list("aabbdcccedda"), list("babbbccceddd")]


@pytest.mark.parametrize(
    ("level", "published", "exact"),
    [
        # By hand from the coincidence matrix below: n = 40, 8 off-diagonal coincidences,
        # n_c = 9, 13, 10, 5, 3 -> 1 - 39 * 8 / (40^2 - 384).
        ("nominal", 0.743, 1 - 39 * 8 / (40 * 40 - 384)),
        ("ordinal", 0.815, None),
        ("interval", 0.849, None),
        ("ratio", 0.797, None),
    ],
)
def test_published_four_coder_example(level: str, published: float, exact: float | None) -> None:
    result = krippendorff_alpha(FOUR_CODERS, level)
    assert result.alpha is not None
    assert round(result.alpha, 3) == published
    if exact is not None:
        assert result.alpha == pytest.approx(exact, abs=1e-12)
    assert (result.coders, result.units) == (4, 12)
    assert (result.pairable_units, result.pairable_values) == (11, 40)
    assert result.undefined_reason is None


def test_published_coincidence_matrix() -> None:
    values, matrix = coincidence_matrix(FOUR_CODERS)
    assert values.tolist() == [1, 2, 3, 4, 5]
    third = 1 / 3
    expected = [
        [7, 4 * third, third, third, 0],
        [4 * third, 10, 4 * third, third, 0],
        [third, 4 * third, 8, third, 0],
        [third, third, third, 4, 0],
        [0, 0, 0, 0, 3],
    ]
    np.testing.assert_allclose(matrix, expected, atol=1e-12)
    assert matrix.sum() == pytest.approx(40)


def test_published_two_coder_examples() -> None:
    assert round(krippendorff_alpha(BINARY).alpha or 0, 3) == 0.095
    # Hand check: n = 20, o_01 = 4, n_0 = 14, n_1 = 6 -> 1 - 19 * 8 / (2 * 14 * 6) = 0.0952...
    assert krippendorff_alpha(BINARY).alpha == pytest.approx(1 - 19 * 8 / (2 * 14 * 6))
    assert round(krippendorff_alpha(NOMINAL_LETTERS).alpha or 0, 3) == 0.692


def test_labels_and_codes_give_the_same_nominal_alpha() -> None:
    letters = [[None if v is None else "abcde"[v - 1] for v in row] for row in FOUR_CODERS]
    assert krippendorff_alpha(letters).alpha == pytest.approx(
        krippendorff_alpha(FOUR_CODERS).alpha, abs=1e-15
    )


def test_ids_are_carried_as_evidence() -> None:
    result = krippendorff_alpha(
        BINARY, coder_ids=["ana", "luis"], unit_ids=[f"s{i}" for i in range(10)]
    )
    assert result.coder_ids == ("ana", "luis")
    assert result.unit_ids[0] == "s0"
    with pytest.raises(AgreementInputError, match="3 coder ids given for 2 coders"):
        krippendorff_alpha(BINARY, coder_ids=["a", "b", "c"])


@pytest.mark.parametrize("level", list(Level))
def test_single_value_overall_is_undefined(level: Level) -> None:
    result = krippendorff_alpha([[3, 3, N], [3, 3, 4]], level)
    assert result.alpha is None
    assert result.undefined_reason == SINGLE_VALUE
    assert result.pairable_values == 4


@pytest.mark.parametrize("level", list(Level))
def test_no_unit_with_two_coders_is_undefined(level: Level) -> None:
    result = krippendorff_alpha([[1, N, 3], [N, 2, N]], level)
    assert result.alpha is None
    assert result.undefined_reason == NO_PAIRABLE_VALUES
    assert (result.pairable_units, result.pairable_values) == (0, 0)


def test_a_single_coder_is_undefined() -> None:
    assert krippendorff_alpha([[1, 2, 3]]).undefined_reason == NO_PAIRABLE_VALUES


def test_perfect_agreement_is_one_and_values_alone_in_a_unit_do_not_count() -> None:
    result = krippendorff_alpha([[1, 2, 3, 9], [1, 2, 3, N]], "interval")
    assert result.alpha == 1.0
    assert result.pairable_values == 6


def test_bad_input_is_named() -> None:
    with pytest.raises(AgreementInputError, match="coder row 2, unit column 1 is not a number"):
        krippendorff_alpha([[1, 2], ["x", 2]], "interval")
    with pytest.raises(AgreementInputError, match="different lengths"):
        krippendorff_alpha([[1, 2], [1]], "nominal")
    with pytest.raises(AgreementInputError, match="zero or positive"):
        krippendorff_alpha([[1, -2], [1, 2]], "ratio")
    with pytest.raises(ValueError, match="'cardinal' is not a valid Level"):
        krippendorff_alpha(BINARY, "cardinal")


def test_missing_markers_are_equivalent() -> None:
    as_nan = reliability_matrix([[1, np.nan], [1, 2]], "interval")
    as_empty = reliability_matrix([["1", ""], ["1", "2"]], "interval")
    np.testing.assert_array_equal(as_nan, as_empty)


def _reference(matrix: np.ndarray, level: str) -> float | None:
    """The reference package's alpha, None when it finds alpha undefined (nan or an error)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            value = float(krippendorff.alpha(matrix, level_of_measurement=level))
        except ValueError:
            return None
    return None if np.isnan(value) else value


@st.composite
def reliability_data(draw: st.DrawFn) -> np.ndarray:
    coders = draw(st.integers(2, 6))
    units = draw(st.integers(1, 25))
    distinct = draw(st.integers(1, 7))
    values = st.one_of(st.none(), st.integers(0, distinct - 1).map(lambda v: float(v * 1.5)))
    cells = draw(st.lists(values, min_size=coders * units, max_size=coders * units))
    return np.array([np.nan if v is None else v for v in cells]).reshape(coders, units)


@pytest.mark.parametrize("level", list(Level))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrix=reliability_data())
def test_equals_reference_package_on_random_matrices(level: Level, matrix: np.ndarray) -> None:
    ours = krippendorff_alpha(matrix, level).alpha
    reference = _reference(matrix, level.value)
    if ours is None:
        assert reference is None
    else:
        assert reference is not None
        assert ours == pytest.approx(reference, abs=1e-9, rel=1e-9)


@pytest.mark.parametrize("level", list(Level))
def test_equals_reference_package_on_larger_continuous_matrices(level: Level) -> None:
    generator = np.random.default_rng(7)
    for _ in range(10):
        coders, units = generator.integers(2, 9), generator.integers(20, 120)
        truth = generator.gamma(2.0, 3.0, units)
        matrix = truth + generator.normal(0, 1.5, (coders, units))
        matrix = np.abs(np.round(matrix, 1))
        matrix[generator.random((coders, units)) < 0.25] = np.nan
        ours = krippendorff_alpha(matrix, level).alpha
        assert ours == pytest.approx(_reference(matrix, level.value), abs=1e-9, rel=1e-9)


def test_many_coders_take_the_sorting_path_and_still_agree_with_the_reference() -> None:
    generator = np.random.default_rng(11)
    matrix = generator.integers(0, 4, (15, 60)).astype(float)
    matrix[generator.random(matrix.shape) < 0.3] = np.nan
    for level in ("nominal", "ordinal"):
        ours = krippendorff_alpha(matrix, level).alpha
        assert ours == pytest.approx(_reference(matrix, level), abs=1e-9, rel=1e-9)
