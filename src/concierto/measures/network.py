"""Whole-network measures of the coordination network (MEASURES.md, M2).

Every function takes the simple directed graph made by
:func:`concierto.measures.network_input.build_graph` (one layer or the union) and returns a
frozen result that carries the value, the reason when the value is undefined (empty or
one-actor graphs never divide by zero), and the evidence ids of the ties the figure rests on.
All measures here are binary: a tie counts once whatever its weight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from concierto.measures.network_input import UNION, check_grouping, edge_evidence
from concierto.measures.paths import betweenness_sums, distance_counts

NO_ACTORS = "the network has no actors"
ONE_ACTOR = "the network has a single actor, so there are no pairs"
NO_TIES = "the network has no ties"


@dataclass(frozen=True)
class Figure:
    """A network-level number, why it is undefined when it is, and the evidence behind it."""

    name: str
    value: float | None
    reason: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Centralisation:
    """Freeman degree centralisation in one direction, with the degrees it comes from."""

    direction: Literal["in", "out"]
    value: float | None
    degrees: Mapping[str, int]
    reason: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class NodeScores:
    """A score per actor (for example betweenness)."""

    name: str
    values: Mapping[str, float] | None
    reason: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Components:
    """Weak or strong components, largest first, and the share of actors in the largest."""

    kind: Literal["weak", "strong"]
    groups: tuple[tuple[str, ...], ...]
    largest_share: float | None
    reason: str | None
    evidence: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many components there are."""
        return len(self.groups)


@dataclass(frozen=True)
class Fragmentation:
    """Borgatti's fragmentation F and its distance-weighted form F_D, with their ingredients."""

    value: float | None
    distance_weighted: float | None
    reachable_pairs: int
    inverse_distance_sum: float
    ordered_pairs: int
    reason: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class GroupEI:
    """The E–I index of one group: its ties that leave or enter it against those inside it."""

    group: str
    members: tuple[str, ...]
    external: int
    internal: int
    value: float | None
    reason: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class EIIndex:
    """Krackhardt–Stern E–I index of a grouping, for the whole network and per group."""

    value: float | None
    external: int
    internal: int
    by_group: Mapping[str, GroupEI]
    reason: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class NetworkSummary:
    """The whole-network figures of one layer (or the union), as reported per layer."""

    layer: str
    actors: int
    ties: int
    density: Figure
    reciprocity: Figure
    in_centralisation: Centralisation
    out_centralisation: Centralisation
    weak_components: Components
    strong_components: Components
    fragmentation: Fragmentation


def _pairs_reason(n: int) -> str | None:
    if n == 0:
        return NO_ACTORS
    if n == 1:
        return ONE_ACTOR
    return None


def density(graph: nx.DiGraph) -> Figure:
    """Density m / (n(n−1)): the share of possible directed ties present (binary).

    Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, §4.2. Cambridge UP.
    """
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    reason = _pairs_reason(n)
    value = None if reason else m / (n * (n - 1))
    return Figure("density", value, reason, edge_evidence(graph))


def reciprocity(graph: nx.DiGraph) -> Figure:
    """Reciprocity: the share of ties i→j whose reverse j→i also exists.

    This is the "arc reciprocity" of Wasserman & Faust (1994, §13.2); it equals networkx's
    ``overall_reciprocity``. The evidence is that of the reciprocated ties.
    """
    m = graph.number_of_edges()
    if m == 0:
        reason = NO_ACTORS if graph.number_of_nodes() == 0 else NO_TIES
        return Figure("reciprocity", None, reason, ())
    mutual = [(u, v) for u, v in graph.edges() if graph.has_edge(v, u)]
    return Figure("reciprocity", len(mutual) / m, None, edge_evidence(graph, mutual))


def degree_centralisation(graph: nx.DiGraph, direction: Literal["in", "out"]) -> Centralisation:
    """Freeman degree centralisation: Σ_i (C_max − C_i) / (n − 1)².

    C_i is the in- or out-degree (number of distinct actors sending to / receiving from i). The
    denominator is the largest possible sum, reached by a directed star, so the value lies in
    [0, 1]. Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
    *Social Networks* 1(3), 215–239.
    """
    view = graph.in_degree() if direction == "in" else graph.out_degree()
    degrees = {node: int(degree) for node, degree in view}
    n = len(degrees)
    reason = _pairs_reason(n)
    if reason:
        return Centralisation(direction, None, degrees, reason, ())
    top = max(degrees.values())
    value = sum(top - degree for degree in degrees.values()) / (n - 1) ** 2
    return Centralisation(direction, value, degrees, None, edge_evidence(graph))


def betweenness(graph: nx.DiGraph, normalized: bool = True) -> NodeScores:
    """Betweenness per actor over directed shortest paths (Brandes's algorithm; the same
    values as networkx's ``betweenness_centrality``). O(n·m): it needs every actor's geodesics.

    Normalised scores divide by (n−1)(n−2), the number of ordered pairs not involving the actor,
    so they need at least three actors. Freeman, L. C. (1977). A set of measures of centrality
    based on betweenness. *Sociometry* 40(1), 35–41; Brandes, U. (2001). A faster algorithm for
    betweenness centrality. *J. Math. Sociology* 25(2), 163–177.
    """
    n = graph.number_of_nodes()
    if n == 0:
        return NodeScores("betweenness", None, NO_ACTORS, ())
    if normalized and n < 3:
        reason = "normalised betweenness needs at least three actors"
        return NodeScores("betweenness", None, reason, ())
    sums = betweenness_sums(graph)  # O(n·m): every actor's geodesics; see measures.paths
    scale = 1.0 / ((n - 1) * (n - 2)) if normalized else 1.0
    values = {node: value * scale for node, value in sums.items()}
    return NodeScores("betweenness", values, None, edge_evidence(graph))


def components(graph: nx.DiGraph, kind: Literal["weak", "strong"]) -> Components:
    """Weakly or strongly connected components, largest first (ties broken by member names).

    Wasserman & Faust (1994), §4.3.
    """
    if graph.number_of_nodes() == 0:
        return Components(kind, (), None, NO_ACTORS, ())
    finder = nx.weakly_connected_components if kind == "weak" else nx.strongly_connected_components
    groups = sorted(
        (tuple(sorted(map(str, group))) for group in finder(graph)),
        key=lambda members: (-len(members), members),
    )
    share = len(groups[0]) / graph.number_of_nodes()
    return Components(kind, tuple(groups), share, None, edge_evidence(graph))


def fragmentation(graph: nx.DiGraph) -> Fragmentation:
    """Borgatti fragmentation F = 1 − Σ r_ij / (n(n−1)) and F_D = 1 − Σ (1/d_ij) / (n(n−1)).

    Sums run over ordered pairs i ≠ j; r_ij = 1 when j can be reached from i along directed ties
    and d_ij is the directed geodesic distance (1/d_ij = 0 when unreachable). F counts how many
    pairs cannot reach each other at all; F_D also penalises long chains, so F_D ≥ F.
    Borgatti, S. P. (2006). Identifying sets of key players in a social network.
    *Computational and Mathematical Organization Theory* 12(1), 21–34. Reachability over all
    pairs cannot be linear: it costs O(n·m) for n actors and m ties.
    """
    n = graph.number_of_nodes()
    reason = _pairs_reason(n)
    if reason:
        return Fragmentation(None, None, 0, 0.0, 0, reason, ())
    counts = distance_counts(graph)  # O(n·m): a breadth-first search from every actor
    reachable = int(counts.sum())
    inverse_sum = float(sum(int(c) / d for d, c in enumerate(counts) if d and c))
    pairs = n * (n - 1)
    return Fragmentation(
        value=1.0 - reachable / pairs,
        distance_weighted=1.0 - inverse_sum / pairs,
        reachable_pairs=reachable,
        inverse_distance_sum=inverse_sum,
        ordered_pairs=pairs,
        reason=None,
        evidence=edge_evidence(graph),
    )


def _ratio(external: int, internal: int) -> float | None:
    total = external + internal
    return None if total == 0 else (external - internal) / total


def ei_index(graph: nx.DiGraph, grouping: Mapping[str, str]) -> EIIndex:
    """Krackhardt–Stern E–I index (E − I) / (E + I) for a grouping of the actors.

    E counts directed ties between actors of different groups and I ties within a group; a
    reciprocated pair counts twice. The index runs from −1 (all ties inside groups) to +1 (all
    ties across). Per group, E counts the ties with exactly one end in the group and I those
    with both. Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
    crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.
    """
    check_grouping(graph, grouping)
    external_edges = [(u, v) for u, v in graph.edges() if grouping[u] != grouping[v]]
    internal_edges = [(u, v) for u, v in graph.edges() if grouping[u] == grouping[v]]
    by_group: dict[str, GroupEI] = {}
    for group in sorted({grouping[node] for node in graph}):
        members = tuple(sorted(str(node) for node in graph if grouping[node] == group))
        leaving = [(u, v) for u, v in external_edges if group in (grouping[u], grouping[v])]
        inside = [(u, v) for u, v in internal_edges if grouping[u] == group]
        value = _ratio(len(leaving), len(inside))
        by_group[group] = GroupEI(
            group=group,
            members=members,
            external=len(leaving),
            internal=len(inside),
            value=value,
            reason=None if value is not None else "the group has no ties",
            evidence=edge_evidence(graph, leaving + inside),
        )
    value = _ratio(len(external_edges), len(internal_edges))
    if value is None:
        reason: str | None = NO_ACTORS if graph.number_of_nodes() == 0 else NO_TIES
    else:
        reason = None
    return EIIndex(
        value=value,
        external=len(external_edges),
        internal=len(internal_edges),
        by_group=by_group,
        reason=reason,
        evidence=edge_evidence(graph),
    )


def summarise(graph: nx.DiGraph) -> NetworkSummary:
    """All whole-network figures of one collapsed layer graph (see the functions above)."""
    return NetworkSummary(
        layer=str(graph.graph.get("layer", UNION)),
        actors=graph.number_of_nodes(),
        ties=graph.number_of_edges(),
        density=density(graph),
        reciprocity=reciprocity(graph),
        in_centralisation=degree_centralisation(graph, "in"),
        out_centralisation=degree_centralisation(graph, "out"),
        weak_components=components(graph, "weak"),
        strong_components=components(graph, "strong"),
        fragmentation=fragmentation(graph),
    )
