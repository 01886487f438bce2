"""Stored vectors: byte round trip, cache keys by model version, only missing texts encoded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pytest

from concierto.nlp.embed import HashingEmbedder
from concierto.nlp.vectors import (
    CachedEmbedder,
    VectorFormatError,
    blob_to_vector,
    text_key,
    vector_to_blob,
)


class DictCache:
    def __init__(self) -> None:
        self.data: dict[tuple[str, str, str], bytes] = {}
        self.requests: list[list[str]] = []

    def get_many(self, model_id: str, version: str, keys: Sequence[str]) -> Mapping[str, bytes]:
        self.requests.append(list(keys))
        return {
            k: self.data[(model_id, version, k)]
            for k in keys
            if (model_id, version, k) in self.data
        }

    def put_many(self, model_id: str, version: str, blobs: Mapping[str, bytes]) -> None:
        for key, blob in blobs.items():
            self.data[(model_id, version, key)] = blob


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__(dim=16)
        self.seen: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.append(list(texts))
        return super().encode(texts)


def test_blob_round_trip_is_exact_float32() -> None:
    vector = np.array([0.1, -2.5, 3e-8, 1.0], dtype=np.float32)
    blob = vector_to_blob(vector)
    assert len(blob) == 16
    np.testing.assert_array_equal(blob_to_vector(blob, 4), vector)
    with pytest.raises(VectorFormatError, match="16 bytes, expected 12"):
        blob_to_vector(blob, 3)


def test_text_key_is_sha256_of_utf8() -> None:
    assert text_key("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert text_key("Gestión") != text_key("Gestion")


def test_cached_embedder_encodes_each_missing_text_once() -> None:
    inner = CountingEmbedder()
    cache = DictCache()
    cached = CachedEmbedder(inner, cache)
    first = cached.encode(["a b", "c", "a b"])
    assert inner.seen == [["a b", "c"]]
    np.testing.assert_array_equal(first, inner.encode(["a b", "c", "a b"]))
    inner.seen.clear()
    second = cached.encode(["c", "d"])
    assert inner.seen == [["d"]]
    np.testing.assert_array_equal(second[0], first[1])
    assert {key[:2] for key in cache.data} == {(inner.model_id, inner.version)}
