"""Rank-and-margin proposals on hand-made vectors."""

from __future__ import annotations

import numpy as np
import pytest

from concierto.nlp.embed import HashingEmbedder
from concierto.nlp.semantic import SemanticError, code_prototypes, rank_and_margin


def test_rank_and_margin_by_hand() -> None:
    prototypes = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    units = np.array(
        [
            [1.0, 0.0],  # code 0, margin 1.0
            [0.9, 0.1],  # code 0, margin ~0.77
            [0.6, 0.55],  # code 0 but margin ~0.06
            [0.0, 1.0],  # code 1
        ],
        dtype=np.float32,
    )
    proposals = rank_and_margin(units, prototypes, per_code=2, margin=0.1)
    assert [(p.unit, p.code) for p in proposals] == [(0, 0), (1, 0), (3, 1)]
    assert proposals[0].similarity == pytest.approx(1.0)
    assert proposals[1].margin == pytest.approx((0.9 - 0.1) / np.hypot(0.9, 0.1), abs=1e-6)
    only_best = rank_and_margin(units, prototypes, per_code=1, margin=0.0)
    assert [(p.unit, p.code) for p in only_best] == [(0, 0), (3, 1)]


def test_no_fixed_cosine_low_similarities_still_rank() -> None:
    prototypes = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32)
    units = np.array([[0.2, 0.0, 0.98], [0.0, 0.15, 0.99]], dtype=np.float32)
    proposals = rank_and_margin(units, prototypes, per_code=1, margin=0.05)
    assert [(p.unit, p.code) for p in proposals] == [(0, 0), (1, 1)]
    assert all(p.similarity < 0.25 for p in proposals)


def test_prototypes_and_errors() -> None:
    embedder = HashingEmbedder()
    prototypes = code_prototypes([["uno dos"], ["tres", "cuatro"]], embedder)
    assert prototypes.shape == (2, embedder.dim)
    np.testing.assert_allclose(np.linalg.norm(prototypes, axis=1), 1.0, atol=1e-6)
    with pytest.raises(SemanticError, match="code #1 has no definition"):
        code_prototypes([["uno"], ["  "]], embedder)
    with pytest.raises(SemanticError, match="per_code"):
        rank_and_margin(prototypes, prototypes, per_code=0)
    assert rank_and_margin(prototypes[:1], prototypes[:1]) == []
