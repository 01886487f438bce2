"""Semantic suggestions: nearest prototype per code, threshold, top-n, origin."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from concierto.nlp.embed import normalise_rows
from concierto.nlp.semantic import CodeDescription, SemanticError, semantic_suggest


class Directions:
    """Each text maps to a hand-chosen 2-D direction (angle in degrees)."""

    model_id = "directions"
    version = "1"
    dim = 2

    def __init__(self, angles: dict[str, float]) -> None:
        self.angles = angles

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        radians = np.radians([self.angles[t] for t in texts])
        return normalise_rows(np.stack([np.cos(radians), np.sin(radians)], axis=1))


TEXT = "coordina bien. presupuesto corto. nada."
UNITS = {"sentence": [(0, 14), (15, 33), (34, 39)]}
CODES = [
    CodeDescription("coord", "coordinación", examples=("articulan",)),
    CodeDescription("budget", "presupuesto"),
]
ANGLES = {
    "coordina bien.": 10.0,
    "presupuesto corto.": 80.0,
    "nada.": 45.0,
    "coordinación": 0.0,
    "articulan": 15.0,
    "presupuesto": 90.0,
}


def test_best_prototype_threshold_and_top() -> None:
    found = semantic_suggest(TEXT, UNITS, "sentence", CODES, Directions(ANGLES), threshold=0.9)
    assert [(s.code, s.start, s.end) for s in found] == [
        ("coord", 0, 14),
        ("budget", 15, 33),
    ]
    # Unit 0 is 5 degrees from the example "articulan", closer than the definition.
    assert found[0].similarity == pytest.approx(np.cos(np.radians(5)), abs=1e-6)
    assert found[0].origin == "embedding:directions"
    both = semantic_suggest(
        TEXT, UNITS, "sentence", CODES, Directions(ANGLES), threshold=0.0, top=2
    )
    assert [(s.code, s.start) for s in both if s.start == 34] == [("coord", 34), ("budget", 34)]


def test_errors_are_precise() -> None:
    with pytest.raises(SemanticError, match="'empty'"):
        semantic_suggest(TEXT, UNITS, "sentence", [CodeDescription("empty", " ")], Directions({}))
    with pytest.raises(SemanticError, match="no paragraph units"):
        semantic_suggest(TEXT, UNITS, "paragraph", CODES, Directions(ANGLES))
