"""Bootstrap intervals: reproducible with the fixed seed, units kept whole, undefined counted."""

from __future__ import annotations

import numpy as np
import pytest

from concierto.measures.agreement import (
    DEFAULT_SEED,
    AgreementInputError,
    alpha_interval,
    bootstrap_interval,
    kappa_interval,
    krippendorff_alpha,
)

N = None
FOUR_CODERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def test_same_seed_same_interval_and_estimate_is_alpha() -> None:
    first = alpha_interval(FOUR_CODERS, "interval", resamples=300)
    second = alpha_interval(FOUR_CODERS, "interval", resamples=300)
    assert first == second
    assert first.seed == DEFAULT_SEED
    assert first.estimate == krippendorff_alpha(FOUR_CODERS, "interval").alpha
    assert first.low is not None and first.high is not None
    assert first.low < first.estimate < first.high <= 1.0
    other = alpha_interval(FOUR_CODERS, "interval", resamples=300, seed=1)
    assert (other.low, other.high) != (first.low, first.high)


def test_units_are_resampled_whole_with_replacement() -> None:
    units = 50
    matrix = np.vstack([np.arange(units), np.arange(units) * 10.0])
    seen: list[np.ndarray] = []

    def statistic(sample: np.ndarray) -> float:
        assert sample.shape == matrix.shape
        np.testing.assert_array_equal(sample[1], sample[0] * 10.0)
        seen.append(sample[0].copy())
        return float(sample[0].mean())

    interval = bootstrap_interval(statistic, matrix, resamples=200, seed=3)
    draws = seen[:200]
    assert any(len(set(draw.tolist())) < units for draw in draws)
    means = [draw.mean() for draw in draws]
    assert interval.low == pytest.approx(np.quantile(means, 0.025))
    assert interval.high == pytest.approx(np.quantile(means, 0.975))


def test_undefined_resamples_are_counted_not_hidden() -> None:
    # Two units: a resample that draws the same unit twice has a single value (alpha undefined).
    interval = alpha_interval([[1, 2], [1, 2]], "nominal", resamples=400)
    assert 120 < interval.undefined_resamples < 280
    assert interval.low == interval.high == 1.0


def test_all_undefined_gives_no_bounds() -> None:
    interval = alpha_interval([[1, 1], [1, 1]], "nominal", resamples=20)
    assert interval.estimate is None
    assert (interval.low, interval.high, interval.undefined_resamples) == (None, None, 20)


def test_kappa_intervals() -> None:
    agree = [[1, 2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 2]]
    percent = kappa_interval(agree, "percent_agreement", resamples=50)
    assert (percent.low, percent.high, percent.estimate) == (1.0, 1.0, 1.0)
    cohen = kappa_interval([[1, 2, 1, 2, 1, 2, 2, 1], [1, 2, 2, 2, 1, 2, 1, 1]], resamples=100)
    assert cohen.estimate == pytest.approx(0.5)
    fleiss = kappa_interval(FOUR_CODERS, "fleiss_kappa", resamples=50)
    assert fleiss.estimate is not None
    with pytest.raises(AgreementInputError, match="unknown statistic"):
        kappa_interval(agree, "scott_pi")


def test_bad_parameters() -> None:
    with pytest.raises(AgreementInputError, match="at least one resample"):
        alpha_interval(FOUR_CODERS, resamples=0)
    with pytest.raises(AgreementInputError, match="strictly between 0 and 1"):
        alpha_interval(FOUR_CODERS, confidence=1.0)
