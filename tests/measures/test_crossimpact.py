"""Cross-impact metrics (Weitz et al. 2018): hand-computed matrices, properties, the Sweden case."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from concierto.measures.crossimpact import (
    CrossImpactInputError,
    competition_ranks,
    cross_impact,
    score_label,
)
from concierto.measures.matrix_audit import audit_derived

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "matrices"

# A -> B 2, A -> C -1, B -> A 1, B -> C 3, C -> B -2 (row influences column).
SMALL_IDS = ("A", "B", "C")
SMALL = np.array([[0, 2, -1], [1, 0, 3], [0, -2, 0]], dtype=float)


def test_small_matrix_by_hand() -> None:
    result = cross_impact(SMALL_IDS, SMALL, names=["Alpha", "Beta", "Gamma"])
    a, b, c = result.elements
    # out = row sums 1, 4, -2; in = column sums 1, 0, 2.
    assert (a.out, b.out, c.out) == (1, 4, -2)
    assert (a.out_pos, a.out_neg, b.out_pos, b.out_neg, c.out_pos, c.out_neg) == (
        2,
        -1,
        4,
        0,
        0,
        -2,
    )
    assert (a.in_, b.in_, c.in_) == (1, 0, 2)
    assert (a.in_pos, a.in_neg, b.in_pos, b.in_neg, c.in_pos, c.in_neg) == (1, 0, 2, -2, 3, -1)
    # s2_A = 0.5 (2·4 + (−1)(−2)) = 5; s2_B = 0.5 (1·1 + 3·(−2)) = −2.5; s2_C = 0.5 (−2·4) = −4.
    assert (a.second_order, b.second_order, c.second_order) == (5, -2.5, -4)
    assert (a.total, b.total, c.total) == (6, 1.5, -6)
    assert (a.rank, b.rank, c.rank) == (1, 2, 3)
    assert a.name == "Alpha"
    assert a.as_dict()["in"] == 1 and "in_" not in a.as_dict()


def test_trade_offs_most_negative_first_with_owners() -> None:
    result = cross_impact(SMALL_IDS, SMALL, owners={"A": ["MEF"], "B": ["MINAM", "ANA"]})
    pairs = [(item.source, item.target, item.score) for item in result.trade_offs]
    assert pairs == [("C", "B", -2), ("A", "C", -1)]
    first, second = result.trade_offs
    assert first.source_owners == () and first.target_owners == ("MINAM", "ANA")
    assert second.source_owners == ("MEF",)


def test_w2_weights_the_second_order() -> None:
    zero = cross_impact(SMALL_IDS, SMALL, w2=0.0)
    assert [element.total for element in zero.elements] == [1, 4, -2]
    assert [element.rank for element in zero.elements] == [2, 1, 3]
    one = cross_impact(SMALL_IDS, SMALL, w2=1.0)
    assert [element.second_order for element in one.elements] == [10, -5, -8]


def test_diagonal_is_ignored_and_reported() -> None:
    matrix = SMALL.copy()
    matrix[1, 1] = 3
    result = cross_impact(SMALL_IDS, matrix)
    assert result.ignored_diagonal == ("B",)
    assert result.element("B").out == 4
    assert result.element("B").in_ == 0


def test_competition_ranks_share_the_best_rank() -> None:
    assert competition_ranks([5, 7, 7, 1]) == (3, 1, 1, 4)
    assert competition_ranks([2.0, 2.0 + 1e-12, 1.0]) == (1, 1, 3)
    assert competition_ranks([]) == ()


def test_clusters_of_two_reinforcing_triangles() -> None:
    ids = ("a", "b", "c", "d", "e", "f")
    matrix = np.zeros((6, 6))
    for group in ((0, 1, 2), (3, 4, 5)):
        for row in group:
            for column in group:
                if row != column:
                    matrix[row, column] = 3
    matrix[2, 3] = 1  # a weak bridge
    matrix[0, 5] = -3  # negative cells never join clusters
    result = cross_impact(ids, matrix)
    assert [cluster.members for cluster in result.clusters] == [("a", "b", "c"), ("d", "e", "f")]
    # Each triangle: three undirected ties of weight 3 + 3.
    assert [cluster.internal_weight for cluster in result.clusters] == [18, 18]


def test_without_positive_ties_every_element_is_its_own_cluster() -> None:
    matrix = -np.ones((3, 3))
    result = cross_impact(SMALL_IDS, matrix)
    assert [cluster.members for cluster in result.clusters] == [("A",), ("B",), ("C",)]


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[0, 4, 0], [0, 0, 0], [0, 0, 0]], "A -> B holds 4;"),
        ([[0, 0, 0], [0, 0, 0], [np.nan, 0, 0]], "C -> A holds nan"),
        ([[0, 1], [1, 0]], "must be 3 x 3"),
        ([[0, 1, 2], [1, 0], [0, 0, 0]], "not a rectangular table of numbers"),
        ([["0", "x", "1"], [0, 0, 0], [0, 0, 0]], "not a rectangular table of numbers"),
    ],
)
def test_bad_matrices_name_the_cell(matrix: list[list[float]], message: str) -> None:
    with pytest.raises(CrossImpactInputError, match=message):
        cross_impact(SMALL_IDS, matrix)


def test_bad_ids_and_names() -> None:
    with pytest.raises(CrossImpactInputError, match="id A appears twice"):
        cross_impact(("A", "A", "C"), SMALL)
    with pytest.raises(CrossImpactInputError, match="id number 2 is empty"):
        cross_impact(("A", " ", "C"), SMALL)
    with pytest.raises(CrossImpactInputError, match="2 names were given for 3 ids"):
        cross_impact(SMALL_IDS, SMALL, names=["x", "y"])


def test_score_labels_follow_nilsson() -> None:
    assert score_label(3) == "indivisible"
    assert score_label(-3.0) == "cancelling"
    assert score_label(0) == "consistent"
    assert score_label(1.5) is None


def test_generated_34_matrix_second_order_is_half_the_row_sums_of_a_squared() -> None:
    rng = np.random.default_rng(2018)
    matrix = rng.integers(-3, 4, size=(34, 34)).astype(float)
    np.fill_diagonal(matrix, 0)
    ids = [f"t{index}" for index in range(34)]
    result = cross_impact(ids, matrix)
    expected = 0.5 * (matrix @ matrix).sum(axis=1)
    assert [element.second_order for element in result.elements] == pytest.approx(expected)
    assert [element.out for element in result.elements] == pytest.approx(matrix.sum(axis=1))
    assert [element.in_ for element in result.elements] == pytest.approx(matrix.sum(axis=0))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 12).flatmap(
        lambda size: arrays(np.int64, (size, size), elements=st.integers(-3, 3))
    ),
    st.sampled_from([0.0, 0.25, 0.5, 1.0]),
)
def test_properties_of_random_matrices(integers: np.ndarray, w2: float) -> None:
    matrix = integers.astype(float)
    np.fill_diagonal(matrix, 0)
    ids = [f"e{index}" for index in range(matrix.shape[0])]
    result = cross_impact(ids, matrix, w2=w2)
    elements = result.elements
    assert sum(element.out for element in elements) == pytest.approx(
        sum(element.in_ for element in elements)
    )
    for index, element in enumerate(elements):
        assert element.out == pytest.approx(element.out_pos + element.out_neg)
        assert element.in_ == pytest.approx(element.in_pos + element.in_neg)
        assert element.second_order == pytest.approx(w2 * (matrix @ matrix)[index].sum())
        assert element.total == pytest.approx(element.out + element.second_order)
        assert element.rank == 1 + sum(other.total > element.total + 1e-9 for other in elements)
    members = [member for cluster in result.clusters for member in cluster.members]
    assert sorted(members) == sorted(ids)
    assert len(result.trade_offs) == int((matrix < 0).sum())


def _sweden() -> tuple[list[str], np.ndarray, dict[str, dict[str, object]]]:
    payload = json.loads((FIXTURES / "sweden_weitz2018.json").read_text(encoding="utf-8"))
    ids = list(payload)
    matrix = np.array([[payload[row]["affect"][column] for column in ids] for row in ids], float)
    return ids, matrix, payload


def _stored(entry: dict[str, object], key: str) -> object:
    return next(value for name, value in entry.items() if name.strip() == key)


def test_sweden_reproduces_the_published_sums_second_order_and_totals() -> None:
    ids, matrix, payload = _sweden()
    result = cross_impact(ids, matrix)
    assert len(ids) == 34
    for element in result.elements:
        entry = payload[element.id]
        assert element.out == _stored(entry, "Sum")
        assert element.out_pos == _stored(entry, "Pos")
        assert element.out_neg == _stored(entry, "Neg")
        assert element.second_order == _stored(entry, "2nd")
        assert element.total == _stored(entry, "Sum+2nd")


def test_sweden_reproduces_the_published_ranking() -> None:
    ids, matrix, payload = _sweden()
    result = cross_impact(ids, matrix)
    published = {
        element_id: int(str(_stored(entry, "Rank")))
        for element_id, entry in payload.items()
        if str(_stored(entry, "Rank")) != "None"
    }
    assert published == {"16.6": 1, "12.1": 2, "8.4": 3, "12.5": 4, "9.5": 5, "4.4": 6, "5.5": 7}
    assert {element_id: result.element(element_id).rank for element_id in published} == published
    top = [element.id for element in result.ranking()[:7]]
    assert top == ["16.6", "12.1", "8.4", "12.5", "9.5", "4.4", "5.5"]
    assert result.element("16.6").total == 567
    assert result.ranking()[-1].id == "17.11"
    assert result.element("17.11").total == -127.5


def test_sweden_audit_finds_nothing_to_report() -> None:
    ids, matrix, payload = _sweden()
    keys = {"Sum": "out", "Pos": "out_pos", "Neg": "out_neg", "2nd": "second_order"}
    keys |= {"Sum+2nd": "total", "Rank": "rank"}
    stored: dict[str, dict[str, float | None]] = {column: {} for column in keys.values()}
    for element_id, entry in payload.items():
        for label, column in keys.items():
            value = _stored(entry, label)
            stored[column][element_id] = None if value == "None" else float(str(value))
    audit = audit_derived(ids, matrix, stored)
    assert audit.consistent
    assert audit.checked == 34 * 5 + 7


def test_audit_names_every_wrong_value() -> None:
    stored: dict[str, dict[str, float | None]] = {
        "out": {"A": 1, "B": 3, "C": -2},
        "second_order": {"A": 5, "B": -2.5, "C": -3},
        "rank": {"A": 1, "B": None, "C": 2},
        "unknown": {"A": 99},
    }
    audit = audit_derived(SMALL_IDS, SMALL, stored, labels={"out": "Sum", "second_order": "2nd"})
    found = [(item.id, item.label, item.stored, item.computed) for item in audit.mismatches]
    assert found == [("B", "Sum", 3, 4), ("C", "2nd", -3, -4), ("C", "rank", 2, 3)]
    assert audit.columns == ("out", "second_order", "rank")
    assert audit.checked == 8
    assert not audit.consistent
