"""Reliability data as one float matrix (coders x units, ``nan`` = missing) and helpers over it.

Every statistic of this package works on that one shape, as Krippendorff's reliability data
(Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", section A): one row per coder,
one column per unit, at most one value per cell. Nominal labels of any hashable kind are turned
into integer codes first, so the arithmetic below stays in vectorised numpy.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from concierto.measures.agreement.results import AgreementInputError, Level

FloatMatrix = npt.NDArray[np.float64]
"""A coders x units matrix of float values where ``nan`` marks a missing value."""


def _is_missing(value: Any) -> bool:
    """True for the cell values that mean "not coded": None, NaN and the empty string."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _as_object_grid(data: Any) -> npt.NDArray[np.object_]:
    """``data`` as a two-dimensional object array, or a clear error about its shape."""
    if isinstance(data, np.ndarray):
        grid = data.astype(object)
    else:
        rows = list(data)
        widths = {len(row) for row in rows}
        if len(widths) > 1:
            raise AgreementInputError(
                f"reliability data rows have different lengths {sorted(widths)}; "
                "give one row per coder with one cell per unit (missing cells as None)"
            )
        width = widths.pop() if widths else 0
        grid = np.empty((len(rows), width), dtype=object)
        for index, row in enumerate(rows):
            grid[index, :] = list(row)
    if grid.ndim != 2:
        raise AgreementInputError(
            f"reliability data must be two-dimensional (coders x units), got {grid.ndim} dimensions"
        )
    return grid


def _numeric_fast_path(data: Any) -> FloatMatrix | None:
    """A float matrix straight from numeric input, or None when cells need a closer look."""
    try:
        array = data if isinstance(data, np.ndarray) else np.asarray(data)
    except (TypeError, ValueError):
        return None
    if array.dtype.kind in "biuf":
        return np.asarray(array, dtype=np.float64)
    return None


def _numeric_matrix(grid: npt.NDArray[np.object_]) -> FloatMatrix:
    """Convert cell by cell, naming the first cell that is not a number."""
    matrix = np.full(grid.shape, np.nan)
    for (row, column), value in np.ndenumerate(grid):
        if _is_missing(value):
            continue
        if isinstance(value, bool):
            matrix[row, column] = float(value)
            continue
        try:
            matrix[row, column] = float(value)
        except (TypeError, ValueError):
            raise AgreementInputError(
                f"value {value!r} of coder row {row + 1}, unit column {column + 1} is not a "
                "number; ordinal, interval and ratio levels need numbers"
            ) from None
    return matrix


def _nominal_codes(grid: npt.NDArray[np.object_]) -> FloatMatrix:
    """Give every distinct label an integer code (as float so that ``nan`` can mark missing)."""
    codes: dict[Hashable, int] = {}
    matrix = np.full(grid.shape, np.nan)
    for (row, column), value in np.ndenumerate(grid):
        if _is_missing(value):
            continue
        try:
            code = codes.setdefault(value, len(codes))
        except TypeError:
            raise AgreementInputError(
                f"value {value!r} of coder row {row + 1}, unit column {column + 1} cannot be "
                "used as a category (it is not hashable)"
            ) from None
        matrix[row, column] = code
    return matrix


def reliability_matrix(data: Any, level: Level | str = Level.nominal) -> FloatMatrix:
    """Reliability data (coders x units) as a float matrix with ``nan`` for missing values.

    ``data`` is a numpy array or a sequence of rows (one per coder) of equal length. Missing
    cells are ``None``, ``nan`` or empty strings. At the nominal level any hashable labels are
    accepted (strings are compared exactly); the other levels need numbers, and the ratio level
    needs numbers that are not negative.
    """
    level = Level(level)
    matrix = _numeric_fast_path(data)
    if matrix is None:
        grid = _as_object_grid(data)
        all_numeric = all(
            _is_missing(value) or isinstance(value, int | float | np.integer | np.floating)
            for value in grid.flat
        )
        matrix = (
            _numeric_matrix(grid)
            if level is not Level.nominal or all_numeric
            else (_nominal_codes(grid))
        )
    if matrix.ndim != 2:
        raise AgreementInputError(
            "reliability data must be two-dimensional (coders x units), "
            f"got {matrix.ndim} dimensions"
        )
    if np.isinf(matrix).any():
        raise AgreementInputError("reliability data contain an infinite value")
    if level is Level.ratio and (matrix < 0).any():
        raise AgreementInputError(
            "the ratio level needs values that are zero or positive; found a negative value"
        )
    return matrix


def pairable_part(matrix: FloatMatrix) -> tuple[FloatMatrix, npt.NDArray[np.int64]]:
    """The units coded by at least two coders, and the number of values in each of them.

    Only these units carry pairable values (Krippendorff 2011, step B.1); the others cannot
    show agreement or disagreement and are left out of every statistic.
    """
    per_unit = np.count_nonzero(~np.isnan(matrix), axis=0).astype(np.int64)
    keep = per_unit >= 2
    return matrix[:, keep], per_unit[keep]


_PAIRWISE_CODERS = 12
"""Up to this many coders, agreeing pairs are counted by comparing rows; beyond, by sorting."""


def agreeing_pairs(values: FloatMatrix) -> npt.NDArray[np.float64]:
    """For each unit (column), the number of unordered pairs of coders giving the same value.

    Few coders: compare every pair of rows. Many coders: sort each column and count runs of
    equal values (a run of r equal values holds r (r - 1) / 2 agreeing pairs). Missing values
    (``nan``) never agree with anything.
    """
    coders, units = values.shape
    pairs = np.zeros(units)
    if coders <= _PAIRWISE_CODERS:
        for first in range(coders - 1):
            pairs += (values[first + 1 :] == values[first]).sum(axis=0)
        return pairs
    ordered = np.sort(values, axis=0)
    same = ordered[1:] == ordered[:-1]
    run = np.zeros(units)
    for row in same:
        run = (run + 1.0) * row
        pairs += run
    return pairs


def column_ids(ids: Sequence[str], expected: int, what: str) -> tuple[str, ...]:
    """Check that evidence ids given for rows or columns match the data, and freeze them."""
    frozen = tuple(str(item) for item in ids)
    if frozen and len(frozen) != expected:
        raise AgreementInputError(f"{len(frozen)} {what} ids given for {expected} {what}s")
    return frozen
