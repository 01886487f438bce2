"""Golden vectors: fails if an upgrade of the default model changes its outputs."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from concierto.nlp.embed import Embedder, UniversalSentenceEncoder

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden_use.json"


@pytest.fixture(scope="module")
def embedder() -> Iterator[UniversalSentenceEncoder]:
    """The default model, loaded and first used with every network connection refused."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the model tried to open a network connection: {args!r}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket, "create_connection", refuse)
        model = UniversalSentenceEncoder()
        model.encode(["carga sin red"])
    yield model


@pytest.mark.slow
def test_default_model_reproduces_committed_vectors(embedder: UniversalSentenceEncoder) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert isinstance(embedder, Embedder)
    assert (embedder.model_id, embedder.version) == (golden["model_id"], golden["version"])
    vectors = embedder.encode(golden["sentences"])
    tolerance = golden["tolerance"]
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, 512)
    np.testing.assert_allclose(vectors[:, :8], np.array(golden["first_dims"]), atol=tolerance)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), golden["norms"], atol=tolerance)
    for pair, cosine in golden["cosines"].items():
        i, j = (int(k) for k in pair.split("-"))
        assert float(vectors[i] @ vectors[j]) == pytest.approx(cosine, abs=tolerance)


@pytest.mark.slow
def test_batching_and_progress_do_not_change_vectors(embedder: UniversalSentenceEncoder) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    calls: list[tuple[int, int]] = []
    together = embedder.encode(golden["sentences"])
    embedder.batch_size, embedder.progress = 1, lambda done, total: calls.append((done, total))
    try:
        one_by_one = embedder.encode(golden["sentences"])
    finally:
        embedder.batch_size, embedder.progress = 256, None
    np.testing.assert_allclose(one_by_one, together, atol=1e-5)
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert embedder.encode([]).shape == (0, 512)
