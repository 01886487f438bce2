"""Semantic code suggestions: units similar to a code's definition or examples (M6).

Each code is represented by the vectors of its definition and examples; a unit's score for the
code is its best cosine similarity with any of them (nearest prototype). Codes scoring at least
``threshold`` are suggested, at most ``top`` per unit, with origin ``embedding:<model id>``;
like rule suggestions they count for nothing until a person accepts them, and their precision
and recall are measured with :func:`concierto.nlp.evaluation.evaluate`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from concierto.nlp.embed import Embedder, normalise_rows

DEFAULT_THRESHOLD = 0.5
"""Provisional; calibrate per case against human coding and record the value used."""


class SemanticError(ValueError):
    """A code without any text, a bad unit, or bad parameters."""


@dataclass(frozen=True)
class CodeDescription:
    """What a code means: its definition and example passages from the codebook."""

    code: str
    definition: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class SemanticSuggestion:
    """``code`` suggested for the unit ``[start, end)`` with its best cosine similarity."""

    code: str
    start: int
    end: int
    scope: str
    similarity: float
    model_id: str
    model_version: str

    @property
    def origin(self) -> str:
        """The provenance label stored with the suggestion."""
        return f"embedding:{self.model_id}"


def semantic_suggest(
    text: str,
    units_by_scope: Mapping[str, Sequence[tuple[int, int]]],
    scope: str,
    codes: Sequence[CodeDescription],
    embedder: Embedder,
    threshold: float = DEFAULT_THRESHOLD,
    top: int = 1,
) -> list[SemanticSuggestion]:
    """Suggest up to ``top`` codes per ``scope`` unit whose similarity reaches ``threshold``.

    Ties in similarity go to the code listed first. Empty units are skipped.
    """
    if top < 1:
        raise SemanticError(f"top must be at least 1, got {top}")
    if scope not in units_by_scope:
        raise SemanticError(f"no {scope} units were given")
    prototypes: list[str] = []
    owner: list[int] = []
    for index, code in enumerate(codes):
        texts = [t for t in (code.definition, *code.examples) if t.strip()]
        if not texts:
            raise SemanticError(f"code {code.code!r} has no definition and no examples")
        prototypes.extend(texts)
        owner.extend([index] * len(texts))
    units = []
    for start, end in units_by_scope[scope]:
        if not 0 <= start <= end <= len(text):
            raise SemanticError(f"{scope} unit [{start}, {end}) is outside the text")
        if text[start:end].strip():
            units.append((start, end))
    if not units or not codes:
        return []
    unit_vectors = normalise_rows(embedder.encode([text[s:e] for s, e in units]))
    code_vectors = normalise_rows(embedder.encode(prototypes))
    similarity = unit_vectors @ code_vectors.T
    owners = np.asarray(owner)
    best = np.full((len(units), len(codes)), -np.inf, dtype=np.float32)
    for index in range(len(codes)):
        best[:, index] = similarity[:, owners == index].max(axis=1)
    result: list[SemanticSuggestion] = []
    for row, (start, end) in enumerate(units):
        order = np.argsort(-best[row], kind="stable")[:top]
        for index in order:
            score = round(float(best[row, index]), 6)
            if score >= threshold:
                result.append(
                    SemanticSuggestion(
                        codes[index].code,
                        start,
                        end,
                        scope,
                        score,
                        embedder.model_id,
                        embedder.version,
                    )
                )
    return result
