"""Shortest-path sums over every ordered pair of actors, computed from many sources at once on a
sparse adjacency matrix (issue 19: a whole government's 2,500 bodies).

Neither figure can be linear: both need the geodesics from every actor, so they cost O(n·m)
time for n actors and m ties (one breadth-first search per source, as in Brandes 2001); what
this module removes is the per-edge Python work. Sources are taken in blocks of about
``BLOCK_CELLS / n`` rows, so memory stays O(n) per source in the block whatever the size.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path

BLOCK_CELLS = 2_000_000  # source rows x actors held at once (16 MB per float matrix)

Matrix = npt.NDArray[np.float64]


def adjacency(graph: nx.DiGraph) -> tuple[list[str], sp.csr_array]:
    """The nodes in graph order and the binary adjacency (row ``u``, column ``v`` for u→v)."""
    nodes = list(graph)
    if not nodes:
        return nodes, sp.csr_array((0, 0), dtype=np.float64)
    matrix = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr")
    matrix = sp.csr_array(matrix, dtype=np.float64)
    matrix.data[:] = 1.0
    matrix.setdiag(0)  # a loop is never on a geodesic between two different actors
    matrix.eliminate_zeros()
    return nodes, matrix


def _blocks(n: int) -> Iterator[npt.NDArray[np.int64]]:
    size = max(1, BLOCK_CELLS // max(n, 1))
    for first in range(0, n, size):
        yield np.arange(first, min(n, first + size), dtype=np.int64)


def distance_counts(graph: nx.DiGraph) -> npt.NDArray[np.int64]:
    """``counts[d]``: how many ordered pairs i ≠ j have directed geodesic distance d (d ≥ 1;
    ``counts[0]`` is 0). Unreachable pairs are not counted."""
    nodes, matrix = adjacency(graph)
    counts = np.zeros(2, dtype=np.int64)
    for sources in _blocks(len(nodes)):
        found = shortest_path(matrix, method="D", directed=True, unweighted=True, indices=sources)
        finite = found[np.isfinite(found) & (found > 0)].astype(np.int64)
        block = np.bincount(finite, minlength=len(counts))
        if len(block) > len(counts):
            counts = np.concatenate([counts, np.zeros(len(block) - len(counts), np.int64)])
        counts[: len(block)] += block
    return counts


def betweenness_sums(graph: nx.DiGraph) -> dict[str, float]:
    """Σ_{s≠v≠t} σ_st(v)/σ_st for every actor v over directed geodesics: Brandes's
    accumulation run for a block of sources at once (frontiers and dependencies are dense
    block × n matrices, each step one sparse product). Not normalised."""
    nodes, forward = adjacency(graph)
    n = len(nodes)
    totals = np.zeros(n, dtype=np.float64)
    backward = forward.T.tocsr()
    for sources in _blocks(n):
        # Column k holds source k: n x block matrices, so that each step is one sparse product.
        columns = np.arange(len(sources))
        sigma = np.zeros((n, len(sources)))
        sigma[sources, columns] = 1.0
        depth = np.full((n, len(sources)), -1, dtype=np.int32)
        depth[sources, columns] = 0
        frontier = sigma.copy()
        level = 0
        while True:
            reached = backward @ frontier  # paths into each actor from the frontier
            new = (reached > 0) & (depth < 0)
            if not new.any():
                break
            level += 1
            np.copyto(depth, level, where=new)
            np.copyto(sigma, reached, where=new)
            frontier = np.where(new, reached, 0.0)
        delta = np.zeros_like(sigma)
        share = np.empty_like(sigma)
        for step in range(level, 0, -1):
            share.fill(0.0)
            np.divide(1.0 + delta, sigma, out=share, where=depth == step)
            pulled = forward @ share  # Σ over each actor's successors on that level
            pulled *= sigma
            np.add(delta, pulled, out=delta, where=depth == step - 1)
        delta[sources, columns] = 0.0
        totals += delta.sum(axis=1)
    return {node: float(value) for node, value in zip(nodes, totals, strict=True)}
