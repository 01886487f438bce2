"""Collapsing multiplex tie records into the simple directed graph the measures read."""

from __future__ import annotations

import networkx as nx
import pytest

from concierto.measures.network_input import (
    LAYERS,
    ActorNode,
    NetworkInputError,
    TieRecord,
    build_graph,
    check_grouping,
    edge_evidence,
    graph_from_multigraph,
    grouping_by,
    layer_graphs,
)

ACTORS = [
    ActorNode("pcm", "Presidencia del Consejo de Ministros", "ministry", "pcm", True),
    ActorNode("sgp", "Secretaría de Gestión Pública", "line_unit", "pcm", True, {"bloc": "PCM"}),
    ActorNode("mef", "Ministerio de Economía y Finanzas", "ministry", "mef", True),
    ActorNode("servir", "SERVIR", "agency", None, False),
]
TIES = [
    TieRecord("sgp", "mef", "funding", 1.0, "declared", ("doc1",)),
    TieRecord("sgp", "mef", "funding", 2.0, "evidence", ("seg7", "doc1")),
    TieRecord("sgp", "mef", "authority", 1.0, "declared", ("doc2",)),
    TieRecord("pcm", "sgp", "authority", 1.0, "declared", ("doc2",)),
    TieRecord("mef", "sgp", "information_exchange", 0.5, "evidence", ("seg9",)),
]


def test_layers_match_the_case_model() -> None:
    from concierto.model.coordination import TIE_LAYERS

    assert TIE_LAYERS == LAYERS


def test_union_collapses_parallel_ties_and_keeps_isolates() -> None:
    graph = build_graph(ACTORS, TIES)
    assert graph.graph["layer"] == "union"
    assert set(graph) == {"pcm", "sgp", "mef", "servir"}
    assert graph.degree("servir") == 0
    assert graph.number_of_edges() == 3
    edge = graph.edges["sgp", "mef"]
    assert edge["weight"] == 4.0
    assert edge["layers"] == ("funding", "authority")
    assert edge["origins"] == ("declared", "evidence")
    assert edge["evidence"] == ("doc1", "doc2", "seg7")
    assert edge["records"] == 3
    assert graph.nodes["sgp"] == {
        "name": "Secretaría de Gestión Pública",
        "kind": "line_unit",
        "sector": "pcm",
        "centre_of_government": True,
        "bloc": "PCM",
    }


def test_one_layer_keeps_only_its_ties_but_every_actor() -> None:
    graph = build_graph(ACTORS, TIES, "funding")
    assert graph.graph["layer"] == "funding"
    assert list(graph.edges(data="weight")) == [("sgp", "mef", 3.0)]
    assert graph.edges["sgp", "mef"]["evidence"] == ("doc1", "seg7")
    assert graph.number_of_nodes() == 4
    assert build_graph(ACTORS, TIES, "conflict").number_of_edges() == 0


def test_multigraph_input_collapses_the_same_way() -> None:
    multigraph = nx.MultiDiGraph()
    for actor in ACTORS:
        multigraph.add_node(
            actor.id,
            name=actor.name,
            kind=actor.kind,
            sector=actor.sector,
            centre_of_government=actor.centre_of_government,
            **actor.groups,
        )
    for tie in TIES:
        multigraph.add_edge(
            tie.source,
            tie.target,
            layer=tie.layer,
            weight=tie.weight,
            origin=tie.origin,
            evidence=list(tie.evidence),
        )
    for layer in (None, "authority"):
        expected = build_graph(ACTORS, TIES, layer)
        got = graph_from_multigraph(multigraph, layer)
        assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
        assert sorted(got.edges(data=True)) == sorted(expected.edges(data=True))


def test_multigraph_edge_without_layer_is_named() -> None:
    multigraph = nx.MultiDiGraph()
    multigraph.add_edge("a", "b")
    with pytest.raises(NetworkInputError, match=r"'a' -> 'b'.*layer"):
        graph_from_multigraph(multigraph)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"layer": "gossip"}, "unknown layer"),
        ({"origin": "rumour"}, "unknown origin"),
        ({"target": "a"}, "two different actors"),
        ({"weight": -1.0}, "negative"),
        ({"weight": float("nan")}, "finite"),
        ({"evidence": "seg1"}, "sequence of ids"),
    ],
)
def test_bad_tie_records_are_refused(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {"source": "a", "target": "b", "layer": "funding"}
    fields.update(kwargs)
    with pytest.raises(NetworkInputError, match=message):
        TieRecord(**fields)  # type: ignore[arg-type]


def test_unknown_actor_duplicate_actor_and_layer_are_named() -> None:
    with pytest.raises(NetworkInputError, match=r"tie 1 .*unknown actor 'minedu'"):
        build_graph(ACTORS, [TieRecord("sgp", "minedu", "funding")])
    with pytest.raises(NetworkInputError, match="'pcm' appears twice"):
        build_graph([*ACTORS, ACTORS[0]], [])
    with pytest.raises(NetworkInputError, match="unknown layer 'gossip'"):
        build_graph(ACTORS, TIES, "gossip")
    with pytest.raises(NetworkInputError, match="clash"):
        ActorNode("x", "X", "agency", groups={"kind": "y"})


def test_grouping_from_an_attribute() -> None:
    graph = build_graph(ACTORS, TIES)
    with pytest.raises(NetworkInputError, match=r"\['servir'\]"):
        grouping_by(graph, "sector")
    grouping = grouping_by(graph, "sector", missing="(none)")
    assert grouping == {"pcm": "pcm", "sgp": "pcm", "mef": "mef", "servir": "(none)"}
    assert grouping_by(graph, "centre_of_government")["servir"] == "False"
    with pytest.raises(NetworkInputError, match=r"leaves out actor\(s\) \['mef', 'servir'\]"):
        check_grouping(graph, {"pcm": "x", "sgp": "x"})


def test_edge_evidence_is_the_sorted_union() -> None:
    graph = build_graph(ACTORS, TIES)
    assert edge_evidence(graph) == ("doc1", "doc2", "seg7", "seg9")
    assert edge_evidence(graph, [("mef", "sgp"), ("pcm", "sgp")]) == ("doc2", "seg9")
    assert edge_evidence(graph, []) == ()


def test_layer_graphs_cover_every_layer_and_the_union() -> None:
    graphs = layer_graphs(ACTORS, TIES)
    assert list(graphs) == [*LAYERS, "union"]
    assert all(graph.number_of_nodes() == 4 for graph in graphs.values())
    assert graphs["authority"].number_of_edges() == 2
    assert graphs["conflict"].number_of_edges() == 0
    assert graphs["union"].number_of_edges() == 3
    # funding 1 (two records collapsed), authority 2, information_exchange 1.
    assert sum(g.number_of_edges() for name, g in graphs.items() if name != "union") == 4
