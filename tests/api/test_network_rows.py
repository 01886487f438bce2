"""Rows and columns that print the network measures."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import pytest

from concierto.api.network_rows import (
    actor_columns,
    actor_rows,
    brokerage_columns,
    brokerage_rows,
    brokered_path_columns,
    brokered_path_rows,
    component_columns,
    component_rows,
    ei_columns,
    ei_rows,
    network_columns,
    network_rows,
)
from concierto.i18n import current_language, set_language
from concierto.measures.brokerage import gould_fernandez, structural_holes
from concierto.measures.network import (
    betweenness,
    components,
    degree_centralisation,
    ei_index,
    summarise,
)


@pytest.fixture
def english() -> Iterator[None]:
    before = current_language()
    set_language("en")
    yield
    set_language(before)


@pytest.fixture
def spanish() -> Iterator[None]:
    before = current_language()
    set_language("es")
    yield
    set_language(before)


def tied(edges: list[tuple[str, str]], nodes: str = "", layer: str = "union") -> nx.DiGraph:
    graph = nx.DiGraph(layer=layer)
    graph.add_nodes_from(nodes)
    for source, target in edges:
        graph.add_edge(source, target, evidence=(f"{source}>{target}",))
    return graph


CHAIN = tied([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d")])
GROUPS = {"a": "X", "b": "X", "c": "Y", "d": "Y"}


def keys_match(rows: list[dict[str, object]], columns: list[tuple[str, str]]) -> bool:
    return all({key for key, _ in columns} <= set(row) for row in rows)


def test_network_rows_per_layer(english: None) -> None:
    rows = network_rows([summarise(CHAIN), summarise(tied([], "z", layer="conflict"))])
    assert keys_match(rows, network_columns())
    union, conflict = rows
    assert union["layer"] == "union"
    assert union["density"] == pytest.approx(1 / 3)
    assert union["strong_components"] == 3
    assert union["fragmentation"] == pytest.approx(5 / 12)
    assert union["distance_fragmentation"] == pytest.approx(5 / 9)
    assert union["reason"] is None
    assert union["evidence"] == ["a>b", "b>a", "b>c", "c>d"]
    assert conflict["density"] is None
    assert conflict["reason"] == (
        "the network has a single actor, so there are no pairs; the network has no ties"
    )
    assert [key for key, _ in network_columns(evidence=False)][-1] == "reason"


def test_reasons_and_labels_are_translated(spanish: None) -> None:
    rows = network_rows([summarise(tied([], "ab"))])
    assert rows[0]["reason"] == "la red no tiene vínculos"
    assert dict(network_columns())["density"] == "Densidad"


def test_actor_rows_join_centrality_and_structural_holes(english: None) -> None:
    rows = actor_rows(
        degree_centralisation(CHAIN, "in"),
        degree_centralisation(CHAIN, "out"),
        betweenness(CHAIN),
        structural_holes(CHAIN),
    )
    assert keys_match(rows, actor_columns())
    by_actor = {row["actor"]: row for row in rows}
    assert by_actor["b"]["out_degree"] == 2
    assert by_actor["b"]["betweenness"] == pytest.approx(1 / 3)
    assert by_actor["d"]["contacts"] == 1
    assert by_actor["d"]["constraint"] == pytest.approx(1.0)
    assert by_actor["d"]["reason"] == "hierarchy needs at least two contacts"


def test_brokerage_rows_and_paths(english: None) -> None:
    result = gould_fernandez(CHAIN, GROUPS)
    rows = brokerage_rows(result)
    assert keys_match(rows, brokerage_columns())
    b = next(row for row in rows if row["actor"] == "b")
    # a → b → c with a, b in X and c in Y: b represents its group.
    assert (b["representative"], b["total"]) == (1, 1)
    c = next(row for row in rows if row["actor"] == "c")
    # b → c → d with b in X and c, d in Y: c guards the gate of its group.
    assert (c["gatekeeper"], c["total"]) == (1, 1)
    paths = brokered_path_rows(result)
    assert keys_match(paths, brokered_path_columns())
    assert [(p["source"], p["broker"], p["target"], p["role"]) for p in paths] == [
        ("a", "b", "c", "representative"),
        ("b", "c", "d", "gatekeeper"),
    ]


def test_ei_and_component_rows(english: None) -> None:
    rows = ei_rows(ei_index(CHAIN, GROUPS))
    assert keys_match(rows, ei_columns())
    assert [(row["group"], row["ei_index"]) for row in rows] == [
        ("*", pytest.approx(-0.5)),
        ("X", pytest.approx(-1 / 3)),
        ("Y", pytest.approx(0.0)),
    ]
    assert rows[0]["members"] == 4
    strong = component_rows(components(CHAIN, "strong"))
    assert keys_match(strong, component_columns())
    assert [(row["size"], row["members"]) for row in strong] == [
        (2, ["a", "b"]),
        (1, ["c"]),
        (1, ["d"]),
    ]
