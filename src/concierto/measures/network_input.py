"""The plain input of the network measures: actors, tie records, and the collapsed directed graph.

The coordination network (MEASURES.md, M2) is multiplex: one actor pair may be tied in several
layers, by several records, declared in the case data or found in coded evidence. The measures
work on a simple directed graph, so :func:`build_graph` collapses the records of one layer (or
of every layer) into one edge per ordered pair, keeping the summed weight, the layers, the
origins and the union of evidence ids so that every figure can name what it rests on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from concierto.model.coordination import TIE_LAYERS, TIE_ORIGINS

LAYERS: tuple[str, ...] = TIE_LAYERS
ORIGINS: tuple[str, ...] = TIE_ORIGINS
UNION = "union"
NODE_FIELDS: tuple[str, ...] = ("name", "kind", "sector", "centre_of_government")


class NetworkInputError(ValueError):
    """Actors or ties that cannot form a coordination network; the message names the culprit."""


@dataclass(frozen=True)
class ActorNode:
    """An actor as a node: its key, name, kind, sector, centre-of-government flag, and groups.

    ``groups`` holds any further attribute an analyst wants to group by (for example
    ``{"bloc": "PCM"}``); it becomes a node attribute of the same name.
    """

    id: str
    name: str
    kind: str
    sector: str | None = None
    centre_of_government: bool = False
    groups: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise NetworkInputError(f"actor {self.name!r}: the id is empty")
        clash = sorted(set(self.groups) & {*NODE_FIELDS, "label"})
        if clash:
            raise NetworkInputError(
                f"actor {self.id!r}: group attribute(s) {clash} clash with reserved node fields"
            )


@dataclass(frozen=True)
class TieRecord:
    """One directed tie in one layer, with its weight, origin and the evidence ids behind it."""

    source: str
    target: str
    layer: str
    weight: float = 1.0
    origin: str = "declared"
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        label = f"tie {self.source!r} -> {self.target!r} ({self.layer})"
        if self.layer not in LAYERS:
            raise NetworkInputError(f"{label}: unknown layer; choose one of {LAYERS}")
        if self.origin not in ORIGINS:
            raise NetworkInputError(f"{label}: unknown origin {self.origin!r}; use {ORIGINS}")
        if self.source == self.target:
            raise NetworkInputError(f"{label}: a tie needs two different actors")
        if not isinstance(self.weight, int | float) or not math.isfinite(self.weight):
            raise NetworkInputError(f"{label}: weight {self.weight!r} is not a finite number")
        if self.weight < 0:
            raise NetworkInputError(f"{label}: weight {self.weight} is negative")
        if isinstance(self.evidence, str):
            raise NetworkInputError(f"{label}: evidence must be a sequence of ids, not a string")
        object.__setattr__(self, "evidence", tuple(str(item) for item in self.evidence))


def _check_layer(layer: str | None) -> None:
    if layer is not None and layer not in LAYERS:
        raise NetworkInputError(f"unknown layer {layer!r}; choose one of {LAYERS} or none")


def _ordered(values: Iterable[str], order: tuple[str, ...]) -> tuple[str, ...]:
    present = set(values)
    return tuple(item for item in order if item in present)


def build_graph(
    actors: Iterable[ActorNode], ties: Iterable[TieRecord], layer: str | None = None
) -> nx.DiGraph:
    """Collapse the ties of ``layer`` (``None``: every layer) into a simple directed graph.

    Every actor becomes a node, isolated or not. Parallel ties of an ordered pair become one
    edge whose ``weight`` is the sum of their weights, ``layers`` and ``origins`` the layers and
    origins present (in canonical order), ``evidence`` the sorted union of evidence ids and
    ``records`` the number of tie records collapsed. The graph attribute ``layer`` names the
    selection (``"union"`` for all layers).
    """
    _check_layer(layer)
    graph = nx.DiGraph(layer=layer or UNION)
    for actor in actors:
        if actor.id in graph:
            raise NetworkInputError(f"actor {actor.id!r} appears twice")
        graph.add_node(
            actor.id,
            name=actor.name,
            kind=actor.kind,
            sector=actor.sector,
            centre_of_government=actor.centre_of_government,
            **dict(actor.groups),
        )
    collected: dict[tuple[str, str], list[TieRecord]] = {}
    for position, tie in enumerate(ties, start=1):
        for end in (tie.source, tie.target):
            if end not in graph:
                raise NetworkInputError(
                    f"tie {position} ({tie.source!r} -> {tie.target!r}, {tie.layer}): "
                    f"unknown actor {end!r}"
                )
        if layer is None or tie.layer == layer:
            collected.setdefault((tie.source, tie.target), []).append(tie)
    for (source, target), records in collected.items():
        graph.add_edge(
            source,
            target,
            weight=float(sum(record.weight for record in records)),
            layers=_ordered((record.layer for record in records), LAYERS),
            origins=_ordered((record.origin for record in records), ORIGINS),
            evidence=tuple(sorted({item for record in records for item in record.evidence})),
            records=len(records),
        )
    return graph


def layer_graphs(actors: Iterable[ActorNode], ties: Iterable[TieRecord]) -> dict[str, nx.DiGraph]:
    """One collapsed graph per layer, in canonical order, then the union (key ``"union"``)."""
    actor_list, tie_list = list(actors), list(ties)
    graphs = {layer: build_graph(actor_list, tie_list, layer) for layer in LAYERS}
    graphs[UNION] = build_graph(actor_list, tie_list, None)
    return graphs


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def graph_from_multigraph(multigraph: nx.MultiDiGraph, layer: str | None = None) -> nx.DiGraph:
    """Collapse a multiplex ``MultiDiGraph`` the same way as :func:`build_graph`.

    Nodes may carry ``name`` (default: the node id), ``kind`` (default ``"unknown"``),
    ``sector``, ``centre_of_government`` and any further attribute (kept as a group attribute).
    Edges must carry ``layer`` and may carry ``weight`` (default 1), ``origin`` (default
    ``"declared"``) and ``evidence`` (a sequence of ids).
    """
    actors = []
    for node, data in multigraph.nodes(data=True):
        groups = {
            str(key): str(value)
            for key, value in data.items()
            if key not in NODE_FIELDS and key != "label" and value is not None
        }
        actors.append(
            ActorNode(
                id=str(node),
                name=str(data.get("name", node)),
                kind=str(data.get("kind", "unknown")),
                sector=_text_or_none(data.get("sector")),
                centre_of_government=bool(data.get("centre_of_government", False)),
                groups=groups,
            )
        )
    ties = []
    for source, target, data in multigraph.edges(data=True):
        if "layer" not in data:
            raise NetworkInputError(f"edge {source!r} -> {target!r}: no 'layer' attribute")
        ties.append(
            TieRecord(
                source=str(source),
                target=str(target),
                layer=str(data["layer"]),
                weight=data.get("weight", 1.0),
                origin=str(data.get("origin", "declared")),
                evidence=tuple(data.get("evidence", ())),
            )
        )
    return build_graph(actors, ties, layer)


def edge_evidence(
    graph: nx.DiGraph, edges: Iterable[tuple[str, str]] | None = None
) -> tuple[str, ...]:
    """The sorted union of the evidence ids on ``edges`` (default: every edge of ``graph``)."""
    chosen = graph.edges() if edges is None else edges
    found: set[str] = set()
    for source, target in chosen:
        found.update(graph.edges[source, target].get("evidence", ()))
    return tuple(sorted(found))


def grouping_by(graph: nx.DiGraph, attribute: str, missing: str | None = None) -> dict[str, str]:
    """Map every node to the text of its ``attribute`` (e.g. ``sector``), for E–I and brokerage.

    A node without a value gets ``missing``; when ``missing`` is ``None`` such a node is an
    error, because silently dropping it would change the figures.
    """
    grouping: dict[str, str] = {}
    lacking: list[str] = []
    for node, data in graph.nodes(data=True):
        value = data.get(attribute)
        if value is None or value == "":
            if missing is None:
                lacking.append(str(node))
                continue
            value = missing
        grouping[node] = str(value)
    if lacking:
        raise NetworkInputError(f"actor(s) without a value for {attribute!r}: {sorted(lacking)}")
    return grouping


def check_grouping(graph: nx.DiGraph, grouping: Mapping[str, str]) -> None:
    """Raise unless ``grouping`` assigns a group to every node of ``graph``."""
    lacking = sorted(str(node) for node in graph if node not in grouping)
    if lacking:
        raise NetworkInputError(f"the grouping leaves out actor(s) {lacking}")
