"""Centrifugal index: how much of what an actor does serves no common policy objective.

MEASURES.md, M4. For an actor, the index is the share of the institutional objectives it owns
that contribute to no policy objective (no path in the objective DAG of
:mod:`concierto.measures.alignment`, so a score ≤ 0 is no contribution). The shares are
weighted by budget when **every** one of the actor's objectives has a positive budget, and
equal otherwise (a partial budget would weigh some objectives and silently drop others). 0 means
everything the actor does serves the common objectives, 1 that nothing does. The value of a
policy is the mean index over the actors responsible (lead or responsible) for any of its
objectives; responsible actors that own no institutional objective have no index and are listed
apart. The notion of centrifugal forces follows Peters (2018, "The challenge of policy
coordination", Policy Design and Practice 1(1): 1-11).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from concierto.measures.alignment import INSTITUTIONAL_OBJECTIVE, POLICY_OBJECTIVE, objective_dag
from concierto.snapshot import CaseSnapshot, ContributionRecord, ElementRecord


@dataclass(frozen=True)
class ActorCentrifugal:
    """The centrifugal index of one actor and the objectives behind it."""

    actor: str
    index: float
    weighting: str
    objectives: tuple[str, ...]
    centrifugal: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class PolicyCentrifugal:
    """The mean index over the actors responsible for a policy's objectives."""

    policy: str
    value: float | None
    actors: tuple[str, ...]
    unmeasured: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class CentrifugalResult:
    """Per-actor indices and per-policy values."""

    actors: tuple[ActorCentrifugal, ...]
    policies: tuple[PolicyCentrifugal, ...]

    def actor(self, actor: str) -> ActorCentrifugal:
        """The index of one actor (KeyError when it owns no institutional objective)."""
        for item in self.actors:
            if item.actor == actor:
                return item
        raise KeyError(actor)

    def policy(self, policy: str) -> PolicyCentrifugal:
        """The value of one policy (KeyError when unknown)."""
        for item in self.policies:
            if item.policy == policy:
                return item
        raise KeyError(policy)


def centrifugal(
    elements: Iterable[ElementRecord], contributions: Iterable[ContributionRecord]
) -> CentrifugalResult:
    """Centrifugal index per actor and per policy (see the module docstring)."""
    element_list = tuple(elements)
    graph, _ignored = objective_dag(element_list, contributions)
    policy_objectives = {e.id for e in element_list if e.type == POLICY_OBJECTIVE}
    owned: dict[str, list[ElementRecord]] = {}
    for element in element_list:
        if element.type == INSTITUTIONAL_OBJECTIVE and element.owner:
            owned.setdefault(element.owner, []).append(element)

    actors: dict[str, ActorCentrifugal] = {}
    for actor, objectives in owned.items():
        loose = [o for o in objectives if not nx.descendants(graph, o.id) & policy_objectives]
        by_budget = all(o.budget is not None and o.budget > 0 for o in objectives)
        if by_budget:
            index = sum(o.budget or 0.0 for o in loose) / sum(o.budget or 0.0 for o in objectives)
        else:
            index = len(loose) / len(objectives)
        evidence = [f"actor:{actor}", *(o.evidence_id for o in objectives)]
        for objective in objectives:
            reached = nx.descendants(graph, objective.id) | {objective.id}
            evidence += [d["evidence_id"] for _u, _v, d in graph.subgraph(reached).edges(data=True)]
        actors[actor] = ActorCentrifugal(
            actor=actor,
            index=index,
            weighting="budget" if by_budget else "equal",
            objectives=tuple(o.id for o in objectives),
            centrifugal=tuple(o.id for o in loose),
            evidence=tuple(dict.fromkeys(evidence)),
        )

    responsible: dict[str, list[str]] = {}
    sources: dict[str, list[str]] = {}
    for element in element_list:
        if element.type != POLICY_OBJECTIVE:
            continue
        key = element.policy or ""
        found = responsible.setdefault(key, [])
        found += [a for a in (*element.lead, *element.responsible) if a not in found]
        sources.setdefault(key, []).append(element.evidence_id)
    policies = []
    for policy, members in responsible.items():
        measured = tuple(a for a in members if a in actors)
        evidence = [*sources[policy], *(e for a in measured for e in actors[a].evidence)]
        policies.append(
            PolicyCentrifugal(
                policy=policy,
                value=statistics.fmean(actors[a].index for a in measured) if measured else None,
                actors=measured,
                unmeasured=tuple(a for a in members if a not in actors),
                evidence=tuple(dict.fromkeys(evidence)),
            )
        )
    return CentrifugalResult(tuple(actors.values()), tuple(policies))


def centrifugal_of_case(snapshot: CaseSnapshot) -> CentrifugalResult:
    """Centrifugal indices of a case snapshot."""
    return centrifugal(snapshot.elements, snapshot.contributions)
