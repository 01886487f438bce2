"""Cross-impact analysis of an interaction matrix over objectives or programmes (MEASURES.md, M4).

Cells follow the seven-point scale of Nilsson, Griggs & Visbeck (2016, "Map the interactions
between Sustainable Development Goals", Nature 534: 320-322): a_ij is the effect of progress on
i upon j, from -3 (cancelling) to +3 (indivisible); the row influences the column and the
diagonal is ignored. The metrics are those of Weitz, Carlsen, Nilsson & Skånberg (2018,
"Towards systemic and contextual priority setting for implementing the 2030 Agenda",
Sustainability Science 13: 531-548):

* out_i = Σ_j a_ij (with its positive and negative parts), in_j = Σ_i a_ij (likewise);
* second-order influence s2 = w2 · A(A·1), that is s2_i = w2 · Σ_j a_ij · out_j;
* total = out + s2, ranked from the highest (rank 1); equal totals share the best rank of the
  tie (competition ranking "1224");
* clusters = communities of the positive part, the undirected weighted graph A⁺ + A⁺ᵀ, found by
  greedy modularity maximisation (Clauset, Newman & Moore 2004, networkx
  ``greedy_modularity_communities``; deterministic, so no seed is involved);
* trade-offs = negative cells, with the actors that own each side when owners are given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from concierto.i18n import _

FloatMatrix = npt.NDArray[np.float64]

MIN_SCORE = -3
MAX_SCORE = 3
DEFAULT_W2 = 0.5
# Totals closer than this are one tie (sums of halves and integers are exact in floats, but
# medians of raters and other weights need not be).
TIE_TOLERANCE = 1e-9

NILSSON_SCALE: Mapping[int, str] = {
    3: "indivisible",
    2: "reinforcing",
    1: "enabling",
    0: "consistent",
    -1: "constraining",
    -2: "counteracting",
    -3: "cancelling",
}


class CrossImpactInputError(ValueError):
    """A matrix or its ids that cannot be analysed, with the offending cell or id named."""


@dataclass(frozen=True)
class ElementInfluence:
    """The influence figures of one objective (or programme) of the matrix."""

    id: str
    name: str
    out: float
    out_pos: float
    out_neg: float
    in_: float
    in_pos: float
    in_neg: float
    second_order: float
    total: float
    rank: int

    def as_dict(self) -> dict[str, Any]:
        """The figures under their public keys (``in`` rather than ``in_``), for output."""
        return {
            "id": self.id,
            "name": self.name,
            "out": self.out,
            "out_pos": self.out_pos,
            "out_neg": self.out_neg,
            "in": self.in_,
            "in_pos": self.in_pos,
            "in_neg": self.in_neg,
            "second_order": self.second_order,
            "total": self.total,
            "rank": self.rank,
        }


@dataclass(frozen=True)
class Cluster:
    """A community of mutually reinforcing elements and the weight of its positive ties."""

    number: int
    members: tuple[str, ...]
    internal_weight: float


@dataclass(frozen=True)
class TradeOff:
    """A negative cell: progress on ``source`` works against ``target``."""

    source: str
    target: str
    score: float
    source_owners: tuple[str, ...] = ()
    target_owners: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrossImpactResult:
    """Every figure of a cross-impact analysis, in the order of the matrix ids."""

    ids: tuple[str, ...]
    w2: float
    elements: tuple[ElementInfluence, ...]
    clusters: tuple[Cluster, ...]
    trade_offs: tuple[TradeOff, ...]
    ignored_diagonal: tuple[str, ...] = field(default=())

    def element(self, element_id: str) -> ElementInfluence:
        """The figures of ``element_id`` (KeyError when it is not in the matrix)."""
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)

    def ranking(self) -> tuple[ElementInfluence, ...]:
        """The elements from rank 1 down (matrix order within a tie)."""
        return tuple(sorted(self.elements, key=lambda element: element.rank))


def check_ids(ids: Sequence[str]) -> tuple[str, ...]:
    """The ids as a tuple, after checking that none is empty and none repeats."""
    seen: set[str] = set()
    for position, element_id in enumerate(ids, start=1):
        if not str(element_id).strip():
            raise CrossImpactInputError(_("id number {n} is empty").format(n=position))
        if element_id in seen:
            raise CrossImpactInputError(_("id {id} appears twice").format(id=element_id))
        seen.add(element_id)
    return tuple(ids)


def check_matrix(ids: Sequence[str], matrix: Any) -> FloatMatrix:
    """A float copy of ``matrix`` after checking its shape and that every score is in -3..3.

    The diagonal is not checked (it is ignored by the analysis). Errors name the cell as
    ``row id -> column id``.
    """
    element_ids = check_ids(ids)
    try:
        array = np.array(matrix, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise CrossImpactInputError(
            _("the matrix is not a rectangular table of numbers ({error})").format(error=exc)
        ) from exc
    size = len(element_ids)
    if array.shape != (size, size):
        raise CrossImpactInputError(
            _("the matrix is {shape} but there are {n} ids; it must be {n} x {n}").format(
                shape=" x ".join(str(extent) for extent in array.shape), n=size
            )
        )
    off_diagonal = ~np.eye(size, dtype=bool)
    bad = off_diagonal & ~(np.isfinite(array) & (array >= MIN_SCORE) & (array <= MAX_SCORE))
    if bad.any():
        row, column = (int(index) for index in np.argwhere(bad)[0])
        raise CrossImpactInputError(
            _("cell {row} -> {column} holds {value}; scores must be numbers from -3 to 3").format(
                row=element_ids[row], column=element_ids[column], value=f"{array[row, column]:g}"
            )
        )
    return array


def competition_ranks(values: Sequence[float] | FloatMatrix) -> tuple[int, ...]:
    """Rank 1 for the highest value; equal values (within TIE_TOLERANCE) share the best rank.

    The next value after a tie of k elements at rank r gets rank r + k ("1224" ranking).
    """
    array = np.asarray(values, dtype=np.float64)
    ordered = np.sort(array)  # n log n: count the values above each by binary search
    higher = len(array) - np.searchsorted(ordered, array + TIE_TOLERANCE, side="right")
    return tuple(int(count) + 1 for count in higher)


def _clusters(ids: tuple[str, ...], positive: FloatMatrix) -> tuple[Cluster, ...]:
    """Communities of the positive (synergy) graph by Clauset–Newman–Moore greedy modularity
    (networkx), O(m·d·log n); each cluster's weight is the sum of its internal ties."""
    symmetric = positive + positive.T
    graph = nx.Graph()
    graph.add_nodes_from(range(len(ids)))
    rows, columns = np.nonzero(np.triu(symmetric, k=1))
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
        graph.add_edge(row, column, weight=float(symmetric[row, column]))
    if graph.number_of_edges() == 0:
        communities: list[set[int]] = [{index} for index in range(len(ids))]
    else:
        communities = [
            set(group)
            for group in nx.community.greedy_modularity_communities(graph, weight="weight")
        ]
    ordered = sorted(communities, key=lambda group: (-len(group), min(group)))
    clusters = []
    cluster_of = {index: number for number, group in enumerate(ordered) for index in group}
    weights = [0.0] * len(ordered)
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):  # row < column
        if cluster_of[row] == cluster_of[column]:
            weights[cluster_of[row]] += float(symmetric[row, column])
    for number, group in enumerate(ordered, start=1):
        members = sorted(group)
        clusters.append(
            Cluster(
                number=number,
                members=tuple(ids[index] for index in members),
                internal_weight=weights[number - 1],
            )
        )
    return tuple(clusters)


def _trade_offs(
    ids: tuple[str, ...],
    array: FloatMatrix,
    owners: Mapping[str, Sequence[str]],
    evidence: Mapping[tuple[str, str], Sequence[str]],
) -> tuple[TradeOff, ...]:
    rows, columns = np.nonzero(array < 0)
    found = [
        TradeOff(
            source=ids[row],
            target=ids[column],
            score=float(array[row, column]),
            source_owners=tuple(owners.get(ids[row], ())),
            target_owners=tuple(owners.get(ids[column], ())),
            evidence=tuple(evidence.get((ids[row], ids[column]), ())),
        )
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True)
    ]
    position = {element_id: index for index, element_id in enumerate(ids)}
    return tuple(
        sorted(found, key=lambda trade_off: (trade_off.score, position[trade_off.source]))
    )


def cross_impact(
    ids: Sequence[str],
    matrix: Any,
    *,
    names: Sequence[str] | Mapping[str, str] | None = None,
    w2: float = DEFAULT_W2,
    owners: Mapping[str, Sequence[str]] | None = None,
    evidence: Mapping[tuple[str, str], Sequence[str]] | None = None,
) -> CrossImpactResult:
    """Cross-impact analysis of ``matrix`` (row influences column) over ``ids``.

    ``names`` gives a display name per id (a sequence in id order or a mapping; the id is used
    when missing); ``owners`` maps an id to the actors responsible for it and ``evidence`` a
    cell ``(source, target)`` to the evidence ids behind its score (for example
    ``RaterAggregation.evidence_by_cell()``); both are carried into the trade-offs. A non-zero
    diagonal is ignored and its ids reported in ``ignored_diagonal``.

    Cost: O(E²) time and memory for E elements, because the matrix is dense (an unscored cell
    is a 0 score): 200 MB per copy at the 5,000 elements of a 2,500-body government. The
    influence sums and the second-order term are matrix-vector products over those cells; the
    clusters (greedy modularity) run on the positive cells only.
    """
    element_ids = check_ids(ids)
    array = check_matrix(element_ids, matrix)
    diagonal = np.diag(array)
    ignored = tuple(element_ids[index] for index in np.flatnonzero(diagonal != 0).tolist())
    np.fill_diagonal(array, 0.0)
    if isinstance(names, Mapping):
        labels = [names.get(element_id, element_id) for element_id in element_ids]
    elif names is None:
        labels = list(element_ids)
    else:
        if len(names) != len(element_ids):
            raise CrossImpactInputError(
                _("{n} names were given for {m} ids").format(n=len(names), m=len(element_ids))
            )
        labels = [name or element_id for name, element_id in zip(names, element_ids, strict=True)]

    positive = np.where(array > 0, array, 0.0)
    negative = np.where(array < 0, array, 0.0)
    out = array.sum(axis=1)
    second_order = w2 * (array @ out)
    total = out + second_order
    ranks = competition_ranks(total)
    # Row and column sums in one pass each instead of 5n slices of an n x n matrix. Scores and
    # medians of scores are multiples of 0.5, so every order of summation gives the same sums.
    out_pos, out_neg = positive.sum(axis=1), negative.sum(axis=1)
    in_all, in_pos, in_neg = array.sum(axis=0), positive.sum(axis=0), negative.sum(axis=0)
    elements = tuple(
        ElementInfluence(
            id=element_id,
            name=labels[index],
            out=float(out[index]),
            out_pos=float(out_pos[index]),
            out_neg=float(out_neg[index]),
            in_=float(in_all[index]),
            in_pos=float(in_pos[index]),
            in_neg=float(in_neg[index]),
            second_order=float(second_order[index]),
            total=float(total[index]),
            rank=ranks[index],
        )
        for index, element_id in enumerate(element_ids)
    )
    return CrossImpactResult(
        ids=element_ids,
        w2=w2,
        elements=elements,
        clusters=_clusters(element_ids, positive),
        trade_offs=_trade_offs(element_ids, array, owners or {}, evidence or {}),
        ignored_diagonal=ignored,
    )


def score_label(score: float) -> str | None:
    """The English name of an integer score on Nilsson's scale (None for medians like 1.5)."""
    if float(score).is_integer() and int(score) in NILSSON_SCALE:
        return NILSSON_SCALE[int(score)]
    return None


def why_no_trade_offs(result: CrossImpactResult) -> str:
    """Why there are no trade-offs: no negative cell."""
    return _(
        "no cell of the {elements}×{elements} matrix is negative, so there is no trade-off"
    ).format(elements=len(result.ids))


def why_no_clusters(result: CrossImpactResult) -> str:
    """Why there are no clusters: no positive cell."""
    return _(
        "no cell of the {elements}×{elements} matrix is positive, so no elements reinforce "
        "each other"
    ).format(elements=len(result.ids))


__all__ = [
    "DEFAULT_W2",
    "NILSSON_SCALE",
    "Cluster",
    "CrossImpactInputError",
    "CrossImpactResult",
    "ElementInfluence",
    "TradeOff",
    "check_ids",
    "check_matrix",
    "competition_ranks",
    "cross_impact",
    "score_label",
    "why_no_clusters",
    "why_no_trade_offs",
]

