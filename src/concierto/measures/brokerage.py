"""Brokerage and structural holes in the coordination network (MEASURES.md, M2).

Gould–Fernandez brokerage roles say who mediates between which groups (sectors, or the
centre of government against the rest); Burt's constraint, effective size, efficiency and
hierarchy say how far each actor's contacts are redundant or dominated by one contact. Both
work on the collapsed directed graph of :func:`concierto.measures.network_input.build_graph`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from concierto.measures.network_input import check_grouping, edge_evidence

ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


@dataclass(frozen=True)
class BrokeredPath:
    """One open two-path source → broker → target and the role the broker plays on it."""

    source: str
    broker: str
    target: str
    role: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class BrokerRoles:
    """How many open two-paths an actor brokers in each role, and the ties behind them."""

    actor: str
    counts: Mapping[str, int]
    evidence: tuple[str, ...]

    @property
    def total(self) -> int:
        """Two-paths brokered in any role."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class Brokerage:
    """Gould–Fernandez brokerage of every actor, the totals per role and every counted path."""

    by_actor: Mapping[str, BrokerRoles]
    totals: Mapping[str, int]
    paths: tuple[BrokeredPath, ...]
    reason: str | None
    evidence: tuple[str, ...]


def brokerage_role(source_group: str, broker_group: str, target_group: str) -> str:
    """The Gould–Fernandez role of a broker b on a → b → c, from the three actors' groups.

    coordinator: a, b, c in one group; itinerant: a and c share a group, b is outside it;
    representative: a and b share a group, c is outside; gatekeeper: b and c share a group,
    a is outside; liaison: three different groups.
    """
    if source_group == broker_group == target_group:
        return "coordinator"
    if source_group == target_group:
        return "itinerant"
    if source_group == broker_group:
        return "representative"
    if broker_group == target_group:
        return "gatekeeper"
    return "liaison"


def gould_fernandez(graph: nx.DiGraph, grouping: Mapping[str, str]) -> Brokerage:
    """Count, per actor and role, the open two-paths a → b → c (a ≠ c, no tie a → c) it brokers.

    Each such path is counted once for its broker b, in the role given by
    :func:`brokerage_role`. An actor's evidence is the union of the evidence of the ties on the
    paths it brokers. Raw counts are reported (no expected values or z-scores).
    Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. *Sociological Methodology* 19, 89–126.
    """
    check_grouping(graph, grouping)
    paths: list[BrokeredPath] = []
    by_actor: dict[str, BrokerRoles] = {}
    for broker in sorted(graph, key=str):
        counts = dict.fromkeys(ROLES, 0)
        used: list[tuple[str, str]] = []
        for source in sorted(graph.predecessors(broker), key=str):
            for target in sorted(graph.successors(broker), key=str):
                if target == source or graph.has_edge(source, target):
                    continue
                role = brokerage_role(grouping[source], grouping[broker], grouping[target])
                counts[role] += 1
                ties = [(source, broker), (broker, target)]
                used.extend(ties)
                paths.append(BrokeredPath(source, broker, target, role, edge_evidence(graph, ties)))
        by_actor[broker] = BrokerRoles(broker, counts, edge_evidence(graph, used))
    totals = {role: sum(entry.counts[role] for entry in by_actor.values()) for role in ROLES}
    reason = None if paths else "the network has no open two-paths a → b → c"
    evidence = tuple(sorted({item for path in paths for item in path.evidence}))
    return Brokerage(by_actor, totals, tuple(paths), reason, evidence)


@dataclass(frozen=True)
class EgoHoles:
    """Burt's structural-hole measures of one actor's ego network.

    ``contacts`` is the number of distinct actors tied to ego in either direction; the other
    figures are ``None`` when undefined, with ``reason`` (or ``hierarchy_reason``) saying why.
    """

    actor: str
    contacts: int
    constraint: float | None
    effective_size: float | None
    efficiency: float | None
    hierarchy: float | None
    reason: str | None
    hierarchy_reason: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class StructuralHoles:
    """Burt's measures for every actor, and which edge attribute served as tie strength."""

    by_actor: Mapping[str, EgoHoles]
    weight: str | None


def _strength(graph: nx.DiGraph, source: str, target: str, weight: str | None) -> float:
    if not graph.has_edge(source, target):
        return 0.0
    if weight is None:
        return 1.0
    return float(graph.edges[source, target].get(weight, 1.0))


class _EgoNetworks:
    """Mutual tie strengths and their proportions, the ingredients of Burt's measures."""

    def __init__(self, graph: nx.DiGraph, weight: str | None) -> None:
        self.contacts: dict[str, set[str]] = {
            node: (set(graph.predecessors(node)) | set(graph.successors(node))) - {node}
            for node in graph
        }
        self.mutual: dict[str, dict[str, float]] = {
            node: {
                other: _strength(graph, node, other, weight) + _strength(graph, other, node, weight)
                for other in others
            }
            for node, others in self.contacts.items()
        }
        self.total = {node: sum(row.values()) for node, row in self.mutual.items()}
        self.strongest = {node: max(row.values(), default=0.0) for node, row in self.mutual.items()}

    def proportion(self, ego: str, alter: str) -> float:
        """p_ij: the share of ego's (mutual) tie strength invested in alter."""
        total = self.total[ego]
        return 0.0 if total == 0 else self.mutual[ego].get(alter, 0.0) / total

    def marginal(self, alter: str, third: str) -> float:
        """m_jq: alter's strength to a third actor over alter's strongest tie."""
        strongest = self.strongest[alter]
        return 0.0 if strongest == 0 else self.mutual[alter].get(third, 0.0) / strongest


def _hierarchy(dyadic: Mapping[str, float]) -> tuple[float | None, str | None]:
    """Burt's hierarchy: how far constraint concentrates on one contact (0 even … 1 all)."""
    size = len(dyadic)
    if size < 2:
        return None, "hierarchy needs at least two contacts"
    total = sum(dyadic.values())
    if total == 0:
        return None, "the ego network carries no constraint"
    mean = total / size
    disorder = sum((c / mean) * math.log(c / mean) for c in dyadic.values() if c > 0)
    return disorder / (size * math.log(size)), None


def _ego_evidence(graph: nx.DiGraph, ego: str, contacts: set[str]) -> tuple[str, ...]:
    return edge_evidence(graph, graph.subgraph({ego, *contacts}).edges())


def structural_holes(graph: nx.DiGraph, weight: str | None = None) -> StructuralHoles:
    """Burt's constraint, effective size, efficiency and hierarchy for every actor.

    With N(i) the actors tied to i in either direction, mutual strength z_ij = w_ij + w_ji
    (w = 1 for a tie when ``weight`` is None, else the edge attribute), p_ij = z_ij / Σ_k z_ik
    and m_jq = z_jq / max_k z_jk:

    - dyadic constraint c_ij = (p_ij + Σ_{q ≠ i, j} p_iq p_qj)², constraint C_i = Σ_j c_ij;
    - effective size ES_i = Σ_j (1 − Σ_{q ≠ i, j} p_iq m_jq); efficiency = ES_i / |N(i)|;
    - hierarchy H_i = Σ_j r_j ln r_j / (N ln N) with r_j = c_ij / (C_i / N), N = |N(i)|.

    These agree with networkx's ``constraint`` and ``effective_size`` (which return NaN for
    isolates, where this returns ``None`` with a reason). Burt, R. S. (1992). *Structural
    Holes: The Social Structure of Competition*, ch. 2 (pp. 50–71). Harvard UP.
    """
    ego_networks = _EgoNetworks(graph, weight)
    results: dict[str, EgoHoles] = {}
    for ego in sorted(graph, key=str):
        contacts = ego_networks.contacts[ego]
        evidence = _ego_evidence(graph, ego, contacts)
        if not contacts:
            results[ego] = EgoHoles(ego, 0, None, None, None, None, "no contacts", None, evidence)
            continue
        if ego_networks.total[ego] == 0:
            reason = "every tie of this actor has zero weight"
            results[ego] = EgoHoles(
                ego, len(contacts), None, None, None, None, reason, None, evidence
            )
            continue
        dyadic: dict[str, float] = {}
        effective = 0.0
        for alter in contacts:
            others = contacts - {alter}
            direct = ego_networks.proportion(ego, alter)
            indirect = sum(
                ego_networks.proportion(ego, q) * ego_networks.proportion(q, alter) for q in others
            )
            dyadic[alter] = (direct + indirect) ** 2
            redundancy = sum(
                ego_networks.proportion(ego, q) * ego_networks.marginal(alter, q) for q in others
            )
            effective += 1.0 - redundancy
        hierarchy, hierarchy_reason = _hierarchy(dyadic)
        results[ego] = EgoHoles(
            actor=ego,
            contacts=len(contacts),
            constraint=sum(dyadic.values()),
            effective_size=effective,
            efficiency=effective / len(contacts),
            hierarchy=hierarchy,
            reason=None,
            hierarchy_reason=hierarchy_reason,
            evidence=evidence,
        )
    return StructuralHoles(results, weight)
