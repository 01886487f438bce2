"""Functional overlap: cross-actor neighbours, threshold, overlap index, exact prefilter."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.nlp.embed import HashingEmbedder, normalise_rows
from concierto.nlp.overlap import (
    CandidatePair,
    FunctionStatement,
    OverlapError,
    actor_pair_overlap,
    calibrate_threshold,
    functional_overlap,
    prefilter_candidates,
    rerank,
)


class TableEncoder:
    """Maps each text to a fixed 2-D vector (hand-made geometry)."""

    def __init__(self, table: dict[str, tuple[float, float]]) -> None:
        self.table = table

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return normalise_rows(np.array([self.table[t] for t in texts], dtype=np.float32))


STATEMENTS = [
    FunctionStatement("a1", "A", "plan"),
    FunctionStatement("a2", "A", "plan bis"),
    FunctionStatement("b1", "B", "plan copy"),
    FunctionStatement("b2", "B", "budget"),
    FunctionStatement("c1", "C", "budget copy"),
]
GEOMETRY = {
    "plan": (1.0, 0.0),
    "plan bis": (1.0, 0.05),
    "plan copy": (1.0, 0.1),
    "budget": (0.0, 1.0),
    "budget copy": (0.1, 1.0),
}


def test_neighbours_exclude_same_actor_and_pairs_follow_threshold() -> None:
    result = functional_overlap(STATEMENTS, TableEncoder(GEOMETRY), k=2, threshold=0.95)
    by_id = {n.statement_id: n for n in result.neighbours}
    assert by_id["a1"].neighbour_ids == ("b1", "c1")
    assert by_id["b2"].neighbour_ids == ("c1", "a2")
    assert by_id["b1"].neighbour_ids[0] == "a2"
    cos = float(np.cos(np.arctan(0.1) - np.arctan(0.05)))
    assert by_id["b1"].similarities[0] == pytest.approx(cos, abs=1e-6)
    assert {(p.statement_a, p.statement_b) for p in result.pairs} == {
        ("a1", "b1"),
        ("a2", "b1"),
        ("b2", "c1"),
    }
    assert result.threshold == 0.95
    ab, bc = result.actor_pairs
    # A-B: A side {a1, a2}, B side {b1}: overlaps = 1, min(|F_A|, |F_B|) = 2.
    assert (ab.actor_a, ab.actor_b, ab.involved_a, ab.involved_b) == ("A", "B", 2, 1)
    assert (ab.overlaps, ab.index) == (1, 0.5)
    assert ab.evidence == (("a1", "b1"), ("a2", "b1"))
    # B-C: one pair; min(|F_B|, |F_C|) = 1.
    assert (bc.actor_a, bc.actor_b, bc.overlaps, bc.index) == ("B", "C", 1, 1.0)


def test_overlap_index_by_hand() -> None:
    statements = [FunctionStatement(f"x{i}", "X", "") for i in range(4)] + [
        FunctionStatement(f"y{i}", "Y", "") for i in range(3)
    ]
    pairs = [
        CandidatePair("x0", "y0", "X", "Y", 0.9),
        CandidatePair("y1", "x0", "Y", "X", 0.9),
        CandidatePair("x1", "y1", "X", "Y", 0.9),
    ]
    (xy,) = actor_pair_overlap(statements, pairs)
    assert (xy.involved_a, xy.involved_b, xy.overlaps) == (2, 2, 2)
    assert xy.index == pytest.approx(2 / 3)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 30), st.integers(1, 4), st.integers(0, 10_000))
def test_full_width_prefilter_equals_brute_force(n: int, k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    vectors = normalise_rows(rng.normal(size=(n, 5)).astype(np.float32))
    actors = rng.integers(0, 3, size=n).astype(np.int64)
    chosen = prefilter_candidates(vectors, actors, candidates=n, block=7)
    top, scores = rerank(vectors, chosen, k, block=4)
    threaded = prefilter_candidates(vectors, actors, candidates=n, block=3, threads=2)
    np.testing.assert_array_equal(threaded, chosen)
    np.testing.assert_array_equal(rerank(vectors, threaded, k, block=5, threads=2)[0], top)
    sims = vectors @ vectors.T
    for row in range(n):
        others = [j for j in range(n) if actors[j] != actors[row]]
        expected = sorted(others, key=lambda j: (-sims[row, j], j))[:k]
        got = [int(j) for j in top[row] if j >= 0]
        assert len(got) == len(expected)
        np.testing.assert_allclose(scores[row][: len(got)], [sims[row, j] for j in got], atol=1e-5)
        np.testing.assert_allclose(
            [sims[row, j] for j in got], [sims[row, j] for j in expected], atol=1e-5
        )


def test_prefilter_with_word_vectors_keeps_the_obvious_duplicate() -> None:
    statements = [
        FunctionStatement("m1", "MEF", "Formular el presupuesto del sector público"),
        FunctionStatement("m2", "MEF", "Administrar la tesorería"),
        FunctionStatement("p1", "PCM", "Formular el presupuesto del sector público nacional"),
        FunctionStatement("p2", "PCM", "Coordinar la política de modernización"),
    ]
    embedder = HashingEmbedder(dim=256)
    result = functional_overlap(
        statements, embedder, prefilter=embedder, k=1, candidates=1, threshold=0.8
    )
    assert [(p.statement_a, p.statement_b) for p in result.pairs] == [("m1", "p1")]


def test_bad_parameters_are_reported() -> None:
    with pytest.raises(OverlapError, match="twice"):
        functional_overlap([STATEMENTS[0], STATEMENTS[0]], TableEncoder(GEOMETRY))
    with pytest.raises(OverlapError, match="candidates"):
        functional_overlap(STATEMENTS, TableEncoder(GEOMETRY), k=5, candidates=2)
    empty = functional_overlap([], TableEncoder(GEOMETRY))
    assert empty.neighbours == () and empty.actor_pairs == ()


def test_calibrate_threshold_maximises_f1() -> None:
    sims = [0.95, 0.9, 0.85, 0.7, 0.6]
    labels = [True, True, False, True, False]
    # cut 0.9: P=1, R=2/3, F1=0.8; cut 0.7: P=3/4, R=1, F1=6/7 (best); cut 0.6: F1=0.75.
    assert calibrate_threshold(sims, labels) == 0.7
    with pytest.raises(OverlapError, match="duplicate"):
        calibrate_threshold([0.5], [False])


def test_identical_texts_are_encoded_once() -> None:
    seen: list[list[str]] = []

    class Counting(TableEncoder):
        def encode(self, texts: Sequence[str]) -> np.ndarray:
            seen.append(list(texts))
            return super().encode(texts)

    statements = [*STATEMENTS, FunctionStatement("c2", "C", "plan")]
    result = functional_overlap(statements, Counting(GEOMETRY), k=1, threshold=0.99)
    assert seen == [["plan", "plan bis", "plan copy", "budget", "budget copy"]]
    assert ("a1", "c2") in {(p.statement_a, p.statement_b) for p in result.pairs}


def test_sampled_threshold_selection_equals_exact_top_sets() -> None:
    rng = np.random.default_rng(11)
    n, width = 9000, 64
    vectors = normalise_rows(rng.normal(size=(n, 8)).astype(np.float32))
    vectors[5] = 0.0  # a statement with no known word: all ties, handled by the fallback
    actors = rng.integers(0, 40, size=n).astype(np.int64)
    chosen = prefilter_candidates(vectors, actors, candidates=width, block=1024, threads=2)
    rows = rng.choice(n, size=200, replace=False)
    scores = vectors[rows] @ vectors.T
    scores[actors[rows, None] == actors[None, :]] = -np.inf
    for position, row in enumerate(rows):
        got = chosen[row]
        assert (got >= 0).all() and (actors[got] != actors[row]).all()
        if row == 5:
            continue
        exact = np.argpartition(-scores[position], width - 1)[:width]
        assert set(got.tolist()) == set(exact.tolist())
    assert len(set(chosen[5].tolist())) == width
