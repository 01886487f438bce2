"""Semantic code suggestions by rank and margin (M6), not by a fixed cosine.

Each code is represented by a prototype: the mean of the unit vectors of its definition, its
examples and the passages people have accepted for it. A unit is proposed for code c when c is
the unit's most similar code by at least ``margin`` over the runner-up, and the unit is among
the ``per_code`` units most similar to c. Both conditions are relative: they adapt to how a
model spreads its similarities, which a fixed cosine threshold does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from concierto.nlp.embed import Embedder, FloatMatrix, normalise_rows


class SemanticError(ValueError):
    """Bad parameters or a code without any text."""


@dataclass(frozen=True)
class Proposal:
    """Unit ``unit`` proposed for code ``code`` (indices), with its similarity and margin."""

    unit: int
    code: int
    similarity: float
    margin: float


def code_prototypes(texts_per_code: Sequence[Sequence[str]], embedder: Embedder) -> FloatMatrix:
    """One unit-length prototype per code: the mean of its texts' vectors."""
    rows = []
    for position, texts in enumerate(texts_per_code):
        kept = [text for text in texts if text.strip()]
        if not kept:
            raise SemanticError(f"code #{position} has no definition, example or passage")
        rows.append(normalise_rows(embedder.encode(kept)).mean(axis=0))
    return normalise_rows(np.vstack(rows)) if rows else np.zeros((0, embedder.dim), np.float32)


def rank_and_margin(
    units: FloatMatrix, prototypes: FloatMatrix, *, per_code: int = 5, margin: float = 0.05
) -> list[Proposal]:
    """Proposals for ``units`` (rows) against ``prototypes`` (rows), best first per code."""
    if per_code < 1:
        raise SemanticError(f"per_code must be at least 1, got {per_code}")
    if margin < 0:
        raise SemanticError(f"margin must not be negative, got {margin}")
    if len(prototypes) < 2 or len(units) == 0:
        return []
    similarity = normalise_rows(units) @ normalise_rows(prototypes).T
    order = np.argsort(-similarity, axis=1, kind="stable")
    best, second = order[:, 0], order[:, 1]
    rows = np.arange(len(units))
    gap = similarity[rows, best] - similarity[rows, second]
    proposals = []
    for code in range(len(prototypes)):
        eligible = np.flatnonzero((best == code) & (gap >= margin))
        ranked = eligible[np.argsort(-similarity[eligible, code], kind="stable")][:per_code]
        proposals += [
            Proposal(int(unit), code, float(similarity[unit, code]), float(gap[unit]))
            for unit in ranked
        ]
    return proposals
