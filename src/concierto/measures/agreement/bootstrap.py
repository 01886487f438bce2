"""Percentile bootstrap intervals for agreement statistics, resampling units with a fixed seed.

Units (columns of the reliability data) are drawn with replacement, the statistic recomputed on
each resample, and the interval read from the percentiles of the defined resampled values
(Efron, B. & Tibshirani, R. J. (1993), "An Introduction to the Bootstrap", ch. 13). Resampling
whole units keeps the coders' values of a unit together. This is not Hayes & Krippendorff's
(2007) bootstrap, which resamples pairs of values; it is the same procedure for every statistic
here, so intervals are comparable. The default seed is fixed so that reports are reproducible.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from concierto.measures.agreement.alpha import alpha_of_matrix
from concierto.measures.agreement.kappa import (
    KappaWeights,
    cohen_kappa_of_matrix,
    fleiss_kappa_of_matrix,
    percent_agreement_of_matrix,
)
from concierto.measures.agreement.matrix import FloatMatrix, reliability_matrix
from concierto.measures.agreement.results import AgreementInputError, BootstrapInterval, Level

DEFAULT_SEED = 20_240_917
"""The seed every bootstrap uses unless told otherwise (any fixed number would do)."""
DEFAULT_RESAMPLES = 1000
DEFAULT_CONFIDENCE = 0.95

Statistic = Callable[[FloatMatrix], float | None]
"""A statistic of a float reliability matrix, ``None`` when undefined."""


def bootstrap_interval(
    statistic: Statistic,
    matrix: FloatMatrix,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int = DEFAULT_SEED,
) -> BootstrapInterval:
    """Percentile interval of ``statistic`` over ``resamples`` resamples of the units.

    The same seed gives the same interval. Resamples where the statistic is undefined are left
    out of the percentiles and counted in ``undefined_resamples``.
    """
    if resamples < 1:
        raise AgreementInputError(f"the bootstrap needs at least one resample, got {resamples}")
    if not 0.0 < confidence < 1.0:
        raise AgreementInputError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    units = matrix.shape[1]
    generator = np.random.default_rng(seed)
    estimates: list[float] = []
    for _ in range(resamples):
        if units == 0:
            break
        value = statistic(matrix[:, generator.integers(0, units, size=units)])
        if value is not None:
            estimates.append(value)
    tail = (1.0 - confidence) / 2.0
    low = high = None
    if estimates:
        low, high = (float(bound) for bound in np.quantile(estimates, [tail, 1.0 - tail]))
    return BootstrapInterval(
        estimate=statistic(matrix),
        low=low,
        high=high,
        confidence=confidence,
        resamples=resamples,
        undefined_resamples=resamples - len(estimates),
        seed=seed,
    )


def alpha_interval(
    data: Any,
    level: Level | str = Level.nominal,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int = DEFAULT_SEED,
) -> BootstrapInterval:
    """Bootstrap interval of Krippendorff's alpha at ``level`` (units resampled)."""
    level = Level(level)
    return bootstrap_interval(
        lambda matrix: alpha_of_matrix(matrix, level).alpha,
        reliability_matrix(data, level),
        resamples=resamples,
        confidence=confidence,
        seed=seed,
    )


def kappa_interval(
    data: Any,
    statistic: str = "cohen_kappa",
    *,
    weights: KappaWeights = None,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int = DEFAULT_SEED,
) -> BootstrapInterval:
    """Bootstrap interval of ``percent_agreement``, ``cohen_kappa`` or ``fleiss_kappa``."""
    functions: dict[str, Statistic] = {
        "percent_agreement": lambda matrix: percent_agreement_of_matrix(matrix).value,
        "cohen_kappa": lambda matrix: cohen_kappa_of_matrix(matrix, weights).value,
        "fleiss_kappa": lambda matrix: fleiss_kappa_of_matrix(matrix).value,
    }
    if statistic not in functions:
        raise AgreementInputError(
            f"unknown statistic {statistic!r}; choose one of {', '.join(sorted(functions))}"
        )
    level = Level.ordinal if weights is not None else Level.nominal
    return bootstrap_interval(
        functions[statistic],
        reliability_matrix(data, level),
        resamples=resamples,
        confidence=confidence,
        seed=seed,
    )
