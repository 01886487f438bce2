"""Percent agreement, Cohen's kappa (two coders) and Fleiss' kappa (a fixed number of coders).

All three take the same reliability data as alpha (one row per coder, one column per unit,
missing cells as ``None``/``nan``/empty) and say how many units they left out and why, so that
uncoded or partly coded units are never dropped silently.

References: Cohen, J. (1960), "A coefficient of agreement for nominal scales", Educational and
Psychological Measurement 20(1): 37-46; Cohen, J. (1968), "Weighted kappa", Psychological
Bulletin 70(4): 213-220; Fleiss, J. L. (1971), "Measuring nominal scale agreement among many
raters", Psychological Bulletin 76(5): 378-382.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from concierto.measures.agreement.matrix import (
    FloatMatrix,
    agreeing_pairs,
    column_ids,
    pairable_part,
    reliability_matrix,
)
from concierto.measures.agreement.results import AgreementInputError, KappaResult, Level

KappaWeights = Literal["linear", "quadratic"] | None

NO_UNITS = "no unit was coded by the coders compared, so nothing can be compared"
NO_CHANCE_DISAGREEMENT = (
    "the coders used one single category between them, so chance agreement is 1 and kappa is 0/0"
)
FEWER_THAN_TWO_CODERS = "Fleiss' kappa needs at least two coders per unit"


def percent_agreement_of_matrix(
    matrix: FloatMatrix, *, coder_ids: Sequence[str] = (), unit_ids: Sequence[str] = ()
) -> KappaResult:
    """Percent agreement of a float reliability matrix (see :func:`percent_agreement`)."""
    coders, units = matrix.shape
    values, counts = pairable_part(matrix)
    present = values[~np.isnan(values)]
    base: dict[str, Any] = {
        "statistic": "percent_agreement",
        "expected": None,
        "coders": coders,
        "units": int(counts.size),
        "units_excluded": units - int(counts.size),
        "categories": int(np.unique(present).size),
        "coder_ids": column_ids(coder_ids, coders, "coder"),
        "unit_ids": column_ids(unit_ids, units, "unit"),
    }
    if counts.size == 0:
        return KappaResult(value=None, observed=None, undefined_reason=NO_UNITS, **base)
    share = 2.0 * agreeing_pairs(values) / (counts * (counts - 1.0))
    value = float(share.mean())
    return KappaResult(value=value, observed=value, **base)


def percent_agreement(
    data: Any, *, coder_ids: Sequence[str] = (), unit_ids: Sequence[str] = ()
) -> KappaResult:
    """Share of agreeing coder pairs, averaged over the units coded by two or more coders.

    For two coders this is the plain share of units on which they gave the same value; for more
    coders each unit contributes the share of its coder pairs that agree (as in Fleiss' P-bar).
    Units coded by fewer than two coders are left out and counted in ``units_excluded``.
    """
    return percent_agreement_of_matrix(
        reliability_matrix(data, Level.nominal), coder_ids=coder_ids, unit_ids=unit_ids
    )


def _weight_matrix(size: int, weights: KappaWeights) -> npt.NDArray[np.float64]:
    """Disagreement weights between category indices: 0/1, |i - j| or (i - j)^2."""
    index = np.arange(size, dtype=np.float64)
    distance = np.abs(index[:, None] - index[None, :])
    if weights is None:
        return (distance > 0).astype(np.float64)
    if weights == "linear":
        return distance
    if weights == "quadratic":
        return distance * distance
    raise AgreementInputError(f"unknown kappa weights {weights!r}; use linear or quadratic")


def cohen_kappa_of_matrix(
    matrix: FloatMatrix,
    weights: KappaWeights = None,
    *,
    coder_ids: Sequence[str] = (),
    unit_ids: Sequence[str] = (),
) -> KappaResult:
    """Cohen's kappa of a two-row float reliability matrix (see :func:`cohen_kappa`)."""
    if matrix.shape[0] != 2:
        raise AgreementInputError(
            f"Cohen's kappa compares exactly two coders; the data have {matrix.shape[0]} rows"
        )
    units = matrix.shape[1]
    both = ~np.isnan(matrix).any(axis=0)
    first, second = matrix[0, both], matrix[1, both]
    categories, codes = np.unique(np.concatenate([first, second]), return_inverse=True)
    size = categories.size
    base: dict[str, Any] = {
        "statistic": "cohen_kappa" if weights is None else f"cohen_kappa_{weights}",
        "coders": 2,
        "units": int(first.size),
        "units_excluded": units - int(first.size),
        "categories": int(size),
        "coder_ids": column_ids(coder_ids, 2, "coder"),
        "unit_ids": column_ids(unit_ids, units, "unit"),
    }
    if first.size == 0:
        return KappaResult(
            value=None, observed=None, expected=None, undefined_reason=NO_UNITS, **base
        )
    pairs = codes[: first.size] * size + codes[first.size :]
    observed_table = np.bincount(pairs, minlength=size * size).reshape(size, size) / first.size
    expected_table = np.outer(observed_table.sum(axis=1), observed_table.sum(axis=0))
    observed_agreement = float(np.trace(observed_table))
    expected_agreement = float(np.trace(expected_table))
    weight = _weight_matrix(size, weights)
    chance_disagreement = float(np.sum(weight * expected_table))
    if chance_disagreement == 0.0:
        return KappaResult(
            value=None,
            observed=observed_agreement,
            expected=expected_agreement,
            undefined_reason=NO_CHANCE_DISAGREEMENT,
            **base,
        )
    value = 1.0 - float(np.sum(weight * observed_table)) / chance_disagreement
    return KappaResult(
        value=value, observed=observed_agreement, expected=expected_agreement, **base
    )


def cohen_kappa(
    data: Any,
    weights: KappaWeights = None,
    *,
    coder_ids: Sequence[str] = (),
    unit_ids: Sequence[str] = (),
) -> KappaResult:
    """Cohen's kappa for two coders (two rows), over the units both of them coded.

    kappa = (p_o - p_e) / (1 - p_e) with p_e from each coder's own category shares (Cohen 1960).
    With ``weights`` ``linear`` or ``quadratic`` it is Cohen's (1968) weighted kappa, the
    weights being the distances between category positions in sorted order (numbers needed).
    Units where either coder's value is missing are counted in ``units_excluded``.
    """
    level = Level.nominal if weights is None else Level.ordinal
    return cohen_kappa_of_matrix(
        reliability_matrix(data, level), weights, coder_ids=coder_ids, unit_ids=unit_ids
    )


def _fleiss_from_counts(
    unit_index: npt.NDArray[np.int64],
    category_index: npt.NDArray[np.int64],
    cell_counts: npt.NDArray[np.float64],
    units: int,
    raters: int,
) -> tuple[float, float]:
    """Fleiss' mean observed agreement P-bar and chance agreement P_e from sparse counts."""
    squares = np.bincount(unit_index, weights=cell_counts * cell_counts, minlength=units)
    per_unit = (squares - raters) / (raters * (raters - 1.0))
    shares = np.bincount(category_index, weights=cell_counts) / (units * raters)
    return float(per_unit.mean()), float(np.dot(shares, shares))


def _fleiss_result(observed: float, expected: float, base: dict[str, Any]) -> KappaResult:
    if expected >= 1.0:
        return KappaResult(
            value=None,
            observed=observed,
            expected=expected,
            undefined_reason=NO_CHANCE_DISAGREEMENT,
            **base,
        )
    value = (observed - expected) / (1.0 - expected)
    return KappaResult(value=value, observed=observed, expected=expected, **base)


def fleiss_kappa_of_matrix(
    matrix: FloatMatrix, *, coder_ids: Sequence[str] = (), unit_ids: Sequence[str] = ()
) -> KappaResult:
    """Fleiss' kappa of a float reliability matrix (see :func:`fleiss_kappa`)."""
    coders, units = matrix.shape
    complete = ~np.isnan(matrix).any(axis=0)
    values = matrix[:, complete]
    kept = values.shape[1]
    categories, codes = np.unique(values.T, return_inverse=True)
    base: dict[str, Any] = {
        "statistic": "fleiss_kappa",
        "coders": coders,
        "units": kept,
        "units_excluded": units - kept,
        "categories": int(categories.size),
        "coder_ids": column_ids(coder_ids, coders, "coder"),
        "unit_ids": column_ids(unit_ids, units, "unit"),
    }
    if coders < 2:
        return KappaResult(
            value=None,
            observed=None,
            expected=None,
            undefined_reason=FEWER_THAN_TWO_CODERS,
            **base,
        )
    if kept == 0:
        return KappaResult(
            value=None, observed=None, expected=None, undefined_reason=NO_UNITS, **base
        )
    unit_of_cell = np.repeat(np.arange(kept), coders)
    keys, cell_counts = np.unique(
        unit_of_cell * categories.size + codes.reshape(-1), return_counts=True
    )
    unit_index, category_index = np.divmod(keys, categories.size)
    observed, expected = _fleiss_from_counts(
        unit_index, category_index, cell_counts.astype(np.float64), kept, coders
    )
    return _fleiss_result(observed, expected, base)


def fleiss_kappa(
    data: Any, *, coder_ids: Sequence[str] = (), unit_ids: Sequence[str] = ()
) -> KappaResult:
    """Fleiss' kappa over the units coded by every coder (one row per coder).

    kappa = (P-bar - P_e) / (1 - P_e), P-bar the mean share of agreeing rater pairs per unit
    and P_e the sum of squared category shares (Fleiss 1971). Fleiss' kappa assumes the same
    number of ratings per unit, so units with a missing value are left out and counted in
    ``units_excluded``; use Krippendorff's alpha to keep them.
    """
    return fleiss_kappa_of_matrix(
        reliability_matrix(data, Level.nominal), coder_ids=coder_ids, unit_ids=unit_ids
    )


def fleiss_kappa_from_counts(table: Any) -> KappaResult:
    """Fleiss' kappa from a units x categories table of rating counts (equal row sums)."""
    counts = np.asarray(table, dtype=np.float64)
    if counts.ndim != 2:
        raise AgreementInputError("the table of counts must be two-dimensional (units x codes)")
    if (counts < 0).any() or (counts != np.round(counts)).any():
        raise AgreementInputError("the table of counts must hold whole numbers, not negative")
    totals = counts.sum(axis=1)
    if totals.size and (totals != totals[0]).any():
        raise AgreementInputError(
            "Fleiss' kappa needs the same number of ratings for every unit; row totals differ "
            f"(first row {int(totals[0])}, row {int(np.argmax(totals != totals[0])) + 1} "
            f"{int(totals[totals != totals[0]][0])})"
        )
    raters = int(totals[0]) if totals.size else 0
    units, size = counts.shape
    base: dict[str, Any] = {
        "statistic": "fleiss_kappa",
        "coders": raters,
        "units": units,
        "units_excluded": 0,
        "categories": size,
    }
    if raters < 2:
        return KappaResult(
            value=None,
            observed=None,
            expected=None,
            undefined_reason=FEWER_THAN_TWO_CODERS,
            **base,
        )
    unit_index, category_index = np.nonzero(counts)
    observed, expected = _fleiss_from_counts(
        unit_index, category_index, counts[unit_index, category_index], units, raters
    )
    return _fleiss_result(observed, expected, base)
