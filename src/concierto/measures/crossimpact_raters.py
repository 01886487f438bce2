"""Several raters per cell of an interaction matrix: median, dispersion, contested cells, alpha.

Each rating is one rater's score on Nilsson's scale for one ordered pair (row influences
column), with a rationale, a confidence and the evidence ids behind it (MEASURES.md, M4). The
cell value is the median of its ratings (the mean of the two middle ratings when their number
is even, so a cell can hold a half point); the dispersion of a cell is its range (maximum minus
minimum rating), with the interquartile range (numpy's linear interpolation) alongside; a cell
is contested when it holds ratings of both signs. Agreement between raters is Krippendorff's
alpha at the ordinal level (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"),
computed by :mod:`concierto.measures.agreement` over the cells as units.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from concierto.i18n import _
from concierto.measures.agreement import AlphaResult, Level, krippendorff_alpha
from concierto.measures.crossimpact import (
    MAX_SCORE,
    MIN_SCORE,
    CrossImpactInputError,
    FloatMatrix,
    check_ids,
)


@dataclass(frozen=True)
class Rating:
    """One rater's score for the effect of progress on ``source`` upon ``target``."""

    source: str
    target: str
    rater: str
    score: float
    rationale: str = ""
    confidence: str | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class CellAggregate:
    """The ratings of one cell summarised: median, spread, sign conflict and their evidence."""

    source: str
    target: str
    median: float
    ratings: int
    minimum: float
    maximum: float
    range: float
    iqr: float
    contested: bool
    raters: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class RaterAggregation:
    """The median matrix of several raters and what it hides.

    ``matrix`` holds the median of every rated cell and 0 (consistent) elsewhere; ``counts``
    the number of ratings per cell. ``cells`` lists the rated cells in row-major order.
    """

    ids: tuple[str, ...]
    raters: tuple[str, ...]
    matrix: FloatMatrix
    counts: np.ndarray
    cells: tuple[CellAggregate, ...]
    alpha: AlphaResult

    @property
    def contested(self) -> tuple[CellAggregate, ...]:
        """The cells with ratings of both signs."""
        return tuple(cell for cell in self.cells if cell.contested)

    def evidence_by_cell(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """The evidence ids of every rated cell, keyed by (source, target)."""
        return {(cell.source, cell.target): cell.evidence for cell in self.cells}

    def cell(self, source: str, target: str) -> CellAggregate:
        """The summary of one rated cell (KeyError when nobody rated it)."""
        for cell in self.cells:
            if cell.source == source and cell.target == target:
                return cell
        raise KeyError((source, target))


def cell_unit_id(source: str, target: str) -> str:
    """The unit id of a cell in the reliability data (``source->target``)."""
    return f"{source}->{target}"


def _place(rating: Rating, number: int, places: Sequence[str] | None) -> str:
    if places is not None and number <= len(places):
        return places[number - 1]
    return _("rating {n}").format(n=number)


def _checked(rating: Rating, index: dict[str, int], place: str) -> None:
    where = _("{place} ({source} -> {target}, rater {rater})").format(
        place=place, source=rating.source, target=rating.target, rater=rating.rater
    )
    for element_id in (rating.source, rating.target):
        if element_id not in index:
            raise CrossImpactInputError(
                _("{where}: unknown id {id}").format(where=where, id=element_id)
            )
    if rating.source == rating.target:
        raise CrossImpactInputError(
            _("{where}: an element cannot be rated against itself").format(where=where)
        )
    if not rating.rater.strip():
        raise CrossImpactInputError(_("{where}: the rater is empty").format(where=where))
    score = float(rating.score)
    if not (np.isfinite(score) and MIN_SCORE <= score <= MAX_SCORE):
        raise CrossImpactInputError(
            _("{where}: score {score} is outside -3..3").format(where=where, score=f"{score:g}")
        )


def _quantile(ordered: Sequence[float], q: float) -> float:
    """The ``q`` quantile of sorted values by linear interpolation, with numpy's arithmetic
    (``np.percentile``'s default method), without its per-call cost on a cell's few ratings."""
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    fraction = position - low
    a, b = ordered[low], ordered[high]
    if fraction >= 0.5:
        return b - (b - a) * (1 - fraction)
    return a + (b - a) * fraction


def aggregate_ratings(
    ids: Sequence[str], ratings: Iterable[Rating], *, places: Sequence[str] | None = None
) -> RaterAggregation:
    """Median matrix, per-cell dispersion, contested cells and ordinal alpha of ``ratings``.

    A rater may rate a cell once; a second rating of the same cell by the same rater is an
    error naming both. Raters are listed in order of first appearance. ``places`` names where
    each rating comes from (for example "file.csv, line 4") in error messages; by default a
    rating is named by its position ("rating 3").
    """
    element_ids = check_ids(ids)
    index = {element_id: position for position, element_id in enumerate(element_ids)}
    by_cell: dict[tuple[int, int], list[Rating]] = {}
    raters: list[str] = []
    for number, rating in enumerate(ratings, start=1):
        place = _place(rating, number, places)
        _checked(rating, index, place)
        key = (index[rating.source], index[rating.target])
        bucket = by_cell.setdefault(key, [])
        if any(earlier.rater == rating.rater for earlier in bucket):
            raise CrossImpactInputError(
                _("{place}: rater {rater} already rated {source} -> {target}").format(
                    place=place, rater=rating.rater, source=rating.source, target=rating.target
                )
            )
        bucket.append(rating)
        if rating.rater not in raters:
            raters.append(rating.rater)

    size = len(element_ids)
    matrix = np.zeros((size, size), dtype=np.float64)
    counts = np.zeros((size, size), dtype=np.int64)
    cells: list[CellAggregate] = []
    rater_index = {rater: position for position, rater in enumerate(raters)}
    keys = sorted(by_cell)
    reliability = np.full((len(raters), len(keys)), np.nan)
    for unit, key in enumerate(keys):
        bucket = by_cell[key]
        scores = sorted(float(rating.score) for rating in bucket)
        median = _quantile(scores, 0.5)
        matrix[key] = median
        counts[key] = len(bucket)
        q1, q3 = _quantile(scores, 0.25), _quantile(scores, 0.75)
        evidence: list[str] = []
        for rating in bucket:
            reliability[rater_index[rating.rater], unit] = float(rating.score)
            evidence.extend(item for item in rating.evidence if item not in evidence)
        cells.append(
            CellAggregate(
                source=element_ids[key[0]],
                target=element_ids[key[1]],
                median=median,
                ratings=len(bucket),
                minimum=scores[0],
                maximum=scores[-1],
                range=scores[-1] - scores[0],
                iqr=q3 - q1,
                contested=scores[-1] > 0 and scores[0] < 0,
                raters=tuple(rating.rater for rating in bucket),
                evidence=tuple(evidence),
            )
        )
    alpha = krippendorff_alpha(
        reliability,
        Level.ordinal,
        coder_ids=tuple(raters),
        unit_ids=tuple(cell_unit_id(element_ids[row], element_ids[column]) for row, column in keys),
    )
    return RaterAggregation(
        ids=element_ids,
        raters=tuple(raters),
        matrix=matrix,
        counts=counts,
        cells=tuple(cells),
        alpha=alpha,
    )
