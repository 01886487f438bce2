"""Krippendorff's alpha for any number of coders, missing values and four levels of measurement.

alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_ck o_ck delta2_ck / sum_ck n_c n_k delta2_ck, where
o_ck is the coincidence matrix of the pairable values (each unit with m_u >= 2 values adds
every ordered pair of values from different coders with weight 1 / (m_u - 1)), n_c its
marginals and n the number of pairable values (Krippendorff 2011, "Computing Krippendorff's
Alpha-Reliability", sections B-C; Krippendorff 2019, "Content Analysis", 4th ed., ch. 12).

The coincidence matrix is never built for the nominal, ordinal and interval levels, so the cost
grows with the number of values, not with the square of the number of distinct values:

* interval: sum over a unit's ordered pairs of (x_i - x_j)^2 = 2 m_u SS_u (SS_u = squared
  deviations from the unit mean), and over all pairable values 2 n SS (deviations from the
  grand mean); centred sums keep the arithmetic stable.
* ordinal: Krippendorff's ordinal difference, (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2, equals
  the squared difference of the mid-ranks r_g = sum_{h<g} n_h + n_g / 2 computed from the
  marginal frequencies, so ordinal alpha is interval alpha on those mid-ranks.
* nominal: a unit's disagreeing ordered pairs are m_u (m_u - 1) minus twice its agreeing
  unordered pairs; chance disagreement is n^2 - sum_c n_c^2.
* ratio, delta2 = ((c - k) / (c + k))^2, has no such shortcut: the sparse coincidence matrix is
  built from per-unit value counts and D_e is summed over the distinct values in row blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from concierto.measures.agreement.matrix import (
    FloatMatrix,
    agreeing_pairs,
    column_ids,
    pairable_part,
    reliability_matrix,
)
from concierto.measures.agreement.results import AlphaResult, Level

NO_PAIRABLE_VALUES = "no unit has values from two or more coders, so nothing can be compared"
SINGLE_VALUE = (
    "every pairable value is the same, so no disagreement can be expected by chance (alpha is 0/0)"
)

_RATIO_BLOCK = 2048
"""Rows of the distinct-value grid summed at once for the ratio level's expected disagreement."""

Disagreements = Callable[[FloatMatrix, npt.NDArray[np.int64]], tuple[float, float]]


def _interval_sums(values: FloatMatrix, counts: npt.NDArray[np.int64]) -> tuple[float, float]:
    """Sum of o_ck (c - k)^2 and of n_c n_k (c - k)^2, both halved (the 2 cancels in alpha)."""
    missing = np.isnan(values)
    deviations = values.copy()
    deviations[missing] = 0.0
    deviations -= deviations.sum(axis=0) / counts
    deviations[missing] = 0.0
    within = np.einsum("ij,ij->j", deviations, deviations)
    observed = float(np.dot(counts / (counts - 1.0), within))
    flat = values[~missing]
    centred = flat - flat.mean()
    expected = float(flat.size * np.dot(centred, centred))
    return observed, expected


def _value_frequencies(
    flat: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """The distinct values (sorted) and how often each occurs."""
    ordered = np.sort(flat)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.append(starts, ordered.size)).astype(np.int64)


def _ordinal_sums(values: FloatMatrix, counts: npt.NDArray[np.int64]) -> tuple[float, float]:
    """Ordinal sums: interval sums over the mid-ranks of the marginal frequencies."""
    present = ~np.isnan(values)
    flat = values[present]
    distinct, frequencies = _value_frequencies(flat)
    below = np.cumsum(frequencies) - frequencies
    mid_ranks = below + frequencies / 2.0
    ranked = np.full(values.shape, np.nan)
    ranked[present] = mid_ranks[np.searchsorted(distinct, flat)]
    return _interval_sums(ranked, counts)


def _nominal_sums(values: FloatMatrix, counts: npt.NDArray[np.int64]) -> tuple[float, float]:
    """Nominal sums: disagreeing pairs within units and by chance."""
    pairs = agreeing_pairs(values)
    observed = float(np.sum(counts - 2.0 * pairs / (counts - 1)))
    present = values[~np.isnan(values)]
    _, frequencies = _value_frequencies(present)
    total = float(present.size)
    expected = total * total - float(np.dot(frequencies, frequencies.astype(np.float64)))
    return observed, expected


def _ratio_delta(first: npt.NDArray[np.float64], second: npt.NDArray[np.float64]) -> Any:
    """Krippendorff's ratio difference ((c - k) / (c + k))^2, zero when both values are zero."""
    total = first + second
    quotient = np.divide(
        first - second, total, out=np.zeros(np.broadcast(first, second).shape), where=total != 0
    )
    return quotient * quotient


def _sparse_coincidences(
    values: FloatMatrix, counts: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], sparse.coo_matrix, npt.NDArray[np.int64]]:
    """Distinct values, the coincidence matrix o (sparse) and the marginal frequencies n_c."""
    present = ~np.isnan(values)
    flat = values[present]
    distinct, frequencies = _value_frequencies(flat)
    inverse = np.searchsorted(distinct, flat)
    size = distinct.size
    unit_of_cell = np.broadcast_to(np.arange(values.shape[1]), values.shape)[present]
    keys, per_unit_value = np.unique(unit_of_cell * size + inverse, return_counts=True)
    units, codes = np.divmod(keys, size)
    counts_matrix = sparse.csr_matrix(
        (per_unit_value.astype(np.float64), (units, codes)), shape=(values.shape[1], size)
    )
    weights = sparse.diags(1.0 / (counts - 1.0))
    own_pairs = np.bincount(codes, weights=per_unit_value / (counts[units] - 1.0), minlength=size)
    coincidences = (counts_matrix.T @ weights @ counts_matrix - sparse.diags(own_pairs)).tocoo()
    return distinct, coincidences, frequencies


def _ratio_sums(values: FloatMatrix, counts: npt.NDArray[np.int64]) -> tuple[float, float]:
    """Ratio sums from the sparse coincidence matrix and a blocked sum over value pairs."""
    distinct, coincidences, frequencies = _sparse_coincidences(values, counts)
    observed = float(
        np.dot(
            coincidences.data, _ratio_delta(distinct[coincidences.row], distinct[coincidences.col])
        )
    )
    weights = frequencies.astype(np.float64)
    expected = 0.0
    for start in range(0, distinct.size, _RATIO_BLOCK):
        block = slice(start, start + _RATIO_BLOCK)
        deltas = _ratio_delta(distinct[block, None], distinct[None, :])
        expected += float(weights[block] @ deltas @ weights)
    return observed, expected


_SUMS: dict[Level, Disagreements] = {
    Level.nominal: _nominal_sums,
    Level.ordinal: _ordinal_sums,
    Level.interval: _interval_sums,
    Level.ratio: _ratio_sums,
}


def alpha_of_matrix(
    matrix: FloatMatrix,
    level: Level | str = Level.nominal,
    *,
    coder_ids: Sequence[str] = (),
    unit_ids: Sequence[str] = (),
) -> AlphaResult:
    """Krippendorff's alpha of a float reliability matrix (see :func:`reliability_matrix`)."""
    level = Level(level)
    coders, units = matrix.shape
    values, counts = pairable_part(matrix)
    pairable_values = int(counts.sum())

    def result(alpha: float | None, reason: str | None) -> AlphaResult:
        return AlphaResult(
            alpha=alpha,
            level=level,
            coders=coders,
            units=units,
            pairable_units=int(counts.size),
            pairable_values=pairable_values,
            undefined_reason=reason,
            coder_ids=column_ids(coder_ids, coders, "coder"),
            unit_ids=column_ids(unit_ids, units, "unit"),
        )

    if pairable_values == 0:
        return result(None, NO_PAIRABLE_VALUES)
    if np.nanmin(values) == np.nanmax(values):
        return result(None, SINGLE_VALUE)
    observed, expected = _SUMS[level](values, counts)
    return result(1.0 - (pairable_values - 1) * observed / expected, None)


def krippendorff_alpha(
    data: Any,
    level: Level | str = Level.nominal,
    *,
    coder_ids: Sequence[str] = (),
    unit_ids: Sequence[str] = (),
) -> AlphaResult:
    """Krippendorff's alpha of reliability data: one row per coder, one column per unit.

    Missing cells are ``None``, ``nan`` or empty strings; units coded by fewer than two coders
    are skipped as alpha requires. ``level`` is ``nominal``, ``ordinal``, ``interval`` or
    ``ratio`` (Krippendorff 2011, section C). ``coder_ids`` and ``unit_ids`` are carried into
    the result as evidence. Alpha is ``None`` with a reason when it is undefined: no pairable
    values, or a single value overall.
    """
    level = Level(level)
    return alpha_of_matrix(
        reliability_matrix(data, level), level, coder_ids=coder_ids, unit_ids=unit_ids
    )


def coincidence_matrix(
    data: Any, level: Level | str = Level.nominal
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The distinct pairable values and their (dense) coincidence matrix o_ck, for reports.

    Row and column c of the matrix belong to the c-th distinct value (sorted; for non-numeric
    nominal labels, the integer codes in order of first appearance). Meant for small value sets:
    the matrix has one row and one column per distinct value.
    """
    values, counts = pairable_part(reliability_matrix(data, level))
    if counts.size == 0:
        return np.empty(0), np.empty((0, 0))
    distinct, coincidences, _ = _sparse_coincidences(values, counts)
    return distinct, np.asarray(coincidences.toarray(), dtype=np.float64)
