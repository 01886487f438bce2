"""The block shortest-path sums (issue 19) give what networkx's per-source searches give:
betweenness equal to ``betweenness_centrality`` and fragmentation equal to the all-pairs loop
it replaced, on random graphs, on small blocks of sources, and on a generated government."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.casefile.read import read_case_folder
from concierto.measures import paths
from concierto.measures.evidence_ties import actor_nodes, case_ties
from concierto.measures.network import betweenness, fragmentation
from concierto.measures.network_input import layer_graphs
from concierto.snapshot import snapshot_from_document
from generated_government import generate_government


@st.composite
def graphs(draw: st.DrawFn) -> nx.DiGraph:
    size = draw(st.integers(min_value=3, max_value=12))
    names = [f"n{index}" for index in range(size)]
    pairs = [(u, v) for u in names for v in names]  # loops included
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    graph.add_edges_from(draw(st.lists(st.sampled_from(pairs), unique=True)))
    return graph


def old_fragmentation(graph: nx.DiGraph) -> tuple[int, float]:
    """Reachable pairs and Σ 1/d as the measure computed them before (networkx BFS)."""
    reachable, inverse = 0, 0.0
    for source, lengths in nx.all_pairs_shortest_path_length(graph):
        for target, distance in lengths.items():
            if target != source:
                reachable += 1
                inverse += 1.0 / distance
    return reachable, inverse


def assert_same(graph: nx.DiGraph) -> None:
    expected = nx.betweenness_centrality(graph, normalized=True)
    found = betweenness(graph).values
    assert found is not None and list(found) == list(expected)
    assert found == pytest.approx(expected, abs=1e-12)
    raw = nx.betweenness_centrality(graph, normalized=False)
    assert betweenness(graph, normalized=False).values == pytest.approx(raw, abs=1e-9)
    reachable, inverse = old_fragmentation(graph)
    result = fragmentation(graph)
    assert result.reachable_pairs == reachable
    assert result.inverse_distance_sum == pytest.approx(inverse, rel=1e-12)


@settings(max_examples=80, deadline=None)
@given(graphs())
def test_same_values_as_networkx_on_random_graphs(graph: nx.DiGraph) -> None:
    assert_same(graph)


def test_same_values_with_blocks_of_two_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(3)
    graph = nx.gnm_random_graph(40, 120, seed=3, directed=True)
    graph = nx.relabel_nodes(graph, {i: f"a{rnd.random():.6f}" for i in graph})
    monkeypatch.setattr(paths, "BLOCK_CELLS", 80)  # 2 sources per block
    assert_same(graph)


def test_star_by_hand() -> None:
    # a -> hub -> b, c -> hub -> d: every path between leaves crosses the hub.
    graph = nx.DiGraph([("a", "hub"), ("c", "hub"), ("hub", "b"), ("hub", "d")])
    raw = betweenness(graph, normalized=False).values
    assert raw == {"a": 0.0, "hub": 4.0, "c": 0.0, "b": 0.0, "d": 0.0}
    counts = paths.distance_counts(graph)
    assert list(counts) == [0, 4, 4]


def test_same_values_on_a_generated_government(tmp_path: Path) -> None:
    folder = generate_government(tmp_path / "case", 100)
    snapshot = snapshot_from_document(read_case_folder(folder))
    graphs_by_layer = layer_graphs(actor_nodes(snapshot), case_ties(snapshot))
    for graph in graphs_by_layer.values():
        assert_same(graph)
