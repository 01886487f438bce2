"""Graph export round trips: GEXF 1.3 and GraphML through networkx's readers, Kumu and CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from concierto.interop.graphs import (
    GEXF_NAMESPACE,
    GraphExportError,
    GraphFormat,
    export_graph,
    flatten_graph,
    kumu_blueprint,
    nodes_csv_path,
    write_csv,
    write_gexf,
    write_graphml,
    write_kumu_json,
)
from concierto.measures.network_input import LAYERS, ActorNode, TieRecord, build_graph

ACTORS = [
    ActorNode("pcm", "Presidencia del Consejo & <Ministros>", "ministry", "pcm", True),
    ActorNode("sgp", "Secretaría de Gestión Pública", "line_unit", "pcm", True, {"bloc": "PCM"}),
    ActorNode("mef", "Ministerio de Economía y Finanzas", "ministry", "mef", True),
    ActorNode("servir", "SERVIR", "agency", None, False),
]
TIES = [
    TieRecord("sgp", "mef", "funding", 1.0, "declared", ("doc1",)),
    TieRecord("sgp", "mef", "authority", 2.5, "evidence", ("seg7",)),
    TieRecord("pcm", "sgp", "authority", 1.0, "declared", ("doc2",)),
]
GRAPH = build_graph(ACTORS, TIES)

EXPECTED_NODES = {
    "pcm": {
        "label": "Presidencia del Consejo & <Ministros>",
        "kind": "ministry",
        "sector": "pcm",
        "centre_of_government": True,
    },
    "sgp": {
        "label": "Secretaría de Gestión Pública",
        "kind": "line_unit",
        "sector": "pcm",
        "centre_of_government": True,
        "bloc": "PCM",
    },
    "mef": {
        "label": "Ministerio de Economía y Finanzas",
        "kind": "ministry",
        "sector": "mef",
        "centre_of_government": True,
    },
    "servir": {"label": "SERVIR", "kind": "agency", "centre_of_government": False},
}
EXPECTED_EDGES = {
    ("sgp", "mef"): {
        "weight": 3.5,
        "layer": "funding; authority",
        "origin": "declared; evidence",
        "evidence": "doc1; seg7",
        "records": 2,
    },
    ("pcm", "sgp"): {
        "weight": 1.0,
        "layer": "authority",
        "origin": "declared",
        "evidence": "doc2",
        "records": 1,
    },
}


def test_flattened_attributes() -> None:
    flat = flatten_graph(GRAPH)
    assert dict(flat.nodes(data=True)) == EXPECTED_NODES
    assert {(u, v): d for u, v, d in flat.edges(data=True)} == EXPECTED_EDGES
    assert flat.graph == {"layer": "union"}


def test_gexf_round_trip_through_networkx(tmp_path: Path) -> None:
    path = tmp_path / "network.gexf"
    assert write_gexf(GRAPH, path) == (path,)
    back = nx.read_gexf(path, version="1.3")
    assert back.is_directed()
    assert dict(back.nodes(data=True)) == EXPECTED_NODES
    edges = {(u, v): {k: x for k, x in d.items() if k != "id"} for u, v, d in back.edges(data=True)}
    assert edges == EXPECTED_EDGES


def test_gexf_is_version_1_3_in_the_right_namespaces(tmp_path: Path) -> None:
    path = tmp_path / "network.gexf"
    write_gexf(GRAPH, path)
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{GEXF_NAMESPACE}}}gexf"
    assert root.get("version") == "1.3"
    schema = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    assert schema == "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    ns = {"g": GEXF_NAMESPACE}
    assert [child.tag.split("}")[1] for child in root] == ["meta", "graph"]
    graph = root.find("g:graph", ns)
    assert graph is not None
    assert graph.get("defaultedgetype") == "directed"
    assert [child.tag.split("}")[1] for child in graph] == [
        "attributes",
        "attributes",
        "nodes",
        "edges",
    ]
    types = {
        (a.getparent().get("class"), a.get("id")): a.get("type")
        for a in graph.iterfind("g:attributes/g:attribute", ns)
    }
    assert types[("node", "centre_of_government")] == "boolean"
    assert types[("node", "kind")] == "string"
    assert types[("edge", "layer")] == "string"
    assert types[("edge", "records")] == "integer"
    nodes = graph.find("g:nodes", ns)
    assert nodes is not None
    assert nodes.get("count") == "4"
    # Deterministic: writing twice gives the same bytes.
    again = tmp_path / "again.gexf"
    write_gexf(GRAPH, again)
    assert again.read_bytes() == path.read_bytes()


def test_graphml_round_trip_through_networkx(tmp_path: Path) -> None:
    path = tmp_path / "network.graphml"
    assert write_graphml(GRAPH, path) == (path,)
    back = nx.read_graphml(path)
    assert back.is_directed()
    assert back.graph["layer"] == "union"
    assert dict(back.nodes(data=True)) == EXPECTED_NODES
    assert {(u, v): d for u, v, d in back.edges(data=True)} == EXPECTED_EDGES


def test_kumu_blueprint(tmp_path: Path) -> None:
    path = tmp_path / "network.json"
    write_kumu_json(GRAPH, path)
    blueprint = json.loads(path.read_text(encoding="utf-8"))
    assert set(blueprint) == {"elements", "connections"}
    sgp = next(e for e in blueprint["elements"] if e["id"] == "sgp")
    assert sgp["label"] == "Secretaría de Gestión Pública"
    assert sgp["type"] == "line_unit"
    assert sgp["bloc"] == "PCM"
    connection = next(c for c in blueprint["connections"] if c["from"] == "sgp")
    assert connection["to"] == "mef"
    assert connection["direction"] == "directed"
    assert connection["type"] == "multiplex"
    assert connection["tags"] == ["funding", "authority"]
    assert connection["weight"] == 3.5
    single = next(c for c in blueprint["connections"] if c["from"] == "pcm")
    assert single["type"] == "authority"
    rebuilt = nx.DiGraph()
    rebuilt.add_nodes_from(e["id"] for e in blueprint["elements"])
    rebuilt.add_edges_from((c["from"], c["to"]) for c in blueprint["connections"])
    assert set(rebuilt) == set(GRAPH)
    assert set(rebuilt.edges()) == set(GRAPH.edges())


def test_kumu_refuses_clashing_ids() -> None:
    graph = build_graph(
        [ActorNode("a", "A", "agency"), ActorNode("b", "B", "agency"), ActorNode("a->b", "X", "x")],
        [TieRecord("a", "b", "funding")],
    )
    with pytest.raises(GraphExportError, match=r"\['a->b'\]"):
        kumu_blueprint(graph)


def test_csv_tables_follow_gephi_headers(tmp_path: Path) -> None:
    path = tmp_path / "network.csv"
    written = write_csv(GRAPH, path)
    assert written == (path, tmp_path / "network-nodes.csv")
    assert nodes_csv_path(tmp_path / "x") == tmp_path / "x-nodes.csv"
    with written[1].open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    assert list(nodes[0]) == ["Id", "Label", "bloc", "centre_of_government", "kind", "sector"]
    servir = next(row for row in nodes if row["Id"] == "servir")
    assert servir == {
        "Id": "servir",
        "Label": "SERVIR",
        "bloc": "",
        "centre_of_government": "false",
        "kind": "agency",
        "sector": "",
    }
    with path.open(encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    rebuilt = nx.DiGraph()
    for row in edges:
        assert row["Type"] == "Directed"
        rebuilt.add_edge(row["Source"], row["Target"], weight=float(row["Weight"]))
        assert row["layer"] == EXPECTED_EDGES[row["Source"], row["Target"]]["layer"]
    assert {(u, v): w for u, v, w in rebuilt.edges(data="weight")} == {
        edge: data["weight"] for edge, data in EXPECTED_EDGES.items()
    }


def test_export_dispatch_and_unknown_format(tmp_path: Path) -> None:
    for fmt in GraphFormat:
        written = export_graph(GRAPH, tmp_path / f"out.{fmt.value}", fmt.value)
        assert all(path.exists() for path in written)
    with pytest.raises(GraphExportError, match="unknown graph format 'dot'"):
        export_graph(GRAPH, tmp_path / "out.dot", "dot")


def test_empty_graph_exports(tmp_path: Path) -> None:
    empty = build_graph([], [], "conflict")
    back = nx.read_gexf(write_gexf(empty, tmp_path / "e.gexf")[0], version="1.3")
    assert back.number_of_nodes() == 0
    assert nx.read_graphml(write_graphml(empty, tmp_path / "e.graphml")[0]).number_of_nodes() == 0
    assert kumu_blueprint(empty) == {"elements": [], "connections": []}


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[ActorNode], list[TieRecord]]:
    size = draw(st.integers(min_value=1, max_value=6))
    text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
    actors = [
        ActorNode(
            f"a{index}",
            draw(text.map(lambda name: " ".join(name.split()) or "x")),
            draw(st.sampled_from(["ministry", "agency"])),
            draw(st.none() | st.sampled_from(["pcm", "mef"])),
            draw(st.booleans()),
        )
        for index in range(size)
    ]
    pairs = [(a.id, b.id) for a in actors for b in actors if a.id != b.id]
    ties = []
    for source, target in draw(st.lists(st.sampled_from(pairs), max_size=10)) if pairs else []:
        ties.append(
            TieRecord(
                source,
                target,
                draw(st.sampled_from(LAYERS)),
                draw(st.sampled_from([0.5, 1.0, 2.0])),
                draw(st.sampled_from(["declared", "evidence"])),
                tuple(draw(st.lists(st.sampled_from(["s1", "s2", "d9"]), max_size=2))),
            )
        )
    return actors, ties


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(networks())
def test_round_trips_hold_for_any_network(
    tmp_path: Path, network: tuple[list[ActorNode], list[TieRecord]]
) -> None:
    graph = build_graph(*network)
    flat = flatten_graph(graph)
    gexf = nx.read_gexf(write_gexf(graph, tmp_path / "g.gexf")[0], version="1.3")
    graphml = nx.read_graphml(write_graphml(graph, tmp_path / "g.graphml")[0])
    for back in (gexf, graphml):
        assert dict(back.nodes(data=True)) == dict(flat.nodes(data=True))
        got = {
            (u, v): {k: x for k, x in d.items() if k != "id"} for u, v, d in back.edges(data=True)
        }
        assert got == {(u, v): d for u, v, d in flat.edges(data=True)}
