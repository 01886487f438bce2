"""The faster cross-impact steps (issue 19) give exactly what the per-cell and per-slice code
they replaced gave: rater medians and quartiles equal numpy's, influence sums equal the
slice sums, ranks equal the counting loop, cluster weights equal the triangle sums, on a
generated government and on random score matrices."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.casefile.read import read_case_folder
from concierto.measures.crossimpact import TIE_TOLERANCE, competition_ranks, cross_impact
from concierto.report.build import _cross_impact
from concierto.snapshot import snapshot_from_document
from generated_government import generate_government


def old_ranks(values: list[float]) -> tuple[int, ...]:
    array = np.asarray(values, dtype=np.float64)
    return tuple(int(np.count_nonzero(array > v + TIE_TOLERANCE)) + 1 for v in array)


def assert_influence_as_before(ids: tuple[str, ...], matrix: np.ndarray) -> None:
    result = cross_impact(ids, matrix)
    array = matrix.copy()
    np.fill_diagonal(array, 0.0)
    positive = np.where(array > 0, array, 0.0)
    negative = np.where(array < 0, array, 0.0)
    for index, element in enumerate(result.elements):
        assert element.out_pos == float(positive[index].sum())
        assert element.out_neg == float(negative[index].sum())
        assert element.in_ == float(array[:, index].sum())
        assert element.in_pos == float(positive[:, index].sum())
        assert element.in_neg == float(negative[:, index].sum())
    symmetric = positive + positive.T
    for cluster in result.clusters:
        members = [ids.index(m) for m in cluster.members]
        inner = symmetric[np.ix_(members, members)]
        assert cluster.internal_weight == float(np.triu(inner, k=1).sum())
    assert competition_ranks([e.total for e in result.elements]) == old_ranks(
        [e.total for e in result.elements]
    )


def test_generated_government_as_before(tmp_path: Path) -> None:
    snapshot = snapshot_from_document(read_case_folder(generate_government(tmp_path / "c", 100)))
    aggregation, impact = _cross_impact(snapshot)
    assert aggregation is not None and impact is not None
    by_cell: dict[tuple[str, str], list[float]] = {}
    for i in snapshot.interactions:
        by_cell.setdefault((i.source, i.target), []).append(float(i.score))
    assert len(aggregation.cells) == len(by_cell) == 500
    for cell in aggregation.cells:
        scores = np.array(by_cell[(cell.source, cell.target)])
        q1, q3 = np.percentile(scores, [25, 75])
        assert cell.median == float(np.median(scores))
        assert cell.iqr == float(q3 - q1)
        assert cell.contested == bool((scores > 0).any() and (scores < 0).any())
    assert_influence_as_before(aggregation.ids, aggregation.matrix)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 9).flatmap(
        lambda n: st.lists(st.integers(-6, 6), min_size=n * n, max_size=n * n)
    )
)
def test_random_half_point_matrices_as_before(halves: list[int]) -> None:
    n = int(len(halves) ** 0.5)
    matrix = np.array(halves, dtype=np.float64).reshape(n, n) / 2
    assert_influence_as_before(tuple(f"e{k}" for k in range(n)), matrix)


@given(st.lists(st.floats(-9, 9, allow_nan=False), max_size=30))
def test_ranks_as_before(values: list[float]) -> None:
    assert competition_ranks(values) == old_ranks(values)
