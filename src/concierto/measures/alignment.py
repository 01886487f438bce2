"""Vertical alignment of a case: the objective DAG and what it says per objective and actor.

MEASURES.md, M4. The DAG has one node per element (policy objective, institutional objective,
programme) and one edge per ``contributes_to`` record, from the contributing element to the
element it advances. Edge strength:

* ``strength`` (1..3) when the record gives one;
* otherwise its Nilsson score (Nilsson, Griggs & Visbeck 2016): +1..+3 is taken as strength
  1..3 (enabling, reinforcing, indivisible); a score of 0 or below (consistent, constraining,
  counteracting, cancelling) is **not** a contribution, so the edge is left out of the DAG and
  listed in :attr:`AlignmentResult.ignored`.

Two records for the same pair make one edge with the larger strength. The best-path search
walks every path below a policy objective, which is cheap for objective trees of a policy
(tens to hundreds of elements) but grows with the number of paths in dense graphs.

Figures (the vertical-coherence reading of Nilsson et al. 2016 and of the policy-coherence
literature, e.g. OECD 2019, *Recommendation on Policy Coherence for Sustainable Development*):

* coverage(P) = share of the actors responsible for policy objective P (its ``lead`` and
  ``responsible``) that own at least one institutional objective with a path to P; undefined
  (None) when P names no responsible actor;
* orphan rate of an actor = share of the institutional objectives it owns with no path to any
  policy objective;
* strength of a path = mean strength of its edges; a path runs from an institutional objective
  to the **first** policy objective it reaches (the policy's own hierarchy above that point is
  shared by every actor, so it is not counted again); best path of an objective = the strongest
  such path (the shorter one on a tie); alignment strength of an actor = mean best-path
  strength over its objectives that have a path (None when none has);
* conflicts = negative interactions (median over raters of a cell < 0) between elements whose
  actors differ: at least one actor of the source and a different actor of the target. An
  element's actors are its ``owner``, else its ``lead`` and ``responsible``.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from concierto.i18n import _
from concierto.snapshot import CaseSnapshot, ContributionRecord, ElementRecord, InteractionRecord

POLICY_OBJECTIVE = "policy_objective"
INSTITUTIONAL_OBJECTIVE = "institutional_objective"


class AlignmentError(ValueError):
    """Contribution data that cannot form a DAG (a cycle or an unknown element), named."""


@dataclass(frozen=True)
class Edge:
    """A ``contributes_to`` edge kept in the DAG, with its effective strength."""

    source: str
    target: str
    strength: int
    evidence_id: str


@dataclass(frozen=True)
class Coverage:
    """How many of the actors responsible for a policy objective reach it."""

    objective: str
    responsible: tuple[str, ...]
    covering: tuple[str, ...]
    value: float | None
    evidence: tuple[str, ...]

    @property
    def uncovered(self) -> tuple[str, ...]:
        """Responsible actors that own no institutional objective with a path to it."""
        return tuple(actor for actor in self.responsible if actor not in self.covering)


@dataclass(frozen=True)
class BestPath:
    """The strongest path from an institutional objective to a policy objective."""

    objective: str
    nodes: tuple[str, ...]
    strength: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class ActorAlignment:
    """Orphan rate and alignment strength of one actor's institutional objectives."""

    actor: str
    objectives: tuple[str, ...]
    orphans: tuple[str, ...]
    orphan_rate: float
    strength: float | None
    best_paths: tuple[BestPath, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """A negative interaction between elements of different actors."""

    source: str
    target: str
    median: float
    source_actors: tuple[str, ...]
    target_actors: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class AlignmentResult:
    """Every vertical-alignment figure of a case."""

    edges: tuple[Edge, ...]
    ignored: tuple[str, ...]
    coverage: tuple[Coverage, ...]
    actors: tuple[ActorAlignment, ...]
    conflicts: tuple[Conflict, ...]

    def coverage_of(self, objective: str) -> Coverage:
        """The coverage of one policy objective (KeyError when it is not one)."""
        for item in self.coverage:
            if item.objective == objective:
                return item
        raise KeyError(objective)

    def actor(self, actor: str) -> ActorAlignment:
        """The alignment of one actor (KeyError when it owns no institutional objective)."""
        for item in self.actors:
            if item.actor == actor:
                return item
        raise KeyError(actor)


def edge_strength(record: ContributionRecord) -> int | None:
    """The strength an edge carries in the DAG (None: not a contribution; see module doc)."""
    if record.strength is not None:
        return record.strength
    if record.score is not None and record.score > 0:
        return record.score
    return None


def element_actors(element: ElementRecord) -> tuple[str, ...]:
    """The actors an element belongs to: its owner, else its lead and responsible actors."""
    if element.owner:
        return (element.owner,)
    return tuple(dict.fromkeys([*element.lead, *element.responsible]))


def objective_dag(
    elements: Iterable[ElementRecord], contributions: Iterable[ContributionRecord]
) -> tuple[nx.DiGraph, tuple[str, ...]]:
    """The DAG of elements and the ids of contributions left out (score ≤ 0).

    Raises :class:`AlignmentError` naming the contribution ids of a cycle, or a contribution
    whose end is not an element.
    """
    graph = nx.DiGraph()
    for element in elements:
        graph.add_node(element.id, type=element.type)
    ignored: list[str] = []
    for record in contributions:
        for end in (record.source, record.target):
            if end not in graph:
                raise AlignmentError(
                    _("{edge}: unknown element {id}").format(edge=record.evidence_id, id=end)
                )
        strength = edge_strength(record)
        if strength is None:
            ignored.append(record.evidence_id)
            continue
        if graph.has_edge(record.source, record.target):
            previous = graph.edges[record.source, record.target]
            if previous["strength"] >= strength:
                continue
        graph.add_edge(
            record.source, record.target, strength=strength, evidence_id=record.evidence_id
        )
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return graph, tuple(ignored)
    ids = [graph.edges[u, v]["evidence_id"] for u, v, *_rest in cycle]
    chain = " → ".join([*(u for u, *_rest in cycle), cycle[0][0]])
    raise AlignmentError(
        _("contributions form a cycle ({chain}): {edges}").format(chain=chain, edges=", ".join(ids))
    )


def _best_path(graph: nx.DiGraph, start: str) -> BestPath | None:
    """Depth-first search for the strongest path to the first policy objective reached."""
    best: tuple[float, int, list[str]] | None = None
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        node, path = stack.pop()
        for successor in graph.successors(node):
            route = [*path, successor]
            if graph.nodes[successor]["type"] == POLICY_OBJECTIVE:
                strengths = [graph.edges[u, v]["strength"] for u, v in itertools.pairwise(route)]
                score = (statistics.fmean(strengths), -len(route), route)
                if best is None or score[:2] > best[:2]:
                    best = score
            else:
                stack.append((successor, route))
    if best is None:
        return None
    route = best[2]
    evidence = [f"element:{node}" for node in route]
    evidence += [graph.edges[u, v]["evidence_id"] for u, v in itertools.pairwise(route)]
    return BestPath(start, tuple(route), best[0], tuple(evidence))


def _conflicts(
    interactions: Iterable[InteractionRecord], owners: Mapping[str, tuple[str, ...]]
) -> tuple[Conflict, ...]:
    scores: dict[tuple[str, str], list[float]] = {}
    ids: dict[tuple[str, str], list[str]] = {}
    for record in interactions:
        key = (record.source, record.target)
        scores.setdefault(key, []).append(float(record.score))
        ids.setdefault(key, []).extend([record.evidence_id, *record.evidence])
    found = []
    for (source, target), values in scores.items():
        median = float(statistics.median(values))
        first, second = owners.get(source, ()), owners.get(target, ())
        if median >= 0 or not any(i != j for i in first for j in second):
            continue
        evidence = [f"element:{source}", f"element:{target}", *ids[(source, target)]]
        found.append(
            Conflict(source, target, median, first, second, tuple(dict.fromkeys(evidence)))
        )
    return tuple(sorted(found, key=lambda c: (c.median, c.source, c.target)))


def alignment(
    elements: Iterable[ElementRecord],
    contributions: Iterable[ContributionRecord],
    interactions: Iterable[InteractionRecord] = (),
) -> AlignmentResult:
    """Coverage, orphan rates, alignment strength and conflicts (see the module docstring)."""
    element_list = tuple(elements)
    graph, ignored = objective_dag(element_list, contributions)
    owned: dict[str, list[str]] = {}
    for element in element_list:
        if element.type == INSTITUTIONAL_OBJECTIVE and element.owner:
            owned.setdefault(element.owner, []).append(element.id)
    paths = {oid: _best_path(graph, oid) for oids in owned.values() for oid in oids}

    coverage = []
    for element in element_list:
        if element.type != POLICY_OBJECTIVE:
            continue
        responsible = tuple(dict.fromkeys([*element.lead, *element.responsible]))
        reaching = nx.ancestors(graph, element.id)
        covering = tuple(
            actor for actor in responsible if any(o in reaching for o in owned.get(actor, ()))
        )
        evidence = [element.evidence_id, *(f"actor:{a}" for a in responsible)]
        for actor in covering:
            for oid in owned[actor]:
                if oid in reaching:
                    evidence.append(f"element:{oid}")
                    evidence += _path_edges(graph, oid, element.id)
        value = len(covering) / len(responsible) if responsible else None
        coverage.append(
            Coverage(element.id, responsible, covering, value, tuple(dict.fromkeys(evidence)))
        )

    actors = []
    for actor, objectives in owned.items():
        best = tuple(path for oid in objectives if (path := paths[oid]) is not None)
        orphans = tuple(oid for oid in objectives if paths[oid] is None)
        evidence = [f"actor:{actor}", *(f"element:{oid}" for oid in objectives)]
        evidence += [item for path in best for item in path.evidence]
        actors.append(
            ActorAlignment(
                actor=actor,
                objectives=tuple(objectives),
                orphans=orphans,
                orphan_rate=len(orphans) / len(objectives),
                strength=statistics.fmean(p.strength for p in best) if best else None,
                best_paths=best,
                evidence=tuple(dict.fromkeys(evidence)),
            )
        )
    owners = {element.id: element_actors(element) for element in element_list}
    return AlignmentResult(
        edges=tuple(
            Edge(u, v, data["strength"], data["evidence_id"])
            for u, v, data in graph.edges(data=True)
        ),
        ignored=ignored,
        coverage=tuple(coverage),
        actors=tuple(actors),
        conflicts=_conflicts(interactions, owners),
    )


def _path_edges(graph: nx.DiGraph, source: str, target: str) -> list[str]:
    """The evidence ids of the edges on every path from ``source`` to ``target``."""
    on_paths = nx.descendants(graph, source) & (nx.ancestors(graph, target) | {target})
    on_paths.add(source)
    return [graph.edges[u, v]["evidence_id"] for u, v in graph.subgraph(on_paths).edges]


def alignment_of_case(snapshot: CaseSnapshot) -> AlignmentResult:
    """Alignment figures of a case snapshot."""
    return alignment(snapshot.elements, snapshot.contributions, snapshot.interactions)
