"""Several raters per cell: median matrix, dispersion, contested cells and ordinal alpha."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from concierto.measures.crossimpact import CrossImpactInputError, cross_impact
from concierto.measures.crossimpact_raters import Rating, aggregate_ratings

IDS = ("X", "Y", "Z")
RATINGS = [
    Rating("X", "Y", "r1", 2, rationale="shared budget", evidence=("S1",)),
    Rating("X", "Y", "r2", 3, confidence="high", evidence=("S2", "S1")),
    Rating("X", "Y", "r3", 2),
    Rating("X", "Z", "r1", 1, evidence=("S3",)),
    Rating("X", "Z", "r2", -1, evidence=("S4",)),
    Rating("Y", "X", "r1", -2),
    Rating("Z", "Y", "r2", 1),
    Rating("Z", "Y", "r3", 2),
]


def test_median_matrix_and_counts() -> None:
    result = aggregate_ratings(IDS, RATINGS)
    expected = np.array([[0, 2, 0], [-2, 0, 0], [0, 1.5, 0]])
    np.testing.assert_array_equal(result.matrix, expected)
    np.testing.assert_array_equal(result.counts, [[0, 3, 2], [1, 0, 0], [0, 2, 0]])
    assert result.raters == ("r1", "r2", "r3")


def test_dispersion_contested_cells_and_evidence() -> None:
    result = aggregate_ratings(IDS, RATINGS)
    xy = result.cell("X", "Y")
    # Ratings 2, 3, 2: range 1; quartiles (linear) 2 and 2.5.
    assert (xy.median, xy.range, xy.iqr, xy.contested) == (2, 1, 0.5, False)
    assert xy.evidence == ("S1", "S2")
    assert xy.raters == ("r1", "r2", "r3")
    xz = result.cell("X", "Z")
    # Ratings 1 and −1: median 0 hides a disagreement of sign.
    assert (xz.median, xz.minimum, xz.maximum, xz.range, xz.iqr) == (0, -1, 1, 2, 1)
    assert xz.contested
    assert [(cell.source, cell.target) for cell in result.contested] == [("X", "Z")]
    assert [(cell.source, cell.target) for cell in result.cells] == [
        ("X", "Y"),
        ("X", "Z"),
        ("Y", "X"),
        ("Z", "Y"),
    ]
    with pytest.raises(KeyError):
        result.cell("Y", "Z")


def test_alpha_equals_the_reference_implementation() -> None:
    result = aggregate_ratings(IDS, RATINGS)
    nan = np.nan
    # Rows r1, r2, r3; units X->Y, X->Z, Y->X, Z->Y.
    data = [[2, 1, -2, nan], [3, -1, nan, 1], [2, nan, nan, 2]]
    reference = krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal")
    assert result.alpha.alpha == pytest.approx(reference)
    assert result.alpha.level.value == "ordinal"
    assert result.alpha.unit_ids == ("X->Y", "X->Z", "Y->X", "Z->Y")
    assert result.alpha.coder_ids == ("r1", "r2", "r3")
    assert result.alpha.pairable_units == 3


def test_perfect_agreement_gives_alpha_one() -> None:
    ratings = [
        Rating(source, target, rater, score)
        for rater in ("a", "b")
        for source, target, score in (("X", "Y", 3), ("Y", "Z", -1), ("Z", "X", 0))
    ]
    result = aggregate_ratings(IDS, ratings)
    assert result.alpha.alpha == pytest.approx(1.0)
    assert result.contested == ()


def test_a_single_rater_leaves_alpha_undefined() -> None:
    result = aggregate_ratings(IDS, [Rating("X", "Y", "solo", 2), Rating("Y", "Z", "solo", 1)])
    assert result.alpha.alpha is None
    assert result.alpha.undefined_reason is not None
    assert result.matrix[0, 1] == 2


def test_no_ratings_gives_a_zero_matrix() -> None:
    result = aggregate_ratings(IDS, [])
    assert not result.matrix.any()
    assert result.cells == ()
    assert result.alpha.alpha is None


@pytest.mark.parametrize(
    ("rating", "message"),
    [
        (Rating("X", "W", "r1", 1), r"rating 2 \(X -> W, rater r1\): unknown id W"),
        (Rating("X", "X", "r1", 1), "cannot be rated against itself"),
        (Rating("X", "Z", "r1", 4), "score 4 is outside -3..3"),
        (Rating("X", "Z", " ", 1), "the rater is empty"),
        (Rating("X", "Y", "r1", 1), "rating 2: rater r1 already rated X -> Y"),
    ],
)
def test_bad_ratings_are_named(rating: Rating, message: str) -> None:
    with pytest.raises(CrossImpactInputError, match=message):
        aggregate_ratings(IDS, [Rating("X", "Y", "r1", 2), rating])


def test_errors_use_the_given_places() -> None:
    ratings = [Rating("X", "Y", "r1", 2), Rating("X", "Y", "r1", 3)]
    places = ["ratings.csv, line 2", "ratings.csv, line 3"]
    with pytest.raises(CrossImpactInputError, match=r"ratings\.csv, line 3: rater r1 already"):
        aggregate_ratings(IDS, ratings, places=places)


def test_evidence_reaches_the_trade_offs() -> None:
    aggregation = aggregate_ratings(IDS, RATINGS)
    assert aggregation.evidence_by_cell()[("X", "Z")] == ("S3", "S4")
    ratings = [*RATINGS, Rating("Y", "Z", "r1", -3, evidence=("S9",))]
    aggregation = aggregate_ratings(IDS, ratings)
    result = cross_impact(IDS, aggregation.matrix, evidence=aggregation.evidence_by_cell())
    assert [(item.source, item.target, item.evidence) for item in result.trade_offs] == [
        ("Y", "Z", ("S9",)),
        ("Y", "X", ()),
    ]
