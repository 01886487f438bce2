"""The coordination network: interactive layers, whole-network figures, brokerage, ties."""

from __future__ import annotations

from concierto.measures.aggregate import actor_groups
from concierto.report.build import CaseResults
from concierto.report.model import (
    Figure,
    Section,
    Table,
    rows_of,
)
from concierto.report.scale import page_limits
from concierto.report.sections.common import (
    LAYER_COLOURS,
    LAYER_LABELS,
    T,
    cols,
    figure_block,
    provenance_of,
    rounded,
    table_block,
)
from concierto.report.sections.grouped import grouped_network

# ----------------------------------------------------------------------------- network


def network_section(r: CaseResults, t: T) -> Section:
    """The coordination network: interactive layers, whole-network figures and brokerage."""
    s = r.snapshot
    nodes = [
        {
            "data": {
                "id": a.id,
                "label": a.acronym or a.id,
                "name": a.name,
                "cog": a.centre_of_government,
                "sector": a.sector or "",
                "responsible": a.id in r.responsible,
            }
        }
        for a in s.actors
    ]
    edges = []
    for layer, graph in r.graphs.items():
        if layer == "union":
            continue
        for u, v, data in graph.edges(data=True):
            edges.append(
                {
                    "data": {
                        "id": f"{layer}:{u}:{v}",
                        "source": u,
                        "target": v,
                        "layer": layer,
                        "weight": data["weight"],
                        "origin": ", ".join(data["origins"]),
                        "evidence": list(data["evidence"]),
                        "colour": LAYER_COLOURS.get(layer, "#333333"),
                    }
                }
            )
    layers = [layer for layer in LAYER_COLOURS if any(e["data"]["layer"] == layer for e in edges)]
    limits = page_limits(s)
    if limits.aggregates(len(s.actors)):
        network = grouped_network(r.graphs, actor_groups(s), t)
        caption = t(
            "{n} actors, more than {limit}: each node is a sector (with its number of actors) "
            "and each tie the number of ties between two sectors in one layer; every tie is in "
            "the Ties table and its CSV/JSON files."
        ).format(n=len(s.actors), limit=limits.aggregate_above)
    else:
        network = {
            "elements": nodes + edges,
            "layers": [
                {"id": x, "label": t(LAYER_LABELS[x]), "colour": LAYER_COLOURS[x]} for x in layers
            ],
        }
        caption = t(
            "Switch layers on and off; click a tie to see the records and quotes behind it. "
            "Thick borders mark the centre of government."
        )
    figure = Figure(
        id="fig-network",
        title=t("Coordination network"),
        evidence=tuple(t_.evidence_id for t_ in s.ties),
        network=network,
        caption=caption,
    )
    summary = Table(
        id="network_summary",
        title=t("Whole-network figures by layer"),
        columns=cols(
            t,
            ("layer", "Layer"),
            ("actors", "Actors"),
            ("ties", "Ties"),
            ("density", "Density"),
            ("reciprocity", "Reciprocity"),
            ("in_centralisation", "In-centralisation"),
            ("out_centralisation", "Out-centralisation"),
            ("weak_components", "Weak components"),
            ("fragmentation", "Fragmentation"),
            ("distance_fragmentation", "Distance-weighted fragmentation"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "layer": x.layer,
                    "actors": x.actors,
                    "ties": x.ties,
                    "density": rounded(x.density.value),
                    "reciprocity": rounded(x.reciprocity.value),
                    "in_centralisation": rounded(x.in_centralisation.value),
                    "out_centralisation": rounded(x.out_centralisation.value),
                    "weak_components": x.weak_components.count,
                    "fragmentation": rounded(x.fragmentation.value),
                    "distance_fragmentation": rounded(x.fragmentation.distance_weighted),
                    "evidence": list(x.density.evidence),
                }
                for x in r.summaries
            ]
        ),
        note=t("Borgatti fragmentation, Freeman centralisation (MEASURES.md, M2)."),
    )
    roles = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
    brokerage = Table(
        id="brokerage",
        title=t("Brokerage roles (Gould and Fernandez), groups by sector"),
        columns=(
            ("actor", t("Actor")),
            *((x, t(x)) for x in roles),
            ("evidence", t("Evidence")),
        ),
        rows=rows_of(
            [
                {
                    "actor": actor,
                    **{x: found.counts.get(x, 0) for x in roles},
                    "evidence": list(found.evidence),
                }
                for actor, found in r.brokerage.by_actor.items()
            ]
        ),
    )
    ties = Table(
        id="ties",
        title=t("Ties"),
        columns=cols(
            t,
            ("source", "From"),
            ("target", "To"),
            ("layer", "Layer"),
            ("weight", "Weight"),
            ("origin", "Origin"),
            ("provenance", "Provenance"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "source": x.source,
                    "target": x.target,
                    "layer": x.layer,
                    "weight": x.weight,
                    "origin": x.origin,
                    "provenance": provenance_of(x.provenance, x.source_ref),
                    "evidence": [x.evidence_id, *x.evidence],
                }
                for x in s.ties
            ]
        ),
    )
    found = Table(
        id="evidence_ties",
        title=t("Ties found in the coded evidence"),
        columns=cols(
            t,
            ("source", "From"),
            ("target", "To"),
            ("layer", "Layer"),
            ("weight", "Sources"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "source": x.source,
                    "target": x.target,
                    "layer": x.layer,
                    "weight": x.weight,
                    "evidence": list(x.evidence),
                }
                for x in r.ties
                if x.origin == "evidence"
            ]
        ),
        note=t(
            "A code mapped to a layer links the actors its segment mentions and the speaker's "
            "actor; the weight is the number of distinct sources (MEASURES.md, M2)."
        ),
    )
    return Section(
        "network",
        t("The coordination network"),
        (
            figure_block(figure),
            table_block(summary),
            table_block(brokerage),
            table_block(ties),
            table_block(found),
        ),
    )
