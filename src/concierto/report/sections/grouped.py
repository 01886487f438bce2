"""Grouped views of pair-level results for large cases (issue 19): a heatmap of group pairs
and a network of sectors. They show the totals of :mod:`concierto.measures.aggregate`; the
detail of every pair stays in the tables and their CSV/JSON files."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from concierto.measures.aggregate import GroupTotals, group_totals
from concierto.report.sections.common import LAYER_COLOURS, LAYER_LABELS, T, layout


def grouped_heatmap(
    title: str, totals: GroupTotals, zmin: float, zmax: float, colorscale: str
) -> dict[str, Any]:
    """A Plotly heatmap of the mean pair value of each group pair; the hover shows the sum
    and the number of pairs behind it."""
    means = [[None if v is None else round(v, 3) for v in row] for row in totals.mean]
    custom = [
        [[round(s, 3), c] for s, c in zip(sums, counts, strict=True)]
        for sums, counts in zip(totals.total, totals.count, strict=True)
    ]
    groups = list(totals.groups)
    return {
        "data": [
            {
                "type": "heatmap",
                "z": means,
                "x": groups,
                "y": groups,
                "customdata": custom,
                "zmin": zmin,
                "zmax": zmax,
                "colorscale": colorscale,
                "hovertemplate": "%{y} → %{x}: %{z} (Σ %{customdata[0]}, n %{customdata[1]})"
                "<extra></extra>",
            }
        ],
        "layout": layout(
            title, height=min(1600, 220 + 18 * len(groups)), yaxis={"autorange": "reversed"}
        ),
    }


def grouped_network(
    graphs: Mapping[str, nx.DiGraph], group_of: Mapping[str, str], t: T
) -> dict[str, Any]:
    """Cytoscape data of the network between groups: one node per group (its actor count),
    one edge per group pair and layer whose weight is the number of ties (ties inside a group
    are loops)."""
    members: dict[str, int] = {}
    for group in group_of.values():
        members[group] = members.get(group, 0) + 1
    nodes = [
        {
            "data": {
                "id": f"group:{group}",
                "label": f"{group} ({count})",
                "name": group,
                "cog": False,
                "sector": group,
                "responsible": False,
            }
        }
        for group, count in sorted(members.items())
    ]
    edges = []
    layers = []
    for layer, graph in graphs.items():
        if layer == "union" or graph.number_of_edges() == 0:
            continue
        layers.append(layer)
        totals = group_totals(((u, v, 1.0) for u, v in graph.edges()), group_of)
        for a, row in zip(totals.groups, totals.count, strict=True):
            for b, count in zip(totals.groups, row, strict=True):
                if count:
                    edges.append(
                        {
                            "data": {
                                "id": f"{layer}:group:{a}:group:{b}",
                                "source": f"group:{a}",
                                "target": f"group:{b}",
                                "layer": layer,
                                "weight": count,
                                "origin": t("{n} ties").format(n=count),
                                "evidence": [],
                                "colour": LAYER_COLOURS.get(layer, "#333333"),
                            }
                        }
                    )
    return {
        "elements": nodes + edges,
        "layers": [
            {"id": x, "label": t(LAYER_LABELS[x]), "colour": LAYER_COLOURS[x]}
            for x in LAYER_COLOURS
            if x in layers
        ],
    }
