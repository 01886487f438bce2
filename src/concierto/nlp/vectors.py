"""Embedding vectors as stored values, and an embedder that reuses stored vectors.

The store keeps vectors as float32 little-endian BLOBs keyed by (model id, model version, text
hash), so a changed model never mixes with old vectors (PRODUCT stack table). This module holds
the pure parts: the key, the byte format, and :class:`CachedEmbedder`, which asks a cache
(implemented by the store) for known vectors and encodes only the missing texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from concierto.nlp.embed import Embedder, FloatMatrix

_DTYPE = np.dtype("<f4")


class VectorFormatError(ValueError):
    """A stored vector whose byte length does not match the model's dimension."""


def text_key(text: str) -> str:
    """SHA-256 of the UTF-8 text: the cache key of a text for a given model and version."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def vector_to_blob(vector: FloatMatrix) -> bytes:
    """One vector as float32 little-endian bytes."""
    return np.ascontiguousarray(vector, dtype=_DTYPE).reshape(-1).tobytes()


def blob_to_vector(blob: bytes, dim: int) -> FloatMatrix:
    """Inverse of :func:`vector_to_blob`; the length must be ``4 * dim`` bytes."""
    if len(blob) != 4 * dim:
        raise VectorFormatError(f"stored vector has {len(blob)} bytes, expected {4 * dim}")
    return np.frombuffer(blob, dtype=_DTYPE).astype(np.float32)


class VectorCache(Protocol):
    """Stored vectors of one model version, by text key (the store implements this)."""

    def get_many(self, model_id: str, version: str, keys: Sequence[str]) -> Mapping[str, bytes]:
        """The stored blobs among ``keys`` (missing keys are simply absent)."""
        ...

    def put_many(self, model_id: str, version: str, blobs: Mapping[str, bytes]) -> None:
        """Store blobs by key."""
        ...


class CachedEmbedder:
    """An :class:`Embedder` that encodes only the texts whose vectors are not cached yet."""

    def __init__(self, embedder: Embedder, cache: VectorCache) -> None:
        self.embedder = embedder
        self.cache = cache

    @property
    def model_id(self) -> str:
        """The wrapped model's id."""
        return self.embedder.model_id

    @property
    def version(self) -> str:
        """The wrapped model's version."""
        return self.embedder.version

    @property
    def dim(self) -> int:
        """The wrapped model's dimension."""
        return self.embedder.dim

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Cached vectors where available; the rest encoded once each and stored."""
        keys = [text_key(text) for text in texts]
        found = self.cache.get_many(self.model_id, self.version, sorted(set(keys)))
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                missing.setdefault(key, text)
        fresh: dict[str, bytes] = {}
        if missing:
            encoded = self.embedder.encode(list(missing.values()))
            fresh = {key: vector_to_blob(row) for key, row in zip(missing, encoded, strict=True)}
            self.cache.put_many(self.model_id, self.version, fresh)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, key in enumerate(keys):
            blob = found[key] if key in found else fresh[key]
            out[row] = blob_to_vector(blob, self.dim)
        return out
