"""Rows and columns of the network measures (M2): each ``*_rows`` function turns a result into
plain dicts (numbers stay numbers, evidence stays a list of ids); each ``*_columns`` function
gives the (key, translated label) pairs, built when called so that they follow the current
language. Reasons for undefined values are translated. The API and the CLI print these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from concierto.i18n import _
from concierto.measures.brokerage import ROLES, Brokerage, StructuralHoles
from concierto.measures.network import (
    Centralisation,
    Components,
    EIIndex,
    NetworkSummary,
    NodeScores,
)

Row = dict[str, Any]
Columns = list[tuple[str, str]]
ALL_GROUPS = "*"


def _reason(*reasons: str | None) -> str | None:
    """The translated, de-duplicated reasons a row's values are undefined, or ``None``."""
    present = [_(reason) for reason in dict.fromkeys(reasons) if reason]
    return "; ".join(present) if present else None


def _with_evidence(columns: Columns, evidence: bool) -> Columns:
    return [*columns, ("evidence", _("Evidence"))] if evidence else columns


def network_rows(summaries: Iterable[NetworkSummary]) -> list[Row]:
    """One row per layer (or the union) with the whole-network figures."""
    rows = []
    for summary in summaries:
        fragmentation = summary.fragmentation
        rows.append(
            {
                "layer": summary.layer,
                "actors": summary.actors,
                "ties": summary.ties,
                "density": summary.density.value,
                "reciprocity": summary.reciprocity.value,
                "in_centralisation": summary.in_centralisation.value,
                "out_centralisation": summary.out_centralisation.value,
                "weak_components": summary.weak_components.count,
                "strong_components": summary.strong_components.count,
                "largest_weak_share": summary.weak_components.largest_share,
                "fragmentation": fragmentation.value,
                "distance_fragmentation": fragmentation.distance_weighted,
                "reason": _reason(
                    summary.density.reason,
                    summary.reciprocity.reason,
                    summary.in_centralisation.reason,
                    fragmentation.reason,
                ),
                "evidence": list(summary.density.evidence),
            }
        )
    return rows


def network_columns(evidence: bool = True) -> Columns:
    """Columns for :func:`network_rows`."""
    columns = [
        ("layer", _("Layer")),
        ("actors", _("Actors")),
        ("ties", _("Ties")),
        ("density", _("Density")),
        ("reciprocity", _("Reciprocity")),
        ("in_centralisation", _("In-centralisation")),
        ("out_centralisation", _("Out-centralisation")),
        ("weak_components", _("Weak components")),
        ("strong_components", _("Strong components")),
        ("largest_weak_share", _("Largest component share")),
        ("fragmentation", _("Fragmentation")),
        ("distance_fragmentation", _("Distance-weighted fragmentation")),
        ("reason", _("Undefined because")),
    ]
    return _with_evidence(columns, evidence)


def actor_rows(
    in_degree: Centralisation,
    out_degree: Centralisation,
    betweenness: NodeScores,
    holes: StructuralHoles,
) -> list[Row]:
    """One row per actor: degrees, betweenness and Burt's measures."""
    scores: Mapping[str, float] = betweenness.values or {}
    rows = []
    for actor in sorted(set(in_degree.degrees) | set(holes.by_actor), key=str):
        ego = holes.by_actor.get(actor)
        rows.append(
            {
                "actor": actor,
                "in_degree": in_degree.degrees.get(actor),
                "out_degree": out_degree.degrees.get(actor),
                "betweenness": scores.get(actor),
                "contacts": ego.contacts if ego else None,
                "constraint": ego.constraint if ego else None,
                "effective_size": ego.effective_size if ego else None,
                "efficiency": ego.efficiency if ego else None,
                "hierarchy": ego.hierarchy if ego else None,
                "reason": _reason(
                    betweenness.reason,
                    ego.reason if ego else None,
                    ego.hierarchy_reason if ego else None,
                ),
                "evidence": list(ego.evidence) if ego else [],
            }
        )
    return rows


def actor_columns(evidence: bool = True) -> Columns:
    """Columns for :func:`actor_rows`."""
    columns = [
        ("actor", _("Actor")),
        ("in_degree", _("In-degree")),
        ("out_degree", _("Out-degree")),
        ("betweenness", _("Betweenness")),
        ("contacts", _("Contacts")),
        ("constraint", _("Constraint")),
        ("effective_size", _("Effective size")),
        ("efficiency", _("Efficiency")),
        ("hierarchy", _("Hierarchy")),
        ("reason", _("Undefined because")),
    ]
    return _with_evidence(columns, evidence)


def brokerage_rows(result: Brokerage) -> list[Row]:
    """One row per actor with its Gould–Fernandez counts per role and in total."""
    return [
        {
            "actor": actor,
            **dict(entry.counts),
            "total": entry.total,
            "evidence": list(entry.evidence),
        }
        for actor, entry in sorted(result.by_actor.items(), key=lambda item: str(item[0]))
    ]


def brokerage_columns(evidence: bool = True) -> Columns:
    """Columns for :func:`brokerage_rows`."""
    labels = {
        "coordinator": _("Coordinator"),
        "itinerant": _("Itinerant"),
        "representative": _("Representative"),
        "gatekeeper": _("Gatekeeper"),
        "liaison": _("Liaison"),
    }
    columns = [("actor", _("Actor")), *((role, labels[role]) for role in ROLES)]
    return _with_evidence([*columns, ("total", _("Total"))], evidence)


def brokered_path_rows(result: Brokerage) -> list[Row]:
    """One row per open two-path counted, so a reader can check every brokerage figure."""
    return [
        {
            "source": path.source,
            "broker": path.broker,
            "target": path.target,
            "role": path.role,
            "evidence": list(path.evidence),
        }
        for path in result.paths
    ]


def brokered_path_columns(evidence: bool = True) -> Columns:
    """Columns for :func:`brokered_path_rows`."""
    columns = [
        ("source", _("From")),
        ("broker", _("Broker")),
        ("target", _("To")),
        ("role", _("Role")),
    ]
    return _with_evidence(columns, evidence)


def ei_rows(result: EIIndex) -> list[Row]:
    """The E–I index of the whole grouping (group ``*``) followed by one row per group."""
    rows = [
        {
            "group": ALL_GROUPS,
            "members": sum(len(group.members) for group in result.by_group.values()),
            "external": result.external,
            "internal": result.internal,
            "ei_index": result.value,
            "reason": _reason(result.reason),
            "evidence": list(result.evidence),
        }
    ]
    for name, group in result.by_group.items():
        rows.append(
            {
                "group": name,
                "members": len(group.members),
                "external": group.external,
                "internal": group.internal,
                "ei_index": group.value,
                "reason": _reason(group.reason),
                "evidence": list(group.evidence),
            }
        )
    return rows


def ei_columns(evidence: bool = True) -> Columns:
    """Columns for :func:`ei_rows`."""
    columns = [
        ("group", _("Group")),
        ("members", _("Members")),
        ("external", _("External ties")),
        ("internal", _("Internal ties")),
        ("ei_index", _("E-I index")),
        ("reason", _("Undefined because")),
    ]
    return _with_evidence(columns, evidence)


def component_rows(result: Components) -> list[Row]:
    """One row per component, largest first."""
    return [
        {"component": index, "kind": result.kind, "size": len(members), "members": list(members)}
        for index, members in enumerate(result.groups, start=1)
    ]


def component_columns() -> Columns:
    """Columns for :func:`component_rows`."""
    return [
        ("component", _("Component")),
        ("kind", _("Kind")),
        ("size", _("Size")),
        ("members", _("Members")),
    ]
