"""The adapter from measure results to the named indicators the diagnosis rules read (M7).

Names are those documented in ``data/diagnosis_rules.yaml``. Each indicator carries the
evidence ids of the records and segments it rests on; an indicator whose measure did not run
is simply absent (the rules then say "not evaluable").
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from typing import Any

import networkx as nx

from concierto.codebook.model import TESTIMONY_ROLES
from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.measures.diagnosis import Indicator
from concierto.measures.qualitative.consensus import CodeConsensus
from concierto.snapshot import CaseSnapshot

DIMENSION_LAYERS: dict[str, str] = {
    "information_exchange": "information_exchange",
    "interaction_rule": "interaction_rule",
}


def responsible_actors(snapshot: CaseSnapshot) -> tuple[str, ...]:
    """The actors that lead, are responsible for, own or execute the policy's objectives (all
    actors of the case when no policy objective names one)."""
    found = [a for e in snapshot.elements if e.type == "policy_objective" for a in e.actors]
    known = {a.id for a in snapshot.actors}
    chosen = tuple(dict.fromkeys(a for a in found if a in known))
    return chosen or tuple(a.id for a in snapshot.actors)


def _shares(
    evidence: EvidenceSnapshot, consensus: Mapping[str, CodeConsensus]
) -> dict[str, Indicator]:
    """``<dimension>.present_share`` / ``.absent_share`` and ``<role>.testimony_share``: the
    share of interviewees with a segment of any code mapped that way (M5 consensus)."""
    groups: dict[str, list[str]] = {}
    for code in evidence.codes:
        dimension, sign = code.mappings.get("dimension"), code.mappings.get("sign")
        if dimension and sign in (1, -1):
            suffix = "present_share" if sign == 1 else "absent_share"
            groups.setdefault(f"{dimension}.{suffix}", []).append(code.id)
        role = code.mappings.get("role")
        if role in TESTIMONY_ROLES and code.codable:
            groups.setdefault(f"{role}.testimony_share", []).append(code.id)
    population: tuple[str, ...] = ()
    for found in consensus.values():
        population = found.population
        break
    result: dict[str, Indicator] = {}
    for name, codes in groups.items():
        who: set[str] = set()
        ids: list[str] = []
        for key in codes:
            if key in consensus:
                who.update(consensus[key].interviewees)
                ids += [i for seg in consensus[key].segment_ids.values() for i in seg]
        if population:
            result[name] = Indicator(len(who) / len(population), tuple(ids))
        else:
            result[name] = Indicator(None, (), "no interviewees")
    return result


def _layer(graph: nx.DiGraph, actors: tuple[str, ...], layer: str) -> dict[str, Indicator]:
    """Ties of ``layer`` among ``actors``: count of directed ties and share of actor pairs
    joined in either direction (M2)."""
    inside = [a for a in actors if a in graph]
    edges = [(u, v) for u, v in graph.edges if u in inside and v in inside]
    evidence = tuple(dict.fromkeys(e for u, v in edges for e in graph.edges[u, v]["evidence"]))
    pairs = list(combinations(inside, 2))
    joined = sum(1 for a, b in pairs if graph.has_edge(a, b) or graph.has_edge(b, a))
    return {
        f"network.{layer}.ties": Indicator(float(len(edges)), evidence),
        f"network.{layer}.pair_share": Indicator(
            joined / len(pairs) if pairs else None, evidence, None if pairs else "fewer than 2"
        ),
    }


def build_indicators(
    snapshot: CaseSnapshot,
    evidence: EvidenceSnapshot,
    *,
    responsible: tuple[str, ...],
    graphs: Mapping[str, nx.DiGraph],
    consensus: Mapping[str, CodeConsensus],
    optional: Mapping[str, Any] | None = None,
) -> dict[str, Indicator]:
    """Every indicator that can be computed from the results at hand."""
    from concierto.measures.diagnosis_sources import INDICATORS

    found = _shares(evidence, consensus)
    for layer in DIMENSION_LAYERS.values():
        found.update(_layer(graphs[layer], responsible, layer))
    for name, result in (optional or {}).items():
        if name in INDICATORS:
            found.update(INDICATORS[name](result, snapshot, responsible))
    return found
