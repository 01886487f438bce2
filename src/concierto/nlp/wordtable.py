"""A static word table distilled from a sentence embedder, for fast prefiltering.

Each word of the case's own vocabulary is encoded once by the full model; a text is then the
weighted mean of its words' vectors, normalised (a bag-of-embeddings in the spirit of static
"model2vec"-style distillation). It is orders of magnitude faster than the model and good
enough to choose candidates that the full model then re-ranks. Words are folded (no accents,
lower case); unknown words are ignored.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from concierto.nlp.embed import Embedder, FloatMatrix, Progress, normalise_rows, words_of
from concierto.nlp.fold import fold

_SURFACE = re.compile(r"\w+")


@dataclass(frozen=True)
class WordTable:
    """Folded words, their model vectors and weights, and the model that produced them."""

    words: tuple[str, ...]
    vectors: FloatMatrix
    weights: npt.NDArray[np.float32]
    model_id: str
    version: str

    def __post_init__(self) -> None:
        if self.vectors.shape[0] != len(self.words) or self.weights.shape != (len(self.words),):
            raise ValueError(
                f"word table: {len(self.words)} words but vectors {self.vectors.shape} "
                f"and weights {self.weights.shape}"
            )

    @property
    def dim(self) -> int:
        """Vector length (the model's)."""
        return int(self.vectors.shape[1])

    def index(self) -> dict[str, int]:
        """Row of each word."""
        return {word: row for row, word in enumerate(self.words)}

    def reduced(self, dims: int) -> WordTable:
        """The same table projected on its ``dims`` leading principal directions (uncentred).

        Text vectors are linear in word vectors, so projecting the words projects every text
        mean; cosines are approximately kept and matrix products get ``dim / dims`` cheaper.
        """
        if not 1 <= dims <= self.dim:
            raise ValueError(f"dims must be between 1 and {self.dim}, got {dims}")
        _, _, components = np.linalg.svd(self.vectors.astype(np.float64), full_matrices=False)
        projection = components[:dims].T.astype(np.float32)
        return WordTable(
            words=self.words,
            vectors=np.ascontiguousarray(self.vectors @ projection, dtype=np.float32),
            weights=self.weights,
            model_id=self.model_id,
            version=f"{self.version}+pca{dims}",
        )

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Weighted mean of the known words' vectors of each text, normalised (zero if none)."""
        lookup = self.index()
        rows: list[int] = []
        cols: list[int] = []
        for row, text in enumerate(texts):
            for word in words_of(text):
                col = lookup.get(word)
                if col is not None:
                    rows.append(row)
                    cols.append(col)
        counts = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(texts), len(self.words)),
            dtype=np.float32,
        )
        weighted = counts @ sparse.diags(self.weights.astype(np.float32))
        return normalise_rows(np.asarray(weighted @ self.vectors, dtype=np.float32))


def build_vocabulary(texts: Iterable[str], min_count: int = 1) -> list[str]:
    """Words of ``texts`` seen at least ``min_count`` times (counted after folding).

    Each folded word is returned in its most frequent written form (so the model sees
    "gestión", not "gestion"), most frequent words first.
    """
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    for text in texts:
        for surface in _SURFACE.findall(text):
            key = fold(surface)
            counts[key] += 1
            surfaces.setdefault(key, Counter())[surface] += 1
    kept = sorted(
        (key for key, count in counts.items() if count >= min_count),
        key=lambda key: (-counts[key], key),
    )
    return [surfaces[key].most_common(1)[0][0] for key in kept]


def idf_weights(texts: Sequence[str], vocabulary: Sequence[str]) -> dict[str, float]:
    """Smoothed inverse document frequency ``ln((1 + N) / (1 + df)) + 1`` of each word.

    Down-weights words that occur everywhere ("de", "la") so the mean follows the content words
    (Sparck Jones 1972, "A statistical interpretation of term specificity", J. Documentation).
    """
    document_frequency: Counter[str] = Counter()
    for text in texts:
        document_frequency.update(set(words_of(text)))
    total = len(texts)
    return {
        word: float(np.log((1 + total) / (1 + document_frequency[word])) + 1.0)
        for word in vocabulary
    }


def distil_word_table(
    embedder: Embedder,
    vocabulary: Sequence[str],
    weights: Mapping[str, float] | None = None,
    progress: Progress | None = None,
) -> WordTable:
    """Encode every (folded) word of ``vocabulary`` once, in batches, into a :class:`WordTable`.

    Duplicates after folding are kept once. ``weights`` (default 1.0 each) scale each word's
    contribution to a text's mean. ``progress`` is called with (words done, words in total).
    """
    surface_of: dict[str, str] = {}
    for entry in vocabulary:
        tokens = words_of(entry)
        if len(tokens) == 1:
            surface_of.setdefault(tokens[0], entry.strip())
        else:
            for token in tokens:
                surface_of.setdefault(token, token)
    words = tuple(surface_of)
    vectors = embedder.encode([surface_of[word] for word in words])
    if progress is not None:
        progress(len(words), len(words))
    weight_values = np.array(
        [1.0 if weights is None else weights.get(word, 1.0) for word in words], dtype=np.float32
    )
    return WordTable(
        words=words,
        vectors=np.asarray(vectors, dtype=np.float32).reshape(len(words), embedder.dim),
        weights=weight_values,
        model_id=embedder.model_id,
        version=embedder.version,
    )
