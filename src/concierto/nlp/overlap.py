"""Functional overlap: candidate duplicated functions between different actors (M4).

Every function statement gets its top-k most similar statements of OTHER actors. Search runs
in two stages so that 100,000 statements stay fast: a prefilter (cheap vectors, e.g. a
:class:`~concierto.nlp.wordtable.WordTable`) keeps ``candidates`` neighbours per statement
through blockwise float32 matrix products and ``numpy.argpartition``; the full embedder then
re-ranks those candidates by cosine similarity. Pairs at or above ``threshold`` are candidate
duplications, suggestions for a person to confirm, with the threshold recorded in the result.

Per pair of actors (i, j): A = functions of i with a candidate duplicate in j, B = functions of
j with one in i; overlaps = min(|A|, |B|) (the number of functions that can be paired off, so
it never exceeds either side) and overlap index = overlaps / min(|F_i|, |F_j|), in [0, 1]
(MEASURES M4; functional overlap in the sense of Peters 1998, "Managing horizontal
government: the politics of co-ordination", Public Administration 76(2)).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from concierto.nlp.embed import FloatMatrix, normalise_rows

DEFAULT_THRESHOLD = 0.8
"""Provisional τ_overlap; recalibrate with :func:`calibrate_threshold` on a labelled sample."""
DEFAULT_K = 10
DEFAULT_CANDIDATES = 100
DEFAULT_BLOCK = 512
DEFAULT_PARTS = 4
T = TypeVar("T")
R = TypeVar("R")


class OverlapError(ValueError):
    """Bad statements or parameters for the overlap search."""


class BlockRunner(Protocol):
    """Runs one function over items and returns the results in order (any executor of
    :mod:`concierto.compute.executors`)."""

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]: ...


class TextEncoder(Protocol):
    """Anything with ``encode(texts) -> float32 rows`` (an Embedder or a WordTable)."""

    def encode(self, texts: Sequence[str]) -> FloatMatrix: ...


@dataclass(frozen=True)
class FunctionStatement:
    """One function of one actor (e.g. an article of its organisation regulation)."""

    id: str
    actor_id: str
    text: str


@dataclass(frozen=True)
class Neighbours:
    """The top-k statements of other actors closest to ``statement_id``, best first.

    Similarities are cosines rounded to 6 decimals, so the same vectors computed with another
    BLAS thread count give the same result (and the threshold test sees the rounded value).
    """

    statement_id: str
    neighbour_ids: tuple[str, ...]
    similarities: tuple[float, ...]


@dataclass(frozen=True)
class CandidatePair:
    """Two statements of different actors whose similarity reaches the threshold."""

    statement_a: str
    statement_b: str
    actor_a: str
    actor_b: str
    similarity: float


@dataclass(frozen=True)
class ActorPairOverlap:
    """Overlap between two actors' function sets, with the candidate pairs behind it."""

    actor_a: str
    actor_b: str
    functions_a: int
    functions_b: int
    involved_a: int
    involved_b: int
    overlaps: int
    index: float
    evidence: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OverlapResult:
    """Neighbours, candidate duplications and per-actor-pair overlap, with the parameters."""

    threshold: float
    k: int
    candidates: int
    neighbours: tuple[Neighbours, ...]
    pairs: tuple[CandidatePair, ...]
    actor_pairs: tuple[ActorPairOverlap, ...]


def _check(statements: Sequence[FunctionStatement], k: int, candidates: int) -> None:
    if k < 1:
        raise OverlapError(f"k must be at least 1, got {k}")
    if candidates < k:
        raise OverlapError(f"candidates ({candidates}) must be at least k ({k})")
    seen: set[str] = set()
    for position, statement in enumerate(statements):
        if not statement.id:
            raise OverlapError(f"statement {position}: field 'id' is empty")
        if statement.id in seen:
            raise OverlapError(f"statement id {statement.id!r} appears twice")
        if not statement.actor_id:
            raise OverlapError(f"statement {statement.id!r}: field 'actor_id' is empty")
        seen.add(statement.id)


def _exact_top(scores: FloatMatrix, width: int) -> npt.NDArray[np.int64]:
    """Columns of the ``width`` largest scores of each row (any order), by argpartition."""
    n = scores.shape[1]
    top: npt.NDArray[np.int64] = np.argpartition(scores, n - width, axis=1)[:, n - width :]
    return top


def _sampled_top(
    scores: FloatMatrix, width: int, sample: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Same result as :func:`_exact_top`, faster on wide rows.

    A per-row threshold estimated on a column sample keeps about twice ``width`` entries; only
    those are sorted. Rows where the estimate keeps too few (or, with ties, far too many)
    entries fall back to the exact selection.
    """
    rank_in_sample = max(1, int(np.ceil(2 * width * len(sample) / scores.shape[1])))
    sampled = scores[:, sample]
    cut = len(sample) - rank_in_sample
    threshold = np.partition(sampled, cut, axis=1)[:, cut]
    mask = scores >= threshold[:, None]
    counts = mask.sum(axis=1)
    good = (counts >= width) & (counts <= 16 * width)
    out = np.empty((scores.shape[0], width), dtype=np.int64)
    bad = np.flatnonzero(~good)
    if len(bad):
        out[bad] = _exact_top(scores[bad], width)
    good_rows = np.flatnonzero(good)
    if len(good_rows):
        rows, cols = np.nonzero(mask if len(bad) == 0 else mask[good_rows])
        values = scores[good_rows[rows], cols]
        # One stable sort by row, then by decreasing score (scores lie in [-1, 1]; -inf as -2),
        # then by column (np.nonzero lists columns in increasing order).
        order = np.argsort(rows * 4.0 + (1.0 - np.maximum(values, -2.0)), kind="stable")
        rows, cols = rows[order], cols[order]
        first_of_row = np.searchsorted(rows, np.arange(len(good_rows)))
        rank = np.arange(len(rows)) - first_of_row[rows]
        keep = rank < width
        out[good_rows[rows[keep]], rank[keep]] = cols[keep]
    return out


def prefilter_candidates(
    vectors: FloatMatrix,
    actors: npt.NDArray[np.int64],
    candidates: int,
    block: int = DEFAULT_BLOCK,
    threads: int = 1,
    executor: BlockRunner | None = None,
    parts: int = DEFAULT_PARTS,
) -> npt.NDArray[np.int64]:
    """Indices of the ``candidates`` most similar rows of other actors, per row (-1 = none).

    Blockwise ``vectors[block] @ vectors.T`` in float32 keeps memory at threads x block x n;
    the top columns of each row come from a sampled threshold (:func:`_sampled_top`) on wide
    matrices. ``threads`` blocks run at once; with an ``executor`` (a process pool or a Dask
    cluster) about ``parts`` tasks each take a range of blocks. The result depends on neither.
    """
    n = vectors.shape[0]
    width = min(candidates, max(n - 1, 0))
    out = np.full((n, candidates), -1, dtype=np.int64)
    if width == 0:
        return out
    sample_size = max(2048, 16 * n // width)
    sample = (
        np.sort(np.random.default_rng(0).choice(n, size=sample_size, replace=False))
        if 4 * sample_size <= n
        else None
    )

    def fill(first: int) -> None:
        last = min(first + block, n)
        out[first:last, :width] = _prefilter_block(vectors, actors, width, sample, first, last)

    if executor is None:
        _run_blocks(fill, n, block, threads)
    else:
        task = partial(_prefilter_part, vectors, actors, width, sample, block)
        for (first, last), part in zip(
            _parts(n, block, parts), executor.map(task, _parts(n, block, parts)), strict=True
        ):
            out[first:last, :width] = part
    return out


def _prefilter_block(
    vectors: FloatMatrix,
    actors: npt.NDArray[np.int64],
    width: int,
    sample: npt.NDArray[np.int64] | None,
    first: int,
    last: int,
) -> npt.NDArray[np.int64]:
    """The prefilter's top columns of rows ``first:last`` (one block)."""
    scores = vectors[first:last] @ vectors.T
    scores[actors[first:last, None] == actors[None, :]] = -np.inf
    top = _exact_top(scores, width) if sample is None else _sampled_top(scores, width, sample)
    chosen = np.take_along_axis(scores, top, axis=1)
    top[~np.isfinite(chosen)] = -1
    return top


def _prefilter_part(
    vectors: FloatMatrix,
    actors: npt.NDArray[np.int64],
    width: int,
    sample: npt.NDArray[np.int64] | None,
    block: int,
    bounds: tuple[int, int],
) -> npt.NDArray[np.int64]:
    """One task: the blocks of rows ``bounds``, block by block exactly as in one process."""
    first, last = bounds
    return np.concatenate(
        [
            _prefilter_block(vectors, actors, width, sample, start, min(start + block, last))
            for start in range(first, last, block)
        ]
    )


def _parts(n: int, block: int, parts: int) -> list[tuple[int, int]]:
    """About ``parts`` contiguous row ranges whose edges fall on block edges."""
    blocks = max(1, -(-n // block))
    per_part = max(1, -(-blocks // max(1, parts)))
    step = per_part * block
    return [(first, min(first + step, n)) for first in range(0, n, step)]


def _run_blocks(fill: Callable[[int], None], n: int, block: int, threads: int) -> None:
    """Call ``fill(first)`` for every block start; numpy releases the GIL in the heavy kernels
    and blocks write disjoint rows, so threads change the speed, never the result."""
    starts = range(0, n, block)
    if threads <= 1:
        for first in starts:
            fill(first)
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(fill, starts))


def rerank(
    vectors: FloatMatrix,
    candidates: npt.NDArray[np.int64],
    k: int,
    block: int = DEFAULT_BLOCK,
    threads: int = 1,
    executor: BlockRunner | None = None,
    parts: int = DEFAULT_PARTS,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Top-k of each row's candidates by cosine of ``vectors``; ties go to the lower index.

    Works ``block`` rows at a time (block x candidates x dim floats). Missing slots are -1.
    With an ``executor``, each of about ``parts`` tasks gets its rows' vectors and only the
    vectors of their candidates.
    """
    n, width = candidates.shape
    keep = min(k, width)
    top = np.full((n, keep), -1, dtype=np.int64)
    top_scores = np.full((n, keep), -np.inf, dtype=np.float32)

    def fill(first: int) -> None:
        last = min(first + block, n)
        top[first:last], top_scores[first:last] = _rerank_rows(
            vectors[first:last], vectors, candidates[first:last], keep
        )

    if executor is None:
        _run_blocks(fill, n, block, threads)
    else:
        bounds = _parts(n, block, parts)
        # Each task gets its rows' candidates and only the vectors they name.
        work = [_rerank_inputs(vectors, candidates, first, last) for first, last in bounds]
        for (first, last), (part_top, part_scores) in zip(
            bounds, executor.map(partial(_rerank_part, keep, block), work), strict=True
        ):
            top[first:last], top_scores[first:last] = part_top, part_scores
    return top, top_scores


def _rerank_rows(
    rows: FloatMatrix, pool: FloatMatrix, chosen: npt.NDArray[np.int64], keep: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Top ``keep`` of each row's candidates ``chosen`` (indices into ``pool``) by cosine;
    ties go to the lower index."""
    safe = np.where(chosen >= 0, chosen, 0)
    scores = np.einsum("nd,ncd->nc", rows, pool[safe]).astype(np.float32)
    scores[chosen < 0] = -np.inf
    order = np.lexsort((chosen, -scores), axis=1)[:, :keep]
    return np.take_along_axis(chosen, order, axis=1), np.take_along_axis(scores, order, axis=1)


RerankInput = tuple[FloatMatrix, FloatMatrix, npt.NDArray[np.int64], npt.NDArray[np.int64]]


def _rerank_inputs(
    vectors: FloatMatrix, candidates: npt.NDArray[np.int64], first: int, last: int
) -> RerankInput:
    """What a task needs for rows ``first:last``: their vectors, the vectors their candidates
    name, the candidates renumbered into those (in the same order, so ties break alike), and
    the global index of each."""
    chosen = candidates[first:last]
    used, renumbered = np.unique(np.where(chosen >= 0, chosen, 0), return_inverse=True)
    local = np.where(chosen >= 0, renumbered.reshape(chosen.shape), -1)
    return vectors[first:last], vectors[used], local, used


def _rerank_part(
    keep: int, block: int, work: RerankInput
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """One task: re-rank its rows block by block; candidates come back as global indices."""
    own, pool, local, used = work
    tops, scores = [], []
    for start in range(0, len(own), block):
        end = min(start + block, len(own))
        found, found_scores = _rerank_rows(own[start:end], pool, local[start:end], keep)
        tops.append(np.where(found >= 0, used[np.maximum(found, 0)], -1))
        scores.append(found_scores)
    return np.concatenate(tops), np.concatenate(scores)


def functional_overlap(
    statements: Sequence[FunctionStatement],
    embedder: TextEncoder,
    prefilter: TextEncoder | None = None,
    k: int = DEFAULT_K,
    threshold: float = DEFAULT_THRESHOLD,
    candidates: int = DEFAULT_CANDIDATES,
    block: int = DEFAULT_BLOCK,
    progress: Callable[[str], None] | None = None,
    threads: int = 1,
    executor: BlockRunner | None = None,
    parts: int = DEFAULT_PARTS,
) -> OverlapResult:
    """Top-k cross-actor neighbours, candidate duplications (>= ``threshold``), actor overlap.

    Without ``prefilter`` the full embedder's vectors also serve as the prefilter (exact
    search). ``progress`` receives a short label as each stage starts; ``threads`` blocks
    run at once; an ``executor`` (process pool, Dask cluster) runs the embedding, the
    prefilter and the re-ranking as about ``parts`` tasks each. The result depends on neither:
    tasks cut at block (and embedding batch) edges and compute each block as one process does.
    """
    _check(statements, k, candidates)
    if not statements:
        return OverlapResult(threshold, k, candidates, (), (), ())
    texts = [statement.text for statement in statements]
    actor_names = sorted({statement.actor_id for statement in statements})
    actor_code = {actor: code for code, actor in enumerate(actor_names)}
    actors = np.array([actor_code[s.actor_id] for s in statements], dtype=np.int64)
    if progress:
        progress("embed")
    # Identical wordings are common across organisation regulations: encode each text once.
    position_of: dict[str, int] = {}
    inverse = np.array([position_of.setdefault(t, len(position_of)) for t in texts], np.int64)
    distinct = list(position_of)
    encoded = _encode(embedder, distinct, executor, parts)
    full = normalise_rows(encoded.reshape(len(distinct), -1))[inverse]
    if progress:
        progress("prefilter")
    cheap = (
        full
        if prefilter is None
        else normalise_rows(_encode(prefilter, distinct, executor, parts))[inverse]
    )
    chosen = prefilter_candidates(cheap, actors, candidates, block, threads, executor, parts)
    if progress:
        progress("rerank")
    top, top_scores = rerank(full, chosen, k, block, threads, executor, parts)
    neighbours: list[Neighbours] = []
    best: dict[tuple[int, int], float] = {}
    for row, statement in enumerate(statements):
        valid = top[row] >= 0
        ids = tuple(statements[int(j)].id for j in top[row][valid])
        sims = tuple(round(float(x), 6) for x in top_scores[row][valid])
        neighbours.append(Neighbours(statement.id, ids, sims))
        for j, sim in zip(top[row][valid], sims, strict=True):
            if sim >= threshold:
                key = (min(row, int(j)), max(row, int(j)))
                best[key] = max(best.get(key, sim), sim)
    pairs = tuple(
        CandidatePair(
            statements[a].id, statements[b].id, statements[a].actor_id, statements[b].actor_id, s
        )
        for (a, b), s in sorted(best.items(), key=lambda item: (-item[1], item[0]))
    )
    return OverlapResult(
        threshold=threshold,
        k=k,
        candidates=candidates,
        neighbours=tuple(neighbours),
        pairs=pairs,
        actor_pairs=actor_pair_overlap(statements, pairs),
    )


def _encode_texts(encoder: TextEncoder, texts: Sequence[str]) -> FloatMatrix:
    return encoder.encode(texts)


def _encode(
    encoder: TextEncoder, texts: list[str], executor: BlockRunner | None, parts: int
) -> FloatMatrix:
    """``encoder.encode(texts)``, in about ``parts`` tasks when an executor is given; task
    edges fall on the encoder's batch edges, so every batch holds the same texts."""
    if executor is None or len(texts) < 2:
        return encoder.encode(texts)
    batch = max(1, int(getattr(encoder, "batch_size", 1)))
    chunks = [texts[first:last] for first, last in _parts(len(texts), batch, parts)]
    return np.concatenate(executor.map(partial(_encode_texts, encoder), chunks))


def actor_pair_overlap(
    statements: Sequence[FunctionStatement], pairs: Sequence[CandidatePair]
) -> tuple[ActorPairOverlap, ...]:
    """Per pair of actors with at least one candidate pair: overlaps and overlap index."""
    functions: dict[str, int] = defaultdict(int)
    for statement in statements:
        functions[statement.actor_id] += 1
    involved: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    evidence: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for pair in pairs:
        if pair.actor_a == pair.actor_b:
            raise OverlapError(f"pair {pair.statement_a!r}/{pair.statement_b!r}: same actor")
        if pair.actor_a < pair.actor_b:
            key, a, b = (pair.actor_a, pair.actor_b), pair.statement_a, pair.statement_b
        else:
            key, a, b = (pair.actor_b, pair.actor_a), pair.statement_b, pair.statement_a
        side_a, side_b = involved.setdefault(key, (set(), set()))
        side_a.add(a)
        side_b.add(b)
        evidence[key].append((a, b))
    result = []
    for (actor_a, actor_b), (side_a, side_b) in sorted(involved.items()):
        overlaps = min(len(side_a), len(side_b))
        smaller = min(functions[actor_a], functions[actor_b])
        result.append(
            ActorPairOverlap(
                actor_a=actor_a,
                actor_b=actor_b,
                functions_a=functions[actor_a],
                functions_b=functions[actor_b],
                involved_a=len(side_a),
                involved_b=len(side_b),
                overlaps=overlaps,
                index=overlaps / smaller if smaller else 0.0,
                evidence=tuple(sorted(evidence[(actor_a, actor_b)])),
            )
        )
    return tuple(result)


def calibrate_threshold(similarities: Sequence[float], labels: Sequence[bool]) -> float:
    """The similarity cut-off that maximises F1 on a labelled sample of pairs.

    Each observed similarity is tried as "duplicate if >= cut-off"; ties in F1 go to the
    higher cut-off (fewer suggestions).
    """
    if len(similarities) != len(labels) or not labels:
        raise OverlapError("calibration needs as many labels as similarities, at least one")
    if not any(labels):
        raise OverlapError("calibration needs at least one pair labelled as duplicate")
    scores = np.asarray(similarities, dtype=np.float64)
    truth = np.asarray(labels, dtype=bool)
    best_cut, best_f1 = float(scores.max()), -1.0
    for cut in sorted(set(scores.tolist()), reverse=True):
        predicted = scores >= cut
        tp = int(np.sum(predicted & truth))
        f1 = 2 * tp / (int(predicted.sum()) + int(truth.sum()))
        if f1 > best_f1:
            best_cut, best_f1 = cut, f1
    return best_cut
